"""Issue 10, points 8 and "every page in both languages": every shipped page
states its sources (or an explicit exemption) and exists in English and Chinese."""
from __future__ import annotations

import functools

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from sitebuild import ROOT, build_fixture, page
from sitekit.content_rules import lacks_sources, missing_translations, page_key
from sitekit.front_matter import parse_front_matter

DOCS = ROOT / "docs"
LANGUAGES = ("en", "zh")


@functools.lru_cache(maxsize=1)
def shipped_pages() -> tuple[str, ...]:
    """Markdown pages MkDocs publishes, found the way MkDocs finds them
    (exclude_docs and draft rules from mkdocs.yml applied)."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    files = get_files(config)
    return tuple(sorted(
        f.src_uri for f in files
        if f.is_documentation_page() and f.inclusion.is_included()
    ))


def test_the_docs_have_pages_to_check():
    pages = shipped_pages()
    assert len(pages) >= 40
    assert "press/index.md" in pages and "data/glossary.yml" not in pages


def built_path(rel: str) -> str:
    """Where the real site puts a source page: 'about/office.zh.md' -> 'zh/about/office/index.html'."""
    base, lang = page_key(rel, LANGUAGES)
    stem = base[: -len(".md")]
    folder = stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
    return ("" if lang in ("", "en") else f"{lang}/") + folder + "index.html"


def test_every_page_states_its_sources_or_why_it_needs_none(real_site):
    """Front matter 'sources:' or 'sources_exempt:', or sources a hook supplies
    from the page's data (event pages: event.yml), shown as a Sources section."""
    offenders = []
    for rel in shipped_pages():
        meta, _ = parse_front_matter((DOCS / rel).read_text(encoding="utf-8-sig"), f"docs/{rel}")
        if not lacks_sources(meta):
            continue
        built = real_site.site / built_path(rel)
        if not (built.is_file() and real_site.html(built_path(rel)).select_one("article .zs-sources li")):
            offenders.append(rel)
    assert offenders == [], (
        "These pages state facts without sources: add 'sources:' (or 'sources_exempt: <reason>') "
        "to their front matter: " + ", ".join(offenders)
    )


def test_built_path():
    assert built_path("index.md") == "index.html"
    assert built_path("index.zh.md") == "zh/index.html"
    assert built_path("about/office.zh.md") == "zh/about/office/index.html"
    assert built_path("events/x/index.md") == "events/x/index.html"


@pytest.mark.parametrize("meta, lacking", [
    ({"title": "No sources"}, True),
    ({"sources": []}, True),
    ({"sources_exempt": "  "}, True),
    ({"sources": [{"title": "A report"}]}, False),
    ({"sources_exempt": "A section index; its pages carry their own sources."}, False),
])
def test_the_sources_rule(meta, lacking):
    assert lacks_sources(meta) is lacking


def test_every_page_exists_in_both_languages():
    missing = missing_translations(shipped_pages(), LANGUAGES, "en")
    assert missing == [], f"Write these translations (100% coverage of what ships): {missing}"


def test_the_translation_rule_finds_gaps():
    assert page_key("about/office.zh.md", LANGUAGES) == ("about/office.md", "zh")
    assert page_key("about/v1.2.md", LANGUAGES) == ("about/v1.2.md", "")
    assert missing_translations(["a.md", "a.zh.md", "b.md", "c/d.zh.md"], LANGUAGES, "en") == ["b.zh.md", "c/d.md"]


def test_the_real_site_ships_no_untranslated_fallback(real_site):
    fallbacks = [
        path.relative_to(real_site.site).as_posix()
        for path in real_site.pages()
        if real_site.html(path.relative_to(real_site.site).as_posix()).select_one(".zs-untranslated")
    ]
    assert fallbacks == []


SOURCES = [{"title": "Zhejiang provincial government, a report", "url": "https://www.ezhejiang.gov.cn/x.htm"},
           {"title": "A printed plan"}]


@pytest.fixture(scope="module")
def sources_site(tmp_path_factory):
    pages = {
        "index.md": page("Home", "Hello."),
        "index.zh.md": page("首页", "你好。"),
        "facts.md": page("Facts", "A fact.", sources=SOURCES, sources_exempt=None),
        "facts.zh.md": page("事实", "一项事实。", sources=SOURCES, sources_exempt=None),
    }
    build = build_fixture(tmp_path_factory.mktemp("sources"), pages)
    assert build.ok, build.output
    return build


@pytest.mark.parametrize("rel, heading", [("facts/", "Sources"), ("zh/facts/", "资料来源")])
def test_sources_are_shown_in_the_page_language(sources_site, rel, heading):
    section = sources_site.html(rel).select_one("article .zs-sources")
    assert section is not None
    assert section.h2.get_text(strip=True) == heading
    items = section.select("ol > li")
    assert [li.get_text(strip=True) for li in items] == [s["title"] for s in SOURCES]
    assert items[0].a["href"] == SOURCES[0]["url"] and items[1].a is None


def test_every_living_page_shows_its_review_date(real_site):
    living = [rel for rel in shipped_pages() if rel.startswith("living/")]
    assert len(living) >= 4
    for rel in living:
        line = real_site.html(built_path(rel)).select_one("article [data-zs-reviewed] time")
        assert line is not None and line["datetime"], rel


@pytest.mark.parametrize("rel, note", [("about/plan/", "Targets, not results"), ("zh/about/plan/", "规划目标，而非完成情况")])
def test_the_plan_page_presents_targets_as_targets(real_site, rel, note):
    soup = real_site.html(rel)
    assert soup.select_one("article .admonition-title").get_text(strip=True) == note


@pytest.mark.parametrize("rel", ["press/feed.xml", "zh/press/feed.xml"])
def test_the_real_site_has_a_press_feed_per_language(real_site, rel):
    from lxml import etree

    root = etree.fromstring((real_site.site / rel).read_bytes())
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
