"""The government-site footer values and which of them are missing."""
from __future__ import annotations

# Field -> whether it has one text per language.
FIELDS = {
    "owner": True,
    "contact": False,
    "icp_number": False,
    "psb_number": False,
    "psb_url": False,
    "site_code": False,
    "report_url": False,
}


def missing_fields(values: dict | None, languages: list[str]) -> list[str]:
    values = values or {}
    missing = []
    for name, per_language in FIELDS.items():
        value = values.get(name)
        if per_language:
            texts = value if isinstance(value, dict) else {}
            missing += [f"{name}.{lang}" for lang in languages if not str(texts.get(lang) or "").strip()]
        elif not str(value or "").strip():
            missing.append(name)
    return missing


def localised(value, lang: str, default_lang: str = "en") -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get(default_lang) or "")
    return str(value or "")
