"""The image hook in real builds of a small bilingual fixture site: what a
visitor downloads, what it must never contain, and the errors editors see."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from sitebuild import build_fixture, page, run_mkdocs
from test_images_make import (BLUE, MARKER, RED, animated_gif, big_jpeg, bomb_png, cmyk_jpeg, html_as_jpg,
                              la_png, palette_png, phone_jpeg, png16, tagged_red_png, truncated_jpeg)

PHOTOS = {
    "photos/harbour.jpg": phone_jpeg(),
    "photos/wide.jpg": big_jpeg(2400, 1600),
    "photos/divider.png": palette_png(),
    "photos/grey.png": png16(),
    "photos/red.jpg": cmyk_jpeg(),
    "photos/shape.png": la_png(),
    "photos/tagged.png": tagged_red_png(),
}
PAGES = {
    "index.md": page("Home", """
        Welcome to the islands.

        ![Harbour at dawn](photos/harbour.jpg)

        ![A wide view of the bay](photos/wide.jpg){ .wide }

        ![](photos/divider.png){ data-decorative }

        ![Grey gradient](photos/grey.png)

        ![Red square](photos/red.jpg)

        ![Half transparent shape](photos/shape.png)

        ![Wide-gamut red](photos/tagged.png)
        """, description="Home page of the fixture."),
    "index.zh.md": page("首页", """
        欢迎。

        ![黎明时的港口](photos/harbour.jpg)
        """, description="测试首页。"),
    "plain.md": page("Plain", "A page without pictures.\n"),
    "hero.md": page("Hero", "A page with a hero.\n\n![Harbour at dawn](photos/harbour.jpg)\n",
                    image="photos/wide.jpg", image_alt="The bay from the hill"),
    **PHOTOS,
}
ENV = {"ZS_IMAGE_PROGRESS_SECONDS": "0"}


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("images")
    cold = build_fixture(tmp, PAGES, env=ENV)
    assert cold.ok, cold.output
    cold_pictures = _tree(cold.site / "assets" / "pictures")
    warm = run_mkdocs(tmp / "project" / "mkdocs.yml", tmp / "warm-site", env=ENV)
    assert warm.ok, warm.output
    return cold, warm, cold_pictures


@pytest.fixture(scope="module")
def site(builds):
    return builds[0]


def _pictures(build, rel):
    return build.html(rel).select("article picture, .md-content picture")


def _file(build, page_rel, url) -> Path:
    base = (build.site / page_rel).parent if page_rel.endswith(".html") else build.site / page_rel
    return (base / url).resolve()


def test_every_picture_is_responsive(site):
    pictures = _pictures(site, "")
    assert len(pictures) == 7
    for picture in pictures:
        img = picture.find("img")
        types = [s["type"] for s in picture.find_all("source")]
        assert types in ([], ["image/avif"])  # AVIF when it pays off, else the fallback alone
        assert img.get("sizes") and all(s.get("sizes") == img["sizes"] for s in picture.find_all("source"))
        assert int(img["width"]) > 0 and int(img["height"]) > 0
        assert img["decoding"] == "async"
        for candidate in [img["src"]] + [c.split()[0] for s in picture.find_all("source") for c in s["srcset"].split(",")]:
            assert _file(site, "index.html", candidate).is_file(), candidate
    assert [s["type"] for p in pictures[:2] for s in p.find_all("source")] == ["image/avif", "image/avif"]  # photos
    wide = pictures[1]
    widths = [c.split()[1] for c in wide.find("img")["srcset"].split(",")]
    assert widths == ["480w", "960w", "1600w"]
    assert wide.find("img")["class"] == ["wide"]  # attr_list attributes are kept
    assert (wide.find("img")["width"], wide.find("img")["height"]) == ("1600", "1067")
    small = pictures[0].find("img")
    assert small["srcset"].endswith(" 400w") and "," not in small["srcset"]  # never upscaled


def test_first_picture_is_eager_the_others_lazy(site):
    imgs = [p.find("img") for p in _pictures(site, "")]
    assert imgs[0].get("fetchpriority") == "high" and not imgs[0].has_attr("loading")
    for img in imgs[1:]:
        assert img["loading"] == "lazy" and not img.has_attr("fetchpriority")
    # A page with a front-matter hero: its Markdown pictures are all lazy.
    hero_img = _pictures(site, "hero/")[0].find("img")
    assert hero_img["loading"] == "lazy" and not hero_img.has_attr("fetchpriority")


def test_alt_text_per_language_and_decorative(site):
    en = [p.find("img")["alt"] for p in _pictures(site, "")]
    assert en[:3] == ["Harbour at dawn", "A wide view of the bay", ""]
    zh = [p.find("img")["alt"] for p in _pictures(site, "zh/")]
    assert zh == ["黎明时的港口"]


def test_a_picture_of_both_languages_is_processed_once(site):
    en = _pictures(site, "")[0].find("img")["src"]
    zh = _pictures(site, "zh/")[0].find("img")["src"]
    assert _file(site, "index.html", en) == _file(site, "zh/index.html", zh)
    assert re.search(r"images: 7 photos, 8 encoded, 0 from cache", site.output)  # 6 photos + default card


def test_output_names_carry_their_content_hash(site):
    folder = site.site / "assets" / "pictures"
    files = sorted(folder.iterdir())
    assert files
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert path.name.split(".")[-2] == digest[:12], path.name


def test_originals_are_not_published(site):
    originals = {hashlib.sha256(data).hexdigest() for data in PHOTOS.values()}
    published = _tree(site.site)
    assert not originals & set(published.values())
    assert not [p for p in published if p.startswith(("photos/", "zh/photos/"))]


def test_no_marker_and_no_metadata_anywhere(site):
    for path in site.site.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path
    images = [p for p in site.site.rglob("*") if p.suffix in (".jpg", ".png", ".avif")]
    assert len(images) > 10
    for path in images:
        im = Image.open(path)
        exif = im.getexif()
        assert not exif and ExifTags.IFD.GPSInfo not in exif, path
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "photoshop"):
            assert not im.info.get(key), (path, key)


def test_upright_and_correct_modes(site):
    imgs = {p.find("img")["alt"] or "decorative": p for p in _pictures(site, "")}

    def fallback(alt):
        return Image.open(_file(site, "index.html", imgs[alt].find("img")["src"]))

    harbour = fallback("Harbour at dawn").convert("RGB")
    assert harbour.height > harbour.width
    assert abs(harbour.getpixel((200, 10))[0] - RED[0]) < 40 and abs(harbour.getpixel((200, 590))[2] - BLUE[2]) < 40
    red = fallback("Red square")
    assert red.mode == "RGB" and red.format == "JPEG" and red.getpixel((5, 5))[0] > 200
    grey = fallback("Grey gradient")
    assert grey.getpixel((0, 0))[0] < 10 and 100 < grey.getpixel((240, 0))[0] < 150
    divider = fallback("decorative")
    assert divider.format == "PNG" and divider.mode == "RGBA" and divider.getpixel((5, 5))[3] == 0
    tagged = fallback("Wide-gamut red")  # its colour profile maps red to sRGB green
    assert tagged.mode == "RGB" and tagged.getpixel((5, 5))[1] > 200 and tagged.getpixel((5, 5))[0] < 40
    shape = fallback("Half transparent shape")
    assert shape.format == "PNG" and shape.mode == "RGBA"
    for alt in ("decorative", "Half transparent shape"):
        for source in imgs[alt].find_all("source", type="image/avif"):  # when AVIF paid off, it keeps the alpha
            assert Image.open(_file(site, "index.html", source["srcset"].split()[0])).mode == "RGBA"


def test_share_cards_in_both_languages(site):
    expected = {"": "Home page of the fixture.", "zh/": "测试首页。", "plain/": "Plain.", "zh/plain/": "Plain."}
    cards = {}
    for rel, description in expected.items():
        soup = site.html(rel)
        meta = {m.get("property") or m.get("name"): m["content"] for m in soup.find_all("meta")
                if (m.get("property") or m.get("name") or "").startswith(("og:", "twitter:"))}
        assert meta["og:description"] == meta["twitter:description"] == description
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["og:image"] == meta["twitter:image"] and meta["og:image"].startswith("http://127.0.0.1:8000/")
        card = site.site / meta["og:image"].removeprefix("http://127.0.0.1:8000/")
        with Image.open(card) as im:
            assert (meta["og:image:width"], meta["og:image:height"]) == (str(im.width), str(im.height))
            assert meta["og:image:type"] == Image.MIME[im.format]
        assert meta["og:image:alt"]
        cards[rel] = (card, meta["og:locale"], meta["og:image:alt"])
    # A page's photo is shared whole, as its widest JPEG: the very file the page shows (never upscaled).
    harbour = _file(site, "index.html", _pictures(site, "")[0].find("img")["src"])
    assert cards[""][0] == harbour and Image.open(harbour).size == (400, 600)
    assert cards[""][1] == "en_US" and cards[""][2] == "Harbour at dawn"
    assert cards["zh/"][0] == cards[""][0] and cards["zh/"][1] == "zh_CN" and cards["zh/"][2] == "黎明时的港口"
    assert cards["plain/"][0].name.startswith("site-card.")  # no picture: the site's default card
    assert Image.open(cards["plain/"][0]).size == (1200, 630)
    # An untranslated copy under /zh/ keeps the language of its text, with no alternate.
    assert cards["zh/plain/"][1] == "en_US"
    assert not site.html("zh/plain/").find_all("meta", property="og:locale:alternate")
    assert [m["content"] for m in site.html("").find_all("meta", property="og:locale:alternate")] == ["zh_CN"]
    hero = site.html("hero/").find("meta", property="og:image")["content"]
    wide_1600 = _pictures(site, "")[1].find("img")["srcset"].split(", ")[-1].split()[0]
    assert hero.rsplit("/", 1)[1] == wide_1600.rsplit("/", 1)[1] and "/wide-1600w." in hero


def test_a_transparent_picture_is_shared_flattened(tmp_path):
    build = build_fixture(tmp_path, {
        "index.md": page("Logo", "Text.\n", image="shape.png", image_alt="A shape"),
        "shape.png": la_png(),
    }, env=ENV)
    assert build.ok, build.output
    card = build.site / build.html("").find("meta", property="og:image")["content"].removeprefix("http://127.0.0.1:8000/")
    assert card.name.startswith("shape-card.") and card.suffix == ".jpg"
    with Image.open(card) as im:
        assert im.mode == "RGB" and im.getpixel((5, 5)) == (255, 255, 255)  # transparent -> white, not black


def test_progress_is_reported(site):
    # N/M: M is what this language's process encodes (the other language's process may take some).
    lines = [line for line in site.output.splitlines() if re.search(r"images: \d+/[1-8] encoded \([\d.]+ per second\)", line)]
    assert lines, site.output


def test_second_build_encodes_nothing_and_gives_the_same_bytes(builds):
    cold, warm, cold_pictures = builds
    assert "images: 7 photos, 0 encoded, 8 from cache" in warm.output
    assert _tree(warm.site / "assets" / "pictures") == cold_pictures
    for rel in ("index.html", "zh/index.html", "hero/index.html"):
        assert (warm.site / rel).read_text(encoding="utf-8").count("<picture>") == \
            (cold.site / rel).read_text(encoding="utf-8").count("<picture>")


def test_missing_alt_text_fails_the_strict_build(tmp_path):
    build = build_fixture(tmp_path, {
        "index.md": page("Home", "Text.\n\n![](photos/harbour.jpg)\n\n[The original](photos/harbour.jpg)\n"),
        "index.zh.md": page("首页", "文字。\n\n![港口](photos/harbour.jpg)\n"),
        "hero.md": page("Hero", "Text.\n", image="photos/harbour.jpg"),
        "photos/harbour.jpg": PHOTOS["photos/harbour.jpg"],
    })
    assert not build.ok
    assert "docs/hero.md: front matter 'image: photos/harbour.jpg' needs its alt text" in build.output
    assert "docs/index.md: image 'photos/harbour.jpg' has no alt text" in build.output
    assert "{ data-decorative }" in build.output
    assert "docs/index.md: links to the original photo 'photos/harbour.jpg', which is not published" in build.output


def test_bad_images_fail_naming_page_and_image_and_leave_nothing(tmp_path):
    build = build_fixture(tmp_path, {
        "index.md": page("Home", "Text.\n\n![A good one](ok.jpg)\n"),
        "a.md": page("A", "Text.\n\n![Cut off](photos/cut.jpg)\n"),
        "b.md": page("B", "Text.\n\n![Web page](photos/page.jpg)\n"),
        "c.md": page("C", "Text.\n\n![Bomb](photos/bomb.png)\n"),
        "d.md": page("D", "Text.\n\n![Moving](photos/moving.gif)\n"),
        "ok.jpg": big_jpeg(600, 400),
        "photos/cut.jpg": truncated_jpeg(),
        "photos/page.jpg": html_as_jpg(),
        "photos/bomb.png": bomb_png(),
        "photos/moving.gif": animated_gif(),
    })
    assert not build.ok
    out = build.output
    assert "docs/a.md: image 'photos/cut.jpg' is truncated" in out
    assert "docs/b.md: image 'photos/page.jpg' is not an image but a text/HTML file" in out
    assert "docs/c.md: image 'photos/bomb.png' declares 400 megapixels" in out
    assert "docs/d.md: image 'photos/moving.gif' is animated (3 frames)" in out
    assert not build.site.exists()  # no half-written site to publish
    cache = build.root / ".cache" / "images"
    assert not list(cache.rglob(".tmp-*"))
    entries = [p for p in cache.glob("*/*") if p.is_dir()]
    assert len(entries) == 2  # the good photo and the default card only
    for entry in entries:
        assert (entry / "manifest.json").is_file()
