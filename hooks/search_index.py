"""Search with pagefind, one index per language.

Runs once every language is built. pagefind reads ``<html lang>`` and writes a
separate index per language, so a Chinese query on a Chinese page searches
Chinese pages only. Only the content inside ``data-pagefind-body`` is indexed
(overrides/main.html puts it on real pages, never on fallback copies, the 404
or the search page). The visitor's browser downloads only the index chunks a
query needs, not the whole index.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from sitekit import search_cache, search_input
from sitekit.versions import package_versions
from sitekit.i18n_state import all_languages_built

log = logging.getLogger("mkdocs.plugins.zhoushan.search_index")

# pagefind's ready-made interfaces: the search page has its own (assets/search.js over
# pagefind.js), so these 417 KB would only be published, never loaded.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


@event_priority(-120)
def on_post_build(config):
    if not all_languages_built(config):
        return
    site = Path(config.site_dir)
    bundle = site / "pagefind"
    # Headings' permalink signs (¶) are neither content nor part of a result's title.
    options = ["--quiet", "--exclude-selectors", ".headerlink"]
    if os.environ.get("ZS_SEARCH_LEAN", "1") == "0":  # the plain path: pagefind reads the site itself
        run_pagefind(site, bundle, options)
        return
    mirror = Path(tempfile.mkdtemp(prefix=f".{site.name}-search-", dir=site.parent))
    try:
        files, read, written = search_input.lean_copy(site, mirror, skip="pagefind")
        log.debug(f"Search index: {files} pages, {read / 1e6:.1f} MB, read as {written / 1e6:.1f} MB without menus")
        key = None
        if os.environ.get("ZS_SEARCH_CACHE", "1") != "0":
            key = search_cache.inputs_key(mirror, options + settings_outside(), pagefind_version(), skip="pagefind")
            root = Path(config.config_file_path).parent / ".cache" / "search"
            if search_cache.restore(root, key, bundle):
                log.debug("Search index: every page as in an earlier build; its index reused from .cache/search/")
                return
        warned = run_pagefind(mirror, bundle, options)
        if key is not None and not warned:  # a warning is shown again on every build
            search_cache.store(root, key, bundle)
    finally:
        shutil.rmtree(mirror, ignore_errors=True)


def settings_outside() -> list[str]:
    """What else pagefind reads: a configuration file in the working folder,
    PAGEFIND_ variables."""
    found = [f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("PAGEFIND_")]
    for name in ("pagefind.toml", "pagefind.yml", "pagefind.yaml", "pagefind.json"):
        path = Path.cwd() / name
        if path.is_file():
            found.append(f"{name}:{path.read_text(errors='replace')}")
    return found


def pagefind_version() -> str:
    return package_versions(("pagefind", "pagefind-bin", "pagefind-bin-extended"))


def run_pagefind(source: Path, bundle: Path, options: list[str]) -> bool:
    """Index the pages under ``source`` into ``bundle``; True when pagefind warned."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(bundle), *options]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(
            "pagefind could not index the site (install it with `make install`, package "
            f"'pagefind[extended]'):\n{result.stdout}\n{result.stderr}"
        )
    warned = False
    for line in (result.stdout + result.stderr).splitlines():
        if "warn" in line.lower() or "error" in line.lower():
            log.warning(f"pagefind: {line}")
            warned = True
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    return warned
