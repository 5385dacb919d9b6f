"""Reading an event's facts file (``docs/events/<id>/event.yml``) as plain text.

The documented rule that defuses YAML 1.1's traps: in ``event.yml`` every
value is read as the text written, never converted by YAML. ``12:30`` stays
"12:30" (YAML 1.1 would read 750), ``no`` stays "no" (not false), ``20240501``
stays "20240501" and ``2024-13-45`` stays text; the schema
(sitekit/events_schema.py) then accepts or rejects each text with a message
saying what to write. Tags (``!!int``, ``!ENV``) and duplicate keys are errors.

Each value keeps the line it was written on, so errors can name it.
"""
from __future__ import annotations

import yaml

STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"


class FactsError(ValueError):
    """An editor's mistake in an event: ``path:line: message``."""

    def __init__(self, path: str, line: int | None, message: str):
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.message = path, line, message


class Lines(dict):
    """Maps a field path such as ``("venue", "name", "en")`` to its line number."""

    def of(self, *path) -> int | None:
        while path:
            if path in self:
                return self[path]
            path = path[:-1]
        return self.get((), 1)


def _build(node, path: tuple, lines: Lines, file: str):
    lines[path] = node.start_mark.line + 1
    if node.tag not in (STR, SEQ, MAP):
        raise FactsError(file, lines[path], f"YAML tag '{node.tag}' is not allowed here: write the plain value")
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), lines, file) for i, item in enumerate(node.value)]
    result = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise FactsError(file, key_node.start_mark.line + 1, "a field name must be a plain word")
        key = key_node.value
        if key in result:
            raise FactsError(
                file, key_node.start_mark.line + 1,
                f"field '{key}' is written twice; keep one (YAML would silently use the last)",
            )
        result[key] = _build(value_node, path + (key,), lines, file)
    return result


def load_facts_text(text: str, file: str) -> tuple[dict, Lines]:
    """Parse ``text`` into nested dicts/lists of strings plus their line numbers."""
    lines = Lines()
    try:
        node = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise FactsError(
            file, mark.line + 1 if mark else None,
            f"not valid YAML ({exc.problem}). Check indentation and quoting: a value "
            "containing ': ' or starting with a special character needs quotes",
        ) from None
    if node is None:
        return {}, lines
    if not isinstance(node, yaml.MappingNode):
        raise FactsError(file, node.start_mark.line + 1, "an event's facts must be 'field: value' lines")
    return _build(node, (), lines, file), lines
