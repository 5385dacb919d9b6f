"""Strict reading of a page's YAML front matter.

MkDocs silently ignores front matter it cannot parse and publishes the raw YAML
as page text. Here a syntax error, a YAML tag, or front matter that is not a
mapping is an error naming the file and line, with what to do about it.
"""
from __future__ import annotations

import re

import yaml

FENCE = re.compile(r"\A(---[ \t]*\r?\n)(.*?\r?\n)?(---|\.\.\.)[ \t]*(\r?\n|\Z)", re.S)
OPENING = re.compile(r"\A---[ \t]*\r?\n")


class FrontMatterError(ValueError):
    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


class _NoTagsLoader(yaml.SafeLoader):
    """SafeLoader that refuses explicit tags (``!!python/...``, ``!ENV``, ``!!str``)."""


def _refuse_tag(loader, tag_suffix, node):
    raise yaml.constructor.ConstructorError(
        None, None, f"YAML tag '{node.tag}' is not allowed in front matter: write the plain value",
        node.start_mark,
    )


_NoTagsLoader.add_multi_constructor("!", _refuse_tag)
_NoTagsLoader.add_multi_constructor("tag:", _refuse_tag)


def parse_front_matter(text: str, path: str) -> tuple[dict, int]:
    """Return (front matter, line number where the body starts).

    A page with no front matter gives ({}, 1).
    """
    if not OPENING.match(text):
        return {}, 1
    match = FENCE.match(text)
    if not match:
        raise FrontMatterError(
            path, 1,
            "front matter starts with '---' but has no closing '---' line; add one after the last field",
        )
    block = match.group(2) or ""
    try:
        data = yaml.load(block, Loader=_NoTagsLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 2) if mark else 2  # +1 for the opening '---', +1 for 1-based
        problem = exc.problem or str(exc)
        raise FrontMatterError(
            path, line,
            f"front matter is not valid YAML ({problem}). Check quoting and indentation; "
            "a value containing ': ' or starting with a special character needs quotes",
        ) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(path, 2, f"front matter is not valid YAML: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(path, 2, "front matter must be 'field: value' lines, not a list or a single value")
    body_line = text[: match.end()].count("\n") + 1
    return data, body_line
