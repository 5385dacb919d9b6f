"""Render each navigation item once per group of pages that share its HTML.

overrides/partials/nav-item.html renders an item through ``zs_nav_item`` and
a section's items through ``zs_nav_children``: an item another page already
rendered, and that this page shares (sitekit/nav_cache.py says when), is a
lookup; any other is rendered with Material's macro and kept when later pages
may share it. The output is byte-identical to rendering every item
(tests/test_nav_cache.py builds both ways and compares every file);
``ZS_NAV_CACHE=0`` turns the sharing off.

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


def _item_urls(item) -> list[str]:
    known = _urls.get(id(item))
    if known is None or known[0] is not item:
        known = (item, subtree_urls(item))
        _urls[id(item)] = known
    return known[1]


def _key(item, path, level, parent, page):
    url = getattr(page, "url", None)
    if not _settings["enabled"] or not isinstance(url, str):
        return None
    directory = _directories.get(url)
    if directory is None:
        directory = _directories[url] = page_directory(url)
    parent_active = False if parent is None or isinstance(parent, Undefined) else bool(getattr(parent, "active", False))
    return share_key(item, _item_urls(item), url, path, level, parent_active, directory)


def item_html(item, path, level, parent, page, render) -> Markup:
    """The item's HTML: shared with an earlier page, or rendered by ``render``
    (Material's macro) and kept when later pages may share it."""
    key = _key(item, path, level, parent, page)
    if key is not None:
        html = _cache.get(key)
        if html is not None:
            _stats["hits"] += 1
            return html
    html = Markup(render(item, path, level, parent))
    if key is None:
        _stats["rendered"] += 1
    else:
        _cache[key] = html
        _stats["stored"] += 1
    return html


def children_html(section, index, path, level, page, render) -> Markup:
    """A section's items but its index page, one per line: the loop of Material's
    macro, run here so that an item shared with earlier pages costs a lookup."""
    return Markup("\n".join(
        item_html(item, f"{path}_{number}", level, section, page, render)
        for number, item in enumerate(section.children, start=1)
        if not index or item != index))


def on_pre_build(config):
    _settings["enabled"] = os.environ.get("ZS_NAV_CACHE", "1") != "0"
    _cache.clear()
    _urls.clear()
    _directories.clear()
    _stats.update(hits=0, stored=0, rendered=0)


def on_env(env, config, files):
    env.globals["zs_nav_item"] = item_html
    env.globals["zs_nav_children"] = children_html
    return env


def on_post_build(config):
    log.debug(f"nav items: {_stats['hits']} shared, {_stats['stored']} rendered and kept, "
              f"{_stats['rendered']} rendered for one page")
