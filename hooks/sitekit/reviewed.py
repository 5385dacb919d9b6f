"""'Last reviewed' dates of pages whose advice goes out of date (living/).

"Now" is SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC).
"""
from __future__ import annotations

import datetime as dt
import os

from .dates import as_date

MAX_AGE_DAYS = 365
# Pages under these folders must carry 'reviewed: YYYY-MM-DD'.
REQUIRED_UNDER = ("living/",)

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December")


class ReviewedError(ValueError):
    pass


def today(environ=None) -> dt.date:
    environ = os.environ if environ is None else environ
    epoch = str(environ.get("SOURCE_DATE_EPOCH", "")).strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (ValueError, OverflowError):
            raise ReviewedError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970") from None
    return dt.datetime.now(dt.timezone.utc).date()


def parse_reviewed(value) -> dt.date:
    date = as_date(value)
    if date is not None:
        return date
    raise ReviewedError(f"'reviewed: {value}' is not a date; write it as reviewed: 2026-11-23")


def needs_review_date(src_uri: str) -> bool:
    return src_uri.startswith(REQUIRED_UNDER)


def is_stale(reviewed: dt.date, now: dt.date, max_age_days: int = MAX_AGE_DAYS) -> bool:
    return (now - reviewed).days > max_age_days


def format_date(day: dt.date, lang: str) -> str:
    """'23 November 2026' in English, '2026年11月23日' in Chinese."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
