"""Encoding: the widths and formats one clean picture is published in.

Every setting that shapes the output bytes is in ``SETTINGS`` (it is part of
the cache key, so changing one re-encodes every picture). Encoders run with
fixed settings, one thread each and no metadata, so the same pixels always
give the same bytes.

- Widths: ``SETTINGS["widths"]`` never upscaled: a picture narrower than the
  largest width gets its own width as the largest variant.
- Formats: AVIF at every width when it pays off for this picture (all AVIF
  variants together at least ``min_saving`` smaller than the fallback's),
  and a fallback at every width: JPEG, or PNG for pictures with
  transparency. No WebP tier: it would serve only browsers with WebP and
  without AVIF (0.6% of page views worldwide, 5% in mainland China, mostly
  the Android QQ Browser, in caniuse-lite 1.0.30001829) and cost a quarter
  of the encoding time; those browsers get the JPEG (bench/README.md).
- Each smaller width is resized from the next larger one (1600 -> 960 -> 480):
  40% less resizing time than resizing every width from the source.
- The share picture (og:image) is the widest JPEG variant itself, whole:
  every platform crops previews to its own shape (Facebook 1.91:1, X 2:1,
  WeChat a square). A picture with transparency gets a JPEG of its widest
  variant flattened onto white (platforms draw transparency black).
"""
from __future__ import annotations

import hashlib
import io
import json
import math
from pathlib import Path

from PIL import Image, ImageDraw, features

SETTINGS = {
    "version": 3,
    "widths": [480, 960, 1600],
    "resample": "lanczos",
    # Baseline, not progressive: the JPEG is the fallback for browsers without WebP;
    # progressive saved 2.4% of its bytes and cost 3x its encoding time.
    "jpeg": {"quality": 80, "optimize": True, "progressive": False, "subsampling": 2},
    # speed 9: a third of the encoding time of speed 8 on a 4000x3000 photo, for
    # 2% more bytes (bench/images.py); 10 gives the same bytes as 9.
    "avif": {"quality": 50, "speed": 9, "max_threads": 1, "min_saving": 0.10},
    "png": {"optimize": True},
    # The site's default share picture (pages without a photo): Facebook's 1.91:1.
    "card": {"width": 1200, "height": 630},
}

MIME = {"avif": "image/avif", "jpeg": "image/jpeg", "png": "image/png"}
EXT = {"avif": "avif", "jpeg": "jpg", "png": "png"}
# Colours of overrides/assets/favicon.svg, for the default share picture.
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
        (im if im.mode == "RGB" else im.convert("RGB")).save(out, "JPEG", quality=s["quality"], optimize=s["optimize"],
                               progressive=s["progressive"], subsampling=s["subsampling"])
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


def encode_picture(im: Image.Image, settings: dict | None = None) -> tuple[list[dict], dict, dict[str, bytes]]:
    """Everything published of a clean picture: (variants, share, {sha256: bytes}).

    ``variants``: what its ``<picture>`` offers, sorted AVIF (when kept), then
    the fallback, each by width. ``share``: the record of its share picture,
    the widest JPEG variant (for a picture with transparency, a flattened
    JPEG of the widest variant, which is not among ``variants``).
    """
    settings = settings or SETTINGS
    fallback = "png" if im.mode == "RGBA" else "jpeg"
    sized = []
    for width in sorted(widths_for(im.width, settings["widths"]), reverse=True):
        sized.insert(0, _resize(sized[0] if sized else im, width))
    blobs: dict[str, bytes] = {}

    def add(fmt: str, images: list[Image.Image]) -> list[dict]:
        out = []
        for variant in images:
            data = _save(variant, fmt, settings)
            rec = _record(fmt, variant, data)
            blobs[rec["sha256"]] = data
            out.append(rec)
        return out

    variants = add(fallback, sized)
    if avif_available():
        avif = add("avif", sized)
        if sum(r["bytes"] for r in avif) <= (1 - settings["avif"]["min_saving"]) * sum(r["bytes"] for r in variants):
            variants = avif + variants
        else:
            for rec in avif:
                blobs.pop(rec["sha256"], None)
    if fallback == "jpeg":
        share = variants[-1]
    else:
        widest = sized[-1]
        flat = Image.new("RGB", widest.size, (255, 255, 255))
        flat.paste(widest, mask=widest.getchannel("A"))
        share = add("jpeg", [flat])[0]
    return variants, share, blobs


def default_card(settings: dict | None = None) -> Image.Image:
    """The site's default share picture: the favicon's islands and wave,
    drawn in the brand blue (no text, so it serves every language)."""
    settings = settings or SETTINGS
    w, h = settings["card"]["width"], settings["card"]["height"]
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
