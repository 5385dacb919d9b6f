"""The event schema: what ``docs/events/<id>/event.yml`` may contain, checked
field by field into an :class:`EventFacts` record.

``event.yml`` holds the facts that do not depend on language, once: dates,
time zone, venue, status, category, organiser, links, image, sources. Each
language's page (``index.md``, ``index.zh.md``) holds only its title, summary
(``description``) and text, so two languages cannot disagree on a fact.

Dates are written ``2023-10-12`` (a day), ``2023-10`` (only the month is
known) or ``2017`` (only the year). Times are ``09:30`` (24-hour), in the
event's time zone. Every error names the file, the line, what was wrong and
what to write instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .events_yaml import FactsError, Lines

DEFAULT_TIMEZONE = "Asia/Shanghai"
STATUSES = ("scheduled", "cancelled", "postponed", "rescheduled", "moved-online")
CATEGORIES = ("conference", "festival", "sport", "exhibition", "exchange")
ATTENDANCE = ("in-person", "online", "mixed")
# Fields an event page's front matter must NOT carry: they are facts, kept once in event.yml.
FACT_FIELDS = (
    "start", "end", "start_time", "end_time", "timezone", "status", "previous_start",
    "previous_start_time", "category", "attendance", "venue", "online_url", "organizer",
    "url", "image", "sequence", "date", "time", "location",
)
# field -> what to write (shown in errors and documented in docs/templates/event/event.yml)
FIELDS = {
    "start": "the first day: 2023-10-12, or 2023-10 if only the month is known, or 2017 if only the year",
    "end": "the last day, written like start; leave it out for a one-day event, or write 'unknown' when only the opening day is known",
    "start_time": 'the starting time in 24-hour form, like "09:30" (leave it out for an all-day event)',
    "end_time": 'the finishing time in 24-hour form, like "17:00"',
    "timezone": f"a time-zone name such as {DEFAULT_TIMEZONE} (the default)",
    "status": "one of " + ", ".join(STATUSES),
    "previous_start": "the day the event was first announced for, like 2023-10-12 (only when rescheduled)",
    "previous_start_time": 'the time first announced, like "09:30" (only when rescheduled)',
    "category": "one of " + ", ".join(CATEGORIES),
    "attendance": "one of " + ", ".join(ATTENDANCE) + " (default in-person)",
    "venue": "name, address (locality, region, country, optional street) and optional geo (lat, lon)",
    "online_url": "the full address of the online event, starting with https://",
    "organizer": "name (en and zh) and optional url",
    "url": "the official website of the event, starting with https:// or http://",
    "image": "a picture next to the event's pages, like photo.jpg",
    "sources": "a list of {title, url} where each fact was verified",
    "sequence": "0 for a new event; add 1 each time its date, time, venue or status changes",
}
TEXT_EXAMPLE = "name:\n    en: Zhujiajian\n    zh: 朱家尖"


class Precision:
    YEAR, MONTH, DAY = "year", "month", "day"


@dataclass(frozen=True)
class Point:
    """A date as precise as the editor knows it."""
    precision: str
    year: int
    month: int = 1
    day: int = 1

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, self.day)

    @property
    def after_last_day(self) -> date:
        """The day after the period this point covers (exclusive end)."""
        if self.precision == Precision.DAY:
            return self.first_day + timedelta(days=1)
        if self.precision == Precision.MONTH:
            return date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        return date(self.year + 1, 1, 1)

    def iso(self) -> str:
        if self.precision == Precision.YEAR:
            return f"{self.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.year:04d}-{self.month:02d}"
        return self.first_day.isoformat()


@dataclass(frozen=True)
class Address:
    locality: dict
    region: dict
    country: str
    street: dict | None = None


@dataclass(frozen=True)
class Venue:
    address: Address
    name: dict | None = None
    geo: tuple[float, float] | None = None


@dataclass(frozen=True)
class Organizer:
    name: dict
    url: str = ""


@dataclass(frozen=True)
class SourceRef:
    title: dict  # language -> text
    url: str = ""


@dataclass(frozen=True)
class EventFacts:
    id: str
    path: str  # the facts file, for messages
    start: Point
    end: Point | None = None
    start_time: time | None = None
    end_time: time | None = None
    timezone: str = DEFAULT_TIMEZONE
    status: str = "scheduled"
    previous_start: Point | None = None
    previous_start_time: time | None = None
    category: str = "conference"
    attendance: str = "in-person"
    venue: Venue | None = None
    online_url: str = ""
    organizer: Organizer | None = None
    url: str = ""
    image: str = ""
    sources: tuple[SourceRef, ...] = field(default_factory=tuple)
    sequence: int = 0
    open_ended: bool = False  # only the opening day is known

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_timed(self) -> bool:
        return self.start_time is not None

    @property
    def precision(self) -> str:
        return self.start.precision

    @property
    def last(self) -> Point:
        return self.end or self.start

    def start_instant(self) -> datetime:
        """When the event begins (aware); for a vague date, the start of its period."""
        return datetime.combine(self.start.first_day, self.start_time or time(0), self.tz)

    def end_instant(self) -> datetime:
        """When the event is over (aware, exclusive): the end time, or the end of its last day/month/year."""
        if self.end_time is not None:
            return datetime.combine(self.last.first_day, self.end_time, self.tz)
        return datetime.combine(self.last.after_last_day, time(0), self.tz)

    def previous_instant(self) -> datetime | None:
        if self.previous_start is None:
            return None
        return datetime.combine(self.previous_start.first_day, self.previous_start_time or time(0), self.tz)

    def sort_key(self) -> tuple:
        return (self.start_instant().astimezone(timezone.utc), self.id)


# ---------------------------------------------------------------- checking

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
YEAR = re.compile(r"^(\d{4})$")
TIME = re.compile(r"^(\d{2}):(\d{2})$")


class _Checker:
    def __init__(self, data: dict, lines: Lines, path: str, languages: tuple[str, ...]):
        self.data, self.lines, self.path, self.languages = data, lines, path, languages

    def fail(self, where: tuple, message: str):
        raise FactsError(self.path, self.lines.of(*where), message)

    def get(self, name: str, required: bool = False):
        value = self.data.get(name)
        if value in ("", None):
            if required:
                self.fail((), f"'{name}' is missing; write {FIELDS[name]}")
            return None
        return value

    def text_value(self, value, where: tuple, hint: str) -> str:
        if value is None:
            self.fail(where, f"'{'.'.join(map(str, where))}' is missing; write {hint}")
        if not isinstance(value, str) or not value.strip():
            self.fail(where, f"'{'.'.join(map(str, where))}' must be text; write {hint}")
        return value.strip()

    def point(self, value, where: tuple) -> Point:
        name = ".".join(map(str, where))
        value = self.text_value(value, where, FIELDS.get(where[0], "a date like 2023-10-12"))
        if re.fullmatch(r"\d{8}", value):
            self.fail(where, f"'{name}: {value}' is not a date; write it with hyphens: {value[:4]}-{value[4:6]}-{value[6:]}")
        for pattern, precision in ((DAY, Precision.DAY), (MONTH, Precision.MONTH), (YEAR, Precision.YEAR)):
            match = pattern.fullmatch(value)
            if match:
                parts = [int(g) for g in match.groups()]
                try:
                    date(*(parts + [1] * (3 - len(parts))))
                except ValueError as exc:
                    self.fail(where, f"'{name}: {value}' is not a real date ({exc}); check the month (01-12) and the day")
                return Point(precision, *parts)
        self.fail(
            where,
            f"'{name}: {value}' is not a date in the form this site uses; write {FIELDS['start']} "
            "(year-month-day, two digits for month and day)",
        )

    def clock(self, value, where: tuple) -> time:
        name = ".".join(map(str, where))
        value = self.text_value(value, where, FIELDS["start_time"])
        match = TIME.fullmatch(value)
        if match is None and re.fullmatch(r"\d:\d{2}", value):
            self.fail(where, f"'{name}: {value}' needs two digits for the hour; write \"0{value}\"")
        if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            self.fail(where, f"'{name}: {value}' is not a time; write a 24-hour time like \"09:30\" or \"17:00\"")
        return time(int(match.group(1)), int(match.group(2)))

    def choice(self, name: str, options: tuple, default: str) -> str:
        value = self.get(name)
        if value is None:
            return default
        if not isinstance(value, str) or value not in options:
            self.fail((name,), f"'{name}: {value}' is not allowed; write {FIELDS[name]}")
        return value

    def web_url(self, value, where: tuple, hint: str) -> str:
        name = ".".join(map(str, where))
        if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc:
            self.fail(where, f"'{name}: {value}' is not a full web address; write {hint}")
        return value

    def translated(self, value, where: tuple) -> dict:
        """A text given once per language: ``{en: ..., zh: ...}``."""
        name = ".".join(map(str, where))
        example = "\n".join(f"  {lang}: ..." for lang in self.languages)
        if not isinstance(value, dict):
            self.fail(where, f"'{name}' needs one text per language, written as:\n{name.split('.')[-1]}:\n{example}")
        unknown = sorted(set(value) - set(self.languages))
        if unknown:
            self.fail(where + (unknown[0],), f"'{name}' has unknown language(s) {unknown}; use {', '.join(self.languages)}")
        return {lang: self.text_value(value.get(lang), where + (lang,), f"the {lang} text") for lang in self.languages}

    def mapping(self, value, where: tuple, allowed: tuple) -> dict:
        name = ".".join(map(str, where))
        if not isinstance(value, dict):
            self.fail(where, f"'{name}' must be a group of fields: {', '.join(allowed)}")
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            self.fail(where + (unknown[0],), f"'{name}' has unknown field(s) {unknown}; allowed: {', '.join(allowed)}")
        return value

    def coordinate(self, value, where: tuple, low: float, high: float) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = None
        if number is None or not low <= number <= high:
            self.fail(where, f"'{'.'.join(where)}: {value}' must be a number from {low} to {high} (decimal degrees)")
        return number


def check_facts(event_id: str, data: dict, lines: Lines, path: str,
                languages: tuple[str, ...] = ("en", "zh"), image_exists=lambda name: True) -> EventFacts:
    """Validate one event's facts (as read by sitekit.events_yaml) into an EventFacts."""
    c = _Checker(data, lines, path, languages)
    if not ID_PATTERN.fullmatch(event_id):
        raise FactsError(path, None, f"the folder name '{event_id}' must be lower-case words joined by hyphens, like 2023-islands-marathon")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        c.fail((unknown[0],), f"unknown field '{unknown[0]}'; the fields are: {', '.join(FIELDS)}")

    start = c.point(c.get("start", required=True), ("start",))
    open_ended = c.get("end") == "unknown"
    end = c.point(c.data["end"], ("end",)) if c.get("end") is not None and not open_ended else None
    if end is not None:
        if end.precision != start.precision:
            c.fail(("end",), f"'end: {end.iso()}' must be as precise as 'start: {start.iso()}' (both days, both months or both years)")
        if end.first_day < start.first_day:
            c.fail(("end",), f"'end: {end.iso()}' is before 'start: {start.iso()}'; swap them or fix the date")
        if end == start:
            end = None  # a one-day event needs no end
    start_time = c.clock(c.data["start_time"], ("start_time",)) if c.get("start_time") is not None else None
    end_time = c.clock(c.data["end_time"], ("end_time",)) if c.get("end_time") is not None else None
    if (start_time or end_time) and start.precision != Precision.DAY:
        c.fail(("start_time" if start_time else "end_time",), f"a time needs an exact day, but 'start: {start.iso()}' gives only the {start.precision}; leave the time out")
    if open_ended and (start_time or end_time):
        c.fail(("end",), "'end: unknown' is for an event whose closing day is not known; leave start_time and end_time out")
    if start_time and not end_time:
        c.fail(("start_time",), "'end_time' is missing: a timed event needs both start_time and end_time (leave both out for an all-day event)")
    if end_time and not start_time:
        c.fail(("end_time",), "'start_time' is missing: a timed event needs both start_time and end_time")
    if start_time and end_time and (end or start) == start and end_time <= start_time:
        c.fail(("end_time",), f"'end_time: {end_time:%H:%M}' is not after 'start_time: {start_time:%H:%M}' on the same day")

    tz_name = c.get("timezone") or DEFAULT_TIMEZONE
    try:
        ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        c.fail(("timezone",), f"'timezone: {tz_name}' is not a known time zone; write a name such as {DEFAULT_TIMEZONE} or Europe/London")

    status = c.choice("status", STATUSES, "scheduled")
    previous_start = previous_time = None
    if c.get("previous_start") is not None:
        if status != "rescheduled":
            c.fail(("previous_start",), f"'previous_start' is only for a rescheduled event, but 'status' is {status}; remove it or write 'status: rescheduled'")
        previous_start = c.point(c.data["previous_start"], ("previous_start",))
        if c.get("previous_start_time") is not None:
            previous_time = c.clock(c.data["previous_start_time"], ("previous_start_time",))
        if previous_start == start and previous_time == start_time:
            c.fail(("previous_start",), "'previous_start' is the same as 'start'; write the date first announced")
    elif status == "rescheduled":
        c.fail(("status",), "a rescheduled event needs 'previous_start': the day it was first announced for, like 2023-10-12")

    category = c.choice("category", CATEGORIES, "")
    if not category:
        c.fail((), f"'category' is missing; write {FIELDS['category']}")
    attendance = c.choice("attendance", ATTENDANCE, "online" if status == "moved-online" else "in-person")
    if status == "moved-online" and attendance == "in-person":
        c.fail(("attendance",), "the event has 'status: moved-online' but 'attendance: in-person'; write online or mixed")

    venue = None
    if c.get("venue") is not None:
        raw = c.mapping(c.data["venue"], ("venue",), ("name", "address", "geo"))
        if "address" not in raw:
            c.fail(("venue",), "'venue' needs an 'address' with locality, region and country (write what is verified)")
        address = c.mapping(raw["address"], ("venue", "address"), ("street", "locality", "region", "country"))
        for needed in ("locality", "region", "country"):
            if needed not in address:
                c.fail(("venue", "address"), f"'venue.address' needs '{needed}'")
        country = c.text_value(address["country"], ("venue", "address", "country"), "a two-letter country code like CN")
        if not re.fullmatch(r"[A-Z]{2}", country):
            c.fail(("venue", "address", "country"), f"'venue.address.country: {country}' must be a two-letter country code in capitals, like CN")
        geo = None
        if "geo" in raw:
            g = c.mapping(raw["geo"], ("venue", "geo"), ("lat", "lon"))
            if set(g) != {"lat", "lon"}:
                c.fail(("venue", "geo"), "'venue.geo' needs both 'lat' and 'lon' in decimal degrees")
            geo = (c.coordinate(g["lat"], ("venue", "geo", "lat"), -90, 90), c.coordinate(g["lon"], ("venue", "geo", "lon"), -180, 180))
        venue = Venue(
            address=Address(
                locality=c.translated(address["locality"], ("venue", "address", "locality")),
                region=c.translated(address["region"], ("venue", "address", "region")),
                country=country,
                street=c.translated(address["street"], ("venue", "address", "street")) if "street" in address else None,
            ),
            name=c.translated(raw["name"], ("venue", "name")) if "name" in raw else None,
            geo=geo,
        )
    online_url = ""
    if c.get("online_url") is not None:
        online_url = c.web_url(c.data["online_url"], ("online_url",), FIELDS["online_url"])
    if attendance in ("online", "mixed") and not online_url:
        c.fail(("attendance",), f"an event with 'attendance: {attendance}' needs 'online_url': {FIELDS['online_url']}")

    organizer = None
    if c.get("organizer") is not None:
        raw = c.mapping(c.data["organizer"], ("organizer",), ("name", "url"))
        if "name" not in raw:
            c.fail(("organizer",), "'organizer' needs a 'name' with one text per language")
        organizer = Organizer(
            name=c.translated(raw["name"], ("organizer", "name")),
            url=c.web_url(raw["url"], ("organizer", "url"), "the organiser's website") if raw.get("url") else "",
        )
    url = c.web_url(c.data["url"], ("url",), FIELDS["url"]) if c.get("url") is not None else ""
    image = ""
    if c.get("image") is not None:
        image = c.text_value(c.data["image"], ("image",), FIELDS["image"])
        if "/" in image or not re.search(r"\.(jpe?g|png|webp)$", image, re.I):
            c.fail(("image",), f"'image: {image}' must be the name of a .jpg, .png or .webp file in the event's folder")
        if not image_exists(image):
            c.fail(("image",), f"'image: {image}' does not exist in the event's folder; add the file or fix the name")

    sources = []
    raw_sources = c.get("sources")
    if raw_sources is None:
        c.fail((), f"'sources' is missing; write {FIELDS['sources']}")
    if not isinstance(raw_sources, list) or not raw_sources:
        c.fail(("sources",), "'sources' must be a list:\nsources:\n  - title: Publisher, \"Article\" (2023)\n    url: https://...")
    for i, item in enumerate(raw_sources):
        item = c.mapping(item, ("sources", i), ("title", "url"))
        if "title" not in item:
            c.fail(("sources", i), f"source {i + 1} needs a 'title' (who published it, and what)")
        title = item["title"]
        titles = c.translated(title, ("sources", i, "title")) if isinstance(title, dict) else {
            lang: c.text_value(title, ("sources", i, "title"), "who published it, and what") for lang in languages
        }
        src_url = c.web_url(item["url"], ("sources", i, "url"), "the full address, starting with https://") if item.get("url") else ""
        sources.append(SourceRef(titles, src_url))

    sequence = 0
    if c.get("sequence") is not None:
        if not re.fullmatch(r"\d+", str(c.data["sequence"])):
            c.fail(("sequence",), f"'sequence: {c.data['sequence']}' must be a whole number: {FIELDS['sequence']}")
        sequence = int(c.data["sequence"])
    if (status != "scheduled") and sequence < 1:
        c.fail(("sequence",) if "sequence" in data else ("status",),
               f"the status changed to {status}, so calendars must be told: write 'sequence: 1' (or add 1 to it)")

    return EventFacts(
        id=event_id, path=path, start=start, end=end, start_time=start_time, end_time=end_time,
        timezone=tz_name, status=status, previous_start=previous_start, previous_start_time=previous_time,
        category=category, attendance=attendance, venue=venue, online_url=online_url, organizer=organizer,
        url=url, image=image, sources=tuple(sources), sequence=sequence, open_ended=open_ended,
    )


def check_page_meta(meta: dict, path: str, facts_path: str) -> tuple[str, str]:
    """An event page's front matter: only its language's title and summary.

    Returns (title, summary). Facts written here are refused, so the two
    languages can never disagree on them.
    """
    for key in FACT_FIELDS + ("sources",):
        if key in meta:
            raise FactsError(
                path, None,
                f"front matter field '{key}' is a fact shared by both languages; write it once in "
                f"{facts_path} and remove it here (an event page holds only title, description and text)",
            )
    found = []
    for key, what in (("title", "the event's name in this language"), ("description", "one or two sentences summarising the event")):
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            read_as = f" (YAML read it as {value!r}; put the text in quotes)" if value not in (None, "") else ""
            raise FactsError(path, None, f"front matter '{key}' must be text{read_as}; write {what}")
        found.append(value.strip())
    return found[0], found[1]
