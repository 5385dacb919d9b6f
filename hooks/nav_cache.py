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

import bisect
import logging
import os
import posixpath

from jinja2 import Undefined
from markupsafe import Markup

from sitekit.nav_cache import page_directory, share_key, subtree_urls

log = logging.getLogger("mkdocs.plugins.zhoushan.nav_cache")
_cache: dict = {}
_urls: dict[int, tuple[object, list[str]]] = {}
_directories: dict[str, str] = {}
_groups: dict[tuple, list] = {}
_plans: dict[tuple, object] = {}
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
    macro, run here so that an item shared with earlier pages costs a lookup.

    Once every shareable item of a group of pages (the same section, place in
    the menu and parent directory) is known, a page's list is that group's
    list with only its own exceptions rendered (the active item, sections, items
    linking into its directory: found by bisection, not by a loop over the
    items), so a section of N items costs one list copy per page, not N calls."""
    url = getattr(page, "url", None)
    if not _settings["enabled"] or not isinstance(url, str):
        return Markup("\n".join(
            item_html(item, f"{path}_{number}", level, section, page, render)
            for number, item in enumerate(section.children, start=1)
            if not index or item != index))
    plan = _plan(section, index)
    directory = _directories.get(url)
    if directory is None:
        directory = _directories[url] = page_directory(url)
    group = (id(section), str(path), str(level), bool(getattr(section, "active", False)), posixpath.dirname(directory))
    known = _groups.get(group)
    if known is None:  # the shared HTML by position, and the positions not filled yet
        known = _groups[group] = ([None] * len(plan.children), set(plan.shareable))
    shared, missing = known
    own = plan.exceptions(directory, page)

    def render_item(i):
        return item_html(plan.children[i], f"{path}_{i + 1}", level, section, page, render)

    if missing <= own:
        parts = list(shared)
        for i in own:
            parts[i] = render_item(i)
        _stats["hits"] += len(plan.children) - len(own) - len(plan.skipped)
    else:
        parts = [None] * len(plan.children)
        for i in range(len(plan.children)):
            if i in plan.skipped:
                continue
            html = None if i in own else shared[i]
            if html is None:
                html = render_item(i)
                if i not in own:
                    shared[i] = html
                    missing.discard(i)
            else:
                _stats["hits"] += 1
            parts[i] = html
    for i in sorted(plan.skipped, reverse=True):
        del parts[i]
    return Markup("\n".join(parts))


class _Plan:
    """What of a section's items does not change from page to page."""

    def __init__(self, section, index):
        self.section = section
        self.children = list(section.children)
        self.skipped = {i for i, item in enumerate(self.children) if index and not item != index}
        self.static = {i for i, item in enumerate(self.children) if getattr(item, "pages", None)}
        self.shareable = set(range(len(self.children))) - self.skipped - self.static
        self.position = {id(item): i for i, item in enumerate(self.children)}
        pairs = sorted((u, i) for i, item in enumerate(self.children) for u in _item_urls(item))
        self.urls = [u for u, _ in pairs]
        self.owners = [i for _, i in pairs]

    def exceptions(self, directory: str, page) -> set[int]:
        """The items ``share_key`` gives no key for this page: sections, the
        active item (the one on the page's path) and items linking into the
        page's directory."""
        found = set(self.static)
        node = page
        while node is not None and getattr(node, "parent", None) is not self.section:
            node = getattr(node, "parent", None)
        if node is not None and getattr(node, "active", False):
            found.add(self.position[id(node)])
        if directory == "":
            found.update(i for i, item in enumerate(self.children) if _item_urls(item))
            return found
        lo = bisect.bisect_left(self.urls, directory)
        hi = bisect.bisect_left(self.urls, directory + "/\U0010ffff")
        found.update(self.owners[k] for k in range(lo, hi)
                     if self.urls[k] == directory or self.urls[k].startswith(directory + "/"))
        return found


def _plan(section, index) -> _Plan:
    key = (id(section), id(index))
    known = _plans.get(key)
    if known is None or known.section is not section:
        known = _plans[key] = _Plan(section, index)
    return known


def on_pre_build(config):
    _settings["enabled"] = os.environ.get("ZS_NAV_CACHE", "1") != "0"
    _cache.clear()
    _urls.clear()
    _directories.clear()
    _groups.clear()
    _plans.clear()
    _stats.update(hits=0, stored=0, rendered=0)


def on_env(env, config, files):
    env.globals["zs_nav_item"] = item_html
    env.globals["zs_nav_children"] = children_html
    return env


def on_post_build(config):
    log.debug(f"nav items: {_stats['hits']} shared, {_stats['stored']} rendered and kept, "
              f"{_stats['rendered']} rendered for one page")
