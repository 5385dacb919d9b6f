"""Render each navigation item once per group of pages that share its HTML.

overrides/partials/nav-item.html asks ``zs_nav_lookup`` before rendering an
item: a hit is the HTML another page already rendered; a miss renders the item
with Material's macro and stores it when pages may share it
(sitekit/nav_cache.py says when). The output is byte-identical to rendering
every item (tests/test_nav_cache.py builds both ways and compares every file);
``ZS_NAV_CACHE=0`` turns the cache off.

The cache lives for one language's build: nav objects are new in every build.
"""
from __future__ import annotations

import logging
import os

from jinja2 import Undefined
from markupsafe import Markup

from sitekit.nav_cache import page_directory, share_key, subtree_urls

log = logging.getLogger("mkdocs.plugins.zhoushan.nav_cache")
_cache: dict = {}
_urls: dict[int, tuple[object, list[str]]] = {}
_directories: dict[str, str] = {}
_stats = {"hits": 0, "stored": 0, "rendered": 0}
_settings = {"enabled": True}


class _Miss:
    """What the template gets when it must render the item itself."""
    html = None

    def __init__(self, key):
        self.key = key

    def store(self, html):
        html = Markup(html)
        if self.key is not None:
            _cache[self.key] = _Hit(html)
            _stats["stored"] += 1
        else:
            _stats["rendered"] += 1
        return html


class _Hit:
    def __init__(self, html):
        self.html = html


def _item_urls(item) -> list[str]:
    known = _urls.get(id(item))
    if known is None or known[0] is not item:
        known = (item, subtree_urls(item))
        _urls[id(item)] = known
    return known[1]


def lookup(item, path, level, parent, page):
    url = getattr(page, "url", None)
    if not _settings["enabled"] or not isinstance(url, str):
        return _Miss(None)
    directory = _directories.get(url)
    if directory is None:
        directory = _directories[url] = page_directory(url)
    parent_active = False if isinstance(parent, Undefined) else bool(getattr(parent, "active", False))
    key = share_key(item, _item_urls(item), url, path, level, parent_active, directory)
    hit = _cache.get(key) if key is not None else None
    if hit is not None:
        _stats["hits"] += 1
        return hit
    return _Miss(key)


def on_pre_build(config):
    _settings["enabled"] = os.environ.get("ZS_NAV_CACHE", "1") != "0"
    _cache.clear()
    _urls.clear()
    _directories.clear()
    _stats.update(hits=0, stored=0, rendered=0)


def on_env(env, config, files):
    env.globals["zs_nav_lookup"] = lookup
    return env


def on_post_build(config):
    log.debug(f"nav items: {_stats['hits']} shared, {_stats['stored']} rendered and kept, "
              f"{_stats['rendered']} rendered for one page")
