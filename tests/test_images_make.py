"""Test images made by the tests themselves (no photos in the repository),
and checks that each one really has the trait it is made to test."""
from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import ExifTags, Image, ImageDraw, ImageFilter

MARKER = "ZS-SECRET-MARKER-7f3a"
GPS_LAT = (29.0, 59.0, 24.5)
RED, BLUE = (220, 30, 30), (30, 30, 220)


def _texture(size, seed=0):
    """A photo-like texture (noise and gradients), so encoders have real work."""
    w, h = size
    noise = Image.frombytes("L", (w, h), random.Random(seed).randbytes(w * h)).filter(ImageFilter.GaussianBlur(0.8))
    grad = Image.linear_gradient("L").resize((w, h))
    return Image.merge("RGB", (noise, grad, Image.blend(noise, grad.transpose(Image.Transpose.ROTATE_90).resize((w, h)), 0.5)))


def upright_scene(width=400, height=600) -> Image.Image:
    """Portrait scene: red band at the top, blue band at the bottom."""
    im = _texture((width, height))
    draw = ImageDraw.Draw(im)
    draw.rectangle([0, 0, width, height // 5], fill=RED)
    draw.rectangle([0, height - height // 5, width, height], fill=BLUE)
    return im


def phone_jpeg(marker: str = MARKER, width=400, height=600) -> bytes:
    """A portrait photo stored sideways with EXIF orientation 6, GPS position,
    a description, an XMP packet and a JPEG comment carrying ``marker``."""
    stored = upright_scene(width, height).transpose(Image.Transpose.ROTATE_90)  # display needs 90° clockwise
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.ImageDescription] = marker
    exif[ExifTags.Base.Make] = "TestPhone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LAT
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (122.0, 12.0, 7.25)
    xmp = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           f'<rdf:Description>{marker}</rdf:Description></rdf:RDF></x:xmpmeta>').encode()
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=90, exif=exif, comment=marker.encode(), xmp=xmp)
    return out.getvalue()


def big_jpeg(width=2400, height=1600, seed=0) -> bytes:
    out = io.BytesIO()
    _texture((width, height), seed).save(out, "JPEG", quality=92)
    return out.getvalue()


def cmyk_jpeg() -> bytes:
    im = Image.new("CMYK", (300, 200), (0, 255, 255, 0))  # pure red in CMYK
    out = io.BytesIO()
    im.save(out, "JPEG", quality=95)
    return out.getvalue()


def png16() -> bytes:
    """16-bit greyscale gradient, 0 to 65535 left to right."""
    w, h = 512, 64
    im = Image.new("I;16", (w, h))
    im.putdata([int(x * 65535 / (w - 1)) for _ in range(h) for x in range(w)])
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


def palette_png() -> bytes:
    """Palette PNG: left half transparent (index 0), right half red (index 1)."""
    im = Image.new("P", (200, 100), 0)
    im.putpalette([0, 0, 0, 220, 30, 30] + [0] * (254 * 3))
    ImageDraw.Draw(im).rectangle([100, 0, 199, 99], fill=1)
    out = io.BytesIO()
    im.save(out, "PNG", transparency=0)
    return out.getvalue()


def la_png() -> bytes:
    im = Image.new("LA", (120, 80), (128, 255))
    ImageDraw.Draw(im).rectangle([0, 0, 59, 79], fill=(0, 0))
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(side=20000) -> bytes:
    """A tiny PNG whose header declares side x side pixels."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"\0" * 64)) + _chunk(b"IEND", b""))


def truncated_jpeg() -> bytes:
    data = big_jpeg(800, 600)
    return data[: len(data) // 2]


def html_as_jpg() -> bytes:
    return b"<!DOCTYPE html>\n<html><head><title>Photo</title></head><body>Not a photo</body></html>\n"


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (40, 40), color) for color in (RED, BLUE, (30, 200, 30))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


# The makers are only useful if the inputs really carry what is tested.

def test_phone_jpeg_carries_orientation_gps_and_marker():
    data = phone_jpeg()
    im = Image.open(io.BytesIO(data))
    exif = im.getexif()
    assert exif[ExifTags.Base.Orientation] == 6
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] == GPS_LAT
    assert im.width > im.height  # stored sideways
    assert MARKER.encode() in data and data.count(MARKER.encode()) >= 3  # EXIF, XMP, comment
    assert im.info.get("comment") == MARKER.encode()


def test_other_inputs_have_their_traits():
    assert Image.open(io.BytesIO(cmyk_jpeg())).mode == "CMYK"
    assert Image.open(io.BytesIO(png16())).mode.startswith("I")
    pal = Image.open(io.BytesIO(palette_png()))
    assert pal.mode == "P" and "transparency" in pal.info
    assert Image.open(io.BytesIO(la_png())).mode == "LA"
    assert len(bomb_png()) < 200
    assert Image.open(io.BytesIO(animated_gif())).n_frames == 3


def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def swapped_icc() -> bytes:
    """A minimal ICC v2 RGB profile whose red and green primaries are swapped:
    a pixel (255, 0, 0) tagged with it is green in sRGB."""
    def xyz(x, y, z):
        return b"XYZ " + b"\0" * 4 + _s15(x) + _s15(y) + _s15(z)

    desc_text = b"swapped primaries\0"
    desc = b"desc" + b"\0" * 4 + struct.pack(">I", len(desc_text)) + desc_text + b"\0" * 4 + b"\0" * 4 + b"\0" * 3 + b"\0" * 67
    curve = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, 0x0233) + b"\0\0"
    tags = [
        (b"desc", desc), (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.3851, 0.7169, 0.0971)),  # sRGB's green primary
        (b"gXYZ", xyz(0.4361, 0.2225, 0.0139)),  # sRGB's red primary
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve),
        (b"cprt", b"text" + b"\0" * 4 + b"test\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"\0" * 4 + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
              + b"\0" * 12 + b"acsp" + b"\0" * 24 + struct.pack(">I", 0)
              + _s15(0.9642) + _s15(1.0) + _s15(0.8249) + b"\0" * 48)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def tagged_red_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (255, 0, 0)).save(out, "PNG", icc_profile=swapped_icc())
    return out.getvalue()


def test_swapped_profile_is_a_valid_profile():
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(io.BytesIO(swapped_icc()))
    assert "swapped" in ImageCms.getProfileDescription(profile)
