"""A visitor in Chromium: English home -> Chinese home -> Chinese search
(issue 2, points 2, 5 and 11). Requests to other hosts are blocked and fail."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser import VisitRecorder

pytestmark = pytest.mark.browser


@pytest.fixture
def visit(chromium, real_site_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    recorder = VisitRecorder(page, real_site_url)
    yield page, recorder
    context.close()
    assert recorder.problems() == []


def search(page, query):
    """Type a query and return the result paths once pagefind has shown the
    results of this query (its message names the query: '3 results for ...')."""
    box = page.locator(".pagefind-ui__search-input")
    box.wait_for()
    box.fill(query)
    page.locator(".pagefind-ui__message", has_text=query).wait_for(timeout=15000)
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    page.wait_for_load_state("networkidle")
    return [urlsplit(a.get_attribute("href")).path for a in page.locator(".pagefind-ui__result-link").all()]


def test_switch_to_chinese_and_search_in_chinese(visit, real_site_url):
    page, _ = visit
    page.goto(real_site_url)
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="zh"]').click()
    page.wait_for_url(real_site_url + "zh/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").first.inner_text().rstrip("¶") == "海岛之城舟山"

    page.locator(".zs-search-link").click()
    page.wait_for_url(real_site_url + "zh/search/")
    results = search(page, "舟山")
    assert results and all(path.startswith("/zh/") for path in results), results
    assert "/zh/" in results  # the Chinese home page is about Zhoushan

    results = search(page, "友好城市")
    assert "/zh/sister-cities/" in results and all(p.startswith("/zh/") for p in results)


def test_english_search_finds_english_pages_only(visit, real_site_url):
    page, _ = visit
    page.goto(real_site_url + "search/?q=archipelago")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    results = [urlsplit(a.get_attribute("href")).path for a in page.locator(".pagefind-ui__result-link").all()]
    assert "/" in results and not [p for p in results if p.startswith("/zh/")], results


def test_switcher_round_trips_on_a_section_page(visit, real_site_url):
    page, _ = visit
    page.goto(real_site_url + "about/")
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="zh"]').click()
    page.wait_for_url(real_site_url + "zh/about/")
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_url(real_site_url + "about/")
