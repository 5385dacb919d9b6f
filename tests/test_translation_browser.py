"""Issue 6, point 2, as a reader sees it: a stale translation shows its notice
above the text, the notice's link opens the original, and the status page
shows the table in Chinese. Real Chromium on a fixture site served from 127.0.0.1."""
from __future__ import annotations

import pytest

from browser import VisitRecorder, serve
from sitebuild import build_fixture, page
from sitekit.translation import set_record, source_hash

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    en = page("Harbour", "# Harbour\n\nThe text changed after translation.\n")
    zh = set_record(page("港口", "# 港口\n\n旧的译文。\n"), "en", source_hash(page("Harbour", "# Harbour\n\nOld.\n")))
    pages = {
        "index.md": page("Home", "# Home\n"), "index.zh.md": page("首页", "# 首页\n"),
        "harbour.md": en, "harbour.zh.md": zh,
        "status.md": page("Status", "# Status\n\n<!-- translation-status -->\n"),
        "status.zh.md": page("进度", "# 进度\n\n<!-- translation-status -->\n"),
    }
    build = build_fixture(tmp_path_factory.mktemp("translation-browser"), pages)
    assert build.ok, build.output
    with serve(build.site) as url:
        yield url


def test_the_reader_sees_the_notice_and_reaches_the_original(chromium, site_url):
    context = chromium.new_context()
    tab = context.new_page()
    visits = VisitRecorder(tab, site_url)
    tab.goto(site_url + "zh/harbour/")
    notice = tab.locator("[data-zs-translation-stale]")
    assert notice.is_visible()
    assert "原文已更新" in notice.inner_text()
    # above the page's text
    assert notice.bounding_box()["y"] < tab.get_by_text("旧的译文。").bounding_box()["y"]
    notice.locator("a").click()
    tab.wait_for_url(site_url + "harbour/")
    assert tab.locator("article h1").inner_text().startswith("Harbour")
    assert tab.locator("[data-zs-translation-stale]").count() == 0
    tab.goto(site_url + "zh/status/")
    assert tab.locator("[data-zs-translation-status] tbody tr").first.is_visible()
    assert "译文过时" in tab.locator("[data-zs-translation-status] thead").inner_text()
    assert visits.foreign == [] and visits.console_errors == []
    context.close()
