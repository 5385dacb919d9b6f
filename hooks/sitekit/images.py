"""Pictures for the site: the public API over the image pipeline.

hooks/images.py uses it for images in Markdown; other hooks (events, sister
cities) use it for the image in their front matter. One source photo is
processed once per build whatever the number of pages and languages using
it (and not at all when the cache already holds it).

    from sitekit import images

    # 1. Early (on_page_markdown / on_page_content): announce the photo, so it
    #    is encoded with the others in parallel when on_env runs.
    images.request("/abs/path/docs/events/photo.jpg", where="events/x.md")

    # 2. When rendering (on_page_context or later): the data for
    #    overrides/partials/picture.html.
    pic = images.picture("/abs/path/docs/events/photo.jpg", page_url=page.url,
                         alt="Guests at the opening", where="events/x.md",
                         first=True)   # True for the page's first picture
    html = env.get_template("partials/picture.html").render(picture=pic)

    # 3. A page's share card (Open Graph / Twitter), 1200x630; None for the
    #    site's default card:  {"url": absolute URL, "width", "height", "type"}
    card = images.social_card(path_or_None, where="events/x.md")

``picture()`` and ``social_card()`` encode on the spot (cache first) a
photo that was not requested beforehand. Files are published into
``site/assets/pictures/`` by hooks/images.py once every language is built;
the original file is never published. Problems raise ``ImageError`` whose
message names the page (``where``) and the image: report it with
``raise PluginError(str(exc))``.

Front matter: a page's ``image:`` (a path relative to the page, or from
docs/ when it starts with ``/``; or ``{src: ..., alt: ...}``) and
``image_alt:`` (text, or ``{en: ..., zh: ...}``) are its share picture; a page with ``image:`` is expected to
show that picture first (a hero), so its Markdown pictures are all lazy.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from . import images_cache, images_encode, images_markup
from .files import write_atomic
from .images_decode import ImageInputError

PUBLISH_DIR = "assets/pictures"
DEFAULT_CARD = images_cache.DEFAULT_CARD  # source name of the site's default share picture

log = logging.getLogger("mkdocs.plugins.zhoushan.images")


class ImageError(ValueError):
    """An image that cannot be published; the message names the page and the image."""


@dataclass
class _State:
    cache_root: Path | None = None
    docs_dir: Path | None = None
    site_url: str = ""
    fingerprint: str = ""
    workers: int | None = None
    requested: dict = field(default_factory=dict)  # source -> sorted set of pages (where)
    keys: dict = field(default_factory=dict)       # source -> cache key
    manifests: dict = field(default_factory=dict)  # source -> manifest
    publish: dict = field(default_factory=dict)    # site path -> cached file
    encoded: set = field(default_factory=set)  # sources encoded by this build (any of its processes)
    cached: set = field(default_factory=set)   # sources found in the cache
    seconds: float = 0.0
    workers_used: int = 0


STATE = _State()


def configure(*, cache_root: Path, docs_dir: Path, site_url: str = "", workers: int | None = None) -> None:
    """Start a new build (called by hooks/images.py in the first language's on_config)."""
    global STATE
    STATE = _State(cache_root=Path(cache_root), docs_dir=Path(docs_dir), site_url=site_url,
                   fingerprint=images_encode.fingerprint(), workers=workers)


def _label(source: str) -> str:
    if source == images_cache.DEFAULT_CARD:
        return "default share picture"
    try:
        return Path(source).resolve().relative_to(STATE.docs_dir.resolve()).as_posix()
    except ValueError:
        return str(source)


def request(source: str | os.PathLike, where: str) -> None:
    """Announce a photo used by page ``where``; encoded at the next ``flush()``."""
    STATE.requested.setdefault(str(source), set()).add(where)


def flush() -> None:
    """Encode (in parallel) every requested photo the cache does not hold."""
    if STATE.cache_root is None:
        raise ImageError("sitekit.images is not configured: add hooks/images.py to mkdocs.yml")
    pending = {s: w for s, w in STATE.requested.items() if s not in STATE.manifests}
    if not pending:
        return
    jobs: dict[str, str] = {}
    failures = []
    for source in sorted(pending):
        try:
            data = b"" if source == images_cache.DEFAULT_CARD else Path(source).read_bytes()
        except OSError as exc:
            failures.append((source, f"cannot be read ({exc.strerror}); check the file name and path"))
            continue
        key = images_cache.source_key(data, STATE.fingerprint)
        STATE.keys[source] = key
        jobs[key] = source
    manifests, stats = images_cache.run(jobs, STATE.cache_root, STATE.fingerprint, workers=STATE.workers, log=log)
    for key, manifest in manifests.items():
        STATE.manifests[jobs[key]] = manifest
    STATE.encoded.update(jobs[key] for key in stats.encoded_keys)
    STATE.cached.update(jobs[key] for key in stats.cached_keys)
    STATE.seconds += stats.seconds
    STATE.workers_used = max(STATE.workers_used, stats.workers)
    failures += sorted(stats.errors.items())
    if failures:
        lines = []
        for source, why in failures:
            pages = sorted(STATE.requested.get(source, ()))
            where = pages[0] + (f" (and {len(pages) - 1} more pages)" if len(pages) > 1 else "") if pages else "?"
            lines.append(f"{where}: image '{_label(source)}' {why}")
            STATE.requested.pop(source, None)
        raise ImageError("\n".join(lines))


def _manifest(source: str, where: str) -> dict:
    source = str(source)
    request(source, where)
    if source not in STATE.manifests:
        flush()
    return STATE.manifests[source]


def _publish(source: str, rec: dict, name: str) -> str:
    dest = f"{PUBLISH_DIR}/{name}"
    STATE.publish[dest] = images_cache.cached_file(STATE.cache_root, STATE.keys[source], rec)
    return dest


def picture(source: str | os.PathLike, *, page_url: str, alt: str, where: str, first: bool = False,
            sizes: str | None = None, attrs: tuple = ()) -> dict:
    """Data for overrides/partials/picture.html (see images_markup.picture_data).

    ``alt`` is the text in the page's language ("" for a decorative picture).
    """
    source = str(source)
    manifest = _manifest(source, where)
    stem = images_markup.slug_stem(source)

    def url_of(rec: dict) -> str:
        dest = _publish(source, rec, images_markup.published_name(stem, rec))
        return images_markup.relative_url(dest, page_url)

    return images_markup.picture_data(manifest, url_of=url_of, alt=alt, first=first, sizes=sizes, attrs=attrs)


def social_card(source: str | os.PathLike | None, *, where: str) -> dict:
    """The share picture of a page (og:image): the widest JPEG of ``source``,
    or the site's default card."""
    source = str(source) if source else images_cache.DEFAULT_CARD
    manifest = _manifest(source, where)
    rec = manifest["social"]
    stem = "site" if source == images_cache.DEFAULT_CARD else images_markup.slug_stem(source)
    # A variant of the picture itself keeps its name: one file, whether a page shows it or shares it.
    kind = "" if rec in manifest["variants"] else "card"
    dest = _publish(source, rec, images_markup.published_name(stem, rec, kind=kind))
    base = STATE.site_url if STATE.site_url.endswith("/") else STATE.site_url + "/"
    return {"url": urljoin(base, dest), "width": rec["width"], "height": rec["height"], "type": rec["mime"]}


def export_state() -> dict:
    """The photos this process encoded or found for its pages, for another
    process of the same build (a language built in parallel)."""
    return {"requested": STATE.requested, "keys": STATE.keys, "manifests": STATE.manifests,
            "publish": STATE.publish, "encoded": STATE.encoded, "cached": STATE.cached,
            "seconds": STATE.seconds, "workers_used": STATE.workers_used}


def import_state(other: dict) -> None:
    """Add another process's photos to this one's, as if its pages had been
    built here: the published files are the union (equal names have equal
    content: they are named by content hash)."""
    for source, pages in other["requested"].items():
        STATE.requested.setdefault(source, set()).update(pages)
    for name in ("keys", "manifests", "publish"):
        for key, value in other[name].items():
            getattr(STATE, name).setdefault(key, value)
    STATE.encoded |= other["encoded"]
    STATE.cached |= other["cached"]
    STATE.seconds += other["seconds"]
    STATE.workers_used = max(STATE.workers_used, other["workers_used"])


def write_published(site_dir: str | os.PathLike) -> dict:
    """Copy every file a page uses into ``site_dir`` (atomically, sorted);
    returns totals for the build log."""
    site = Path(site_dir)
    out_bytes = 0
    for dest in sorted(STATE.publish):
        data = STATE.publish[dest].read_bytes()
        write_atomic(site / dest, data)
        out_bytes += len(data)
    sources = [s for s in STATE.manifests if s != images_cache.DEFAULT_CARD]
    return {
        "sources": len(sources),
        "source_bytes": sum(STATE.manifests[s]["source_bytes"] for s in sources),
        "files": len(STATE.publish),
        "bytes": out_bytes,
        "encoded": len(STATE.encoded),
        # A photo one language's process encoded while the other waited for it counts once, as encoded.
        "cached": len(STATE.cached - STATE.encoded),
        "seconds": STATE.seconds,
        "workers": STATE.workers_used,
    }


__all__ = ["ImageError", "ImageInputError", "configure", "request", "flush", "picture", "social_card",
           "export_state", "import_state",
           "write_published", "PUBLISH_DIR", "DEFAULT_CARD"]
