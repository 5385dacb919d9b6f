"""The bilingual glossary (docs/data/glossary.yml): official English renderings
of the city's names, bodies and policies.

One file serves two readers: the Glossary page (hooks/glossary.py renders it
through overrides/partials/glossary.html) and the editors' terminology check,
which flags the ``wrong`` variants in page text.

File format: a list of terms, each

    - zh: 舟山群岛新区                    # the Chinese name (required)
      en: Zhoushan Archipelago New Area  # the official English rendering (required)
      full: Zhejiang Zhoushan Archipelago New Area   # optional long form
      group: place | body | platform | policy | event | term   (required)
      wrong: [Zhoushan Islands New Area] # optional renderings not to use
      source: bjreview.com.cn (Xinhua)   # where the rendering comes from (required)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

GROUPS = ("place", "body", "platform", "policy", "event", "term")
FIELDS = {"zh", "en", "full", "group", "wrong", "source"}
EXAMPLE = (
    "- zh: 舟山群岛新区\n  en: Zhoushan Archipelago New Area\n  group: platform\n"
    "  wrong: [Zhoushan Islands New Area]\n  source: bjreview.com.cn (Xinhua)"
)


class GlossaryError(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    zh: str
    en: str
    group: str
    source: str
    full: str = ""
    wrong: tuple[str, ...] = ()


def _text(entry: dict, field: str, where: str, required: bool = True) -> str:
    value = entry.get(field, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise GlossaryError(f"{where}: '{field}' must be text, not {type(value).__name__}")
    if required and not value.strip():
        raise GlossaryError(f"{where}: '{field}' is missing or empty; every term needs it, for example:\n{EXAMPLE}")
    return value.strip()


def parse_glossary(data, path: str = "docs/data/glossary.yml") -> list[Term]:
    if not isinstance(data, list) or not data:
        raise GlossaryError(f"{path}: expected a list of terms, for example:\n{EXAMPLE}")
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(data, 1):
        where = f"{path}: term {number}"
        if not isinstance(entry, dict):
            raise GlossaryError(f"{where}: expected 'zh:', 'en:', 'group:' and 'source:' lines, for example:\n{EXAMPLE}")
        if entry.get("zh"):
            where += f" ({entry.get('zh')})"
        unknown = set(entry) - FIELDS
        if unknown:
            raise GlossaryError(f"{where}: unknown field(s) {sorted(unknown)}; use only {sorted(FIELDS)}")
        zh, en, source = (_text(entry, f, where) for f in ("zh", "en", "source"))
        group = _text(entry, "group", where)
        if group not in GROUPS:
            raise GlossaryError(f"{where}: group '{group}' is not one of {', '.join(GROUPS)}")
        wrong = entry.get("wrong") or []
        if isinstance(wrong, str):
            wrong = [wrong]
        if not isinstance(wrong, list) or not all(isinstance(w, str) and w.strip() for w in wrong):
            raise GlossaryError(f"{where}: 'wrong' must be a list of texts, for example: wrong: [Zhoushan Islands New Area]")
        for variant in wrong:
            if variant.strip().lower() in (en.lower(), _text(entry, "full", where, False).lower()):
                raise GlossaryError(f"{where}: '{variant}' is listed as wrong but is the official rendering")
        if zh in seen:
            raise GlossaryError(f"{where}: '{zh}' is already term {seen[zh]}; keep one entry per Chinese name")
        seen[zh] = number
        terms.append(Term(zh, en, group, source, _text(entry, "full", where, False), tuple(w.strip() for w in wrong)))
    return terms


def load_glossary(path: Path) -> list[Term]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise GlossaryError(f"{path}: not valid YAML: {exc}") from None
    return parse_glossary(data, str(path))


def grouped(terms: list[Term]) -> list[tuple[str, list[Term]]]:
    """Terms by group, groups in the order of GROUPS, terms in file order."""
    return [(g, [t for t in terms if t.group == g]) for g in GROUPS if any(t.group == g for t in terms)]
