"""Encoding: the widths and formats one clean picture is published in.

Every setting that shapes the output bytes is in ``SETTINGS`` (it is part of
the cache key, so changing one re-encodes every picture). Encoders run with
fixed settings, one thread each and no metadata, so the same pixels always
give the same bytes.

- Widths: ``SETTINGS["widths"]`` never upscaled: a picture narrower than the
  largest width gets its own width as the largest variant.
- Formats: WebP at every width; AVIF too when it pays off for this picture
  (all AVIF variants together at least ``min_saving`` smaller than the WebP
  ones; measured on photos AVIF is about half of WebP at similar quality, at
  about the encoding time of WebP); a JPEG fallback, or a PNG fallback for
  pictures with transparency.
- Each smaller width is resized from the next larger one (1600 -> 960 -> 480):
  40% less resizing time than resizing every width from the source.
- The social card: 1200x630, cropped around the centre, JPEG.
"""
from __future__ import annotations

import hashlib
import io
import json
import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps, features

SETTINGS = {
    "version": 2,
    "widths": [480, 960, 1600],
    "resample": "lanczos",
    # Baseline, not progressive: the JPEG is the fallback for browsers without WebP;
    # progressive saved 2.4% of its bytes and cost 3x its encoding time.
    "jpeg": {"quality": 80, "optimize": True, "progressive": False, "subsampling": 2},
    # method 2 and speed 9: half the encoding time of method 4 and speed 8 on a
    # 4000x3000 photo, for 2% fewer (WebP) and 3% more (AVIF) bytes (bench/images.py).
    "webp": {"quality": 78, "method": 2},
    "avif": {"quality": 50, "speed": 9, "max_threads": 1, "min_saving": 0.10},
    "png": {"optimize": True},
    "social": {"width": 1200, "height": 630, "quality": 82},
}

MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
EXT = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}
# Colours of overrides/assets/favicon.svg, for the default social card.
BRAND_BLUE = (0x0B, 0x53, 0x94)


def avif_available() -> bool:
    return bool(features.check("avif"))


def fingerprint(settings: dict | None = None) -> str:
    """Everything that shapes output bytes: settings, Pillow and codec versions."""
    from PIL import __version__ as pillow_version

    codecs = {name: features.version(name) for name in ("jpg", "webp", "avif", "zlib")}
    # The code that turns bytes into pixels and pixels into files is part of
    # the key too: editing it can never serve outputs of the old code.
    here = Path(__file__).parent
    code = {name: hashlib.sha256((here / name).read_bytes()).hexdigest()
            for name in ("images_decode.py", "images_encode.py")}
    blob = json.dumps(
        {"settings": settings or SETTINGS, "pillow": pillow_version, "codecs": codecs, "code": code},
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def widths_for(source_width: int, widths: list[int] | None = None) -> list[int]:
    """Target widths for a picture ``source_width`` pixels wide; never upscaled."""
    widths = sorted(widths or SETTINGS["widths"])
    chosen = [w for w in widths if w < source_width]
    chosen.append(min(source_width, widths[-1]))
    return sorted(set(chosen))


def _resize(im: Image.Image, width: int) -> Image.Image:
    if width == im.width:
        return im
    height = max(1, round(im.height * width / im.width))
    return im.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _save(im: Image.Image, fmt: str, settings: dict) -> bytes:
    out = io.BytesIO()
    if fmt == "jpeg":
        s = settings["jpeg"]
        im.convert("RGB").save(out, "JPEG", quality=s["quality"], optimize=s["optimize"],
                               progressive=s["progressive"], subsampling=s["subsampling"])
    elif fmt == "webp":
        s = settings["webp"]
        im.save(out, "WEBP", quality=s["quality"], method=s["method"], exif=b"", xmp=b"", icc_profile=b"")
    elif fmt == "avif":
        s = settings["avif"]
        im.save(out, "AVIF", quality=s["quality"], speed=s["speed"], max_threads=s["max_threads"],
                exif=b"", xmp=b"", icc_profile=b"")
    elif fmt == "png":
        im.save(out, "PNG", optimize=settings["png"]["optimize"])
    else:  # pragma: no cover - programming error
        raise ValueError(fmt)
    return out.getvalue()


def _record(fmt: str, im: Image.Image, data: bytes) -> dict:
    return {
        "format": fmt, "mime": MIME[fmt], "ext": EXT[fmt], "width": im.width, "height": im.height,
        "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
    }


def encode_variants(im: Image.Image, settings: dict | None = None) -> tuple[list[dict], dict[str, bytes]]:
    """All published variants of a clean picture: (records, {sha256: bytes}).

    Records are sorted: AVIF, WebP, then the fallback, each by width.
    """
    settings = settings or SETTINGS
    fallback = "png" if im.mode == "RGBA" else "jpeg"
    sized = []
    for width in sorted(widths_for(im.width, settings["widths"]), reverse=True):
        sized.insert(0, _resize(sized[0] if sized else im, width))
    records: list[dict] = []
    blobs: dict[str, bytes] = {}

    def add(fmt: str) -> list[dict]:
        out = []
        for variant in sized:
            data = _save(variant, fmt, settings)
            rec = _record(fmt, variant, data)
            blobs[rec["sha256"]] = data
            out.append(rec)
        return out

    webp = add("webp")
    if avif_available():
        avif = add("avif")
        if sum(r["bytes"] for r in avif) <= (1 - settings["avif"]["min_saving"]) * sum(r["bytes"] for r in webp):
            records += avif
        else:
            for rec in avif:
                blobs.pop(rec["sha256"], None)
    records += webp
    records += add(fallback)
    return records, blobs


def encode_social(im: Image.Image, settings: dict | None = None) -> tuple[dict, bytes]:
    """The 1200x630 share card (Open Graph, Twitter) of a clean picture."""
    settings = settings or SETTINGS
    s = settings["social"]
    if im.mode == "RGBA":
        flat = Image.new("RGB", im.size, (255, 255, 255))
        flat.paste(im, mask=im.getchannel("A"))
        im = flat
    card = ImageOps.fit(im, (s["width"], s["height"]), Image.Resampling.LANCZOS, centering=(0.5, 0.5))
    out = io.BytesIO()
    card.save(out, "JPEG", quality=s["quality"], optimize=True)
    data = out.getvalue()
    return _record("jpeg", card, data), data


def default_card(settings: dict | None = None) -> Image.Image:
    """The site's default share picture: the favicon's islands and wave,
    drawn in the brand blue (no text, so it serves every language)."""
    settings = settings or SETTINGS
    w, h = settings["social"]["width"], settings["social"]["height"]
    k = 2  # drawn at twice the size, then reduced: smooth edges
    W, H = w * k, h * k
    card = Image.new("RGB", (W, H), BRAND_BLUE)
    draw = ImageDraw.Draw(card)
    unit = H / 32  # the favicon is drawn on a 32x32 grid
    white = (255, 255, 255)
    # Two islands: circles at (11,13) r3 and (20,11) r4 of the favicon, centred.
    x0 = W / 2 - 16 * unit
    for cx, cy, r in ((11, 13, 3), (20, 11, 4)):
        draw.ellipse([x0 + (cx - r) * unit, (cy - r) * unit, x0 + (cx + r) * unit, (cy + r) * unit], fill=white)
    # The sea: a wave across the whole width, crest at y=22 of the grid.
    points = []
    period = 24 * unit
    for i in range(0, W + 1, 4):
        y = 22 * unit + 1.5 * unit * math.sin(2 * math.pi * (i - x0) / period)
        points.append((i, y))
    points += [(W, 28 * unit), (0, 28 * unit)]  # the white sea ends at y=28, like the favicon's
    draw.polygon(points, fill=white)
    return card.resize((w, h), Image.Resampling.LANCZOS)


def encode_default_card(settings: dict | None = None) -> tuple[dict, bytes]:
    card = default_card(settings)
    out = io.BytesIO()
    card.save(out, "PNG", optimize=True)
    data = out.getvalue()
    return _record("png", card, data), data
