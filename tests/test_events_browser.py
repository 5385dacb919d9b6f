"""Events (issue 3, point 4): in a real browser, overrides/assets/events.js
moves an event that finished after the build from "upcoming" to "past"; with
JavaScript off the build-time split shows."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from browser import VisitRecorder, serve
from events_fixture import EPOCH, site_pages
from sitebuild import build_fixture

pytestmark = pytest.mark.browser

# Built on 1 June 2026; visited on 20 June 2026, after the port launch (10 June) ended.
VISIT = datetime(2026, 6, 20, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    build = build_fixture(tmp_path_factory.mktemp("events-browser"), site_pages(), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.ok, build.output
    with serve(build.site) as base:
        yield base


def card_ids(page, selector: str, visible_only: bool = False) -> list[str]:
    return page.eval_on_selector_all(
        f"{selector} [data-event-id]",
        "(cards, visibleOnly) => cards.filter(c => !visibleOnly || c.offsetParent !== null).map(c => c.dataset.eventId)",
        visible_only,
    )


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_script_moves_a_finished_event_to_past(chromium, url, prefix):
    context = chromium.new_context()
    page = context.new_page()
    recorder = VisitRecorder(page, url)
    page.clock.install(time=VISIT)
    page.goto(f"{url}{prefix}events/")
    page.wait_for_function("document.querySelector('[data-events-moved]') !== null", timeout=60_000)
    assert card_ids(page, '[data-events-list="upcoming"]') == ["2026-forum", "2026-expo", "2026-gala"]
    assert card_ids(page, '[data-events-list="past"]') == [
        "2026-launch", "2026-regatta", "2025-festival", "2024-marathon"]
    page.wait_for_load_state("networkidle")  # leave no request half-done when navigating on
    page.goto(f"{url}{prefix}")
    page.wait_for_load_state("networkidle")
    assert card_ids(page, '[data-events-list="next"]', visible_only=True) == ["2026-forum", "2026-expo", "2026-gala"]
    assert recorder.problems() == []
    context.close()


def test_when_everything_has_ended_the_empty_message_shows(chromium, url):
    context = chromium.new_context()
    page = context.new_page()
    page.clock.install(time=datetime(2030, 1, 1, tzinfo=timezone.utc))
    page.goto(f"{url}events/category/conference/")
    page.wait_for_load_state("load")
    assert card_ids(page, '[data-events-list="upcoming"]') == []
    assert page.is_visible('[data-events-list="upcoming"] [data-events-empty]')
    assert card_ids(page, '[data-events-list="past"]') == ["2026-forum", "2026-launch"]
    context.close()


def test_without_javascript_the_build_time_split_shows(chromium, url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{url}events/")
    assert card_ids(page, '[data-events-list="upcoming"]') == ["2026-launch", "2026-forum", "2026-expo", "2026-gala"]
    context.close()
