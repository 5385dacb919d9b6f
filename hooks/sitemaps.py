"""sitemap.xml with hreflang alternates, at / and in each language's folder.

Material looks for ``sitemap.xml`` next to each language's home (/zh/sitemap.xml);
mkdocs-static-i18n writes one file only. The root sitemap lists every real page
of every language; /zh/sitemap.xml lists the Chinese ones (a sitemap may only
list URLs under its own folder). Fallback copies are ``noindex`` and left out.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from sitekit.i18n_state import all_languages_built, build_language
from sitekit.registry import PAGES
from sitekit.sitemap import sitemap_entries


@event_priority(-110)
def on_post_build(config):
    if not all_languages_built(config):
        return
    lang = build_language(config)
    template = config.theme.get_env().get_template("partials/i18n-sitemap.html")
    site = Path(config.site_dir)
    for language in lang.languages:
        folder = "" if language == lang.default else f"{language}/"
        only = None if language == lang.default else language
        entries = sitemap_entries(PAGES, only=only)
        (site / folder).mkdir(parents=True, exist_ok=True)
        (site / folder / "sitemap.xml").write_text(template.render(entries=entries), encoding="utf-8")
