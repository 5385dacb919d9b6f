"""Rules every shipped page must meet, checked by tests/test_content_rules.py:
it states its sources (or says why it needs none) and it exists in every language."""
from __future__ import annotations

from pathlib import PurePosixPath


def lacks_sources(meta: dict) -> bool:
    """True when front matter has neither a non-empty ``sources:`` list nor a
    ``sources_exempt: <reason>``."""
    sources = meta.get("sources")
    exempt = meta.get("sources_exempt")
    has_sources = isinstance(sources, list) and len(sources) > 0
    has_reason = isinstance(exempt, str) and bool(exempt.strip())
    return not (has_sources or has_reason)


def page_key(rel: str, languages: tuple[str, ...]) -> tuple[str, str]:
    """('about/office.md', 'zh') for 'about/office.zh.md'; the default language has no suffix."""
    path = PurePosixPath(rel)
    stem, _, suffix = path.stem.rpartition(".")
    if stem and suffix in languages:
        return str(path.with_name(stem + path.suffix)), suffix
    return rel, ""


def missing_translations(paths: list[str], languages: tuple[str, ...], default: str) -> list[str]:
    """The files that should exist but do not, e.g. 'about/office.zh.md', sorted."""
    have: dict[str, set[str]] = {}
    for rel in paths:
        base, lang = page_key(rel, languages)
        have.setdefault(base, set()).add(lang or default)
    missing = []
    for base, langs in have.items():
        for lang in languages:
            if lang not in langs:
                p = PurePosixPath(base)
                missing.append(base if lang == default else str(p.with_name(f"{p.stem}.{lang}{p.suffix}")))
    return sorted(missing)
