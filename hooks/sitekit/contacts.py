"""Contact details (docs/data/contacts.yml): the one place for addresses,
telephone numbers and e-mail addresses shown on the site.

Format: contact id -> fields. ``name`` and ``address`` have one text per
language; ``phone`` and ``email`` are one value. A value that is not known is
left empty (""): the page then shows nothing for it, and a production build
fails until it is filled in. Pages place a contact with ``<!-- contact:ID -->``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

PER_LANGUAGE = ("name", "address")
SINGLE = ("phone", "email")
FIELDS = PER_LANGUAGE + SINGLE
EXAMPLE = (
    "press:\n  name:\n    en: Zhoushan Foreign Affairs and Overseas Chinese Affairs Office\n    zh: 舟山市外事侨务办公室\n"
    "  address: {en: \"\", zh: \"\"}\n  phone: \"\"\n  email: \"\""
)


class ContactsError(ValueError):
    pass


@dataclass(frozen=True)
class Contact:
    """One contact in one language; empty strings for unknown values."""
    id: str
    name: str
    address: str
    phone: str
    email: str

    @property
    def has_details(self) -> bool:
        return bool(self.address or self.phone or self.email)


def parse_contacts(data, languages: tuple[str, ...], path: str = "docs/data/contacts.yml") -> dict:
    """Validate the file; return {id: {field: value or {lang: text}}} with blanks as ""."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContactsError(f"{path}: expected contact ids with their fields, for example:\n{EXAMPLE}")
    result = {}
    for cid, fields in data.items():
        where = f"{path}: {cid}"
        if not isinstance(fields, dict):
            raise ContactsError(f"{where}: expected the fields {', '.join(FIELDS)}, for example:\n{EXAMPLE}")
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise ContactsError(f"{where}: unknown field(s) {sorted(unknown)}; use only {', '.join(FIELDS)}")
        record = {}
        for field in PER_LANGUAGE:
            value = fields.get(field)
            if value in (None, ""):
                value = {}
            if not isinstance(value, dict):
                raise ContactsError(f"{where}.{field}: give one text per language, for example: {field}: {{en: \"...\", zh: \"...\"}}")
            record[field] = {lang: _clean(value.get(lang), f"{where}.{field}.{lang}") for lang in languages}
        for field in SINGLE:
            record[field] = _clean(fields.get(field), f"{where}.{field}")
        if not any(record["name"].values()):
            raise ContactsError(f"{where}.name: every contact needs the name of the office or person")
        email = record["email"]
        if email and ("@" not in email or " " in email):
            raise ContactsError(f"{where}.email: '{email}' is not an e-mail address")
        result[str(cid)] = record
    return result


def _clean(value, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        raise ContactsError(f"{where}: write the value in quotes, for example \"+86 580 0000000\"")
    if not isinstance(value, str):
        raise ContactsError(f"{where}: expected text")
    return " ".join(value.split())


def load_contacts(path: Path, languages: tuple[str, ...]) -> dict:
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ContactsError(f"{path}: not valid YAML: {exc}") from None
    return parse_contacts(data, languages, str(path))


def missing_values(contacts: dict, languages: tuple[str, ...]) -> list[str]:
    """Every empty value, as 'id.field' or 'id.field.lang', sorted."""
    missing = []
    for cid, record in contacts.items():
        for field in PER_LANGUAGE:
            missing += [f"{cid}.{field}.{lang}" for lang in languages if not record[field].get(lang)]
        missing += [f"{cid}.{field}" for field in SINGLE if not record[field]]
    return sorted(missing)


def localise(contacts: dict, cid: str, lang: str, default_lang: str) -> Contact:
    record = contacts[cid]
    name = record["name"].get(lang) or record["name"].get(default_lang, "")
    # An address is only shown in the reader's language: a half-translated one
    # is worse than none.
    return Contact(cid, name, record["address"].get(lang, ""), record["phone"], record["email"])
