"""Progress against the plan's target for new relationships, from the data.

Counts the relationships whose signing year falls in the plan period, by
level (the city's own, or a district's or county's). It can only count what
the data holds: a relationship signed but not recorded here (no public
source found yet) is not counted, and the view says so.
"""
from __future__ import annotations

from .sister_cities_schema import Directory

LEVELS = ("city", "district_county")
BOX = 26
GAP = 6
LABEL_WIDTH = 230
ROW = 56
TOP = 8


def progress(directory: Directory, rows_by_id: dict[str, dict]) -> dict:
    plan = directory.plan
    levels = []
    for index, level in enumerate(LEVELS):
        target = int(plan.targets.get(level, 0))
        signed = [rows_by_id[r.id] for r in directory.partnerships
                  if r.level == level and plan.start <= r.signed.year <= plan.end]
        count = max(target, len(signed))
        y = TOP + index * ROW
        boxes = [
            {"x": LABEL_WIDTH + n * (BOX + GAP), "y": y + 14, "size": BOX,
             "row": signed[n] if n < len(signed) else None, "in_target": n < target}
            for n in range(count)
        ]
        levels.append({"level": level, "target": target, "recorded": len(signed), "rows": signed,
                       "boxes": boxes, "label_y": y + 31})
    widest = max((len(level["boxes"]) for level in levels), default=0)
    return {
        "start": plan.start, "end": plan.end, "title": plan.title,
        "target": sum(level["target"] for level in levels),
        "recorded": sum(level["recorded"] for level in levels),
        "levels": levels,
        "width": LABEL_WIDTH + widest * (BOX + GAP) + 10,
        "height": TOP + len(LEVELS) * ROW,
    }
