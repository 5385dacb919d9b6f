"""A small bilingual sister-city site for tests/test_sister_cities_*.py.

Data: tests/data/sister_cities/sister_cities.yml (alpha, beta, gamma, delta;
gamma has no coordinates). alpha has an editor-written English page (no
Chinese one: the Chinese page is generated); an event page lists beta under
``sister_cities:``. Build time is fixed at 2026-11-23 (SOURCE_DATE_EPOCH).
"""
from __future__ import annotations

from pathlib import Path

from sitebuild import page

EPOCH = "1795406400"  # 2026-11-23 04:00 UTC, 12:00 in Zhoushan
DATA = (Path(__file__).parent / "data" / "sister_cities" / "sister_cities.yml").read_text(encoding="utf-8")
IDS = ["alpha", "beta", "gamma", "delta"]

INDEX_BODY = """
Introduction.

## Directory

<!-- sister-cities:directory -->

## Map

<!-- sister-cities:map -->

## Timeline

<!-- sister-cities:timeline -->

## Anniversaries

<!-- sister-cities:anniversaries -->

## Plan

<!-- sister-cities:progress -->
"""


def site_pages() -> dict[str, str]:
    return {
        "index.md": page("Home", "Welcome."),
        "index.zh.md": page("首页", "欢迎。"),
        "sister-cities/index.md": page("Sister Cities", INDEX_BODY),
        "sister-cities/index.zh.md": page("国际友城", INDEX_BODY.replace("Introduction.", "简介。")),
        "sister-cities/alpha.md": "---\ntitle: Alphaville\ndescription: Our oldest partner.\n---\n\n"
                                  "# Alphaville, our oldest partner\n\nWritten by an editor.\n",
        "news/visit.md": page("A visit from Betaburg", "A delegation came.", sister_cities=["beta"]),
        "news/visit.zh.md": page("贝塔市代表团来访", "代表团来访。", sister_cities=["beta"]),
    }
