"""What a visitor's browser does with the pictures: picks the small AVIF on a
phone, keeps the picture's space before it arrives (no layout shift), and
fetches nothing from another host."""
from __future__ import annotations

import pytest

from browser import VisitRecorder, serve
from sitebuild import build_fixture, page
from test_images_make import big_jpeg

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("images-browser")
    build = build_fixture(tmp, {
        "index.md": page("Home", "Text.\n\n![The bay](bay.jpg)\n\nMore text.\n\n![The hills](hills.jpg)\n"),
        "index.zh.md": page("首页", "文字。\n\n![海湾](bay.jpg)\n"),
        "bay.jpg": big_jpeg(2400, 1600, seed=1),
        "hills.jpg": big_jpeg(1200, 900, seed=2),
    })
    assert build.ok, build.output
    with serve(build.site) as url:
        yield url


def test_phone_gets_the_small_modern_variant(chromium, site_url):
    context = chromium.new_context(viewport={"width": 390, "height": 800}, device_scale_factor=1)
    page_ = context.new_page()
    recorder = VisitRecorder(page_, site_url)
    page_.goto(site_url, wait_until="load")
    first = page_.locator("picture img").first
    page_.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=first.element_handle())
    current = first.evaluate("img => img.currentSrc")
    assert current.endswith(".avif") and "-480w." in current, current
    page_.goto(site_url + "zh/", wait_until="load")
    zh = page_.locator("picture img").first
    page_.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=zh.element_handle())
    assert zh.get_attribute("alt") == "海湾"
    assert recorder.problems() == []
    context.close()


def test_space_is_kept_before_the_picture_arrives(chromium, site_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page_ = context.new_page()
    page_.route("**/assets/pictures/**", lambda route: None)  # pictures are requested but never arrive
    page_.goto(site_url, wait_until="domcontentloaded")
    for img in page_.locator("picture img").all():
        box = img.bounding_box()
        ratio = int(img.get_attribute("height")) / int(img.get_attribute("width"))
        assert box["width"] > 100
        assert abs(box["height"] - box["width"] * ratio) < 2, (box, ratio)
    context.close()
