"""The one header policy of the published site.

Every file of site/ belongs to one kind; the kind decides whether the file
gets a content-hashed name, how long it may be cached and whether it is
published at all. The same policy is rendered as a `_headers` file and as an
nginx server block (render_headers.py) and applied to every object by the
deploy (deploy.py), so the three can never disagree.
"""
from __future__ import annotations

import base64
import hashlib
import posixpath
from dataclasses import dataclass

# Folder (at the site root) of the publishing metadata: the manifest, the
# nginx configuration, the build stamp. Never served, never uploaded as files.
META_DIR = "_publish"
MANIFEST = f"{META_DIR}/manifest.json"
BUILD_STAMP = f"{META_DIR}/build.json"
NGINX_CONF = f"{META_DIR}/nginx.conf"
HEADERS_FILE = "_headers"

# pagefind fetches its own files by fixed names: the search index is never
# renamed and gets a short cache.
SEARCH_DIR = "pagefind"

# Files that keep their name because something outside our HTML asks for them
# by that name (browsers, crawlers, feed readers, other sites).
FIXED_NAMES = {"robots.txt", "favicon.ico", "humans.txt", "security.txt", "CNAME", "ads.txt"}
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".ics")
FEED_NAMES = {"feed.json"}

CACHE = {
    # Content-hashed names: a new version is a new URL.
    "asset": "public, max-age=31536000, immutable",
    # Pages: the CDN and browsers revalidate on every visit. This is also the
    # default of Cloudflare Pages and Netlify for HTML.
    "html": "public, max-age=0, must-revalidate",
    # Sitemaps, feeds and calendars: fixed names that readers poll; they
    # revalidate like pages (a 304 costs little), which also keeps the
    # `_headers` rules few (Cloudflare Pages reads at most 100).
    "index": "public, max-age=0, must-revalidate",
    # pagefind's index: fixed names, replaced by each build.
    "search": "public, max-age=600",
    # Other files with fixed names (robots.txt, favicon.ico).
    "fixed": "public, max-age=3600",
    # Publishing metadata (not served).
    "meta": "no-store",
}

# Kinds whose objects are overwritten in place by a deploy (their old bytes
# are kept as blobs so that a rollback can restore them).
MUTABLE_KINDS = ("html", "index", "search", "fixed")

# Content types by file suffix. Text types are served with a UTF-8 charset.
TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".ics": "text/calendar",
    ".txt": "text/plain",
    ".md": "text/plain",
    ".csv": "text/csv",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    # pagefind's binary index files
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
}
DEFAULT_TYPE = "application/octet-stream"
TEXT_TYPES = sorted(
    t for t in set(TYPES.values())
    if t.startswith("text/") or t in {
        "application/json", "application/xml", "application/rss+xml", "application/atom+xml",
        "application/manifest+json", "image/svg+xml",
    }
)
# Worth compressing (pagefind's chunks are already gzip-compressed).
COMPRESSIBLE = set(TEXT_TYPES) | {"application/wasm", "image/x-icon", "font/ttf", "font/otf"}
COMPRESS_MIN_BYTES = 256
ENCODINGS = {".br": "br", ".gz": "gzip"}

# Security headers sent with every response.
HSTS = "max-age=31536000"
REFERRER_POLICY = "strict-origin-when-cross-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# An SVG opened on its own must not run scripts (an SVG is a document).
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@dataclass(frozen=True)
class FilePolicy:
    kind: str
    content_type: str
    cache_control: str
    hashed: bool        # gets a content-hashed name in finalize
    deploy: bool        # uploaded by the deploy


def kind_of(path: str) -> str:
    """The kind of a site file, from its path relative to site/ ('a/b.css')."""
    name = posixpath.basename(path)
    top = path.split("/", 1)[0]
    if top == META_DIR or path == HEADERS_FILE:
        return "meta"
    if top == SEARCH_DIR:
        return "search"
    if name.endswith(".html"):
        return "html"
    if name.endswith(FEED_SUFFIXES) or name in FEED_NAMES:
        return "index"
    if name in FIXED_NAMES or top == ".well-known":
        return "fixed"
    return "asset"


def content_type(path: str) -> str:
    base = _strip_encoding(path)
    suffix = posixpath.splitext(base)[1].lower()
    mime = TYPES.get(suffix, DEFAULT_TYPE)
    return f"{mime}; charset=utf-8" if mime in TEXT_TYPES else mime


def encoding_of(path: str) -> str | None:
    """'br' or 'gzip' for a precompressed sibling (x.css.br), else None."""
    return ENCODINGS.get(posixpath.splitext(path)[1])


def _strip_encoding(path: str) -> str:
    stem, suffix = posixpath.splitext(path)
    return stem if suffix in ENCODINGS else path


def policy_for(path: str) -> FilePolicy:
    kind = kind_of(_strip_encoding(path))
    return FilePolicy(
        kind=kind,
        content_type=content_type(path),
        cache_control=CACHE[kind],
        hashed=kind == "asset",
        deploy=kind != "meta",
    )


def compressible(path: str, size: int) -> bool:
    """Worth a .br/.gz sibling. Source maps are left out: only developer tools
    fetch them, and compressing Material's at brotli's best level takes longer
    than all the rest of the site together."""
    mime = content_type(path).split(";")[0]
    return (size >= COMPRESS_MIN_BYTES and mime in COMPRESSIBLE and kind_of(path) != "meta"
            and not path.endswith(".map"))


def csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page_csp(script_hashes) -> str:
    """The Content-Security-Policy of every page: nothing from other hosts, no
    inline script but the theme's own (by hash), WebAssembly for pagefind."""
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(set(script_hashes))])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        # Markdown tables align cells with style attributes; styles cannot run code.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def security_headers(csp: str) -> list[tuple[str, str]]:
    """Headers of every response, in a fixed order."""
    return [
        ("Content-Security-Policy", csp),
        ("Strict-Transport-Security", HSTS),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", REFERRER_POLICY),
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("X-Frame-Options", "DENY"),
    ]


def fingerprint() -> str:
    """Changes whenever the policy's rules change (stored in the manifest)."""
    text = repr((sorted(CACHE.items()), sorted(TYPES.items()), HSTS, REFERRER_POLICY,
                 PERMISSIONS_POLICY, SVG_CSP, page_csp([])))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
