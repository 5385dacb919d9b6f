"""Keeping SEQUENCE honest: ``docs/data/events-lock.json`` records, for each
event, a fingerprint of the facts a calendar cares about (dates, times, time
zone, status, venue, online address) and the ``sequence`` they were published
with.

If those facts change while ``sequence`` stays the same, calendar apps that
already imported the event would keep the old version, so the build fails and
says to add 1 to ``sequence``. After a change, refresh the lock with
``cd hooks && ../.venv/bin/python -m sitekit.events_check ../docs --update-lock``
(the check command and the tests report a lock that is out of date).
"""
from __future__ import annotations

import hashlib
import json

from .events_schema import EventFacts

LOCK_PATH = "data/events-lock.json"  # under docs/


def schedule(facts: EventFacts) -> dict:
    """The facts whose change a calendar must be told about."""
    venue = None
    if facts.venue is not None:
        v = facts.venue
        venue = {"name": v.name, "street": v.address.street, "locality": v.address.locality,
                 "region": v.address.region, "country": v.address.country, "geo": v.geo}
    return {
        "start": facts.start.iso(), "end": facts.end.iso() if facts.end else None, "open_ended": facts.open_ended,
        "start_time": f"{facts.start_time:%H:%M}" if facts.start_time else None,
        "end_time": f"{facts.end_time:%H:%M}" if facts.end_time else None,
        "timezone": facts.timezone, "status": facts.status,
        "previous_start": facts.previous_start.iso() if facts.previous_start else None,
        "attendance": facts.attendance, "online_url": facts.online_url, "venue": venue,
    }


def fingerprint(facts: EventFacts) -> str:
    text = json.dumps(schedule(facts), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def make_lock(all_facts) -> dict:
    return {f.id: {"fingerprint": fingerprint(f), "sequence": f.sequence} for f in sorted(all_facts, key=lambda f: f.id)}


def dump_lock(lock: dict) -> str:
    return json.dumps(lock, indent=2, sort_keys=True) + "\n"


def parse_lock(text: str, path: str) -> dict:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc}); recreate it with the --update-lock command") from None
    if not isinstance(data, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("fingerprint"), str) and isinstance(v.get("sequence"), int)
        for v in data.values()
    ):
        raise ValueError(f"{path}: unexpected content; recreate it with the --update-lock command")
    return data


def sequence_problem(facts: EventFacts, lock: dict) -> str | None:
    """A message when the calendar facts changed but ``sequence`` did not grow."""
    recorded = lock.get(facts.id)
    if recorded is None or recorded["fingerprint"] == fingerprint(facts):
        return None
    if facts.sequence > recorded["sequence"]:
        return None
    return (
        f"{facts.path}: the date, time, venue or status changed since sequence {recorded['sequence']} was published; "
        f"write 'sequence: {recorded['sequence'] + 1}' so calendars replace the old version, then refresh "
        f"docs/{LOCK_PATH} (cd hooks && ../.venv/bin/python -m sitekit.events_check ../docs --update-lock)"
    )


def stale(all_facts, lock: dict) -> list[str]:
    """Event ids whose lock entry is missing or out of date."""
    current = make_lock(all_facts)
    return sorted(set(current) ^ set(lock) | {i for i in current if i in lock and current[i] != lock[i]})
