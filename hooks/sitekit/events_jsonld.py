"""schema.org ``Event`` structured data for an event page (JSON-LD).

Covers what Google's event rich results require (name, startDate, location)
and recommend (description, endDate, eventStatus, eventAttendanceMode, image,
organizer, offers is not applicable: the site sells nothing; previousStartDate
when rescheduled). A cancelled or postponed event keeps its original dates, as
Google asks. Dates are as precise as the facts: a day, a month ("2021-11") or a
date-time with its UTC offset.
"""
from __future__ import annotations

import json

from .alternates import absolute
from .events_listing import EventEntry
from .i18n_state import HREFLANG

SCHEMA = "https://schema.org/"
STATUS = {
    "scheduled": "EventScheduled",
    "cancelled": "EventCancelled",
    "postponed": "EventPostponed",
    "rescheduled": "EventRescheduled",
    "moved-online": "EventMovedOnline",
}
ATTENDANCE = {
    "in-person": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "mixed": "MixedEventAttendanceMode",
}


def _date(point, clock, tz_moment) -> str:
    if clock is not None:
        return tz_moment.isoformat(timespec="minutes")
    return point.iso()


def event_jsonld(entry: EventEntry, site_url: str, image_url: str = "") -> dict:
    f, lang = entry.facts, entry.lang
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": entry.title,
        "description": entry.summary,
        "url": absolute(site_url, entry.url),
        "inLanguage": HREFLANG.get(lang, lang),
        "startDate": _date(f.start, f.start_time, f.start_instant()),
        "eventStatus": SCHEMA + STATUS[f.status],
        "eventAttendanceMode": SCHEMA + ATTENDANCE[f.attendance],
    }
    if f.end is not None or f.end_time is not None:
        data["endDate"] = _date(f.last, f.end_time, f.end_instant()) if f.end_time else f.last.iso()
    if f.previous_start is not None:
        data["previousStartDate"] = _date(f.previous_start, f.previous_start_time, f.previous_instant())
    locations = []
    if f.venue is not None:
        address = {
            "@type": "PostalAddress",
            "addressLocality": f.venue.address.locality[lang],
            "addressRegion": f.venue.address.region[lang],
            "addressCountry": f.venue.address.country,
        }
        if f.venue.address.street:
            address = {**address, "streetAddress": f.venue.address.street[lang]}
        place = {"@type": "Place", "name": (f.venue.name or f.venue.address.locality)[lang], "address": address}
        if f.venue.geo:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": f.venue.geo[0], "longitude": f.venue.geo[1]}
        locations.append(place)
    if f.online_url:
        locations.append({"@type": "VirtualLocation", "url": f.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if image_url:
        data["image"] = [image_url]
    if f.organizer is not None:
        organizer = {"@type": "Organization", "name": f.organizer.name[lang]}
        if f.organizer.url:
            organizer["url"] = f.organizer.url
        data["organizer"] = organizer
    if f.url:
        data["sameAs"] = f.url
    return data


def jsonld_script_text(data: dict) -> str:
    """JSON for a ``<script type="application/ld+json">``: sorted keys, and no
    ``</`` that could close the script element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return text.replace("</", "<\\/")
