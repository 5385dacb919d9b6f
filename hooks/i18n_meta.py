"""Honest language metadata for every page.

Sets, for the templates, which languages a page really exists in: absolute
hreflang alternates (plus x-default) for real translations only; a fallback
copy (an English page shown under /zh/ because it has no translation) gets a
"not yet translated" notice, ``noindex``, a canonical link to its original and
no hreflang pairs. The same facts feed hooks/sitemaps.py.
"""
from __future__ import annotations

from sitekit.alternates import page_languages
from sitekit.i18n_state import build_language
from sitekit.registry import PAGES


def on_config(config):
    lang = build_language(config)
    PAGES[lang.current] = {}
    return config


def on_page_context(context, page, config, nav):
    lang = build_language(config)
    file = page.file
    translations = {
        alt_lang: (getattr(alt_file, "locale", lang.default), alt_file.url)
        for alt_lang, alt_file in getattr(file, "alternates", {}).items()
    }
    info = page_languages(
        build_lang=lang.current,
        file_locale=getattr(file, "locale", lang.current),
        url=page.url,
        translations=translations,
        default_lang=lang.default,
        site_url=config.site_url or "",
    )
    context["i18n_page"] = info
    PAGES.setdefault(lang.current, {})[page.url] = info
    return context
