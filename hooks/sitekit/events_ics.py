"""iCalendar files: one per event and one of all events, per language.

Made with the ``icalendar`` library. Rules:
- UID is derived from the event's id only, so it never changes between builds,
  hosts or languages (the English and Chinese files describe the same event).
- SEQUENCE is the event's ``sequence`` fact, which the editor raises on each change.
- DTSTAMP is the build's "now" (SOURCE_DATE_EPOCH when set, so files are reproducible).
- Timed events carry TZID and the matching VTIMEZONE; all-day events are
  VALUE=DATE with DTEND the day AFTER the last day (exclusive, RFC 5545).
- Events known only to the month or year are left out: a calendar entry needs days.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from icalendar import Calendar, Event, vGeo, vText

from .alternates import absolute
from .events_listing import EventEntry

UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://zhoushan-english-channel/events/")
PRODID = "-//Zhoushan English Channel//Events//EN"
ICS_STATUS = {
    "scheduled": "CONFIRMED",
    "rescheduled": "CONFIRMED",
    "moved-online": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}


def event_uid(event_id: str) -> str:
    return f"{uuid.uuid5(UID_NAMESPACE, event_id)}@zhoushan-english-channel"


def make_event(entry: EventEntry, site_url: str, now: datetime, labels: dict) -> Event:
    """One VEVENT. ``labels`` holds the words of the page's language:
    status.<status>, previously (see hooks/events.py)."""
    f = entry.facts
    ev = Event()
    ev.add("uid", event_uid(f.id))
    ev.add("dtstamp", now)
    ev.add("sequence", f.sequence)
    ev.add("summary", entry.title)
    page = absolute(site_url, entry.url)
    lines = [entry.summary]
    if f.status != "scheduled":
        lines.insert(0, labels[f"status.{f.status}"])
    if entry.previous_when:
        lines.append(f"{labels['previously']}: {entry.previous_when}")
    lines.append(page)
    ev.add("description", "\n\n".join(lines))
    ev.add("url", page)
    ev.add("status", ICS_STATUS[f.status])
    ev.add("categories", [labels[f"category.{f.category}"]])
    if f.is_timed:
        start = f.start_instant()
        ev.add("dtstart", start)
        ev.add("dtend", f.end_instant())
    else:
        ev.add("dtstart", f.start.first_day)
        ev.add("dtend", f.last.first_day + timedelta(days=1))
    location = entry.venue or (f.online_url if f.attendance == "online" else "")
    if location:
        ev.add("location", vText(location))
    if f.venue and f.venue.geo:
        ev.add("geo", vGeo(f.venue.geo))
    return ev


def make_calendar(entries: list[EventEntry], name: str, lang: str, site_url: str, now: datetime, labels: dict) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    for entry in sorted(entries, key=lambda e: e.facts.sort_key()):
        if entry.has_calendar:
            event = make_event(entry, site_url, now, labels)
            event["DESCRIPTION"].params["LANGUAGE"] = lang
            event["SUMMARY"].params["LANGUAGE"] = lang
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
