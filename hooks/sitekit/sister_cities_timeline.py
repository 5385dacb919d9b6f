"""The timeline of sister-city relationships: one line per relationship from
the year it was signed to today, one segment per tier (a friendly-exchange
relationship raised to sister city changes colour at the upgrade).

Geometry only; overrides/partials/sister-timeline.html draws it. A date is
placed at the start of the period it names (1993 -> 1 January 1993,
2001-09 -> 1 September 2001): ``date_x`` is the rule, and tests check it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .sister_cities_schema import PartialDate

WIDTH = 760
LABEL_WIDTH = 170  # names on the left
RIGHT = 24
ROW = 34
TOP = 12
AXIS = 34  # room for the year labels below
TICK_STEP = 5


def fraction(date: PartialDate | dt.date) -> float:
    """A date as a fractional year (start of the period a partial date names)."""
    if isinstance(date, dt.date):
        start = dt.date(date.year, 1, 1)
        days = (dt.date(date.year + 1, 1, 1) - start).days
        return date.year + (date - start).days / days
    value = float(date.year)
    if date.month:
        value += (date.month - 1) / 12
    if date.day:
        value += (date.day - 1) / 365
    return value


@dataclass(frozen=True)
class Scale:
    start: int
    end: int

    def x(self, year: float) -> float:
        span = self.end - self.start
        return round(LABEL_WIDTH + (year - self.start) / span * (WIDTH - LABEL_WIDTH - RIGHT), 2)


def scale_for(first_year: int, today: dt.date, last_year: int | None = None) -> Scale:
    """From the 5-year mark before the first signing to the year after today
    (or after the last date shown, for a build dated in the past)."""
    start = (first_year // TICK_STEP) * TICK_STEP
    end = max(today.year, last_year or first_year) + 1
    if end - start < TICK_STEP:
        end = start + TICK_STEP
    return Scale(start, end)


def date_x(scale: Scale, date: PartialDate | dt.date) -> float:
    return scale.x(fraction(date))


def layout(rows: list[dict], records: list, today: dt.date) -> dict:
    """``rows`` (from sister_cities_pages.rows) and their records, same order."""
    if not records:
        return {"rows": [], "ticks": [], "width": WIDTH, "height": TOP + AXIS}
    last = max(date.year for r in records for date, _ in r.tier_periods())
    scale = scale_for(min(r.signed.year for r in records), today, last)
    now_x = date_x(scale, today)
    lines = []
    for index, (item, record) in enumerate(zip(rows, records)):
        y = TOP + index * ROW + ROW / 2
        periods = record.tier_periods()
        segments = []
        for n, (date, tier) in enumerate(periods):
            x1 = date_x(scale, date)
            x2 = date_x(scale, periods[n + 1][0]) if n + 1 < len(periods) else now_x
            segments.append({"x1": x1, "x2": max(x1, x2), "tier": tier, "start": item["periods"][n]})
        lines.append({"row": item, "y": y, "segments": segments, "label_y": y + 4})
    plot_bottom = TOP + len(records) * ROW
    ticks = [{"year": year, "x": scale.x(year)} for year in range(scale.start, scale.end + 1, TICK_STEP)]
    return {
        "rows": lines, "ticks": ticks, "width": WIDTH, "height": plot_bottom + AXIS,
        "plot_top": TOP, "plot_bottom": plot_bottom, "label_width": LABEL_WIDTH,
        "now_x": now_x, "start": scale.start, "end": scale.end,
    }
