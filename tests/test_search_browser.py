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
    """Type a query and return the result paths once the page has shown the
    results of this query (its status names the query: '3 results for ...')."""
    box = page.get_by_role("searchbox")
    box.fill(query)
    # aria-busy is "true" from the first keystroke until this query's results are shown.
    page.locator("#zs-search[aria-busy=false] .zs-search-status", has_text=query).wait_for(timeout=15000)
    page.locator(".zs-search-result-link").first.wait_for(timeout=15000)
    page.wait_for_load_state("networkidle")
    return result_paths(page)


def result_paths(page):
    return [urlsplit(a.get_attribute("href")).path for a in page.locator(".zs-search-result-link").all()]


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
    page.locator(".zs-search-result-link").first.wait_for(timeout=15000)
    results = result_paths(page)
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


@pytest.mark.parametrize("lang, query", [("", "archipelago"), ("zh/", "友好城市")])
def test_one_query_downloads_under_300_kb(chromium, real_site_url, lang, query):
    """Issue 9's search target: what a visitor's browser downloads for search (engine,
    index chunks, result fragments, the page's search script), uncompressed."""
    context = chromium.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if r.ok else None)
    try:
        page.goto(real_site_url + lang + "search/")
        page.wait_for_load_state("networkidle")
        assert search(page, query)
        searched = {u: n for u, n in sizes.items() if "/pagefind/" in u or u.endswith("/search.js")}
        assert any(".pf_index" in u for u in searched) and any(".pf_fragment" in u for u in searched)
        assert not [u for u in sizes if "pagefind-ui" in u]
        total = sum(searched.values())
        assert total <= 300 * 1024, f"{total / 1024:.0f} KB: {sorted(searched.items(), key=lambda kv: -kv[1])}"
    finally:
        context.close()


def test_more_results_button_and_no_javascript_form(chromium, real_site_url):
    context = chromium.new_context()
    page = context.new_page()
    try:
        page.goto(real_site_url + "zh/search/?q=舟山")
        page.locator(".zs-search-result-link").first.wait_for(timeout=15000)
        page.wait_for_load_state("networkidle")
        status = page.locator(".zs-search-status").inner_text()
        shown = page.locator(".zs-search-result-link").count()
        more = page.locator(".zs-search-more")
        if more.is_visible():  # more than one page of results: the button adds the next ones
            more.click()
            page.wait_for_function(f"document.querySelectorAll('.zs-search-result-link').length > {shown}")
        assert "舟山" in status and page.locator("#zs-q").input_value() == "舟山"
        titles = page.locator(".zs-search-result-link").all_inner_texts()
        assert titles and not [t for t in titles if "¶" in t or not t.strip()], titles  # no permalink signs
        assert len(set(result_paths(page))) == page.locator(".zs-search-result-link").count()
    finally:
        context.close()
    # Without JavaScript the form still submits to the same page with ?q=.
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(real_site_url + "search/")
        page.locator("#zs-q").fill("port")
        page.locator(".zs-search-form button[type=submit]").click()
        page.wait_for_url(real_site_url + "search/?q=port")
        assert page.locator("noscript").count() == 1
    finally:
        context.close()
