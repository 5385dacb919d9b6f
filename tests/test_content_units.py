"""Pure logic of the content hooks (issue 10): glossary, contacts, review dates,
news items and feeds, markers. No MkDocs build."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from lxml import etree

from sitebuild import ROOT
from sitekit.contacts import ContactsError, localise, missing_values, parse_contacts
from sitekit.glossary import GROUPS, GlossaryError, grouped, load_glossary, parse_glossary
from sitekit.markers import fill_markers, find_markers
from sitekit.press import NewsError, NewsItem, atom_feed, is_news, news_date, newest_first
from sitekit.reviewed import ReviewedError, format_date, is_stale, needs_review_date, parse_reviewed, today

FACTS = Path("/work/shared/content-sources/facts.md")
ATOM = "{http://www.w3.org/2005/Atom}"
LANGS = ("en", "zh")


# --- glossary -------------------------------------------------------------

def test_the_real_glossary_loads_and_covers_every_group_it_uses():
    terms = load_glossary(ROOT / "docs/data/glossary.yml")
    assert len(terms) >= 20
    assert {t.group for t in terms} <= set(GROUPS)
    assert sum(len(ts) for _, ts in grouped(terms)) == len(terms)


@pytest.mark.skipif(not FACTS.is_file(), reason="facts.md not on this machine")
def test_the_glossary_has_every_official_rendering_in_facts_md():
    """facts.md's "Official English renderings" table is the source of truth."""
    text = FACTS.read_text(encoding="utf-8").split("## Official English renderings", 1)[1]
    rows = [line.split("|")[1:3] for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    facts = {zh.strip().replace("(", "（").replace(")", "）"): en.strip() for zh, en in rows[1:]}
    terms = {t.zh: t for t in load_glossary(ROOT / "docs/data/glossary.yml")}
    assert len(facts) >= 10
    for zh, en in facts.items():
        assert zh in terms, f"{zh} missing from glossary.yml"
        term = terms[zh]
        shown = f"{term.en} (in full: {term.full})" if term.full else term.en
        assert shown == en, zh


BASE = {"zh": "舟山群岛新区", "en": "Zhoushan Archipelago New Area", "group": "platform", "source": "bjreview"}


@pytest.mark.parametrize("change, message", [
    ({"en": ""}, "'en' is missing"),
    ({"source": None}, "'source' is missing"),
    ({"group": "city"}, "group 'city' is not one of"),
    ({"wrong": "Zhoushan Archipelago New Area"}, "is the official rendering"),
    ({"wrong": [3]}, "'wrong' must be a list"),
    ({"colour": "blue"}, "unknown field"),
])
def test_glossary_errors_name_the_term_and_the_fix(change, message):
    entry = {**BASE, **change}
    with pytest.raises(GlossaryError, match=re.escape(message)) as err:
        parse_glossary([entry])
    assert "term 1" in str(err.value)


def test_glossary_refuses_duplicates_and_accepts_one_wrong_variant_as_text():
    with pytest.raises(GlossaryError, match="already term 1"):
        parse_glossary([BASE, BASE])
    (term,) = parse_glossary([{**BASE, "wrong": "Zhoushan Islands New Area"}])
    assert term.wrong == ("Zhoushan Islands New Area",)


# --- contacts -------------------------------------------------------------

def test_the_real_contacts_file_invents_nothing():
    data = yaml.safe_load((ROOT / "docs/data/contacts.yml").read_text(encoding="utf-8"))
    contacts = parse_contacts(data, LANGS)
    assert {"office", "press", "invest", "overseas_chinese"} <= set(contacts)
    for record in contacts.values():
        # No address, telephone number or e-mail is known yet: every one stays empty.
        assert record["phone"] == record["email"] == ""
        assert set(record["address"].values()) == {""}
        assert all(record["name"].values())


def test_contacts_missing_values_and_localise():
    contacts = parse_contacts({"press": {"name": {"en": "Press office", "zh": "媒体联络"},
                                         "address": {"en": "1 Road"}, "phone": "+86 580 1",
                                         "email": ""}}, LANGS)
    assert missing_values(contacts, LANGS) == ["press.address.zh", "press.email"]
    zh = localise(contacts, "press", "zh", "en")
    assert (zh.name, zh.address, zh.phone, zh.email) == ("媒体联络", "", "+86 580 1", "")
    assert localise(contacts, "press", "en", "en").address == "1 Road"


@pytest.mark.parametrize("data, message", [
    ({"press": {"name": {"en": ""}}}, "needs the name"),
    ({"press": {"name": {"en": "X"}, "phone": 5805}}, "in quotes"),
    ({"press": {"name": {"en": "X"}, "email": "not-an-address"}}, "not an e-mail"),
    ({"press": {"name": "X"}}, "one text per language"),
    ({"press": {"name": {"en": "X"}, "fax": ""}}, "unknown field"),
])
def test_contact_errors(data, message):
    with pytest.raises(ContactsError, match=re.escape(message)):
        parse_contacts(data, LANGS)


# --- review dates ---------------------------------------------------------

def test_today_comes_from_source_date_epoch():
    assert today({"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2023, 11, 14)
    assert today({}) == dt.datetime.now(dt.timezone.utc).date()
    with pytest.raises(ReviewedError):
        today({"SOURCE_DATE_EPOCH": "yesterday"})


def test_staleness_is_more_than_a_year():
    reviewed = dt.date(2025, 1, 1)
    assert not is_stale(reviewed, dt.date(2026, 1, 1))  # 365 days
    assert is_stale(reviewed, dt.date(2026, 1, 2))


def test_review_dates_parse_and_format():
    assert parse_reviewed(dt.date(2026, 11, 23)) == parse_reviewed("2026-11-23") == dt.date(2026, 11, 23)
    with pytest.raises(ReviewedError, match="reviewed: 2026-11-23"):
        parse_reviewed("last week")
    assert format_date(dt.date(2026, 1, 5), "en") == "5 January 2026"
    assert format_date(dt.date(2026, 1, 5), "zh") == "2026年1月5日"
    assert needs_review_date("living/index.zh.md") and not needs_review_date("about/index.md")


# --- news and feeds -------------------------------------------------------

def test_news_items():
    assert is_news("press/news/2024-01-12-port.zh.md") and not is_news("press/index.md")
    assert not is_news("press/news/index.md")
    assert news_date(dt.date(2024, 1, 12), "x") == dt.date(2024, 1, 12)
    with pytest.raises(NewsError, match="date: 2024-01-12"):
        news_date(None, "docs/press/news/x.md")
    a = NewsItem(dt.date(2023, 11, 19), "A", "", "press/news/a/")
    b = NewsItem(dt.date(2024, 1, 12), "B", "", "press/news/b/")
    assert newest_first([a, b]) == [b, a]


def feed(items, now=dt.date(2026, 1, 1)):
    return atom_feed(items, site_url="https://example.org", prefix="zh/", hreflang="zh-Hans",
                     title="T", subtitle="S", author="Office", now=now)


def test_atom_feed_is_deterministic_and_absolute():
    items = [NewsItem(dt.date(2023, 11, 19), "马拉松", "摘要", "zh/press/news/a/"),
             NewsItem(dt.date(2024, 1, 12), "港口", "", "zh/press/news/b/")]
    first = feed(items)
    assert first == feed(list(reversed(items)))
    root = etree.fromstring(first)
    assert root.findtext(f"{ATOM}updated") == "2024-01-12T00:00:00+08:00"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/zh/press/feed.xml"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["港口", "马拉松"]
    assert entries[0].findtext(f"{ATOM}id") == "https://example.org/zh/press/news/b/"


def test_an_empty_feed_is_valid_and_dated_now():
    root = etree.fromstring(feed([], now=dt.date(2026, 11, 23)))
    assert root.tag == f"{ATOM}feed" and root.findall(f"{ATOM}entry") == []
    assert root.findtext(f"{ATOM}updated") == "2026-11-23T00:00:00+08:00"
    assert root.findtext(f"{ATOM}id") and root.find(f"{ATOM}author") is not None


# --- markers --------------------------------------------------------------

def test_markers():
    html = "<p>a</p>\n<!-- contact:press -->\n<!-- news -->\n<!-- events:upcoming -->"
    assert find_markers(html, "contact") == ["press"]
    assert find_markers(html, "news") == [""]
    out = fill_markers(html, "contact", lambda arg: f"[{arg}]")
    assert "[press]" in out and "<!-- news -->" in out and "<!-- events:upcoming -->" in out
