"""The image pipeline without MkDocs: decoding rules, encoding, cache, markup."""
from __future__ import annotations

import io
import json
import multiprocessing
import threading
from pathlib import Path

import pytest
from PIL import Image

from sitekit import images_cache, images_decode, images_encode, images_markup, images_social
from sitekit.images_decode import ImageInputError, decode
from test_images_make import (BLUE, MARKER, RED, animated_gif, big_jpeg, bomb_png, cmyk_jpeg, html_as_jpg,
                              la_png, palette_png, phone_jpeg, png16, tagged_red_png, truncated_jpeg)


def close(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


# Decoding -----------------------------------------------------------------

def test_orientation_is_applied_and_metadata_dropped():
    im = decode(phone_jpeg())
    assert im.size == (400, 600)  # stored 600x400 with orientation 6
    assert close(im.getpixel((200, 10)), RED) and close(im.getpixel((200, 590)), BLUE)
    assert im.info == {}
    assert not im.getexif()


def test_modes_are_converted():
    cmyk = decode(cmyk_jpeg())
    assert cmyk.mode == "RGB" and close(cmyk.getpixel((10, 10)), (255, 0, 0))
    grey = decode(png16())
    assert grey.mode == "RGB"
    # scaled, not clipped: the 16-bit gradient keeps its middle grey
    assert grey.getpixel((0, 0))[0] < 5 and 110 < grey.getpixel((256, 0))[0] < 145 and grey.getpixel((511, 0))[0] > 250
    pal = decode(palette_png())
    assert pal.mode == "RGBA" and pal.getpixel((10, 10))[3] == 0 and close(pal.getpixel((150, 50)), RED + (255,), 1)
    la = decode(la_png())
    assert la.mode == "RGBA" and la.getpixel((10, 10))[3] == 0 and la.getpixel((100, 10)) == (128, 128, 128, 255)


def test_opaque_alpha_is_dropped():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (1, 2, 3, 255)).save(out, "PNG")
    assert decode(out.getvalue()).mode == "RGB"


def test_icc_profile_is_converted_away():
    out = io.BytesIO()
    srgb = images_decode.ImageCms.ImageCmsProfile(images_decode.ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (20, 20), (10, 200, 30)).save(out, "PNG", icc_profile=srgb)
    assert Image.open(io.BytesIO(out.getvalue())).info.get("icc_profile")
    im = decode(out.getvalue())
    assert "icc_profile" not in im.info and close(im.getpixel((0, 0)), (10, 200, 30), 3)


def test_colour_profile_is_converted_to_srgb():
    # Red pixels in a profile whose red primary is sRGB's green: green in sRGB.
    im = decode(tagged_red_png())
    assert close(im.getpixel((0, 0)), (0, 255, 0), 10) and "icc_profile" not in im.info


@pytest.mark.parametrize("maker, words", [
    (html_as_jpg, "not an image but a text/HTML file"),
    (bomb_png, "declares 400 megapixels, more than this site's limit of 60 megapixels"),
    (truncated_jpeg, "is truncated"),
    (animated_gif, "is animated (3 frames)"),
    (lambda: b"", "empty"),
    (lambda: b"II*\x00" + b"\0" * 100, "is not a JPEG, PNG, WebP or GIF file"),
    (lambda: b"\0\0\0\x18ftypheic" + b"\0" * 100, "HEIC"),
])
def test_bad_inputs_are_refused_with_advice(maker, words):
    with pytest.raises(ImageInputError) as info:
        decode(maker())
    assert words in str(info.value)


def test_pixel_limit_is_below_pillows_and_restored():
    assert images_decode.MAX_PIXELS < Image.MAX_IMAGE_PIXELS
    before = Image.MAX_IMAGE_PIXELS
    with pytest.raises(ImageInputError):
        decode(bomb_png(9000))  # 81 megapixels: under Pillow's own limit, over ours
    assert Image.MAX_IMAGE_PIXELS == before


# Encoding -----------------------------------------------------------------

@pytest.mark.parametrize("width, expected", [
    (4000, [480, 960, 1600]), (1200, [480, 960, 1200]), (960, [480, 960]), (300, [300]), (1600, [480, 960, 1600]),
])
def test_widths_never_upscale(width, expected):
    assert images_encode.widths_for(width) == expected


def test_variants_are_deterministic_and_clean():
    im = decode(big_jpeg(1800, 1200))
    first, share, blobs = images_encode.encode_picture(im)
    again, share_again, _ = images_encode.encode_picture(decode(big_jpeg(1800, 1200)))
    assert (first, share) == (again, share_again)
    assert [(r["format"], r["width"]) for r in first] == [
        ("avif", 480), ("avif", 960), ("avif", 1600), ("jpeg", 480), ("jpeg", 960), ("jpeg", 1600)]
    assert set(blobs) == {r["sha256"] for r in first}  # nothing encoded that is not published
    for rec in first:
        out = Image.open(io.BytesIO(blobs[rec["sha256"]]))
        assert out.format == {"avif": "AVIF", "jpeg": "JPEG"}[rec["format"]]
        assert out.size == (rec["width"], rec["height"])
        assert not out.getexif() and not out.info.get("icc_profile") and not out.info.get("xmp")


def test_avif_is_kept_only_when_it_pays_off():
    photo = decode(big_jpeg(1000, 700))
    records, _, blobs = images_encode.encode_picture(photo)
    size = {fmt: sum(r["bytes"] for r in records if r["format"] == fmt) for fmt in ("avif", "jpeg")}
    assert 0 < size["avif"] <= 0.9 * size["jpeg"]
    # The same photo when AVIF must save 99%: not kept, and none of its bytes stay behind.
    strict = json.loads(json.dumps(images_encode.SETTINGS))
    strict["avif"]["min_saving"] = 0.99
    records, share, blobs = images_encode.encode_picture(photo, strict)
    assert [(r["format"], r["width"]) for r in records] == [("jpeg", 480), ("jpeg", 960), ("jpeg", 1000)]
    assert set(blobs) == {r["sha256"] for r in records} and share == records[-1]


def test_transparent_pictures_fall_back_to_png_and_share_a_flat_jpeg():
    records, share, blobs = images_encode.encode_picture(decode(palette_png()))
    assert {r["format"] for r in records} <= {"avif", "png"}
    fallback = [r for r in records if r["format"] == "png"]
    assert fallback and Image.open(io.BytesIO(blobs[fallback[0]["sha256"]])).mode == "RGBA"
    # Platforms draw transparency black: the share picture is flattened onto white.
    assert share not in records and share["format"] == "jpeg" and share["width"] == fallback[-1]["width"]
    flat = Image.open(io.BytesIO(blobs[share["sha256"]]))
    assert flat.mode == "RGB" and close(flat.getpixel((10, 10)), (255, 255, 255), 8)


def test_share_picture_is_the_widest_jpeg_and_the_default_card_is_1200_by_630():
    records, share, _ = images_encode.encode_picture(decode(big_jpeg(2400, 1600)))
    assert share in records and share == max((r for r in records if r["format"] == "jpeg"), key=lambda r: r["width"])
    assert (share["width"], share["height"]) == (1600, 1067)
    small, share, _ = images_encode.encode_picture(decode(phone_jpeg()))
    assert (share["width"], share["height"]) == (400, 600)  # never upscaled, upright
    rec, data = images_encode.encode_default_card()
    assert Image.open(io.BytesIO(data)).size == (1200, 630) and rec["mime"] == "image/png"


def test_fingerprint_changes_with_settings():
    changed = json.loads(json.dumps(images_encode.SETTINGS))
    changed["avif"]["quality"] += 1
    assert images_encode.fingerprint(changed) != images_encode.fingerprint()


# Cache ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sources")
    made = {"a.jpg": phone_jpeg(), "b.jpg": big_jpeg(1000, 700, seed=3), "c.png": palette_png(), "bad.jpg": html_as_jpg()}
    for name, data in made.items():
        (folder / name).write_bytes(data)
    return folder


def _jobs(folder: Path, names, fp):
    return {images_cache.source_key((folder / n).read_bytes(), fp): str(folder / n) for n in names}


def _tree(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_cache_one_worker_equals_all_workers_and_warm_run_encodes_nothing(tmp_path, sources):
    fp = images_encode.fingerprint()
    jobs = _jobs(sources, ["a.jpg", "b.jpg", "c.png"], fp)
    one, stats1 = images_cache.run(jobs, tmp_path / "one", fp, workers=1)
    two, stats2 = images_cache.run(jobs, tmp_path / "two", fp, workers=2)
    assert stats1.encoded == stats2.encoded == 3 and stats2.workers == 2
    assert one == two and _tree(tmp_path / "one") == _tree(tmp_path / "two")
    warm, stats = images_cache.run(jobs, tmp_path / "one", fp, workers=2)
    assert (stats.encoded, stats.cached) == (0, 3) and warm == one


def test_damaged_entry_is_detected_and_rebuilt(tmp_path, sources):
    fp = images_encode.fingerprint()
    jobs = _jobs(sources, ["a.jpg"], fp)
    key = next(iter(jobs))
    manifests, _ = images_cache.run(jobs, tmp_path, fp, workers=1)
    rec = manifests[key]["variants"][0]
    damaged = images_cache.cached_file(tmp_path, key, rec)
    damaged.write_bytes(damaged.read_bytes()[:-10] + b"0123456789")  # same size, other bytes
    again, stats = images_cache.run(jobs, tmp_path, fp, workers=1)
    assert stats.encoded == 1 and again == manifests
    assert images_cache.cached_file(tmp_path, key, rec).read_bytes() != b""
    (images_cache.entry_dir(tmp_path, key) / "manifest.json").write_text("{not json", encoding="utf-8")
    _, stats = images_cache.run(jobs, tmp_path, fp, workers=1)
    assert stats.encoded == 1


def test_failed_image_leaves_nothing_behind(tmp_path, sources):
    fp = images_encode.fingerprint()
    jobs = _jobs(sources, ["bad.jpg", "c.png"], fp)
    manifests, stats = images_cache.run(jobs, tmp_path, fp, workers=2, progress_every=0)
    assert list(stats.errors) == [str(sources / "bad.jpg")]
    assert "text/HTML" in stats.errors[str(sources / "bad.jpg")]
    assert len(manifests) == 1
    assert not list(tmp_path.glob("*/.tmp-*"))
    entries = [p for p in tmp_path.glob("*/*") if p.is_dir()]
    assert len(entries) == 1


# Stand-ins for images_cache.encode_source at module level: the worker
# processes import them by name (a local function cannot be sent to them).
ENCODED_HERE: list[str] = []
REAL_ENCODE = images_cache.encode_source


def encode_and_note(source, root, key, fingerprint):
    """encode_source, noting the photos the build's own process encodes."""
    if multiprocessing.parent_process() is None:
        ENCODED_HERE.append(source)
    return REAL_ENCODE(source, root, key, fingerprint)


def encode_in_worker_only(source, root, key, fingerprint):
    """encode_source, except in the build's own process, where a Ctrl-C comes."""
    if multiprocessing.parent_process() is None:
        raise KeyboardInterrupt
    return REAL_ENCODE(source, root, key, fingerprint)


def test_this_process_encodes_beside_the_workers_and_an_interrupt_stops_every_lane(tmp_path, monkeypatch):
    fp = images_encode.fingerprint()
    folder = tmp_path / "sources"
    folder.mkdir()
    for n in range(8):  # ~0.2 s each: far longer together than a worker takes to start
        (folder / f"p{n}.jpg").write_bytes(big_jpeg(2000, 1500, seed=n))
    jobs = _jobs(folder, [f"p{n}.jpg" for n in range(8)], fp)
    # Two workers: this process and one other share the queue.
    ENCODED_HERE.clear()
    monkeypatch.setattr(images_cache, "encode_source", encode_and_note)
    manifests, stats = images_cache.run(jobs, tmp_path / "a", fp, workers=2)
    assert stats.encoded == 8 and stats.workers == 2 and len(manifests) == 8 and not stats.errors
    assert 0 < len(ENCODED_HERE) < 8  # the rest were encoded by the other process
    assert _tree(tmp_path / "a") == _tree(images_cache.run(jobs, tmp_path / "one", fp, workers=1) and tmp_path / "one")
    # Ctrl-C in this process's lane: the other lane finishes the photo it has, takes no more.
    monkeypatch.setattr(images_cache, "encode_source", encode_in_worker_only)
    with pytest.raises(KeyboardInterrupt):
        images_cache.run(jobs, tmp_path / "b", fp, workers=2)
    entries = [p for p in (tmp_path / "b").glob("*/*") if p.is_dir()]
    assert len(entries) <= 1 and not list((tmp_path / "b").glob("*/.tmp-*"))


def test_progress_is_reported(tmp_path, sources, caplog):
    import logging
    fp = images_encode.fingerprint()
    jobs = _jobs(sources, ["a.jpg", "b.jpg", "c.png"], fp)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.zhoushan.images"):
        images_cache.run(jobs, tmp_path, fp, workers=1, progress_every=0)
    lines = [r.getMessage() for r in caplog.records]
    assert "images: 1/3 encoded" in lines[0] and "per second" in lines[0]
    assert any("images: 2/3 encoded" in line for line in lines)


# Markup ---------------------------------------------------------------------

def test_img_tags_are_found_at_their_exact_place():
    html = '<p>Text</p>\n<p><img alt="A &amp; B" src="a.jpg" /> and\n<img src="b.png" data-decorative></p>'
    tags = images_markup.find_img_tags(html)
    assert [html[t.start:t.end] for t in tags] == ['<img alt="A &amp; B" src="a.jpg" />', '<img src="b.png" data-decorative>']
    assert tags[0].get("alt") == "A & B" and tags[1].has("data-decorative") and tags[1].get("alt") is None


@pytest.mark.parametrize("src, page_url, expected", [
    ("photo.jpg", "", "photo.jpg"),
    ("../photo.jpg", "events/open/", "events/photo.jpg"),
    ("photo.jpg", "events/open/", "events/open/photo.jpg"),
    ("../../zh/a%20b.jpg", "zh/events/", "zh/a b.jpg"),
    ("https://example.com/x.jpg", "", None),
    ("data:image/png;base64,AAAA", "", None),
])
def test_local_target(src, page_url, expected):
    assert images_markup.local_target(src, page_url) == expected


def test_relative_urls_from_pages():
    assert images_markup.relative_url("assets/pictures/x.jpg", "") == "assets/pictures/x.jpg"
    assert images_markup.relative_url("assets/pictures/x.jpg", "zh/events/open/") == "../../../assets/pictures/x.jpg"


def _manifest():
    recs = []
    for fmt, ext in (("avif", "avif"), ("jpeg", "jpg")):
        for w, h in ((480, 320), (960, 640), (1600, 1067)):
            recs.append({"format": fmt, "mime": images_encode.MIME[fmt], "ext": ext, "width": w, "height": h,
                         "sha256": f"{fmt}{w}".ljust(64, "0"), "bytes": 1})
    return {"variants": recs}


def test_picture_data_first_and_later():
    url_of = lambda rec: f"/p/{rec['width']}.{rec['ext']}"  # noqa: E731
    first = images_markup.picture_data(_manifest(), url_of=url_of, alt="Harbour", first=True,
                                       attrs=(("src", "x"), ("class", "wide"), ("alt", "x")))
    assert [s["type"] for s in first["sources"]] == ["image/avif"]
    assert first["sources"][0]["srcset"] == "/p/480.avif 480w, /p/960.avif 960w, /p/1600.avif 1600w"
    assert first["src"] == "/p/960.jpg" and (first["width"], first["height"]) == (1600, 1067)
    assert first["fetchpriority"] == "high" and first["loading"] is None
    assert first["attrs"] == [("class", "wide")]
    later = images_markup.picture_data(_manifest(), url_of=url_of, alt="", first=False, sizes="50vw")
    assert later["loading"] == "lazy" and later["fetchpriority"] is None and later["sizes"] == "50vw"


def test_slug_and_published_names():
    assert images_markup.slug_stem("docs/events/Opening Ceremony 2024.JPG") == "opening-ceremony-2024"
    assert images_markup.slug_stem("舟山.jpg") == "image"
    rec = {"width": 480, "sha256": "ab" * 32, "ext": "webp"}
    assert images_markup.published_name("harbour", rec) == "harbour-480w.abababababab.webp"


def test_front_matter_image_forms():
    assert images_social.front_matter_image({"image": "a.jpg", "image_alt": "A"}) == ("a.jpg", "A")
    assert images_social.front_matter_image({"image": {"src": "b.jpg", "alt": "B"}}) == ("b.jpg", "B")
    assert images_social.front_matter_image({}) == (None, None)
    assert images_social.front_matter_image({"image": "c.jpg", "image_alt": {"en": "C", "zh": "丙"}}, "zh") == ("c.jpg", "丙")
    assert images_social.front_matter_image({"image": "d.jpg", "image_alt": " "}) == ("d.jpg", None)
    assert images_social.resolve_source("a.jpg", "events/x.md", "/d") == Path("/d/events/a.jpg")
    assert images_social.resolve_source("/img/a.jpg", "events/x.md", "/d") == Path("/d/img/a.jpg")


def test_marker_is_not_in_any_output(tmp_path, sources):
    fp = images_encode.fingerprint()
    jobs = _jobs(sources, ["a.jpg"], fp)
    images_cache.run(jobs, tmp_path, fp, workers=1)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("html", [
    '<p>No pictures here, only <a href="page/">a link</a>.</p>',
    '<p><IMG SRC="a.jpg" alt="upper case"> and <img src="b.png" alt=""></p>',
    '<!-- <img src="c.jpg"> --><p>in a comment</p>',
    '<p>&lt;img src="d.jpg"&gt; is text</p><img src=e.jpg>',
])
def test_tag_finder_shortcut_finds_what_the_parser_finds(html):
    """find_img_tags skips the HTML parser when no '<img' occurs; the result is the same."""
    finder = images_markup._TagFinder(html, ("img",))
    finder.feed(html)
    finder.close()
    assert images_markup.find_img_tags(html) == finder.tags


def test_photo_links_are_looked_for_whenever_an_extension_could_be_in_a_link():
    assert images_markup.mentions_any('<a href="photos/harbour.JPG">', (".jpg",))
    assert images_markup.mentions_any('<a href="photos/harbour%2Ejpg">', (".jpg",))
    assert not images_markup.mentions_any('<a href="page/">page</a>', (".jpg", ".png"))


def _locked_elsewhere(root, sources):
    """One photo whose lock another process (a language built in parallel)
    holds, and a run that wants it, started in a thread."""
    fp = images_encode.fingerprint()
    jobs = _jobs(sources, ["a.jpg"], fp)
    key = next(iter(jobs))
    other = images_cache.Locks(root)
    assert other.take(key)
    out = {}
    thread = threading.Thread(target=lambda: out.update(result=images_cache.run(jobs, root, fp, workers=1)))
    thread.start()
    thread.join(0.5)
    assert thread.is_alive()  # waiting for the other process
    return fp, jobs, key, other, thread, out


def test_a_photo_another_process_is_encoding_is_waited_for_not_encoded_twice(tmp_path, sources):
    fp, jobs, key, other, thread, out = _locked_elsewhere(tmp_path, sources)
    written = images_cache.encode_source(jobs[key], str(tmp_path), key, fp)
    other.release_all()
    thread.join(30)
    manifests, stats = out["result"]
    assert manifests == {key: written}
    assert (stats.encoded, stats.cached, stats.shared, stats.encoded_keys) == (0, 0, 1, [])


def test_a_photo_the_other_process_failed_on_is_encoded_here(tmp_path, sources):
    _, _, key, other, thread, out = _locked_elsewhere(tmp_path, sources)
    other.release_all()  # gave up without writing the entry
    thread.join(30)
    manifests, stats = out["result"]
    assert (stats.encoded, stats.shared, stats.encoded_keys) == (1, 0, [key])
    assert images_cache.read_entry(tmp_path, key) == manifests[key]
