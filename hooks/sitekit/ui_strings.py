"""The translation table for this site's own interface strings (docs/data/ui.yml)."""
from __future__ import annotations

from pathlib import Path

import yaml


class UIStringsError(ValueError):
    pass


def load(path: Path) -> dict[str, dict[str, str]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise UIStringsError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise UIStringsError(f"{path}: expected a mapping of key -> {{en: ..., zh: ...}}")
    for key, values in data.items():
        if not isinstance(values, dict) or not isinstance(values.get("en"), str):
            raise UIStringsError(
                f"{path}: string '{key}' needs an English text, for example:\n"
                f"{key}:\n  en: ...\n  zh: ..."
            )
    return data


def missing(table: dict, lang: str) -> list[str]:
    """Keys with no text in ``lang`` (they fall back to English)."""
    return sorted(k for k, v in table.items() if not v.get(lang))


def translate(table: dict, key: str, lang: str) -> str:
    try:
        values = table[key]
    except KeyError:
        raise UIStringsError(
            f"interface string '{key}' is used by a template but missing from docs/data/ui.yml"
        ) from None
    return values.get(lang) or values["en"]
