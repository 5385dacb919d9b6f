"""Glossary page, contacts, "last reviewed" and the press room, built as small
bilingual fixture sites through the real hooks and templates (issue 10, points
4, 5, 6 and 9)."""
from __future__ import annotations

import pytest
from lxml import etree

from sitebuild import build_fixture, page

ATOM = "{http://www.w3.org/2005/Atom}"
EPOCH_2026_11_23 = "1795392000"  # 2026-11-23T00:00:00Z
SITE_URL = "https://english.example.org/"
GOV = {
    "owner": {"en": "Test Office", "zh": "测试办公室"}, "contact": "office@example.org",
    "icp_number": "浙ICP备00000000号", "psb_number": "浙公网安备 00000000000000号",
    "psb_url": "https://beian.mps.gov.cn/", "site_code": "0000000000", "report_url": "https://example.org/r",
}

GLOSSARY = """
- zh: 舟山群岛新区
  en: Zhoushan Archipelago New Area
  full: Zhejiang Zhoushan Archipelago New Area
  group: platform
  wrong: [Zhoushan Islands New Area]
  source: bjreview
- zh: 普陀山
  en: Mount Putuo
  group: place
  source: zstour.gov.cn
"""
CONTACTS = """
press:
  name: {en: Press office, zh: 媒体联络}
  address: {en: "", zh: ""}
  phone: "+86 580 0000000"
  email: "press@example.org"
office:
  name: {en: The office, zh: 本办}
  address: {en: "", zh: ""}
  phone: ""
  email: ""
"""
FILLED_CONTACTS = """
office:
  name: {en: The office, zh: 本办}
  address: {en: 1 Test Road, zh: 测试路1号}
  phone: "+86 580 0000000"
  email: "office@example.org"
"""


def news(title, date, body="Text.", **meta):
    return page(title, body, date=date, **meta)


PAGES = {
    "index.md": page("Home", "Hello."),
    "index.zh.md": page("首页", "你好。"),
    "glossary.md": page("Glossary", "# Glossary\n\nNames.\n\n<!-- glossary -->\n"),
    "glossary.zh.md": page("译名表", "# 译名表\n\n译名。\n\n<!-- glossary -->\n"),
    "contact.md": page("Contact", "# Contact\n\n<!-- contact:press -->\n\n<!-- contact:office -->\n"),
    "contact.zh.md": page("联系", "# 联系\n\n<!-- contact:press -->\n\n<!-- contact:office -->\n"),
    "living/guide.md": page("Guide", "# Guide\n\nAdvice.", reviewed="2026-01-10"),
    "living/guide.zh.md": page("指南", "# 指南\n\n建议。", reviewed="2026-01-10"),
    "press/index.md": page("Press room", "# Press room\n\n<!-- news -->\n"),
    "press/index.zh.md": page("新闻发布", "# 新闻发布\n\n<!-- news -->\n"),
    "press/news/older.md": news("Older item", "2023-11-19", description="Older summary."),
    "press/news/older.zh.md": news("较早的新闻", "2023-11-19", description="较早的摘要。"),
    "press/news/newer.md": news("Newer item", "2024-01-12", "# Newer item\n\nText."),
    "press/news/newer.zh.md": news("较新的新闻", "2024-01-12", "# 较新的新闻\n\n正文。"),
    "press/news/english-only.md": news("English only", "2024-02-01"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    build = build_fixture(tmp_path_factory.mktemp("content"), PAGES, config={"site_url": SITE_URL},
                          env={"SOURCE_DATE_EPOCH": EPOCH_2026_11_23},
                          data={"glossary.yml": GLOSSARY, "contacts.yml": CONTACTS})
    assert build.ok, build.output
    return build


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


# --- glossary (point 6) ---------------------------------------------------

@pytest.mark.parametrize("rel, lang, group_heading, col", [
    ("glossary/", "en", ["Places", "New Area and open platforms"], "Official English"),
    ("zh/glossary/", "zh", ["地名", "新区与开放平台"], "规范英文译名"),
])
def test_glossary_page_is_rendered_from_the_data_file(site, rel, lang, group_heading, col):
    box = site.html(rel).select_one("article [data-zs-glossary]")
    assert box is not None
    assert [h.get_text(strip=True) for h in box.select("h2")] == group_heading
    assert col in [th.get_text(strip=True) for th in box.select("th")]
    row = box.select_one('tr[data-term="舟山群岛新区"]')
    cells = row.select("td")
    assert cells[0]["lang"] == "zh-Hans" and cells[0].get_text(strip=True) == "舟山群岛新区"
    assert cells[1]["lang"] == "en" and cells[1].strong.get_text() == "Zhoushan Archipelago New Area"
    assert "Zhejiang Zhoushan Archipelago New Area" in text(cells[1])
    assert cells[2].select_one("del").get_text() == "Zhoushan Islands New Area"
    assert len(box.select("tbody tr")) == 2


# --- contacts (point 9) ---------------------------------------------------

def test_known_contact_values_are_shown_and_empty_ones_are_not(site):
    soup = site.html("contact/")
    press = soup.select_one('[data-contact="press"]')
    assert press.select_one('[data-field="phone"] a')["href"] == "tel:+865800000000"
    assert press.select_one('[data-field="email"] a')["href"] == "mailto:press@example.org"
    assert press.select_one('[data-field="address"]') is None  # unknown: nothing shown
    office = soup.select_one('[data-contact="office"]')
    assert office.select("dd") == [] and office.select_one("[data-contact-pending]") is not None
    assert "The office" in text(office)


def test_contacts_are_in_the_page_language(site):
    press = site.html("zh/contact/").select_one('[data-contact="press"]')
    assert "媒体联络" in text(press) and "电话" in text(press)


def build_variant(tmp_path, pages=None, data=None, env=None, config=None):
    return build_fixture(tmp_path, pages or {"index.md": page("Home", "Hi."), "index.zh.md": page("首页", "你好。")},
                         config={"site_url": SITE_URL, **(config or {})},
                         env={"SOURCE_DATE_EPOCH": EPOCH_2026_11_23, **(env or {})}, data=data)


def test_a_production_build_fails_until_every_contact_is_filled(tmp_path):
    production = {"SITE_ENV": "production", "SITE_URL": SITE_URL}
    failed = build_variant(tmp_path / "a", data={"contacts.yml": CONTACTS}, env=production,
                           config={"extra": {"government": GOV}})
    assert not failed.ok
    assert "values in docs/data/contacts.yml are empty" in failed.output
    assert "press.address.en" in failed.output and "office.email" in failed.output
    filled = build_variant(tmp_path / "b", data={"contacts.yml": FILLED_CONTACTS}, env=production,
                           config={"extra": {"government": GOV}})
    assert filled.ok, filled.output


def test_an_unknown_contact_id_fails_the_build(tmp_path):
    pages = {"index.md": page("Home", "<!-- contact:nobody -->\n"), "index.zh.md": page("首页", "你好。")}
    build = build_variant(tmp_path, pages, data={"contacts.yml": CONTACTS})
    assert not build.ok and "contact:nobody" in build.output and "known: office, press" in build.output


# --- last reviewed (point 4) ----------------------------------------------

@pytest.mark.parametrize("rel, expected", [
    ("living/guide/", "Last reviewed: 10 January 2026"),
    ("zh/living/guide/", "最近审核：2026年1月10日"),
])
def test_living_pages_show_when_they_were_last_reviewed(site, rel, expected):
    line = site.html(rel).select_one("article [data-zs-reviewed]")
    assert " ".join(line.get_text().split()) == expected
    assert line.time["datetime"] == "2026-01-10"
    assert line.find_previous_sibling("h1") is not None  # under the title, before the advice


def test_the_build_warns_about_stale_and_undated_living_pages(tmp_path):
    pages = {
        "index.md": page("Home", "Hi."), "index.zh.md": page("首页", "你好。"),
        "living/old.md": page("Old", "Advice.", reviewed="2025-11-22"),
        "living/old.zh.md": page("旧", "建议。", reviewed="2025-11-23"),  # exactly 365 days: fine
        "living/undated.md": page("Undated", "Advice."),
        "living/undated.zh.md": page("无日期", "建议。", reviewed="2026-11-01"),
    }
    build = build_variant(tmp_path, pages)
    assert not build.ok  # strict: warnings fail the build
    assert "living/old.md: last reviewed 2025-11-22, more than 365 days before 2026-11-23" in build.output
    assert "living/old.zh.md" not in build.output
    assert "living/undated.md: pages under living/ need 'reviewed: YYYY-MM-DD'" in build.output
    assert "living/undated.zh.md" not in build.output


# --- press room (point 5) -------------------------------------------------

def test_news_items_are_dated_pages(site):
    soup = site.html("press/news/newer/")
    dateline = soup.select_one("article [data-zs-dateline] time")
    assert dateline["datetime"] == "2024-01-12" and dateline.get_text() == "12 January 2024"
    assert dateline.find_parent("p").find_previous_sibling("h1") is not None  # right under the title
    assert site.html("zh/press/news/newer/").select_one("[data-zs-dateline]").get_text(strip=True) == "2024年1月12日"


def test_the_press_room_lists_items_newest_first_in_each_language(site):
    en = site.html("press/").select("article [data-zs-news] li")
    assert [li.a.get_text() for li in en] == ["English only", "Newer item", "Older item"]
    assert en[0].a["href"] == "news/english-only/"
    zh = site.html("zh/press/").select("article [data-zs-news] li")
    # The untranslated item is an English fallback under /zh/: not listed as Chinese news.
    assert [li.a.get_text() for li in zh] == ["较新的新闻", "较早的新闻"]
    assert [li.time["datetime"] for li in zh] == ["2024-01-12", "2023-11-19"]


@pytest.mark.parametrize("rel, lang, titles", [
    ("press/feed.xml", "en", ["English only", "Newer item", "Older item"]),
    ("zh/press/feed.xml", "zh-Hans", ["较新的新闻", "较早的新闻"]),
])
def test_each_language_has_its_own_atom_feed(site, rel, lang, titles):
    root = etree.fromstring((site.site / rel).read_bytes())
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == SITE_URL + rel
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == titles
    for entry in entries:
        assert entry.findtext(f"{ATOM}id").startswith(SITE_URL)
        assert entry.findtext(f"{ATOM}published")
    assert root.findtext(f"{ATOM}updated").startswith(entries[0].findtext(f"{ATOM}published")[:10])


def test_press_pages_advertise_their_feed(site):
    soup = site.html("zh/press/")
    link = soup.select_one('head link[rel="alternate"][type="application/atom+xml"]')
    assert link["href"] == "feed.xml"
    assert soup.select_one("article [data-zs-feed]")["href"] == "feed.xml"
    assert site.html("").select_one('head link[type="application/atom+xml"]') is None


def test_an_empty_press_room_has_a_valid_empty_feed(tmp_path):
    pages = {"index.md": page("Home", "Hi."), "index.zh.md": page("首页", "你好。"),
             "press/index.md": page("Press", "<!-- news -->\n"), "press/index.zh.md": page("新闻", "<!-- news -->\n")}
    build = build_variant(tmp_path, pages)
    assert build.ok, build.output
    root = etree.fromstring((build.site / "zh/press/feed.xml").read_bytes())
    assert root.findall(f"{ATOM}entry") == [] and root.findtext(f"{ATOM}updated").startswith("2026-11-23")
    assert build.html("press/").select_one("[data-zs-news-empty]") is not None


def test_a_news_item_without_a_date_fails_the_build(tmp_path):
    pages = {"index.md": page("Home", "Hi."), "index.zh.md": page("首页", "你好。"),
             "press/news/x.md": page("X", "Text."), "press/news/x.zh.md": page("X", "正文。")}
    build = build_variant(tmp_path, pages)
    assert not build.ok and "docs/press/news/x.md: front matter 'date'" in build.output
