"""Safe decoding of an editor's photo into clean, upright sRGB pixels.

``decode(data)`` returns a Pillow image in mode ``RGB`` or ``RGBA`` with
``info`` emptied: nothing of the file's metadata survives, so nothing of it
can be written out again. Every refusal raises ``ImageInputError`` with a
message an editor can act on (the caller adds the page and the image name).

Rules:

- Formats: JPEG, PNG, WebP and GIF only, recognised by their first bytes,
  never by the file name (an HTML page saved as ``photo.jpg`` is refused).
  Other formats (HEIC, TIFF, BMP, AVIF...) are refused: export a JPEG.
- Size: at most ``MAX_PIXELS`` (60 megapixels; a 50-megapixel phone photo
  passes), well below Pillow's default bomb limit (89.5 megapixels). Pillow's
  decompression-bomb warning is an error here.
- Truncated files are loaded completely (``LOAD_TRUNCATED_IMAGES`` stays
  off) so that a cut-off download fails the build instead of being published
  with a grey lower half.
- Animated images (GIF, WebP or PNG with more than one frame) are refused:
  the site publishes still pictures only; export the frame you want as a
  JPEG or PNG (an animation would otherwise be silently frozen).
- The EXIF orientation flag is applied to the pixels; then every metadata
  block (EXIF with GPS, XMP, IPTC, comments, colour profile) is dropped.
- Colour: an embedded ICC profile is converted to sRGB (an unreadable
  profile is ignored and the pixels are taken as sRGB); CMYK becomes RGB;
  16-bit greyscale is scaled (not clipped) to 8 bits; palette images with
  transparency, LA and PA become RGBA; an alpha channel that is fully opaque
  is dropped (so the fallback can be a JPEG).
"""
from __future__ import annotations

import io
import re
import warnings

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

MAX_PIXELS = 60_000_000
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# File extensions this site treats as photos to process (never published as is).
EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif")
# Raster formats an editor may try that are refused with advice.
REFUSED_EXTENSIONS = (".heic", ".heif", ".tif", ".tiff", ".bmp", ".avif", ".jxl", ".psd")

_SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)
_SRGB = ImageCms.createProfile("sRGB")


class ImageInputError(ValueError):
    """An image that this site refuses to publish; the message says why and what to do."""


def sniff(data: bytes) -> str:
    """The format named by the file's first bytes; ``ImageInputError`` when not allowed."""
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    head = data[:512].lstrip().lower()
    if not data:
        raise ImageInputError("the file is empty; copy the photo again")
    if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<svg", b"<")):
        raise ImageInputError(
            "is not an image but a text/HTML file with an image name (a web page saved "
            "instead of the photo?); save the photo itself as JPEG"
        )
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
        raise ImageInputError("is a HEIC/AVIF file; export it as JPEG (allowed: JPEG, PNG, WebP, GIF)")
    raise ImageInputError("is not a JPEG, PNG, WebP or GIF file; export the photo as JPEG")


def _open(data: bytes, max_width: int | None = None) -> Image.Image:
    fmt = sniff(data)
    old_limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                im = Image.open(io.BytesIO(data), formats=[fmt])
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
                declared = re.search(r"\((\d+) pixels\)", str(exc))
                size = f"{int(declared.group(1)) // 1_000_000} megapixels" if declared else "too many pixels"
                raise ImageInputError(
                    f"declares {size}, more than this site's limit of {MAX_PIXELS // 1_000_000} "
                    "megapixels (a decompression bomb or a huge scan); resize it to at most 4000 pixels wide"
                ) from None
            except UnidentifiedImageError:
                raise ImageInputError(f"starts like a {fmt} file but cannot be read; export it again") from None
            width, height = im.size
            if width * height > MAX_PIXELS:  # Pillow's check also depends on its own global
                raise ImageInputError(
                    f"is {width}x{height} pixels, more than this site's limit of "
                    f"{MAX_PIXELS // 1_000_000} megapixels; resize it to at most 4000 pixels wide"
                )
            if getattr(im, "n_frames", 1) > 1:
                raise ImageInputError(
                    f"is animated ({im.n_frames} frames); the site publishes still pictures only: "
                    "export the frame you want as a JPEG or PNG"
                )
            if fmt == "JPEG" and max_width:
                # Decode a large JPEG at 1/2, 1/4 or 1/8 scale (the JPEG's own DCT
                # scaling) when that still leaves at least max_width pixels across
                # once the photo is upright: several times faster, same result.
                sideways = im.getexif().get(0x0112) in (5, 6, 7, 8)
                im.draft(None, (1, max_width) if sideways else (max_width, 1))
            ImageFile.LOAD_TRUNCATED_IMAGES = False
            try:
                im.load()
            except (OSError, SyntaxError, ValueError) as exc:
                if "truncated" in str(exc).lower():
                    raise ImageInputError(
                        "is truncated (the file ends before the picture does: an interrupted "
                        "copy or download?); copy the original photo again"
                    ) from None
                raise ImageInputError(f"is damaged and cannot be decoded ({exc}); export it again") from None
            return im
    finally:
        Image.MAX_IMAGE_PIXELS = old_limit


def _to_srgb(im: Image.Image) -> Image.Image:
    icc = im.info.get("icc_profile")
    if not icc or im.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if im.mode == "L":
            return im  # a grey profile: the grey levels are kept as they are
        out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(
            im, source, _SRGB, outputMode=out_mode,
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return im  # unreadable profile: take the pixels as sRGB


def _normalise_mode(im: Image.Image) -> Image.Image:
    mode = im.mode
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        wide = im.convert("I") if mode != "I" else im
        lo, hi = wide.getextrema()
        scale = 1 / 256 if hi > 255 else 1
        return wide.point(lambda v: v * scale).convert("L").convert("RGB")
    if mode == "F":
        return im.convert("L").convert("RGB")
    if mode == "P":
        return im.convert("RGBA" if "transparency" in im.info else "RGB")
    if mode in ("LA", "PA", "La", "RGBa"):
        return im.convert("RGBA")
    if mode in ("1", "L"):
        if "transparency" in im.info:
            return im.convert("RGBA")
        return im.convert("RGB")
    if mode == "RGB" and "transparency" in im.info:
        return im.convert("RGBA")
    if mode in ("RGB", "RGBA"):
        return im
    return im.convert("RGB")  # CMYK without profile, YCbCr, LAB, HSV


def decode(data: bytes, max_width: int | None = None) -> Image.Image:
    """Clean pixels from the bytes of an editor's image (see module docstring).

    ``max_width``: the widest output needed; a JPEG much wider may be decoded
    at a reduced scale that is still at least that wide.
    """
    im = _open(data, max_width)
    try:
        im = ImageOps.exif_transpose(im)
    except Exception as exc:  # a broken EXIF block must not publish a sideways photo
        raise ImageInputError(f"has an EXIF block that cannot be read ({exc}); export it again") from None
    if im.mode == "CMYK" or im.info.get("icc_profile"):
        im = _to_srgb(im)
    im = _normalise_mode(im)
    if im.mode == "RGBA" and im.getchannel("A").getextrema() == (255, 255):
        im = im.convert("RGB")
    clean = Image.new(im.mode, im.size)
    clean.paste(im)  # a fresh image: no info, no EXIF, no profile, nothing carried over
    return clean
