"""Navigation items rendered once and shared between pages (hooks/nav_cache.py):
the fast path's site is byte-identical to rendering every item for every page."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from sitebuild import build_fixture, differing_files, page
from sitekit import nav_cache

# Flat sections, nested sections, a section index page, a page whose folder holds
# other pages (guide.md and guide/deeper.md: links under the page's own directory),
# a page only in English (fallback copy), Chinese translations.
PAGES = {
    "index.md": page("Home", "Start at [the guide](guide.md)."),
    "index.zh.md": page("首页", "从[指南](guide.md)开始。"),
    "guide.md": page("Guide", "The guide."),
    "guide.zh.md": page("指南", "指南。"),
    "guide/deeper.md": page("Deeper", "One level down."),
    "guide/deeper.zh.md": page("更深", "下一层。"),
    "guide/deepest/end.md": page("End", "Two levels down."),
    "guide-x.md": page("Guide X", "A name that sorts between guide and guide/."),
    **{f"events/e{i}.md": page(f"Event {i}", f"Event number {i}.\n\n## Details\n\nMore.") for i in range(6)},
    **{f"events/e{i}.zh.md": page(f"活动 {i}", f"第{i}个活动。\n\n## 详情\n\n更多。") for i in range(5)},
    "about/index.md": page("About", "The section's index page."),
    "about/index.zh.md": page("关于", "栏目首页。"),
    "about/office.md": page("Office", "The office."),
    "about/team/people.md": page("People", "People."),
    "about/team/people.zh.md": page("人员", "人员。"),
}


def build_both(tmp_path, config=None):
    plain = build_fixture(tmp_path / "plain", PAGES, config=config, env={"ZS_NAV_CACHE": "0", "SOURCE_DATE_EPOCH": "1767225600"})
    fast = build_fixture(tmp_path / "fast", PAGES, config=config, env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert plain.ok, plain.output
    assert fast.ok, fast.output
    return plain, fast


@pytest.mark.parametrize("config", [
    None,
    {"theme": {"name": "material", "custom_dir": "overrides", "font": False,
               "features": ["navigation.tabs", "navigation.sections", "navigation.indexes", "navigation.prune"]}},
    {"use_directory_urls": False},
], ids=["project-settings", "tabs-sections-indexes", "no-directory-urls"])
def test_site_is_byte_identical_with_and_without_the_nav_cache(tmp_path, config):
    plain, fast = build_both(tmp_path, config)
    assert len(plain.pages()) > 20
    assert differing_files(plain.site, fast.site) == []
    # The fast path did share items: the menu of a flat section is the same on its pages.
    nav = fast.html("events/e1/").select(".md-nav--primary a.md-nav__link") if config is None else []
    if config is None:
        assert [a["href"] for a in nav if "e2" in a["href"]] == ["../e2/"]


def item(url=None, children=(), active=False):
    return SimpleNamespace(url=url, children=list(children), active=active)


def test_page_directory_follows_mkdocs_relative_urls():
    assert nav_cache.page_directory("events/e1/") == "events/e1"
    assert nav_cache.page_directory("events/e1.html") == "events"
    assert nav_cache.page_directory("") == ""


def test_siblings_share_an_item_and_other_folders_do_not():
    leaf = item("events/e2/")
    urls = nav_cache.subtree_urls(leaf)
    one = nav_cache.share_key(leaf, urls, "events/e1/", "__nav_2_2", 2, True)
    other = nav_cache.share_key(leaf, urls, "events/e3/", "__nav_2_2", 2, True)
    elsewhere = nav_cache.share_key(leaf, urls, "about/office/", "__nav_2_2", 2, True)
    assert one is not None and one == other and elsewhere != one
    assert nav_cache.share_key(leaf, urls, "events/e1/", "__nav_2_2", 2, False) != one


def test_items_that_depend_on_the_page_are_rendered():
    section = item(None, [item("guide/deeper/"), item(None, [item("guide/deepest/end/")])])
    urls = nav_cache.subtree_urls(section)
    assert urls == ["guide/deeper", "guide/deepest/end"]
    # Seen from guide/ (guide.md) its links start with "deeper/", from elsewhere with "../guide/".
    assert nav_cache.share_key(section, urls, "guide/", "__nav_3", 1, False) is None
    assert nav_cache.share_key(section, urls, "other/", "__nav_3", 1, False) is not None
    assert nav_cache.share_key(item("a/", active=True), ["a"], "b/", "__nav_1", 1, False) is None
    assert nav_cache.share_key(item("a/"), ["a"], "", "__nav_1", 1, False) is None  # the home page


def test_links_under_a_folder_are_found_past_names_that_sort_between():
    urls = sorted(["guide-x", "guide.old", "guide/deeper", "guidebook"])
    assert nav_cache.links_under(urls, "guide")
    assert not nav_cache.links_under(sorted(["guide-x", "guidebook"]), "guide")
    assert nav_cache.links_under(["guide"], "guide")
