"""Reuse a page's template output from an earlier build while nothing its
template can see has changed (issue 9; the key is sitekit/page_cache.py's).

MkDocs renders a page's template in ``_build_page`` between the
``on_page_context`` and ``on_post_page`` events, so no event can stand in for
it. This hook marks the context of each page (its ``on_page_context`` runs
after every other hook's) and, for the build, wraps ``jinja2.Template.render``:
a marked context is looked up in .cache/pages/ by its key, and rendered and
kept when it is not there. Every other render (partials, 404, sitemap) is
untouched, and every hook event still runs for every page, ``on_post_page``
included. A render that logged anything is not kept, so its messages (and
strict mode's count) come again on the next build. Other pages count as a menu
shows them, so an edit renders the edited page again (and every page when a
title or front matter changes); a render that reads another page's text is
not kept, and its template's pages are then keyed on every page's text.

The site is byte-identical with the cache and without it
(tests/test_page_cache.py); ``ZS_PAGE_CACHE=0`` turns it off. Entries unused
for 30 days are removed.
"""
from __future__ import annotations

import gettext
import logging
import os
from collections import Counter
from pathlib import Path

import jinja2
import pathspec
from babel.core import Locale
from mkdocs.config.base import Config
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.theme import Theme
from mkdocs.utils.babel_stub import Locale as StubLocale

from sitekit import page_cache as cache
from sitekit.i18n_state import all_languages_built, build_language
from sitekit.logwatch import Recorder

log = logging.getLogger("mkdocs.plugins.zhoushan.page_cache")
MARKER = "__zs_page_cache"
_original_render = jinja2.Template.render
_build: dict = {"root": None, "base": None, "names_date": False, "fingerprint": None, "env": None,
                "fingerprint_with_text": None, "readers": {},
                "hits": 0, "stored": 0, "rendered": 0, "unkept": 0, "unkeyable": Counter()}


def _ref(item) -> object:
    """Another place in the menu, as a page shows it: its title and address."""
    if item is None:
        return None
    return [type(item).__name__, item.title, getattr(item, "url", None)]


def _ancestors(item) -> list:
    chain = []
    while item is not None:
        chain.append(item.title)
        item = item.parent
    return chain


def page_seen(p: Page) -> dict:
    """A page as another page's template shows it (a menu entry, a neighbour)."""
    return {"title": p.title, "url": p.url, "canonical_url": p.canonical_url, "abs_url": p.abs_url,
            "edit_url": p.edit_url, "is_homepage": p.is_homepage, "meta": p.meta, "file": p.file,
            "parents": _ancestors(p.parent), "previous": _ref(p.previous_page), "next": _ref(p.next_page)}


PAGE_TEXT = frozenset({"content", "markdown", "toc"})


def page_text(p: Page) -> dict:
    """What a page's own template reads of it, and another page's (as far as
    this site's templates go) does not; a render that does read it from
    another page is noticed (AttributeWatch) and never kept under the
    narrower key."""
    return {"content": p.content, "markdown": p.markdown, "toc": p.toc}


# What a template can read of MkDocs' objects. Output folders are left out:
# pages are written into them, never show them (a language built in its own
# process writes into a temporary folder).
ADAPTERS = {
    Page: page_seen,
    Section: lambda s: {"title": s.title, "children": s.children, "parents": _ancestors(s.parent)},
    Link: lambda link: {"title": link.title, "url": link.url, "parents": _ancestors(link.parent)},
    Navigation: lambda n: {"items": n.items, "pages": [p.url for p in n.pages],
                           "homepage": _ref(n.homepage)},
    File: lambda f: {"src_uri": f.src_uri, "dest_uri": f.dest_uri, "url": f.url, "name": f.name,
                     "inclusion": f.inclusion, "generated_by": f.generated_by,
                     "page": f.page, "locale": getattr(f, "locale", None)},
    TableOfContents: lambda toc: list(toc),
    AnchorLink: lambda a: {"title": a.title, "id": a.id, "level": a.level, "children": a.children},
    Config: lambda c: {k: v for k, v in c.items() if k != "site_dir"},
    Theme: lambda t: {"name": t.name, "dirs": t.dirs, "static_templates": sorted(t.static_templates),
                      "vars": dict(t.items()), "locale": str(t.locale)},
    BasePlugin: lambda p: {"class": type(p), "config": p.config},
    ExtraScriptValue: lambda s: vars(s),
    pathspec.PathSpec: lambda spec: [[p.pattern, p.include] for p in spec.patterns],  # exclude_docs
    Locale: str,  # the theme's language
    StubLocale: str,
    # The environment's gettext functions are bound to the theme's translations.
    gettext.NullTranslations: lambda t: {"class": type(t), "catalog": getattr(t, "_catalog", None),
                                         "files": getattr(t, "files", None)},
}
# For a template that may read another page's text: every page with its text.
ADAPTERS_WITH_TEXT = {**ADAPTERS, Page: lambda p: {**page_seen(p), **page_text(p)}}


def on_config(config):
    """Each language's build: the cache's place; the render wrapped."""
    enabled = os.environ.get("ZS_PAGE_CACHE", "1") != "0"
    root = Path(config.config_file_path).parent / ".cache" / "pages"
    _build.update(root=root if enabled else None, hits=0, stored=0, rendered=0, unkept=0, unkeyable=Counter(),
                  readers={})
    jinja2.Template.render = cached_render
    return config


@event_priority(-10000)  # after every other on_env: the theme's folders are final
def on_env(env, config, files):
    if _build["root"] is not None:
        templates, names_date = cache.templates_digest(list(config.theme.dirs))
        _build.update(base=f"{cache.SCHEMA}|{build_language(config).current}|{templates}",
                      names_date=names_date, fingerprint=cache.Fingerprint(ADAPTERS),
                      fingerprint_with_text=cache.Fingerprint(ADAPTERS_WITH_TEXT), env=None)
    return env


@event_priority(-10000)  # after every other hook has added to the context
def on_page_context(context, page, config, nav):
    if _build["root"] is not None:
        context[MARKER] = True
    return context


def environment_digest(env) -> str:
    """The environment's globals, filters and tests, walked again only when one
    of them is replaced (hooks set them in ``on_env``; the functions' closures
    are taken as fixed from then on)."""
    parts = (env.globals, env.filters, env.tests)
    ids = tuple((name, id(value)) for part in parts for name, value in part.items())
    known = _build.get("env")
    if known is None or known[0] != ids:
        known = (ids, _build["fingerprint"].digest(list(parts)))
        _build["env"] = known
    return known[1]


def page_key(template: jinja2.Template, context: dict) -> str:
    """The page's own text, and every other page as a menu shows it; every
    page's text too once a render of this template read another page's."""
    fingerprint = _build["fingerprint_with_text"] if template.name in _build["readers"] else _build["fingerprint"]
    seen = {k: v for k, v in context.items() if k != "build_date_utc" or _build["names_date"]}
    page = context.get("page")
    own = page_text(page) if isinstance(page, Page) else None
    return fingerprint.digest(
        [_build["base"], template.name, template.filename, environment_digest(template.environment), seen, own],
        fresh=(page,), shared=(context.get("pages"),))


def cached_render(self, *args, **kwargs):
    """``jinja2.Template.render``; for a page's own template, its output from
    an earlier build when the key is the same."""
    context = args[0] if len(args) == 1 and not kwargs and type(args[0]) is dict else None
    if context is None or not context.pop(MARKER, False) or _build["root"] is None or self.name is None:
        return _original_render(self, *args, **kwargs)  # not a page, or a template without a file
    try:
        key = page_key(self, context)
    except cache.Unkeyable as exc:
        _build["unkeyable"][str(exc)] += 1
        return _original_render(self, context)
    found = cache.load(_build["root"], key)
    if found is not None:
        _build["hits"] += 1
        return found
    page = context.get("page")
    with Recorder() as recorder, cache.AttributeWatch(Page, PAGE_TEXT, page) as watch:
        output = _original_render(self, context)
    _build["rendered"] += 1
    if watch.read:
        # This template shows another page's text: from now on its pages' keys hold every page's.
        _build["unkept"] += 1
        if self.name not in _build["readers"]:
            _build["readers"][self.name] = watch.read
            log.debug(f"Page cache: '{self.name}' read {watch.read} while rendering {page.url!r}: "
                      "the keys of its pages hold every page's text")
    elif recorder.seen:
        _build["unkept"] += 1
    else:
        cache.store(_build["root"], key, output)
        _build["stored"] += 1
    return output


@event_priority(0)  # before mkdocs-static-i18n (-100) starts the next language
def _report(config):
    if _build["root"] is not None:
        unkeyable = ", ".join(f"{n} x {name}" for name, n in sorted(_build["unkeyable"].items()))
        log.debug(f"Page cache ({build_language(config).current}): {_build['hits']} pages reused, "
                  f"{_build['stored']} rendered and kept, {_build['unkept']} rendered and not kept (a message, "
                  f"or another page's text read)" + (f"; rendered, no stable key: {unkeyable}" if unkeyable else ""))
        _build.update(fingerprint=None, fingerprint_with_text=None, env=None)  # the memos hold every page


@event_priority(-120)
def _finish(config):
    """Once every language is built: the plain render back, old entries out."""
    if not all_languages_built(config):
        return
    jinja2.Template.render = _original_render
    if _build["root"] is not None:
        log.debug(f"Page cache: {cache.remove_unused(_build['root'])} entries unused for "
                  f"{cache.UNUSED_DAYS} days removed")


on_post_build = CombinedEvent(_report, _finish)


def on_build_error(error):
    jinja2.Template.render = _original_render
