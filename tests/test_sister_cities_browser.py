"""Sister cities (issue 5, point 6) in Chromium: the directory's filters and
sorting with the self-hosted script, keyboard access to the map, and the
pages without JavaScript (all rows, grouped views filtered by #anchor)."""
from __future__ import annotations

import pytest

from browser import VisitRecorder, serve
from sister_cities_fixture import DATA, EPOCH, site_pages
from sitebuild import build_fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    build = build_fixture(tmp_path_factory.mktemp("sister-browser"), site_pages(), env={"SOURCE_DATE_EPOCH": EPOCH},
                          data={"sister_cities.yml": DATA})
    assert build.ok, build.output
    with serve(build.site) as url:
        yield url


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-sister-directory] tbody tr", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.id)")


def test_filters_and_sorting_work_with_the_script(chromium, base_url):
    context = chromium.new_context()
    page = context.new_page()
    visit = VisitRecorder(page, base_url)
    page.goto(base_url + "sister-cities/")
    form = page.locator("[data-sister-filters]")
    assert form.is_visible()
    assert page.locator("[data-sister-count]").inner_text() == "Showing 4 of 4"
    page.select_option("select[name=country]", "JP")
    assert visible_ids(page) == ["beta"]
    assert page.locator("[data-sister-count]").inner_text() == "Showing 1 of 4"
    assert page.url.endswith("sister-cities/?country=JP")
    page.select_option("select[name=country]", "")
    page.select_option("select[name=tier]", "friendly_exchange")
    assert visible_ids(page) == ["delta"]
    page.click("button[type=reset]")
    page.wait_for_function("document.querySelector('[data-sister-count]').textContent === 'Showing 4 of 4'")
    # Sorting: "Since" is the current order; a click reverses it, "Partner" sorts by name.
    page.click("th[data-sort=signed] button")
    assert visible_ids(page) == ["delta", "gamma", "beta", "alpha"]
    assert page.get_attribute("th[data-sort=signed]", "aria-sort") == "descending"
    page.click("th[data-sort=name] button")
    assert visible_ids(page) == ["alpha", "beta", "delta", "gamma"]
    assert page.get_attribute("th[data-sort=signed]", "aria-sort") is None
    # A filtered address can be shared.
    page.goto(base_url + "zh/sister-cities/?side=putuo")
    assert visible_ids(page) == ["beta"]
    assert page.locator("[data-sister-count]").inner_text() == "显示 1 / 4 个"
    assert visit.problems() == []
    context.close()


def test_map_markers_are_reachable_with_the_keyboard(chromium, base_url):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(base_url + "sister-cities/")
    page.focus("[data-sister-directory] tbody tr:last-child th a")  # start just before the map
    reached = []
    for _ in range(20):
        page.keyboard.press("Tab")
        ident = page.evaluate("document.activeElement.closest('.zs-marker') && "
                              "document.activeElement.closest('.zs-marker').dataset.id")
        if ident:
            reached.append(ident)
        elif reached:
            break
    assert sorted(reached) == ["alpha", "beta", "delta"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sister-cities/*/")
    assert page.url.rstrip("/").rsplit("/", 1)[1] in ("alpha", "beta", "delta")
    context.close()


def test_the_directory_and_its_views_work_without_javascript(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "sister-cities/")
    assert not page.locator("[data-sister-filters]").is_visible()
    assert visible_ids(page) == ["alpha", "beta", "gamma", "delta"]
    page.click("text=2017")  # "Browse by: ... year: 2017" -> the by-year view, 2017 alone
    page.wait_for_url("**/sister-cities/by-year/#year-2017")
    shown = page.eval_on_selector_all("tbody tr[data-id]", "rows => rows.filter(r => r.offsetParent !== null)"
                                      ".map(r => r.dataset.id)")
    assert shown == ["beta"]
    page.click("text=all")
    shown = page.eval_on_selector_all("tbody tr[data-id]", "rows => rows.filter(r => r.offsetParent !== null)"
                                      ".map(r => r.dataset.id)")
    assert shown == ["alpha", "beta", "gamma", "delta"]
    context.close()
