"""Keep every page's converted Markdown on disk and reuse it while nothing it
depends on has changed (issue 9; the rules are in sitekit/markdown_cache.py).

MkDocs converts a page in ``Page.render``, between the ``on_page_markdown`` and
``on_page_content`` events, so no event can stand in for it: this hook wraps
that one method for the build. The hooks' events still run for every page.
The site is byte-identical with the cache and without it
(tests/test_markdown_cache.py builds both ways and compares every file);
``ZS_MARKDOWN_CACHE=0`` turns it off. Entries live in .cache/markdown/ and are
removed after 30 days without use.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.pages import Page

from sitekit import markdown_cache as cache
from sitekit.logwatch import Recorder
from sitekit.i18n_state import all_languages_built, build_language

log = logging.getLogger("mkdocs.plugins.zhoushan.markdown_cache")
_build: dict = {"root": None, "settings": None, "files": None, "files_id": None,
                "hits": 0, "stored": 0, "skipped": 0}
_original_render = Page.render


def _files_digest(files) -> str:
    if _build["files_id"] != id(files):
        _build.update(files=cache.files_digest(files), files_id=id(files))
    return _build["files"]


def cached_render(page: Page, config, files) -> None:
    """``Page.render``, or its result from an earlier build."""
    root = _build["root"]
    if root is None or page.markdown is None:
        return _original_render(page, config, files)
    key = cache.page_key(page.markdown, page.file.src_uri, page.file.dest_uri, page.url,
                         _build["settings"], _files_digest(files))
    found = cache.load(root, key)
    if found is not None:
        page.content = found.content
        page.toc = found.toc
        page._title_from_render = found.title
        page.present_anchor_ids = set(found.anchors)
        if found.links_to_anchors is not None:
            page.links_to_anchors = {files.get_file_from_path(src): dict(links)
                                     for src, links in found.links_to_anchors.items()}
        cache.touch(root, key)
        _build["hits"] += 1
        return None
    with Recorder() as recorder:
        _original_render(page, config, files)
    links = page.links_to_anchors
    if recorder.seen or (links and any(f is None for f in links)):
        _build["skipped"] += 1  # converted again next time, so its messages are shown again
        return None
    cache.store(root, key, cache.Rendered(
        content=page.content, toc=page.toc, title=page._title_from_render,
        anchors=frozenset(page.present_anchor_ids or ()),
        links_to_anchors=None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
    ))
    _build["stored"] += 1
    return None


def on_config(config):
    """Each language's build: the settings part of every key, and the cache's place."""
    enabled = os.environ.get("ZS_MARKDOWN_CACHE", "1") != "0"
    usable = cache.usable(config["markdown_extensions"])
    if enabled and not usable:
        log.info("Markdown cache off: an extension in mkdocs.yml is not known to depend on the page's "
                 "text alone (see PURE_EXTENSIONS in hooks/sitekit/markdown_cache.py)")
    lang = build_language(config)
    root = Path(config.config_file_path).parent / ".cache" / "markdown"
    _build.update(root=root if enabled and usable else None, files=None, files_id=None, hits=0, stored=0, skipped=0,
                  settings=cache.settings_digest(config["markdown_extensions"], config["mdx_configs"], lang.current))
    Page.render = cached_render
    return config


@event_priority(0)  # before mkdocs-static-i18n (-100) starts the next language
def _report(config):
    if _build["root"] is not None:
        log.debug(f"Markdown cache ({build_language(config).current}): {_build['hits']} pages reused, "
                  f"{_build['stored']} converted and kept, {_build['skipped']} converted with messages (not kept)")


@event_priority(-120)
def _finish(config):
    """Once every language is built: the plain render back, old entries out."""
    if not all_languages_built(config):
        return
    Page.render = _original_render
    if _build["root"] is not None:
        log.debug(f"Markdown cache: {cache.remove_unused(_build['root'])} entries unused for "
                  f"{cache.UNUSED_DAYS} days removed")


on_post_build = CombinedEvent(_report, _finish)


def on_build_error(error):
    Page.render = _original_render
