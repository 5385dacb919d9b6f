"""Event listings: the per-language view of each event, ordering, the
upcoming/past split, the archive by year, date wording, and the HTML-comment
markers an editor puts in a page to place a listing.

Markers (each on its own line in the Markdown):

``<!-- events:upcoming -->``             upcoming events, soonest first
``<!-- events:past -->``                 past events, newest first
``<!-- events:next -->``                 the next three upcoming events (``<!-- events:next 5 -->`` for five)
``<!-- events:archive -->``              every event by year, newest year first
``<!-- events:category conference -->``  upcoming and past events of one category
``<!-- events:categories -->``           links to every category page
``<!-- events:subscribe -->``            links to the calendar feed and the RSS feed
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import groupby

from .events_schema import CATEGORIES, EventFacts, Precision
from .events_yaml import FactsError

MARKER = re.compile(r"<!--\s*events:([a-z]+)(?:[ \t]+([A-Za-z0-9-]+))?\s*-->")
KINDS = ("upcoming", "past", "next", "archive", "category", "categories", "subscribe", "facts")
NEXT_DEFAULT = 3


@dataclass(frozen=True)
class EventEntry:
    """One event as shown in one language."""
    facts: EventFacts
    lang: str
    title: str
    summary: str
    url: str  # site-relative URL of the event's page in this language ("zh/events/x/")

    @property
    def id(self) -> str:
        return self.facts.id

    @property
    def category(self) -> str:
        return self.facts.category

    @property
    def status(self) -> str:
        return self.facts.status

    @property
    def year(self) -> int:
        return self.facts.start.year

    @property
    def when(self) -> str:
        return format_when(self.facts, self.lang)

    @property
    def previous_when(self) -> str:
        f = self.facts
        if f.previous_start is None:
            return ""
        text = format_point(f.previous_start, self.lang)
        return f"{text} {f.previous_start_time:%H:%M}" if f.previous_start_time else text

    @property
    def datetime_attr(self) -> str:
        """Value for ``<time datetime>``: as precise as the facts are."""
        if self.facts.is_timed:
            return self.facts.start_instant().isoformat(timespec="minutes")
        return self.facts.start.iso()

    @property
    def start_utc(self) -> str:
        return _utc(self.facts.start_instant())

    @property
    def end_utc(self) -> str:
        return _utc(self.facts.end_instant())

    @property
    def venue(self) -> str:
        return venue_text(self.facts, self.lang)

    @property
    def has_calendar(self) -> bool:
        """Only events with known days go into calendars: a month or a year cannot be put there honestly."""
        return self.facts.precision == Precision.DAY

    @property
    def ics_url(self) -> str:
        return f"{self.url}{self.id}.ics" if self.has_calendar else ""


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_now(environ=os.environ) -> datetime:
    """"Now" for the split: SOURCE_DATE_EPOCH if set (reproducible builds), else the clock."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), timezone.utc)
        except ValueError:
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} must be a whole number of seconds since 1970") from None
    return datetime.now(timezone.utc)


def is_past(entry: EventEntry, now: datetime) -> bool:
    """An event is past once it is over; an event in progress is still upcoming."""
    return entry.facts.end_instant() <= now


def upcoming(entries, now: datetime) -> list[EventEntry]:
    return sorted((e for e in entries if not is_past(e, now)), key=lambda e: e.facts.sort_key())


def past(entries, now: datetime) -> list[EventEntry]:
    items = sorted((e for e in entries if is_past(e, now)), key=lambda e: e.facts.sort_key())
    return items[::-1]


def by_year(entries) -> list[tuple[int, list[EventEntry]]]:
    """Every event grouped by the year it starts, newest year and newest event first."""
    ordered = sorted(entries, key=lambda e: e.facts.sort_key(), reverse=True)
    return [(year, list(items)) for year, items in groupby(ordered, key=lambda e: e.year)]


def in_category(entries, category: str) -> list[EventEntry]:
    return [e for e in entries if e.category == category]


# ---------------------------------------------------------------- wording

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December")


def format_point(point, lang: str) -> str:
    if lang == "zh":
        if point.precision == Precision.YEAR:
            return f"{point.year}年"
        if point.precision == Precision.MONTH:
            return f"{point.year}年{point.month}月"
        return f"{point.year}年{point.month}月{point.day}日"
    if point.precision == Precision.YEAR:
        return str(point.year)
    if point.precision == Precision.MONTH:
        return f"{MONTHS_EN[point.month - 1]} {point.year}"
    return f"{point.day} {MONTHS_EN[point.month - 1]} {point.year}"


def _range(start, end, lang: str) -> str:
    if end is None:
        return format_point(start, lang)
    if lang == "zh":
        if start.precision == Precision.YEAR:
            return f"{start.year}年至{end.year}年"
        if start.year != end.year:
            return f"{format_point(start, lang)}至{format_point(end, lang)}"
        if start.precision == Precision.MONTH:
            return f"{start.year}年{start.month}月至{end.month}月"
        if start.month != end.month:
            return f"{start.year}年{start.month}月{start.day}日至{end.month}月{end.day}日"
        return f"{start.year}年{start.month}月{start.day}日至{end.day}日"
    if start.precision == Precision.YEAR:
        return f"{start.year}–{end.year}"
    if start.year != end.year:
        return f"{format_point(start, lang)} – {format_point(end, lang)}"
    if start.precision == Precision.MONTH:
        return f"{MONTHS_EN[start.month - 1]}–{MONTHS_EN[end.month - 1]} {start.year}"
    if start.month != end.month:
        return f"{start.day} {MONTHS_EN[start.month - 1]} – {end.day} {MONTHS_EN[end.month - 1]} {start.year}"
    return f"{start.day}–{end.day} {MONTHS_EN[start.month - 1]} {start.year}"


def utc_offset_label(facts: EventFacts) -> str:
    offset = facts.start_instant().utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def format_when(facts: EventFacts, lang: str) -> str:
    """The event's dates (and times) in words, as precise as the facts."""
    text = _range(facts.start, facts.end, lang)
    if facts.is_timed:
        dash = "—" if lang == "zh" else "–"
        if facts.end is None:
            text += f" {facts.start_time:%H:%M}{dash}{facts.end_time:%H:%M}" if lang == "zh" else \
                f", {facts.start_time:%H:%M}{dash}{facts.end_time:%H:%M}"
        else:
            first = format_point(facts.start, lang)
            last = format_point(facts.end, lang)
            text = f"{first} {facts.start_time:%H:%M} {dash} {last} {facts.end_time:%H:%M}"
        label = f"{facts.timezone}, {utc_offset_label(facts)}"
        text += f"（{label}）" if lang == "zh" else f" ({label})"
    return text


def venue_text(facts: EventFacts, lang: str) -> str:
    venue = facts.venue
    if venue is None:
        return ""
    parts = []
    if venue.name:
        parts.append(venue.name[lang])
    if venue.address.street:
        parts.append(venue.address.street[lang])
    parts.append(venue.address.locality[lang])
    if venue.address.region[lang] != venue.address.locality[lang]:
        parts.append(venue.address.region[lang])
    # Drop repeats ("Zhoushan, Zhoushan") while keeping the order.
    seen, unique = set(), []
    for part in parts:
        if part not in seen:
            seen.add(part)
            unique.append(part)
    return ("，" if lang == "zh" else ", ").join(unique)


# ---------------------------------------------------------------- markers

@dataclass(frozen=True)
class Marker:
    kind: str
    argument: str = ""


def parse_marker(kind: str, argument: str, where: str) -> Marker:
    if kind not in KINDS:
        raise FactsError(where, None, f"unknown marker '<!-- events:{kind} -->'; use one of: " + ", ".join(f"events:{k}" for k in KINDS if k != "facts"))
    if kind == "category" and argument not in CATEGORIES:
        raise FactsError(where, None, f"'<!-- events:category {argument} -->' names no category; write one of: {', '.join(CATEGORIES)}")
    if kind == "next":
        if argument and not (argument.isdigit() and 1 <= int(argument) <= 20):
            raise FactsError(where, None, f"'<!-- events:next {argument} -->': write how many events to show, from 1 to 20")
        argument = argument or str(NEXT_DEFAULT)
    elif kind != "category" and argument:
        raise FactsError(where, None, f"'<!-- events:{kind} {argument} -->' takes no argument; write '<!-- events:{kind} -->'")
    return Marker(kind, argument)


def find_markers(html: str, where: str) -> list[Marker]:
    return [parse_marker(m.group(1), m.group(2) or "", where) for m in MARKER.finditer(html)]


def fill_markers(html: str, where: str, render) -> str:
    """Replace each events marker by ``render(Marker)``."""
    return MARKER.sub(lambda m: render(parse_marker(m.group(1), m.group(2) or "", where)), html)


def insert_after_title(html: str, block: str) -> str:
    """Put ``block`` right after the page's first heading (or first, if there is none)."""
    end = html.find("</h1>")
    if end < 0:
        return block + html
    end += len("</h1>")
    return html[:end] + block + html[end:]
