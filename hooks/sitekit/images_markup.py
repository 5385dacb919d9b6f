"""Markup data: where the ``<img>`` tags of a page are, and what the
``<picture>`` that replaces one contains (rendered by
overrides/partials/picture.html).

Alt text: Markdown ``![what the photo shows](photo.jpg)``; it comes from the
page, so each language has its own. A decorative picture (an ornament that
says nothing a reader would miss) opts out explicitly with attr_list:
``![](photo.jpg){ data-decorative }``; it gets ``alt=""``. A picture with
neither is an editor mistake (a warning: the strict build fails).
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

# Layout width of the content column: full width on phones, at most ~45rem
# (720 px) beside Material's sidebars. An image may set its own with
# ``{ sizes="..." }``.
DEFAULT_SIZES = "(min-width: 76.25em) 45rem, 100vw"
FALLBACK_WIDTH = 960  # the <img src> for browsers without srcset
# Attributes the picture sets itself; the rest of an <img>'s attributes are kept.
OWN_ATTRS = {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding",
             "fetchpriority", "data-decorative"}


@dataclass(frozen=True)
class ImgTag:
    start: int  # offsets of the whole tag in the HTML string
    end: int
    attrs: tuple[tuple[str, str | None], ...]

    def get(self, name: str) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return value if value is not None else ""
        return None

    def has(self, name: str) -> bool:
        return any(key == name for key, _ in self.attrs)


class _TagFinder(HTMLParser):
    def __init__(self, html: str, names: tuple[str, ...]):
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.names = names
        self.tags: list[ImgTag] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag in self.names:
            start = self._offset()
            text = self.get_starttag_text() or ""
            self.tags.append(ImgTag(start, start + len(text), tuple(attrs)))

    handle_startendtag = handle_starttag


def find_img_tags(html: str, names: tuple[str, ...] = ("img",)) -> list[ImgTag]:
    """Every ``<img>`` (or other ``names``) start tag with its exact position, in document order."""
    lowered = html.lower()
    if not any(f"<{name}" in lowered for name in names):
        return []  # a start tag is '<' and its name: none here, nothing for the parser to find
    finder = _TagFinder(html, names)
    finder.feed(html)
    finder.close()
    return finder.tags


def mentions_any(html: str, suffixes: tuple[str, ...]) -> bool:
    """Whether a link in ``html`` could end in one of ``suffixes`` (file extensions,
    lower case): False lets a caller skip parsing the page for such links."""
    text = unquote(html).lower()
    return any(suffix in text for suffix in suffixes)


def local_target(src: str, page_url: str) -> str | None:
    """The site path (``events/photo.jpg``) an ``<img src>`` of a page points
    to, or None for another host, a data: URL or an absolute path."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path or src.startswith("/"):
        return None
    base = posixpath.dirname("/" + page_url) if not page_url.endswith("/") else "/" + page_url
    path = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    return path.lstrip("/")


def relative_url(target: str, page_url: str) -> str:
    """URL of site path ``target`` relative to the page at ``page_url``."""
    base = "/" + page_url if page_url.endswith("/") or not page_url else posixpath.dirname("/" + page_url) + "/"
    return posixpath.relpath("/" + target, base)


def published_name(stem: str, rec: dict, kind: str = "") -> str:
    """File name under assets/images/: readable stem, width, content hash."""
    label = kind or f"{rec['width']}w"
    return f"{stem}-{label}.{rec['sha256'][:12]}.{rec['ext']}"


def slug_stem(filename: str) -> str:
    stem = posixpath.splitext(posixpath.basename(filename))[0].lower()
    stem = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:40].strip("-")
    return stem or "image"


def picture_data(manifest: dict, *, url_of, alt: str, first: bool, sizes: str | None = None,
                 attrs: tuple = ()) -> dict:
    """Everything partials/picture.html needs for one picture.

    ``url_of(rec)`` gives the URL of a variant record from the manifest;
    ``first`` is the page's first picture: fetched at high priority, not lazily.
    """
    by_format: dict[str, list[dict]] = {}
    for rec in manifest["variants"]:
        by_format.setdefault(rec["format"], []).append(rec)
    fallback_format = "png" if "png" in by_format else "jpeg"

    def srcset(records):
        return ", ".join(f"{url_of(r)} {r['width']}w" for r in sorted(records, key=lambda r: r["width"]))

    sources = [
        {"type": recs[0]["mime"], "srcset": srcset(recs)}
        for fmt, recs in ((f, by_format[f]) for f in ("avif",) if f in by_format)
    ]
    fallback = sorted(by_format[fallback_format], key=lambda r: r["width"])
    src = [r for r in fallback if r["width"] <= FALLBACK_WIDTH][-1:] or fallback[:1]
    largest = fallback[-1]
    return {
        "sources": sources,
        "src": url_of(src[0]),
        "srcset": srcset(fallback),
        "sizes": sizes or DEFAULT_SIZES,
        "width": largest["width"],
        "height": largest["height"],
        "alt": alt,
        "loading": None if first else "lazy",
        "decoding": "async",
        "fetchpriority": "high" if first else None,
        "attrs": [(k, v if v is not None else "") for k, v in attrs if k not in OWN_ATTRS],
    }
