"""Events (issue 3) in a built bilingual fixture site: listings, home block,
archive and category pages in both languages (point 3), the build-time split
(point 4), calendar files (point 5), JSON-LD on event pages (point 6), the feed
linked from every page (point 7), and reproducible output."""
from __future__ import annotations

import json
from datetime import date

import lxml.etree
import pytest
from icalendar import Calendar

from events_fixture import EPOCH, site_pages
from sitebuild import ROOT, build_fixture

UPCOMING = ["2026-launch", "2026-forum", "2026-expo", "2026-gala"]
PAST = ["2026-regatta", "2025-festival", "2024-marathon"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    build = build_fixture(tmp_path_factory.mktemp("events"), site_pages(), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.ok, build.output
    return build


def ids(container) -> list[str]:
    return [li["data-event-id"] for li in container.select("[data-event-id]")]


def visible_ids(container) -> list[str]:
    return [li["data-event-id"] for li in container.select("[data-event-id]") if not li.has_attr("hidden")]


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_events_page_splits_upcoming_soonest_first_and_past_newest_first(site, prefix):
    soup = site.html(f"{prefix}events/")
    assert ids(soup.select_one('[data-events-list="upcoming"]')) == UPCOMING
    assert ids(soup.select_one('[data-events-list="past"]')) == PAST
    assert "<!-- events:" not in str(soup)


def test_cards_are_in_the_pages_language_and_link_to_the_event(site):
    en = site.html("events/").select_one('[data-event-id="2026-forum"]')
    zh = site.html("zh/events/").select_one('[data-event-id="2026-forum"]')
    assert en.select_one("h3 a").get_text(strip=True) == "Island forum" and en.select_one("h3 a")["href"] == "2026-forum/"
    assert zh.select_one("h3 a").get_text(strip=True) == "海岛论坛" and zh.select_one("h3 a")["href"] == "2026-forum/"
    assert en.select_one("time")["datetime"] == "2026-07-01" and en.select_one("time").get_text() == "1–3 July 2026"
    assert zh.select_one("time").get_text() == "2026年7月1日至3日"
    assert en.select_one(".zs-event-card__status").get_text(strip=True) == "Cancelled"
    assert zh.select_one(".zs-event-card__status").get_text(strip=True) == "已取消"
    assert zh.select_one(".zs-event-card__category").get_text(strip=True) == "会议"


@pytest.mark.parametrize("prefix, heading", [("", "Coming up"), ("zh/", "近期活动")])
def test_home_shows_the_next_three_and_keeps_a_spare_for_the_script(site, prefix, heading):
    soup = site.html(prefix)
    block = soup.select_one('[data-events-list="next"]')
    assert block.find_previous("h2").get_text(strip=True).startswith(heading)
    assert visible_ids(block) == UPCOMING[:3]
    assert ids(block) == UPCOMING
    assert block.select_one("[data-events-empty]").has_attr("hidden")
    assert soup.select_one('script[src$="assets/events.js"]') is not None


@pytest.mark.parametrize("prefix, year", [("", "2026"), ("zh/", "2026年")])
def test_archive_groups_by_year_newest_first(site, prefix, year):
    sections = site.html(f"{prefix}events/archive/").select(".zs-events-archive__year")
    assert [s.h2.get_text(strip=True) for s in sections][0] == year
    assert [s.h2["id"] for s in sections] == ["year-2026", "year-2025", "year-2024"]
    assert ids(sections[0]) == ["2026-gala", "2026-expo", "2026-forum", "2026-launch", "2026-regatta"]
    assert ids(sections[1]) == ["2025-festival"] and ids(sections[2]) == ["2024-marathon"]


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_category_pages_list_only_their_category(site, prefix):
    sport = site.html(f"{prefix}events/category/sport/")
    assert ids(sport.select_one('[data-events-list="upcoming"]')) == []
    assert not sport.select_one('[data-events-list="upcoming"] [data-events-empty]').has_attr("hidden")
    assert ids(sport.select_one('[data-events-list="past"]')) == ["2026-regatta", "2024-marathon"]
    conference = site.html(f"{prefix}events/category/conference/")
    assert ids(conference.select_one('[data-events-list="upcoming"]')) == ["2026-launch", "2026-forum"]
    links = site.html(f"{prefix}events/").select(".zs-event-categories a")
    assert [a["href"] for a in links] == [f"category/{c}/" for c in ("conference", "festival", "sport", "exhibition", "exchange")]


def test_event_page_facts_box_and_calendar_link(site):
    soup = site.html("events/2026-launch/")
    box = soup.select_one("aside.zs-event-facts")
    assert box.find_previous("h1").get_text(strip=True) == "Port launch"
    assert "10 June 2026, 09:30–17:00" in box.select_one("time").get_text()
    assert "Zhujiajian, Zhoushan, Zhejiang" in box.get_text()
    add = box.select_one("a[download]")
    assert add["href"] == "2026-launch.ics" and (site.site / "events/2026-launch/2026-launch.ics").is_file()
    zh_box = site.html("zh/events/2026-launch/").select_one("aside.zs-event-facts")
    assert "朱家尖，舟山，浙江" in zh_box.get_text() and zh_box.select_one("a[download]")["href"] == "2026-launch.ics"
    assert (site.site / "zh/events/2026-launch/2026-launch.ics").is_file()


def test_event_sources_come_from_the_facts_file_in_each_language(site):
    assert [li.get_text(strip=True) for li in site.html("events/2024-marathon/").select(".zs-sources li")] == ["Example source"]
    assert [li.get_text(strip=True) for li in site.html("zh/events/2024-marathon/").select(".zs-sources li")] == ["示例来源"]


def test_month_precision_event_says_so_and_offers_no_calendar_file(site):
    box = site.html("events/2025-festival/").select_one("aside.zs-event-facts")
    assert box.select_one("time").get_text() == "October 2025" and "exact days not confirmed" in box.get_text()
    assert box.select_one("a[download]") is None
    assert not list((site.site / "events/2025-festival").glob("*.ics"))


def test_rescheduled_and_cancelled_pages_say_so(site):
    expo = site.html("events/2026-expo/").select_one(".zs-event-facts__status").get_text(" ", strip=True)
    assert "Rescheduled" in expo and "20 August 2026" in expo
    assert "已取消" in site.html("zh/events/2026-forum/").select_one(".zs-event-facts__status").get_text()


def jsonld(soup) -> dict:
    scripts = soup.select('head script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_event_pages_carry_event_jsonld(site, prefix):
    for event_id in UPCOMING + PAST:
        data = jsonld(site.html(f"{prefix}events/{event_id}/"))
        assert data["@type"] == "Event" and data["url"].endswith(f"{prefix}events/{event_id}/")
        assert {"name", "startDate", "eventStatus", "eventAttendanceMode", "description"} <= set(data)
    forum = jsonld(site.html(f"{prefix}events/2026-forum/"))
    assert forum["eventStatus"] == "https://schema.org/EventCancelled" and forum["startDate"] == "2026-07-01"
    assert forum["location"]["geo"]["latitude"] == 29.9
    assert jsonld(site.html(f"{prefix}events/2026-expo/"))["previousStartDate"] == "2026-08-20"
    assert not site.html(f"{prefix}events/").select('script[type="application/ld+json"]')


def test_every_page_links_its_languages_feed_and_the_feeds_exist(site):
    for path in site.pages():
        rel = path.relative_to(site.site).as_posix()
        if rel in ("404.html", "zh/404.html"):
            continue
        links = site.html(rel).select('head link[rel="alternate"][type="application/rss+xml"]')
        expected = site.site / ("zh/events/feed.xml" if rel.startswith("zh/") else "events/feed.xml")
        assert [(path.parent / link["href"]).resolve() for link in links] == [expected.resolve()], rel
    zh = lxml.etree.fromstring((site.site / "zh/events/feed.xml").read_bytes()).find("channel")
    assert zh.findtext("language") == "zh-Hans"
    assert [i.findtext("title") for i in zh.findall("item")][:2] == ["晚会", "艺术博览会"]
    assert len(zh.findall("item")) == len(UPCOMING + PAST)


def test_calendar_feed_per_language_has_every_day_precise_event(site):
    for prefix, summary in (("", "Port launch"), ("zh/", "港口发布会")):
        cal = Calendar.from_ical((site.site / prefix / "events/calendar.ics").read_bytes())
        events = {str(ev["SUMMARY"]) for ev in cal.walk("VEVENT")}
        assert summary in events and len(events) == 6  # the month-precision festival is left out
        forum = [ev for ev in cal.walk("VEVENT") if "2026-forum" in str(ev["URL"])][0]
        assert str(forum["STATUS"]) == "CANCELLED" and int(forum["SEQUENCE"]) == 2
        assert forum.decoded("DTSTART") == date(2026, 7, 1) and forum.decoded("DTEND") == date(2026, 7, 4)


def test_facts_files_are_not_published_and_event_pages_are_built_in_both_languages(site):
    assert not list(site.site.rglob("event.yml"))
    for event_id in UPCOMING + PAST:
        assert (site.site / "events" / event_id / "index.html").is_file()
        assert (site.site / "zh/events" / event_id / "index.html").is_file()


def test_same_sources_and_epoch_give_identical_files(site, tmp_path):
    again = build_fixture(tmp_path, site_pages(), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert again.ok, again.output
    for rel in ("events/calendar.ics", "zh/events/feed.xml", "events/2026-launch/2026-launch.ics",
                "index.html", "zh/events/index.html", "events/2026-forum/index.html"):
        assert (again.site / rel).read_bytes() == (site.site / rel).read_bytes(), rel


def test_with_no_upcoming_event_the_home_block_points_to_past_events(tmp_path):
    pages = site_pages()
    pages = {k: v for k, v in pages.items() if not k.startswith("events/2026-") or k.startswith("events/2026-regatta")}
    build = build_fixture(tmp_path, pages, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.ok, build.output
    for prefix, words in (("", "No upcoming events"), ("zh/", "目前尚未公布")):
        block = build.html(prefix).select_one('[data-events-list="next"]')
        assert ids(block) == []
        empty = block.select_one("[data-events-empty]")
        assert not empty.has_attr("hidden") and words in empty.get_text()
        assert empty.a["href"] == "events/archive/"


def test_an_event_copied_from_the_editor_template_appears_everywhere(tmp_path):
    template = ROOT / "docs" / "templates" / "event"
    copied = {f"events/2027-new-event/{name}": (template / name).read_text(encoding="utf-8").replace(
        "https://...", "https://example.org/source") for name in ("event.yml", "index.md", "index.zh.md")}
    build = build_fixture(tmp_path, {**site_pages(), **copied}, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.ok, build.output
    for prefix, title in (("", "Name of the event in English"), ("zh/", "活动中文名称")):
        assert "2027-new-event" in ids(build.html(f"{prefix}events/").select_one('[data-events-list="upcoming"]'))
        assert "2027-new-event" in ids(build.html(prefix).select_one('[data-events-list="next"]'))
        assert "2027-new-event" in ids(build.html(f"{prefix}events/archive/").select_one("#year-2027").parent)
        assert "2027-new-event" in ids(build.html(f"{prefix}events/category/conference/"))
        page = build.html(f"{prefix}events/2027-new-event/")
        assert jsonld(page)["name"] == title and jsonld(page)["startDate"] == "2027-05-01"
        assert page.select_one("aside.zs-event-facts a[download]")["href"] == "2027-new-event.ics"
        cal = Calendar.from_ical((build.site / prefix / "events/calendar.ics").read_bytes())
        assert title in {str(ev["SUMMARY"]) for ev in cal.walk("VEVENT")}
        feed = lxml.etree.fromstring((build.site / prefix / "events/feed.xml").read_bytes())
        assert title == feed.find("channel/item").findtext("title")  # the newest event leads
