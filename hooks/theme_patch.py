"""Two edits to Material's JavaScript bundle, so that it requests nothing it
should not.

1. Stop Material's JavaScript from fetching sitemap.xml next to every hreflang URL.

Material's bundle treats every ``<link rel="alternate">`` as the root of a
language and fetches ``sitemap.xml`` relative to it (``/zh/about/sitemap.xml``
for a page's Chinese alternate), to redirect language-switcher clicks to the
same page. Our switcher links already point at the same page in the other
language, so that call only produces 404s (console errors) and, with absolute
hreflang URLs, requests to the production host from a preview. The call is
removed from the copied bundle; if a Material upgrade changes the bundle, the
build fails here instead of silently shipping the 404s.

2. Never load a script from a public CDN. Material fetches a ResizeObserver
polyfill from unpkg.com in browsers without ResizeObserver (Chrome < 64,
Safari < 13.1, Firefox < 69). unpkg does not load reliably in mainland China;
such old browsers now get the page without Material's scripted enhancements
instead of a hanging request to another host.

The bundle's name is given to the templates as ``material_bundle``:
overrides/main.html loads it through assets/theme.js, on wide screens only.

Material also ships the files of its built-in lunr search (assets/javascripts/lunr
and the search worker). This site searches with pagefind, so they are removed.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from sitekit.i18n_state import all_languages_built

# (what, as it appears in mkdocs-material 9.7.6's minified bundle, replacement)
EDITS = (
    ("the sitemap.xml fetch for link[rel=alternate]", "ui({document$:ct});", ""),
    (
        "the ResizeObserver polyfill from unpkg.com",
        'typeof ResizeObserver=="undefined"?_t("https://unpkg.com/resize-observer-polyfill"):$(void 0)',
        "$(void 0)",
    ),
)


def patch_bundle(text: str) -> str:
    for what, old, new in EDITS:
        count = text.count(old)
        if count != 1:
            raise PluginError(
                f"hooks/theme_patch.py expected {what} ({old!r}) once in Material's bundle, "
                f"found it {count} times. The mkdocs-material version changed: find the "
                "equivalent code in the new bundle and update EDITS."
            )
        text = text.replace(old, new)
    return text


def material_bundle(theme_dirs) -> str:
    """Site path of Material's JavaScript bundle (its name changes with every release)."""
    found = sorted({p.name for d in theme_dirs for p in (Path(d) / "assets" / "javascripts").glob("bundle.*.min.js")})
    if len(found) != 1:
        raise PluginError(f"hooks/theme_patch.py: expected one Material bundle in the theme, found {found}")
    return f"assets/javascripts/{found[0]}"


def on_env(env, config, files):
    # overrides/main.html loads the bundle through assets/theme.js (wide screens only).
    env.globals["material_bundle"] = material_bundle(config.theme.dirs)
    return env


@event_priority(-110)
def on_post_build(config):
    if not all_languages_built(config):
        return
    scripts = Path(config.site_dir) / "assets" / "javascripts"
    for unused in ("lunr", "workers"):
        shutil.rmtree(scripts / unused, ignore_errors=True)
    bundles = sorted((Path(config.site_dir) / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise PluginError(f"hooks/theme_patch.py: expected one Material bundle, found {bundles}")
    bundle = bundles[0]
    bundle.write_text(patch_bundle(bundle.read_text(encoding="utf-8")), encoding="utf-8")
