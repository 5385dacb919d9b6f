"""Strict reading of a page's YAML front matter.

MkDocs silently ignores front matter it cannot parse and publishes the raw YAML
as page text. Here a syntax error, a YAML tag, or front matter that is not a
mapping is an error naming the file and line, with what to do about it.
"""
from __future__ import annotations

import copy
import datetime
import re

import yaml

FENCE = re.compile(r"\A(---[ \t]*\r?\n)(.*?\r?\n)?(---|\.\.\.)[ \t]*(\r?\n|\Z)", re.S)
OPENING = re.compile(r"\A---[ \t]*\r?\n")


class FrontMatterError(ValueError):
    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


def _refuse_tag(loader, tag_suffix, node):
    raise yaml.constructor.ConstructorError(
        None, None, f"YAML tag '{node.tag}' is not allowed in front matter: write the plain value",
        node.start_mark,
    )


def _no_tags(base: type) -> type:
    """A SafeLoader that refuses explicit tags (``!!python/...``, ``!ENV``, ``!!str``)."""
    loader = type(f"NoTags{base.__name__}", (base,), {})
    loader.add_multi_constructor("!", _refuse_tag)
    loader.add_multi_constructor("tag:", _refuse_tag)
    return loader


# libyaml's parser when PyYAML has it (the wheels do): the same values and error
# lines as the pure-Python SafeLoader (PURE_LOADER, the plain path), several times
# faster (tests/test_front_matter_fast.py).
PURE_LOADER = _no_tags(yaml.SafeLoader)
_NoTagsLoader = _no_tags(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


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
    data = _load(block, path)
    body_line = text[: match.end()].count("\n") + 1
    return data, body_line


# Parsed blocks, by their text: the same page is read by several hooks, in each
# language's build. Callers get a copy (they may change it); errors are not cached.
_PARSED: dict[str, dict] = {}
_PARSED_MAX = 50_000


def _load(block: str, path: str) -> dict:
    parsed = _PARSED.get(block)
    if parsed is None:
        parsed = _load_uncached(block, path)
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[block] = parsed
    return copy.deepcopy(parsed)


def _load_uncached(block: str, path: str, loader: type = _NoTagsLoader) -> dict:
    try:
        data = yaml.load(block, Loader=loader)
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
    except ValueError as exc:  # YAML reads 2024-13-45 as a date and fails outside its own errors
        raise FrontMatterError(
            path, _bad_date_line(block),
            f"front matter has a date that does not exist ({exc}); write a real date as YYYY-MM-DD, "
            "or put the value in quotes if it is not a date",
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(path, 2, "front matter must be 'field: value' lines, not a list or a single value")
    return data


_DATE = re.compile(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w.-])")


def _bad_date_line(block: str) -> int:
    """File line of the first date-shaped value that is not a real date (2 if none is found)."""
    for number, line in enumerate(block.splitlines(), start=2):
        for match in _DATE.finditer(line):
            try:
                datetime.date(*(int(g) for g in match.groups()))
            except ValueError:
                return number
    return 2
