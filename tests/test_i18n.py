"""Two languages, honest alternates, sitemaps and descriptions (issue 2, points 2 and 3)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild import ROOT, build_fixture, page
from sitekit.i18n_state import HREFLANG

SITE_URL = "https://english.example.org/"

PAGES = {
    "index.md": page("Home", "Welcome to the [about page](about.md)."),
    "index.zh.md": page("首页", "欢迎阅读[关于页面](about.md)。"),
    "about.md": page("About", "About the office."),
    "about.zh.md": page("关于", "关于本办。"),
    "only-en.md": page("Only in English", "This page has no Chinese translation yet."),
    "only-zh.zh.md": page("只有中文", "这个页面只有中文。"),
    "no-description.md": "---\ntitle: No description\nsources_exempt: test\n---\n\nThe first paragraph becomes the summary.\n",
    "no-description.zh.md": "---\ntitle: 没有摘要\nsources_exempt: test\n---\n\n第一段成为摘要。\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    build = build_fixture(tmp_path_factory.mktemp("i18n"), PAGES, config={"site_url": SITE_URL})
    assert build.ok, build.output
    return build


def hreflangs(soup: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}


def test_every_page_has_the_right_html_lang(site):
    for path in site.pages():
        rel = path.relative_to(site.site).as_posix()
        expected = "zh-Hans" if rel.startswith("zh/") else "en"
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        assert soup.html["lang"] == expected, rel


def test_material_chinese_strings_declare_the_same_tag_as_hreflang():
    text = (ROOT / "overrides/partials/languages/zh.html").read_text(encoding="utf-8")
    assert re.search(r'"language": "([^"]+)"', text).group(1) == HREFLANG["zh"]


def test_switcher_leads_to_the_same_page_in_the_other_language(site):
    def switcher(rel):
        soup = site.html(rel)
        return {a["hreflang"]: a["href"] for a in soup.select(".md-select__link")}

    assert switcher("about/")["zh"] == "../zh/about/"
    assert switcher("zh/about/")["en"] == "../../about/"
    assert switcher("zh/about/")["zh"] == "./"
    assert switcher("zh/")["en"] == "/"  # the language root configured in mkdocs.yml


def test_site_name_and_navigation_titles_per_language(site):
    en, zh = site.html(""), site.html("zh/")
    assert en.select_one(".md-header__topic .md-ellipsis").get_text(strip=True) == "Zhoushan English Channel"
    assert zh.select_one(".md-header__topic .md-ellipsis").get_text(strip=True) == "舟山英文频道"
    zh_nav = [a.get_text(strip=True) for a in zh.select(".md-nav--primary .md-nav__link")]
    assert "关于" in zh_nav and "About" not in zh_nav
    assert zh.select_one(".zs-search-link")["aria-label"] == "搜索本站"


def test_real_translations_have_absolute_hreflang_pairs_and_x_default(site):
    expected = {
        "en": SITE_URL + "about/",
        "zh-Hans": SITE_URL + "zh/about/",
        "x-default": SITE_URL + "about/",
    }
    assert hreflangs(site.html("about/")) == expected
    assert hreflangs(site.html("zh/about/")) == expected
    assert site.html("zh/about/").select_one('link[rel="canonical"]')["href"] == SITE_URL + "zh/about/"


def test_fallback_copy_is_marked_noindexed_and_unpaired(site):
    soup = site.html("zh/only-en/")
    assert soup.html["lang"] == "zh-Hans"
    assert soup.select_one(".zs-untranslated .admonition-title").get_text(strip=True) == "尚未翻译"
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    assert hreflangs(soup) == {}
    assert soup.select_one('link[rel="canonical"]')["href"] == SITE_URL + "only-en/"
    # The English text is marked as English inside the Chinese page.
    body = soup.select_one('article div[lang="en"]')
    assert "no Chinese translation yet" in body.get_text()
    assert soup.select("[data-pagefind-body]") == []
    # The original has no hreflang pair either: it has no translation.
    assert hreflangs(site.html("only-en/")) == {}
    assert site.html("only-en/").select('meta[name="robots"]') == []


def test_page_in_one_language_only_is_absent_from_the_other(site):
    assert (site.site / "zh/only-zh/index.html").is_file()
    assert not (site.site / "only-zh").exists()


def sitemap(path: Path) -> dict[str, dict[str, str]]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "xml")
    return {
        url.find("loc").text: {link["hreflang"]: link["href"] for link in url.find_all("link")}
        for url in soup.find_all("url")
    }


def test_sitemaps_at_the_root_and_per_language_with_the_same_alternates(site):
    root = sitemap(site.site / "sitemap.xml")
    zh = sitemap(site.site / "zh/sitemap.xml")
    assert root[SITE_URL + "about/"] == hreflangs(site.html("about/"))
    assert root[SITE_URL + "zh/about/"] == hreflangs(site.html("zh/about/"))
    assert set(zh) == {u for u in root if u.startswith(SITE_URL + "zh/")}
    assert SITE_URL + "zh/only-zh/" in zh
    # Fallback copies are noindex and never listed.
    assert SITE_URL + "zh/only-en/" not in root and SITE_URL + "only-en/" in root
    assert not (site.site / "sitemap.xml.gz").exists()


def test_every_page_has_a_meta_description(site):
    for path in site.pages():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        meta = soup.select_one('meta[name="description"]')
        assert meta and meta["content"].strip(), path
    assert site.html("no-description/").select_one('meta[name="description"]')["content"] == (
        "The first paragraph becomes the summary."
    )
    assert site.html("zh/no-description/").select_one('meta[name="description"]')["content"] == "第一段成为摘要。"
    assert site.html("about/").select_one('meta[name="description"]')["content"] == "About."


def test_real_site_pages_all_exist_in_both_languages(real_site):
    en = {p.relative_to(real_site.site).as_posix() for p in real_site.pages() if not p.relative_to(real_site.site).as_posix().startswith("zh/")}
    zh = {p.relative_to(real_site.site).as_posix()[3:] for p in real_site.pages() if p.relative_to(real_site.site).as_posix().startswith("zh/")}
    assert en == zh
    for path in real_site.pages():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        assert not soup.select(".zs-untranslated"), f"{path} is an untranslated fallback"
