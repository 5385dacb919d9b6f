"""Events (issue 3): the pure logic, without MkDocs. Schema and YAML traps
(point 2), ordering and the upcoming/past split with time zones (points 3-4),
.ics parsed back with icalendar (point 5), JSON-LD (point 6), the feed (point 7)."""
from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import lxml.etree
import pytest
from icalendar import Calendar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from sitekit.events_check import check_tree  # noqa: E402
from sitekit.events_feed import make_feed  # noqa: E402
from sitekit.events_ics import event_uid, make_calendar  # noqa: E402
from sitekit.events_jsonld import event_jsonld, jsonld_script_text  # noqa: E402
from sitekit.events_listing import (  # noqa: E402
    EventEntry, build_now, by_year, find_markers, format_when, past, upcoming,
)
from sitekit.events_schema import check_facts, check_page_meta  # noqa: E402
from sitekit.events_yaml import FactsError, load_facts_text  # noqa: E402

SOURCES = "sources:\n  - title: A source\n    url: https://example.org/a\n"
VENUE = (
    "venue:\n  name:\n    en: Hall\n    zh: 会堂\n  address:\n    locality:\n      en: Zhoushan\n      zh: 舟山\n"
    "    region:\n      en: Zhejiang\n      zh: 浙江\n    country: CN\n"
)
SITE = "https://english.example.gov.cn/"
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
LABELS = {
    **{f"status.{s}": s.upper() for s in ("scheduled", "cancelled", "postponed", "rescheduled", "moved-online")},
    **{f"category.{c}": c.title() for c in ("conference", "festival", "sport", "exhibition", "exchange")},
    "previously": "Originally",
}


def facts(text: str, event_id: str = "x-event"):
    data, lines = load_facts_text(text, "docs/events/x/event.yml")
    return check_facts(event_id, data, lines, "docs/events/x/event.yml")


def entry(text: str, event_id: str = "x-event", lang: str = "en") -> EventEntry:
    prefix = "" if lang == "en" else "zh/"
    return EventEntry(facts(text, event_id), lang, f"Title {event_id}", f"Summary {event_id}.", f"{prefix}events/{event_id}/")


def error(text: str) -> FactsError:
    with pytest.raises(FactsError) as info:
        facts(text)
    return info.value


# ------------------------------------------------------------ YAML traps and schema (point 2)

def test_values_are_read_as_written_text():
    data, lines = load_facts_text("start_time: 12:30\nstatus: no\nstart: 20240501\n", "f.yml")
    assert data == {"start_time": "12:30", "status": "no", "start": "20240501"}
    assert lines.of("status") == 2


def test_unquoted_sexagesimal_time_is_the_time_written():
    f = facts("start: 2026-06-10\nstart_time: 12:30\nend_time: 17:00\ncategory: sport\n" + SOURCES)
    assert (f.start_time.hour, f.start_time.minute) == (12, 30)


@pytest.mark.parametrize("text, line, words", [
    ("start: 20240501\n", 1, "2024-05-01"),
    ("start: 2024-13-45\n", 1, "not a real date"),
    ("start: 2024-02-30\n", 1, "not a real date"),
    ("start: 2024-5-1\n", 1, "two digits"),
    ("start: 2024-05-01\nstart_time: 9:30\nend_time: 10:00\n", 2, '"09:30"'),
    ("start: 2024-05-01\nstart_time: 25:00\nend_time: 26:00\n", 2, "24-hour"),
    ("start: 2024-05-01\nstatus: no\n", 2, "scheduled, cancelled"),
    ("start: 2024-05-01\ncategory: yes\n", 2, "conference, festival"),
    ("start: 2024-05-01\nend: 2024-04-30\n", 2, "before"),
    ("start: 2024-05\nend: 2024-05-31\n", 2, "as precise"),
    ("start: 2024-05-01\nstatus: rescheduled\nsequence: 1\n", 2, "previous_start"),
    ("start: 2024-05-01\nstatus: cancelled\ncategory: sport\n" + SOURCES, 2, "sequence: 1"),
    ("start: 2024-05-01\ntimezone: Asia/Zhoushan\n", 2, "time zone"),
    ("start: 2024-05-01\nstart_time: 09:00\n", 2, "end_time"),
    ("start: 2024-05\nstart_time: 09:00\nend_time: 10:00\n", 2, "exact day"),
    ("start: 2024-05-01\ncolour: red\n", 2, "unknown field"),
    ("start: 2024-05-01\nstart: 2024-05-02\n", 2, "twice"),
    ("start: !!int 2024\n", 1, "tag"),
    ("start: 2024-05-01\ncategory: sport\nsources: [\n", 4, "not valid YAML"),
    ("start: 2024-05-01\ncategory: sport\n" + VENUE.replace("    country: CN", "    country: China"), 14, "country code"),
    ("start: 2024-05-01\ncategory: sport\n" + VENUE.replace("    zh: 会堂\n", ""), 5, "'venue.name.zh' is missing; write the zh text"),
    ("start: 2024-05-01\ncategory: sport\nattendance: online\n" + SOURCES, 3, "online_url"),
    ("start: 2024-05-01\ncategory: sport\nsources:\n  - title: A\n    url: example.org\n", 5, "full web address"),
])
def test_bad_facts_name_file_line_and_what_to_write(text, line, words):
    exc = error(text)
    assert exc.path == "docs/events/x/event.yml"
    assert exc.line == line, str(exc)
    assert words in str(exc)
    assert str(exc).startswith(f"docs/events/x/event.yml:{line}: ")


def test_missing_required_fields_are_named():
    assert "'start' is missing" in str(error("category: sport\n" + SOURCES))
    assert "'category' is missing" in str(error("start: 2024-05-01\n" + SOURCES))
    assert "'sources' is missing" in str(error("start: 2024-05-01\ncategory: sport\n"))


def test_page_front_matter_may_not_carry_facts_or_non_text():
    ok = check_page_meta({"title": "T", "description": "D."}, "docs/events/x/index.md", "docs/events/x/event.yml")
    assert ok == ("T", "D.")
    with pytest.raises(FactsError, match=r"docs/events/x/index.zh.md: front matter field 'start' is a fact.*event.yml"):
        check_page_meta({"title": "T", "description": "D.", "start": date(2024, 5, 2)}, "docs/events/x/index.zh.md", "docs/events/x/event.yml")
    with pytest.raises(FactsError, match="'status' is a fact"):
        check_page_meta({"title": "T", "description": "D.", "status": "cancelled"}, "p.md", "f.yml")
    with pytest.raises(FactsError, match=r"'title' must be text \(YAML read it as False"):
        check_page_meta({"title": False, "description": "D."}, "p.md", "f.yml")
    with pytest.raises(FactsError, match="read it as 20240501"):
        check_page_meta({"title": 20240501, "description": "D."}, "p.md", "f.yml")


def test_precisions_and_open_end():
    month = facts('start: "2025-10"\ncategory: festival\n' + SOURCES)
    assert month.start_instant() == datetime(2025, 10, 1, tzinfo=month.tz)
    assert month.end_instant() == datetime(2025, 11, 1, tzinfo=month.tz)
    year = facts("start: 2017\ncategory: festival\n" + SOURCES)
    assert year.end_instant() == datetime(2018, 1, 1, tzinfo=year.tz)
    december = facts("start: 2025-12\ncategory: festival\n" + SOURCES)
    assert december.end_instant() == datetime(2026, 1, 1, tzinfo=december.tz)
    opening = facts("start: 2022-08-31\nend: unknown\ncategory: conference\n" + SOURCES)
    assert opening.open_ended and opening.end is None


# ------------------------------------------------------------ ordering, split, time zones (points 3, 4)

TIMED = "start: 2026-06-10\nstart_time: 09:30\nend_time: 17:00\ncategory: conference\n" + SOURCES


def test_time_zone_sets_the_instant():
    f = facts(TIMED)
    assert f.start_instant().astimezone(timezone.utc) == datetime(2026, 6, 10, 1, 30, tzinfo=timezone.utc)
    assert f.end_instant().astimezone(timezone.utc) == datetime(2026, 6, 10, 9, 0, tzinfo=timezone.utc)
    london = facts(TIMED + "timezone: Europe/London\n")
    assert london.start_instant().astimezone(timezone.utc) == datetime(2026, 6, 10, 8, 30, tzinfo=timezone.utc)


def test_an_all_day_event_is_over_at_midnight_in_its_own_time_zone():
    e = entry("start: 2026-05-31\ncategory: sport\n" + SOURCES)
    # Midnight in Zhoushan is 16:00 UTC the day before.
    assert upcoming([e], datetime(2026, 5, 31, 15, 59, tzinfo=timezone.utc)) == [e]
    assert past([e], datetime(2026, 5, 31, 16, 0, tzinfo=timezone.utc)) == [e]


def test_an_event_in_progress_is_still_upcoming_and_a_finished_one_is_past():
    e = entry(TIMED)
    assert upcoming([e], datetime(2026, 6, 10, 8, 59, tzinfo=timezone.utc)) == [e]
    assert upcoming([e], datetime(2026, 6, 10, 9, 0, tzinfo=timezone.utc)) == []


def test_a_month_event_is_past_only_when_the_month_is_over():
    e = entry('start: "2026-05"\ncategory: festival\n' + SOURCES)
    assert upcoming([e], datetime(2026, 5, 31, 15, 0, tzinfo=timezone.utc)) == [e]
    assert past([e], NOW) == [e]


def test_upcoming_soonest_first_and_past_newest_first_and_archive_by_year():
    a = entry("start: 2026-09-01\ncategory: sport\n" + SOURCES, "c-sep")
    b = entry("start: 2026-07-01\ncategory: sport\n" + SOURCES, "b-jul")
    c = entry("start: 2025-03-01\ncategory: sport\n" + SOURCES, "a-mar")
    d = entry('start: "2025-10"\ncategory: sport\n' + SOURCES, "d-oct")
    e = entry("start: 2024-01-01\ncategory: sport\n" + SOURCES, "e-jan")
    entries = [c, a, e, b, d]
    assert [x.id for x in upcoming(entries, NOW)] == ["b-jul", "c-sep"]
    assert [x.id for x in past(entries, NOW)] == ["d-oct", "a-mar", "e-jan"]
    assert [(year, [x.id for x in items]) for year, items in by_year(entries)] == [
        (2026, ["c-sep", "b-jul"]), (2025, ["d-oct", "a-mar"]), (2024, ["e-jan"])]


def test_build_now_comes_from_source_date_epoch():
    assert build_now({"SOURCE_DATE_EPOCH": "1780272000"}) == datetime(2026, 6, 1, tzinfo=timezone.utc)
    assert abs(build_now({}) - datetime.now(timezone.utc)) < timedelta(minutes=1)
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        build_now({"SOURCE_DATE_EPOCH": "yesterday"})


@pytest.mark.parametrize("text, en, zh", [
    ("start: 2023-10-12\nend: 2023-10-14\n", "12–14 October 2023", "2023年10月12日至14日"),
    ("start: 2019-08-28\nend: 2019-09-02\n", "28 August – 2 September 2019", "2019年8月28日至9月2日"),
    ("start: 2019-12-30\nend: 2020-01-02\n", "30 December 2019 – 2 January 2020", "2019年12月30日至2020年1月2日"),
    ('start: "2021-11"\n', "November 2021", "2021年11月"),
    ("start: 2017\n", "2017", "2017年"),
    ("start: 2026-06-10\nstart_time: 09:30\nend_time: 17:00\n", "10 June 2026, 09:30–17:00 (Asia/Shanghai, UTC+8)",
     "2026年6月10日 09:30—17:00（Asia/Shanghai, UTC+8）"),
])
def test_dates_in_words_in_both_languages(text, en, zh):
    f = facts(text + "category: sport\n" + SOURCES)
    assert (format_when(f, "en"), format_when(f, "zh")) == (en, zh)


def test_markers_are_parsed_and_mistakes_named():
    html = "<!-- events:upcoming -->\n<!-- events:next -->\n<!-- events:next 5 -->\n<!-- events:category sport -->"
    assert [(m.kind, m.argument) for m in find_markers(html, "p.md")] == [
        ("upcoming", ""), ("next", "3"), ("next", "5"), ("category", "sport")]
    for bad, words in (("<!-- events:upcomming -->", "unknown marker"), ("<!-- events:category sports -->", "names no category"),
                       ("<!-- events:next many -->", "from 1 to 20"), ("<!-- events:past 3 -->", "takes no argument")):
        with pytest.raises(FactsError, match=words) as info:
            find_markers(bad, "docs/p.md")
        assert str(info.value).startswith("docs/p.md: ")


# ------------------------------------------------------------ iCalendar (point 5)

def only_event(ics: bytes):
    cal = Calendar.from_ical(ics)
    events = cal.walk("VEVENT")
    assert len(events) == 1
    return cal, events[0]


def test_timed_event_ics_field_by_field():
    e = entry(TIMED + VENUE)
    cal, ev = only_event(make_calendar([e], "Cal", "en", SITE, NOW, LABELS))
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal
    assert str(ev["UID"]) == event_uid("x-event")
    assert ev.decoded("DTSTAMP") == NOW
    assert int(ev["SEQUENCE"]) == 0
    assert ev["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert ev.decoded("DTSTART") == datetime(2026, 6, 10, 9, 30, tzinfo=e.facts.tz)
    assert ev.decoded("DTEND") == datetime(2026, 6, 10, 17, 0, tzinfo=e.facts.tz)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert str(ev["STATUS"]) == "CONFIRMED"
    assert str(ev["SUMMARY"]) == "Title x-event" and ev["SUMMARY"].params["LANGUAGE"] == "en"
    assert str(ev["URL"]) == SITE + "events/x-event/"
    assert str(ev["LOCATION"]) == "Hall, Zhoushan, Zhejiang"


def test_all_day_event_has_dates_and_an_exclusive_end():
    _, ev = only_event(make_calendar([entry("start: 2023-10-12\nend: 2023-10-14\ncategory: sport\n" + SOURCES)], "C", "en", SITE, NOW, LABELS))
    assert ev.decoded("DTSTART") == date(2023, 10, 12) and not isinstance(ev.decoded("DTSTART"), datetime)
    assert ev.decoded("DTEND") == date(2023, 10, 15)
    assert ev["DTSTART"].params.get("VALUE") == "DATE"


def test_cancelled_event_keeps_its_date_grows_sequence_and_says_cancelled_in_its_language():
    text = "start: 2026-07-01\nstatus: cancelled\nsequence: 2\ncategory: conference\n" + SOURCES
    _, ev = only_event(make_calendar([entry(text, lang="zh")], "日历", "zh", SITE, NOW, {**LABELS, "status.cancelled": "已取消"}))
    assert str(ev["STATUS"]) == "CANCELLED" and int(ev["SEQUENCE"]) == 2
    assert ev.decoded("DTSTART") == date(2026, 7, 1)
    assert str(ev["DESCRIPTION"]).startswith("已取消") and ev["DESCRIPTION"].params["LANGUAGE"] == "zh"
    assert str(ev["URL"]) == SITE + "zh/events/x-event/"
    assert str(ev["UID"]) == event_uid("x-event")  # the same event in every language


def test_uid_is_stable_and_distinct():
    assert event_uid("a") == event_uid("a") != event_uid("b")


def test_month_and_year_events_stay_out_of_calendars():
    month = entry('start: "2021-11"\ncategory: conference\n' + SOURCES, "m")
    day = entry("start: 2021-11-02\ncategory: conference\n" + SOURCES, "d")
    cal = Calendar.from_ical(make_calendar([month, day], "C", "en", SITE, NOW, LABELS))
    assert [str(ev["UID"]) for ev in cal.walk("VEVENT")] == [event_uid("d")]
    assert month.ics_url == "" and day.ics_url == "events/d/d.ics"


# ------------------------------------------------------------ JSON-LD (point 6)

REQUIRED = {"@context", "@type", "name", "startDate", "location"}
RECOMMENDED = {"description", "endDate", "eventStatus", "eventAttendanceMode", "organizer"}


def test_jsonld_has_what_google_requires_and_recommends():
    text = ("start: 2023-10-12\nend: 2023-10-14\ncategory: conference\n"
            "organizer:\n  name:\n    en: The Office\n    zh: 本办\n  url: https://example.org/\n" + VENUE + SOURCES)
    data = event_jsonld(entry(text), SITE, image_url=SITE + "events/x-event/photo.jpg")
    assert REQUIRED | RECOMMENDED | {"image"} <= set(data)
    assert data["@type"] == "Event" and data["startDate"] == "2023-10-12" and data["endDate"] == "2023-10-14"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place" and data["location"]["address"]["addressCountry"] == "CN"
    assert data["location"]["address"]["addressLocality"] == "Zhoushan"
    assert data["organizer"] == {"@type": "Organization", "name": "The Office", "url": "https://example.org/"}


def test_jsonld_in_chinese_uses_chinese_text():
    data = event_jsonld(entry("start: 2023-10-12\ncategory: conference\n" + VENUE + SOURCES, lang="zh"), SITE)
    assert data["location"]["name"] == "会堂" and data["inLanguage"] == "zh-Hans"
    assert data["url"] == SITE + "zh/events/x-event/"


def test_jsonld_timed_rescheduled_and_cancelled():
    timed = event_jsonld(entry(TIMED + VENUE), SITE)
    assert timed["startDate"] == "2026-06-10T09:30+08:00" and timed["endDate"] == "2026-06-10T17:00+08:00"
    moved = event_jsonld(entry("start: 2026-09-05\nstatus: rescheduled\nprevious_start: 2026-08-20\nsequence: 1\n"
                               "category: exhibition\n" + VENUE + SOURCES), SITE)
    assert moved["eventStatus"].endswith("EventRescheduled") and moved["previousStartDate"] == "2026-08-20"
    cancelled = event_jsonld(entry("start: 2026-07-01\nstatus: cancelled\nsequence: 1\ncategory: exhibition\n" + VENUE + SOURCES), SITE)
    assert cancelled["eventStatus"].endswith("EventCancelled") and cancelled["startDate"] == "2026-07-01"


def test_jsonld_online_event_has_a_virtual_location():
    data = event_jsonld(entry("start: 2026-07-01\nstatus: moved-online\nsequence: 1\nonline_url: https://example.org/live\n"
                              "category: exchange\n" + SOURCES), SITE)
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://example.org/live"}
    assert data["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    assert data["eventStatus"].endswith("EventMovedOnline")


def test_jsonld_script_text_cannot_close_the_script_element():
    e = EventEntry(facts(TIMED), "en", "A </script> title", "S.", "events/x/")
    text = jsonld_script_text(event_jsonld(e, SITE))
    assert "</script" not in text and json.loads(text)["name"] == "A </script> title"


# ------------------------------------------------------------ feed (point 7)

def test_feed_lists_every_event_newest_first_with_stable_guids():
    old = entry("start: 2024-01-01\ncategory: sport\n" + SOURCES, "old")
    new = entry("start: 2026-09-01\nstatus: cancelled\nsequence: 1\ncategory: sport\n" + SOURCES, "new")
    xml = make_feed([old, new], title="Events", description="All events.", lang="en", site_url=SITE,
                    feed_url="events/feed.xml", home_url="events/", now=NOW, labels=LABELS)
    root = lxml.etree.fromstring(xml)
    channel = root.find("channel")
    assert channel.findtext("link") == SITE + "events/"
    assert channel.findtext("language") == "en"
    assert channel.findtext("lastBuildDate") == "Mon, 01 Jun 2026 00:00:00 +0000"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Title new", "Title old"]
    assert [i.findtext("guid") for i in items] == [event_uid("new"), event_uid("old")]
    assert items[0].findtext("description").startswith("CANCELLED. 1 September 2026. ")
    assert items[0].findtext("link") == SITE + "events/new/"


# ------------------------------------------------------------ the editors' check command

def test_check_command_reports_file_and_line_of_each_problem(tmp_path):
    good, bad = tmp_path / "events" / "2026-good", tmp_path / "events" / "2026-bad"
    for folder in (good, bad):
        folder.mkdir(parents=True)
        (folder / "index.md").write_text("---\ntitle: T\ndescription: D.\n---\n\nText.\n", encoding="utf-8")
    (good / "event.yml").write_text("start: 2026-06-10\ncategory: sport\n" + SOURCES, encoding="utf-8")
    (good / "index.zh.md").write_text("---\ntitle: 标题\ndescription: 简介。\n---\n\n正文。\n", encoding="utf-8")
    (bad / "event.yml").write_text("start: 20260610\ncategory: sport\n" + SOURCES, encoding="utf-8")
    (bad / "index.zh.md").write_text("---\ntitle: 标题\ndescription: 简介。\nstatus: cancelled\n---\n", encoding="utf-8")
    problems = check_tree(tmp_path)
    assert len(problems) == 2
    assert problems[0].startswith("docs/events/2026-bad/event.yml:1: ") and "2026-06-10" in problems[0]
    assert problems[1].startswith("docs/events/2026-bad/index.zh.md: ") and "'status' is a fact" in problems[1]
    (good / "index.zh.md").unlink()
    assert "docs/events/2026-good/index.zh.md: missing" in check_tree(tmp_path)[-1]


# ------------------------------------------------------------ SEQUENCE must grow (point 5)

def test_a_schedule_change_without_a_higher_sequence_is_refused():
    from sitekit.events_lock import make_lock, sequence_problem, stale

    before = facts("start: 2026-06-10\ncategory: sport\n" + VENUE + SOURCES)
    lock = make_lock([before])
    assert sequence_problem(before, lock) is None and stale([before], lock) == []
    moved = facts("start: 2026-06-11\ncategory: sport\n" + VENUE + SOURCES)
    message = sequence_problem(moved, lock)
    assert message.startswith("docs/events/x/event.yml: ") and "'sequence: 1'" in message
    assert sequence_problem(facts("start: 2026-06-11\nsequence: 1\ncategory: sport\n" + VENUE + SOURCES), lock) is None
    new_venue = facts("start: 2026-06-10\ncategory: sport\n" + VENUE.replace("Hall", "Pier") + SOURCES)
    assert sequence_problem(new_venue, lock) is not None
    retitled_source = facts("start: 2026-06-10\ncategory: sport\n" + VENUE + SOURCES.replace("A source", "B"))
    assert sequence_problem(retitled_source, lock) is None  # not a calendar fact
    assert stale([moved], lock) == ["x-event"]
