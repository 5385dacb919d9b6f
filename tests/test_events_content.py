"""Events (issue 3, point 8): the real event records agree with their source of
truth (shared/content-sources/facts.md, pinned below), every event exists in
both languages, every category has its page, and the real site shows them."""
from __future__ import annotations

import json
import sys

import pytest
from icalendar import Calendar

from sitebuild import ROOT

sys.path.insert(0, str(ROOT / "hooks"))

from sitekit.events_lock import LOCK_PATH, parse_lock, stale  # noqa: E402
from sitekit.events_schema import CATEGORIES, check_facts, check_page_meta  # noqa: E402
from sitekit.events_yaml import load_facts_text  # noqa: E402
from sitekit.front_matter import parse_front_matter  # noqa: E402

EVENTS = ROOT / "docs" / "events"
# What facts.md verifies: id -> (start, end or None, "unknown" for an unverified end, locality or None)
VERIFIED = {
    "2017-world-oil-traders-congress": ("2017-09-18", "2017-09-19", "Hangzhou"),
    "2019-world-oil-traders-congress": ("2019-10", None, None),          # "about 2019-10-18", venue unverified
    "2021-world-oil-traders-congress": ("2021-11", None, "Zhoushan"),
    "2022-world-oil-traders-congress": ("2022-08-31", "unknown", "Zhoushan"),  # "opened 2022-08-31"
    "2023-world-oil-traders-congress": ("2023-10", None, "Zhoushan"),    # opening 24 or 25 Oct: month only
    "2015-islands-tourism-conference": ("2015-10-13", "unknown", "Zhoushan"),
    "2016-islands-tourism-conference": ("2016-09-21", "2016-09-23", "Zhoushan"),
    "2017-islands-tourism-conference": ("2017", None, "Zhoushan"),
    "2019-islands-tourism-conference": ("2019-08-28", "2019-08-30", "Zhoushan"),
    "2023-islands-tourism-conference": ("2023-10-12", "2023-10-14", "Zhoushan"),
    "2019-sand-sculpture-festival": ("2019-07-19", "unknown", "Zhoushan"),
    "2023-islands-marathon": ("2023-11-19", None, "Zhoushan"),
}


def load(event_id: str):
    path = EVENTS / event_id / "event.yml"
    data, lines = load_facts_text(path.read_text(encoding="utf-8"), str(path))
    return check_facts(event_id, data, lines, str(path), image_exists=lambda name: (path.parent / name).is_file())


def event_ids() -> list[str]:
    return sorted(p.parent.name for p in EVENTS.glob("*/event.yml"))


def test_exactly_the_verified_events_are_published():
    assert event_ids() == sorted(VERIFIED)


@pytest.mark.parametrize("event_id", sorted(VERIFIED))
def test_event_facts_match_the_verified_sources(event_id):
    start, end, locality = VERIFIED[event_id]
    facts = load(event_id)
    assert facts.start.iso() == start
    if end == "unknown":
        assert facts.open_ended and facts.end is None
    else:
        assert (facts.end.iso() if facts.end else None) == end and not facts.open_ended
    assert (facts.venue.address.locality["en"] if facts.venue else None) == locality
    assert facts.status == "scheduled" and facts.category in CATEGORIES
    assert facts.sources, "every event cites its sources"


@pytest.mark.parametrize("event_id", sorted(VERIFIED))
def test_every_event_has_both_languages_with_text_only(event_id):
    for name in ("index.md", "index.zh.md"):
        path = EVENTS / event_id / name
        meta, _ = parse_front_matter(path.read_text(encoding="utf-8"), str(path))
        title, summary = check_page_meta(meta, str(path), "event.yml")
        assert title and summary


def test_the_sequence_lock_is_current():
    path = ROOT / "docs" / LOCK_PATH
    lock = parse_lock(path.read_text(encoding="utf-8"), str(path))
    assert stale([load(i) for i in event_ids()], lock) == [], (
        "run: cd hooks && ../.venv/bin/python -m sitekit.events_check ../docs --update-lock")


def test_every_category_has_a_page_in_both_languages_in_the_nav():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for category in CATEGORIES:
        for name in (f"{category}.md", f"{category}.zh.md"):
            text = (EVENTS / "category" / name).read_text(encoding="utf-8")
            assert f"<!-- events:category {category} -->" in text, name
        assert f"- events/category/{category}.md" in nav


def test_the_pan_pacific_exhibition_is_a_plan_goal_not_an_event():
    assert not [i for i in event_ids() if "pacific" in i]
    for name, goal, unconfirmed in (("index.md", "goal", "No source confirms"), ("index.zh.md", "目标", "没有资料证实")):
        text = (EVENTS / name).read_text(encoding="utf-8")
        assert goal in text and unconfirmed in text, name


# ---------------------------------------------------------------- the real site

@pytest.mark.parametrize("prefix, words", [("", "No upcoming events"), ("zh/", "目前尚未公布")])
def test_real_home_page_says_no_upcoming_event_and_links_to_past_events(real_site, prefix, words):
    block = real_site.html(prefix).select_one('[data-events-list="next"]')
    assert block.select("[data-event-id]") == []  # every real event is over (today is after November 2023)
    empty = block.select_one("[data-events-empty]")
    assert words in empty.get_text() and empty.a["href"] == "events/archive/"
    assert (real_site.site / prefix / "events/archive/index.html").is_file()


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_real_events_page_lists_every_event_as_past(real_site, prefix):
    soup = real_site.html(f"{prefix}events/")
    past = [li["data-event-id"] for li in soup.select('[data-events-list="past"] [data-event-id]')]
    assert sorted(past) == sorted(VERIFIED) and past[0] == "2023-islands-marathon"


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_real_event_pages_have_jsonld_sources_and_a_calendar_or_a_reason(real_site, prefix):
    for event_id in VERIFIED:
        soup = real_site.html(f"{prefix}events/{event_id}/")
        data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
        assert data["@type"] == "Event" and data["startDate"] == load(event_id).start.iso()
        assert soup.select(".zs-sources li")
        box = soup.select_one("aside.zs-event-facts")
        link = box.select_one("a[download]")
        if load(event_id).start.precision == "day":
            ics = real_site.site / prefix / "events" / event_id / link["href"]
            assert len(Calendar.from_ical(ics.read_bytes()).walk("VEVENT")) == 1
        else:
            assert link is None and box.select_one(".zs-event-facts__calendar").get_text(strip=True)
