"""Sister-city data (docs/data/sister_cities.yml): schema, validation, model.

One record per relationship under ``partnerships:``. ``load(path)`` returns a
``Directory`` or raises ``SisterCityError`` listing every mistake as
``<file>:<line>: partnership '<id>', field '<field>': what is wrong; what to write``.

Dates keep the precision the source gives: ``1993`` (year), ``"2001-09"``
(year and month) or ``1997-10-08`` (day). The YAML traps are handled by one rule:
an unquoted ``1997-10-08`` (read by YAML as a date) and ``1993`` (read as a
number) are accepted as what they look like; anything else must be a quoted
``"YYYY"``, ``"YYYY-MM"`` or ``"YYYY-MM-DD"`` string naming a real calendar date.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import yaml

from .sources import Source, SourceError, parse_sources

TIERS = ("sister_city", "friendly_exchange", "memorandum")
# The city itself, or one of its four county-level divisions (facts.md, "Divisions").
SIDES = ("city", "dinghai", "putuo", "daishan", "shengsi")
CONFIDENCE = ("high", "medium-high", "medium")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ID_RE = r"^[a-z0-9]+(-[a-z0-9]+)*$"

_TEXT = {  # text in each language; "native" is the partner's own script
    "type": "object",
    "required": ["en", "zh"],
    "additionalProperties": False,
    "properties": {
        "en": {"type": "string", "minLength": 1},
        "zh": {"type": "string", "minLength": 1},
        "native": {"type": "string", "minLength": 1},
    },
}
_DATE = {"type": ["integer", "string"]}
_SOURCES = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["title"],
        "additionalProperties": False,
        "properties": {"title": {"type": "string", "minLength": 1}, "url": {"type": "string"}},
    },
}
_COORDS = {
    "type": "object",
    "required": ["lat", "lon", "source"],
    "additionalProperties": False,
    "properties": {
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "lon": {"type": "number", "minimum": -180, "maximum": 180},
        # Where the numbers come from: a cited page or a gazetteer entry.
        "source": {"type": "string", "minLength": 1},
    },
}
SCHEMA = {
    "type": "object",
    "required": ["home", "plan", "countries", "partnerships"],
    "additionalProperties": False,
    "properties": {
        # The plan's target for new relationships, shown by the progress view.
        "plan": {
            "type": "object",
            "required": ["title", "from", "to", "targets"],
            "additionalProperties": False,
            "properties": {
                "title": _TEXT,
                "from": {"type": "integer", "minimum": 1900, "maximum": 2200},
                "to": {"type": "integer", "minimum": 1900, "maximum": 2200},
                "targets": {
                    "type": "object",
                    "required": ["city", "district_county"],
                    "additionalProperties": False,
                    "properties": {
                        "city": {"type": "integer", "minimum": 0},
                        "district_county": {"type": "integer", "minimum": 0},
                    },
                },
            },
        },
        "home": {
            "type": "object",
            "required": ["name", "coordinates"],
            "additionalProperties": False,
            "properties": {"name": _TEXT, "coordinates": _COORDS},
        },
        "countries": {
            "type": "object",
            "propertyNames": {"pattern": "^[A-Z]{2}$"},
            "additionalProperties": _TEXT,
        },
        "partnerships": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name", "country", "region", "zhoushan_side", "tier", "signed",
                             "confidence", "sources"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": ID_RE},
                    "name": {**_TEXT, "required": ["en", "zh", "native"]},
                    "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
                    "region": _TEXT,
                    "zhoushan_side": {"enum": list(SIDES)},
                    "tier": {"enum": list(TIERS)},
                    "signed": _DATE,
                    "signed_note": _TEXT,
                    "upgrades": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["date", "tier"],
                            "additionalProperties": False,
                            "properties": {"date": _DATE, "tier": {"enum": list(TIERS)}},
                        },
                    },
                    "milestones": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["date", "text"],
                            "additionalProperties": False,
                            "properties": {"date": _DATE, "text": _TEXT},
                        },
                    },
                    "cooperation": {"type": "array", "items": _TEXT},
                    "coordinates": _COORDS,
                    "website": {"type": "string", "pattern": "^https?://[^/\\s]+"},
                    "contacts": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["name"],
                            "additionalProperties": False,
                            "properties": {
                                "name": _TEXT,
                                "email": {"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+$"},
                                "phone": {"type": "string", "pattern": "^\\+?[0-9 ()-]{5,}$"},
                                "url": {"type": "string", "pattern": "^https?://[^/\\s]+"},
                            },
                        },
                    },
                    "confidence": {"enum": list(CONFIDENCE)},
                    "sources": _SOURCES,
                },
            },
        },
    },
}

# What to write instead, per field name, appended to schema errors.
HINTS = {
    "id": "a short lower-case name made of letters, digits and hyphens, e.g. kesennuma (it becomes the page address)",
    "country": "the ISO 3166-1 two-letter code in capitals, e.g. JP",
    "zhoushan_side": f"one of {', '.join(SIDES)}",
    "tier": f"one of {', '.join(TIERS)}",
    "confidence": f"one of {', '.join(CONFIDENCE)}",
    "signed": 'the date as precisely as the source gives it: 1993, "2001-09" or 1997-10-08',
    "date": 'the date as precisely as the source gives it: 1993, "2001-09" or 1997-10-08',
    "name": "en, zh and native (the partner's own script) texts",
    "region": "en and zh texts (native optional)",
    "lat": "latitude in decimal degrees, -90 to 90 (north positive)",
    "lon": "longitude in decimal degrees, -180 to 180 (east positive)",
    "source": "where the coordinates come from: a cited page or a gazetteer entry (e.g. GeoNames 2112263)",
    "website": "a full address starting with https://",
    "sources": "a list of {title, url}",
}


class SisterCityError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


def parse_date(value) -> PartialDate:
    """1993, "2001-09", "1997-10-08" or a YAML date -> PartialDate; ValueError otherwise."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"{value!r} has a time of day; give only the date")
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is yes/no, not a date")
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str) or not DATE_RE.match(value.strip()):
        raise ValueError(f"{value!r} is not a date")
    parts = [int(p) for p in value.strip().split("-")]
    if len(parts) == 1:
        return PartialDate(parts[0])
    if not 1 <= parts[1] <= 12:
        raise ValueError(f"{value!r} has no month {parts[1]}")
    if len(parts) == 2:
        return PartialDate(parts[0], parts[1])
    try:
        dt.date(*parts)
    except ValueError as exc:  # 2001-02-30
        raise ValueError(f"{value!r} is not a date ({exc})") from None
    return PartialDate(*parts)


@dataclass(frozen=True)
class Coordinates:
    lat: float
    lon: float
    source: str


@dataclass(frozen=True)
class Upgrade:
    date: PartialDate
    tier: str


@dataclass(frozen=True)
class Milestone:
    date: PartialDate
    text: dict


@dataclass(frozen=True)
class Partnership:
    id: str
    name: dict  # en, zh, native
    country: str
    region: dict
    zhoushan_side: str
    tier: str  # the first tier, at signing
    signed: PartialDate
    confidence: str
    sources: tuple[Source, ...]
    signed_note: dict | None = None
    upgrades: tuple[Upgrade, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    cooperation: tuple[dict, ...] = ()
    coordinates: Coordinates | None = None
    website: str = ""
    contacts: tuple[dict, ...] = ()

    @property
    def level(self) -> str:
        """'city' for the city's own partners, 'district_county' for a district's or county's."""
        return "city" if self.zhoushan_side == "city" else "district_county"

    @property
    def current_tier(self) -> str:
        return self.upgrades[-1].tier if self.upgrades else self.tier

    def tier_periods(self) -> list[tuple[PartialDate, str]]:
        """(from, tier) for the signing and each upgrade, oldest first."""
        return [(self.signed, self.tier)] + [(u.date, u.tier) for u in self.upgrades]


@dataclass(frozen=True)
class Plan:
    title: dict
    start: int  # first year of the plan period
    end: int  # last year, inclusive
    targets: dict  # level ('city', 'district_county') -> number of new relationships


@dataclass(frozen=True)
class Directory:
    home_name: dict
    home_coordinates: Coordinates
    plan: Plan
    countries: dict  # ISO code -> {en, zh}
    partnerships: tuple[Partnership, ...] = field(default_factory=tuple)

    def by_id(self) -> dict[str, Partnership]:
        return {p.id: p for p in self.partnerships}


# ---------------------------------------------------------------- loading


def _line_map(node, path=(), lines=None) -> dict:
    """YAML node tree -> {path tuple: 1-based line} for every mapping key and list item."""
    lines = {} if lines is None else lines
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = path + (key.value,)
            lines[sub] = key.start_mark.line + 1
            _line_map(value, sub, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            _line_map(value, path + (index,), lines)
    return lines


class _Report:
    def __init__(self, path: str, data, lines: dict):
        self.path, self.data, self.lines, self.errors = path, data, lines, []

    def line(self, where: tuple) -> int:
        where = tuple(where)
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where, 1)

    def record_name(self, where: tuple) -> str:
        if len(where) >= 2 and where[0] == "partnerships" and isinstance(where[1], int):
            records = self.data.get("partnerships") if isinstance(self.data, dict) else None
            record = records[where[1]] if isinstance(records, list) and where[1] < len(records) else None
            rid = record.get("id") if isinstance(record, dict) else None
            return f"partnership '{rid}'" if isinstance(rid, str) else f"partnership {where[1] + 1}"
        return str(where[0]) if where else "file"

    def add(self, where: tuple, message: str, field_name: str | None = None):
        where = tuple(where)
        inner = [str(p) for p in where[2:] if not isinstance(p, int)] if where[:1] == ("partnerships",) else \
            [str(p) for p in where[1:] if not isinstance(p, int)]
        field_path = ".".join(inner) if inner else ""
        field_name = field_name or (inner[-1] if inner else "")
        hint = HINTS.get(field_name)
        text = f"{self.path}:{self.line(where)}: {self.record_name(where)}"
        if field_path:
            text += f", field '{field_path}'"
        text += f": {message}"
        if hint and "write" not in message:
            text += f"; write {hint}"
        self.errors.append(text)


def _schema_message(error) -> tuple[tuple, str, str | None]:
    where = tuple(error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return where + (missing,), f"'{missing}' is missing", missing
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = ", ".join(error.schema.get("properties", {}))
        return where + (extra[0],) if extra else where, f"unknown field(s) {extra}; allowed: {allowed}", "-"
    if error.validator == "enum":
        return where, f"{error.instance!r} is not allowed", None
    if error.validator == "pattern":
        return where, f"{error.instance!r} is not in the right form", None
    if error.validator == "type":
        return where, f"{error.instance!r} is the wrong kind of value (expected {error.validator_value})", None
    return where, error.message, None


def validate(data, path: str = "docs/data/sister_cities.yml", lines: dict | None = None) -> Directory:
    """Check parsed YAML against the schema and the rules a schema cannot say."""
    report = _Report(path, data, lines or {})
    validator = jsonschema.Draft202012Validator(SCHEMA)
    # Dates are checked below, so a YAML date passes the schema as a string.
    plain = _dates_to_text(data)
    for error in sorted(validator.iter_errors(plain), key=lambda e: [str(p) for p in e.absolute_path]):
        where, message, field_name = _schema_message(error)
        report.add(where, message, field_name)
    if report.errors:
        raise SisterCityError("\n".join(report.errors))

    countries = data["countries"]
    seen: dict[str, int] = {}
    records = []
    for index, raw in enumerate(data["partnerships"]):
        base = ("partnerships", index)
        if raw["id"] in seen:
            report.add(base + ("id",), f"'{raw['id']}' is used by partnership {seen[raw['id']] + 1} too; ids must be unique")
        seen.setdefault(raw["id"], index)
        if raw["country"] not in countries:
            report.add(base + ("country",), f"'{raw['country']}' is not in 'countries:' at the top of the file; "
                       f"write its names there, e.g. {raw['country']}: {{en: ..., zh: ...}}")
        dates = {}
        for key in ("signed",):
            try:
                dates[key] = parse_date(raw[key])
            except ValueError as exc:
                report.add(base + (key,), str(exc))
        upgrades, milestones = [], []
        previous = dates.get("signed")
        previous_tier = raw["tier"]
        for n, item in enumerate(raw.get("upgrades") or []):
            try:
                when = parse_date(item["date"])
            except ValueError as exc:
                report.add(base + ("upgrades", n, "date"), str(exc))
                continue
            if previous and when.key() <= previous.key():
                report.add(base + ("upgrades", n, "date"),
                           f"{when.iso} is not after the date before it ({previous.iso}); list upgrades oldest first")
            if item["tier"] == previous_tier:
                report.add(base + ("upgrades", n, "tier"), f"the tier is already '{previous_tier}'; an upgrade changes it")
            upgrades.append(Upgrade(when, item["tier"]))
            previous, previous_tier = when, item["tier"]
        for n, item in enumerate(raw.get("milestones") or []):
            try:
                milestones.append(Milestone(parse_date(item["date"]), dict(item["text"])))
            except ValueError as exc:
                report.add(base + ("milestones", n, "date"), str(exc))
        try:
            sources = tuple(parse_sources(raw["sources"]))
        except SourceError as exc:
            report.add(base + ("sources",), str(exc), "-")
            sources = ()
        if report.errors:
            continue
        coords = raw.get("coordinates")
        records.append(Partnership(
            id=raw["id"], name=dict(raw["name"]), country=raw["country"], region=dict(raw["region"]),
            zhoushan_side=raw["zhoushan_side"], tier=raw["tier"], signed=dates["signed"],
            confidence=raw["confidence"], sources=sources, signed_note=raw.get("signed_note"),
            upgrades=tuple(upgrades), milestones=tuple(sorted(milestones, key=lambda m: m.date.key())),
            cooperation=tuple(raw.get("cooperation") or ()),
            coordinates=Coordinates(float(coords["lat"]), float(coords["lon"]), coords["source"]) if coords else None,
            website=raw.get("website") or "", contacts=tuple(raw.get("contacts") or ()),
        ))
    if report.errors:
        raise SisterCityError("\n".join(report.errors))
    plan = data["plan"]
    if plan["to"] < plan["from"]:
        report.add(("plan", "to"), f"{plan['to']} is before 'from' ({plan['from']})")
        raise SisterCityError("\n".join(report.errors))
    home = data["home"]
    hc = home["coordinates"]
    return Directory(
        plan=Plan(dict(plan["title"]), plan["from"], plan["to"], dict(plan["targets"])),
        home_name=dict(home["name"]),
        home_coordinates=Coordinates(float(hc["lat"]), float(hc["lon"]), hc["source"]),
        countries={code: dict(names) for code, names in sorted(countries.items())},
        partnerships=tuple(sorted(records, key=lambda p: (p.signed.key(), p.id))),
    )


def _dates_to_text(value):
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves 1997-10-08 as text: parse_date checks it, so an
    impossible date is a clear error naming its record instead of a crash."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def load_text(text: str, path: str = "docs/data/sister_cities.yml") -> Directory:
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SisterCityError(
            f"{path}:{(mark.line + 1) if mark else 1}: not valid YAML ({exc.problem}); "
            "check indentation and quote values that contain ': '"
        ) from None
    if not isinstance(data, dict):
        raise SisterCityError(f"{path}:1: expected 'home:', 'countries:' and 'partnerships:' sections")
    return validate(data, path, _line_map(node) if node is not None else {})


def load(path: Path, shown_as: str | None = None) -> Directory:
    return load_text(path.read_text(encoding="utf-8"), shown_as or str(path))
