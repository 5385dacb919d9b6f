"""Events (issue 3, point 2): every bad input class fails the build with a
message that names the file (and the line where there is one), what is wrong
and what to write instead. Also checks YAML 1.1 traps in an event page's front
matter, which MkDocs alone would silently publish or misread."""
from __future__ import annotations

import pytest

from events_fixture import EPOCH, FACTS, event_page, listing
from sitebuild import build_fixture

GOOD = FACTS["2026-launch"]
BASE = {
    "index.md": listing("Home", "<!-- events:next -->"),
    "index.zh.md": listing("首页", "<!-- events:next -->"),
}


def event(facts: str = GOOD, en: str | None = None, zh: str | None = None, event_id: str = "2026-launch") -> dict:
    pages = {f"events/{event_id}/event.yml": facts,
             f"events/{event_id}/index.md": en if en is not None else event_page("Launch", "Launch summary."),
             f"events/{event_id}/index.zh.md": zh if zh is not None else event_page("发布会", "发布会简介。")}
    return {k: v for k, v in pages.items() if v != "DELETE"}


CASES = {
    "broken-yaml-in-event-page": (
        event(zh="---\ntitle: 发布会\ndescription: 舟山: 发布会\n---\n\n正文。\n"),
        ["docs/events/2026-launch/index.zh.md:3:", "not valid YAML"]),
    "broken-yaml-in-facts": (
        event(GOOD.replace("category: conference", "category: [conference")),
        ["docs/events/2026-launch/event.yml:", "not valid YAML"]),
    "date-as-integer": (
        event(GOOD.replace("start: 2026-06-10", "start: 20260610")),
        ["docs/events/2026-launch/event.yml:1:", "write it with hyphens: 2026-06-10"]),
    "impossible-date": (
        event(GOOD.replace("start: 2026-06-10", "start: 2026-13-45")),
        ["docs/events/2026-launch/event.yml:1:", "not a real date"]),
    "time-not-a-time": (
        event(GOOD.replace("start_time: 09:30", "start_time: 570")),
        ["docs/events/2026-launch/event.yml:2:", "24-hour time"]),
    "status-no-read-as-boolean": (
        event(GOOD + "status: no\n"),
        ["docs/events/2026-launch/event.yml:", "'status: no' is not allowed", "scheduled, cancelled"]),
    "unknown-category": (
        event(GOOD.replace("category: conference", "category: concert")),
        ["docs/events/2026-launch/event.yml:4:", "conference, festival, sport"]),
    "title-no-read-as-boolean": (
        event(en="---\ntitle: no\ndescription: A summary.\n---\n\nText.\n"),
        ["docs/events/2026-launch/index.md", "'title' must be text (YAML read it as False"]),
    "languages-disagree-on-a-date": (
        event(zh=event_page("发布会", "发布会简介。", start="2026-06-11")),
        ["docs/events/2026-launch/index.zh.md", "'start' is a fact shared by both languages", "event.yml"]),
    "languages-disagree-on-a-status": (
        event(en=event_page("Launch", "Summary.", status="cancelled")),
        ["docs/events/2026-launch/index.md", "'status' is a fact shared by both languages"]),
    "missing-chinese-page": (
        event(zh="DELETE"),
        ["docs/events/2026-launch/", "no 'zh' page", "docs/templates/event/index.zh.md"]),
    "missing-facts-file": (
        {k: v for k, v in event().items() if not k.endswith("event.yml")},
        ["docs/events/2026-launch/index.md", "no event.yml"]),
    "mistyped-marker": (
        {**event(), "index.md": listing("Home", "<!-- events:upcomming -->")},
        ["docs/index.md", "unknown marker", "events:upcoming"]),
    "rescheduled-without-previous-date": (
        event(GOOD + "status: rescheduled\nsequence: 1\n"),
        ["docs/events/2026-launch/event.yml:", "previous_start"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_fails_the_build_naming_the_file(tmp_path, name):
    pages, expected = CASES[name]
    build = build_fixture(tmp_path, {**BASE, **pages}, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert not build.ok, f"{name}: the build passed"
    for words in expected:
        assert words in build.output, f"{name}: {words!r} not in\n{build.output[-1500:]}"
    assert not build.site.exists(), "a failed build must not leave a publishable site"


def test_the_good_event_builds(tmp_path):
    build = build_fixture(tmp_path, {**BASE, **event()}, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.ok, build.output


def test_a_site_without_events_still_serves_the_feeds_every_page_links(tmp_path):
    build = build_fixture(tmp_path, BASE, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.ok, build.output
    for prefix in ("", "zh/"):
        feed = build.site / prefix / "events/feed.xml"
        assert feed.is_file() and b"<item>" not in feed.read_bytes()
        assert b"BEGIN:VCALENDAR" in (build.site / prefix / "events/calendar.ics").read_bytes()


def test_the_facts_marker_outside_an_event_page_fails(tmp_path):
    build = build_fixture(tmp_path, {**BASE, "about.md": listing("About", "<!-- events:facts -->"),
                                     "about.zh.md": listing("关于", "正文。")}, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert not build.ok and "docs/about.md" in build.output and "event pages only" in build.output


def test_a_date_change_without_a_higher_sequence_fails_the_build(tmp_path):
    import json
    import sys

    from sitebuild import ROOT
    sys.path.insert(0, str(ROOT / "hooks"))
    from sitekit.events_lock import make_lock
    from sitekit.events_schema import check_facts
    from sitekit.events_yaml import load_facts_text

    published = check_facts("2026-launch", *load_facts_text(GOOD, "f.yml"), "f.yml")
    lock = json.dumps(make_lock([published]))
    moved = GOOD.replace("start: 2026-06-10", "start: 2026-06-12")
    build = build_fixture(tmp_path / "a", {**BASE, **event(moved)}, env={"SOURCE_DATE_EPOCH": EPOCH}, data={"events-lock.json": lock})
    assert not build.ok
    assert "docs/events/2026-launch/event.yml: the date, time, venue or status changed" in build.output
    assert "'sequence: 1'" in build.output
    bumped = build_fixture(tmp_path / "b", {**BASE, **event(moved + "sequence: 1\n")}, env={"SOURCE_DATE_EPOCH": EPOCH},
                           data={"events-lock.json": lock})
    assert bumped.ok, bumped.output
