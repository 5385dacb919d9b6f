"""A small bilingual events site for the events tests (hooks/events.py).

Build time is fixed with SOURCE_DATE_EPOCH = NOW (1 June 2026, 00:00 UTC):
- 2026-launch:    timed, 2026-06-10 09:30-17:00 Asia/Shanghai, conference (upcoming)
- 2026-forum:     all-day 2026-07-01..03, cancelled, conference (upcoming, keeps its date)
- 2026-expo:      rescheduled to 2026-09-05, was 2026-08-20, exhibition, online (upcoming)
- 2026-regatta:   2026-05-31 all day in Asia/Shanghai, sport: over at 2026-05-31T16:00Z (past)
- 2025-festival:  month precision 2025-10, festival (past)
- 2024-marathon:  2024-11-17, sport (past)
- 2026-gala:      2026-12-01, festival (upcoming, the fourth: beyond "next 3")
"""
from __future__ import annotations

import textwrap
from datetime import datetime, timezone

import yaml

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
EPOCH = str(int(NOW.timestamp()))

ZS_VENUE = """
venue:
  name:
    en: Zhujiajian
    zh: 朱家尖
  address:
    locality:
      en: Zhoushan
      zh: 舟山
    region:
      en: Zhejiang
      zh: 浙江
    country: CN
  geo:
    lat: 29.9
    lon: 122.4
"""
SOURCES = """
sources:
  - title:
      en: Example source
      zh: 示例来源
    url: https://example.org/source
"""

FACTS = {
    "2026-launch": "start: 2026-06-10\nstart_time: 09:30\nend_time: 17:00\ncategory: conference\n"
                   "organizer:\n  name:\n    en: The Office\n    zh: 本办\n  url: https://example.org/\n" + ZS_VENUE + SOURCES,
    "2026-forum": "start: 2026-07-01\nend: 2026-07-03\nstatus: cancelled\nsequence: 2\ncategory: conference\n" + ZS_VENUE + SOURCES,
    "2026-expo": "start: 2026-09-05\nstatus: rescheduled\nprevious_start: 2026-08-20\nsequence: 1\ncategory: exhibition\n"
                 "attendance: online\nonline_url: https://example.org/live\n" + SOURCES,
    "2026-regatta": "start: 2026-05-31\ncategory: sport\n" + ZS_VENUE + SOURCES,
    "2025-festival": 'start: "2025-10"\ncategory: festival\n' + SOURCES,
    "2024-marathon": "start: 2024-11-17\ncategory: sport\n" + ZS_VENUE + SOURCES,
    "2026-gala": "start: 2026-12-01\ncategory: festival\n" + SOURCES,
}
TITLES = {
    "2026-launch": ("Port launch", "港口发布会"),
    "2026-forum": ("Island forum", "海岛论坛"),
    "2026-expo": ("Art expo", "艺术博览会"),
    "2026-regatta": ("Regatta", "帆船赛"),
    "2025-festival": ("Sand festival", "沙雕节"),
    "2024-marathon": ("Marathon", "马拉松"),
    "2026-gala": ("Gala", "晚会"),
}


def event_page(title: str, description: str, body: str = "Text.", **extra) -> str:
    front = {"title": title, "description": description, **extra}
    return "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + body + "\n"


def listing(title: str, body: str) -> str:
    return event_page(title, f"{title}.", body, sources_exempt="test listing")


def event_files(facts: dict[str, str] | None = None, titles: dict | None = None) -> dict[str, str]:
    pages = {}
    for event_id, text in (facts or FACTS).items():
        en, zh = (titles or TITLES).get(event_id, (event_id, event_id))
        pages[f"events/{event_id}/event.yml"] = text
        pages[f"events/{event_id}/index.md"] = event_page(en, f"{en} summary.")
        pages[f"events/{event_id}/index.zh.md"] = event_page(zh, f"{zh}简介。")
    return pages


def site_pages(facts: dict[str, str] | None = None, next_count: str = "") -> dict[str, str]:
    marker = f"<!-- events:next {next_count} -->" if next_count else "<!-- events:next -->"
    pages = {
        "index.md": listing("Home", f"# Home\n\n## Coming up\n\n{marker}\n"),
        "index.zh.md": listing("首页", f"# 首页\n\n## 近期活动\n\n{marker}\n"),
        "events/index.md": listing("Events", "# Events\n\n## Upcoming\n\n<!-- events:upcoming -->\n\n## Past\n\n<!-- events:past -->\n\n<!-- events:categories -->\n\n<!-- events:subscribe -->\n"),
        "events/index.zh.md": listing("国际活动", "# 国际活动\n\n## 即将举行\n\n<!-- events:upcoming -->\n\n## 往届\n\n<!-- events:past -->\n\n<!-- events:categories -->\n"),
        "events/archive.md": listing("Archive", "# Archive\n\n<!-- events:archive -->\n"),
        "events/archive.zh.md": listing("档案", "# 档案\n\n<!-- events:archive -->\n"),
    }
    for category in ("conference", "festival", "sport", "exhibition", "exchange"):
        pages[f"events/category/{category}.md"] = listing(category.title(), f"<!-- events:category {category} -->\n")
        pages[f"events/category/{category}.zh.md"] = listing(f"类别{category}", f"<!-- events:category {category} -->\n")
    pages.update(event_files(facts))
    return {k: textwrap.dedent(v) if not k.endswith(".yml") else v for k, v in pages.items()}
