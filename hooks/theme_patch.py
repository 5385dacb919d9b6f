"""Stop Material's JavaScript from fetching sitemap.xml next to every hreflang URL.

Material's bundle treats every ``<link rel="alternate">`` as the root of a
language and fetches ``sitemap.xml`` relative to it (``/zh/about/sitemap.xml``
for a page's Chinese alternate), to redirect language-switcher clicks to the
same page. Our switcher links already point at the same page in the other
language, so that call only produces 404s (console errors) and, with absolute
hreflang URLs, requests to the production host from a preview. The call is
removed from the copied bundle; if a Material upgrade changes the bundle, the
build fails here instead of silently shipping the 404s.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from sitekit.i18n_state import all_languages_built

# The call as it appears in mkdocs-material 9.7.6's minified bundle.
CALL = "ui({document$:ct});"


def patch_bundle(text: str) -> str:
    count = text.count(CALL)
    if count != 1:
        raise PluginError(
            f"hooks/theme_patch.py expected the call {CALL!r} once in Material's bundle, "
            f"found it {count} times. The mkdocs-material version changed: find the "
            "function that fetches sitemap.xml for link[rel=alternate] and update CALL."
        )
    return text.replace(CALL, "")


@event_priority(-110)
def on_post_build(config):
    if not all_languages_built(config):
        return
    bundles = sorted((Path(config.site_dir) / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise PluginError(f"hooks/theme_patch.py: expected one Material bundle, found {bundles}")
    bundle = bundles[0]
    bundle.write_text(patch_bundle(bundle.read_text(encoding="utf-8")), encoding="utf-8")
