"""Dates written in front matter, however YAML delivered them."""
from __future__ import annotations

import datetime as dt


def as_date(value) -> dt.date | None:
    """A date from YAML's date or datetime, or from 'YYYY-MM-DD' text; None if it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
