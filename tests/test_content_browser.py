"""A foreign journalist and a Chinese reader in Chromium (issue 10, points 4, 5
and 6): the press room lists dated news and links to a feed the browser can
fetch; the glossary and the "last reviewed" line are visible. Requests to other
hosts are blocked and fail the test."""
from __future__ import annotations

import pytest
from lxml import etree

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


def test_press_room_news_item_and_feed(visit, real_site_url):
    page, _ = visit
    page.goto(real_site_url + "zh/press/")
    items = page.locator("[data-zs-news] li")
    listed = items.count()
    assert listed >= 1
    first_date = items.first.locator("time").get_attribute("datetime")
    dates = [items.nth(i).locator("time").get_attribute("datetime") for i in range(listed)]
    assert dates == sorted(dates, reverse=True)
    feed_href = page.locator("[data-zs-feed]").get_attribute("href")
    items.first.locator("a").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("[data-zs-dateline] time").get_attribute("datetime") == first_date
    response = page.request.get(real_site_url + "zh/press/" + feed_href)
    assert response.ok
    root = etree.fromstring(response.body())
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert len(root.findall("{http://www.w3.org/2005/Atom}entry")) == listed


def test_glossary_and_review_date_are_visible(visit, real_site_url):
    page, _ = visit
    page.goto(real_site_url + "zh/glossary/")
    row = page.locator('[data-zs-glossary] tr[data-term="舟山群岛新区"]')
    assert row.is_visible()
    assert "Zhoushan Archipelago New Area" in row.inner_text()
    page.goto(real_site_url + "living/")
    line = page.locator("[data-zs-reviewed]")
    assert line.is_visible() and line.inner_text().startswith("Last reviewed: ")
