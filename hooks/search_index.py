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
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

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
    # Headings' permalink signs (¶) are neither content nor part of a result's title.
    cmd = [sys.executable, "-m", "pagefind", "--site", config.site_dir, "--output-subdir", "pagefind", "--quiet",
           "--exclude-selectors", ".headerlink"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(
            "pagefind could not index the site (install it with `make install`, package "
            f"'pagefind[extended]'):\n{result.stdout}\n{result.stderr}"
        )
    for line in (result.stdout + result.stderr).splitlines():
        if "warn" in line.lower() or "error" in line.lower():
            log.warning(f"pagefind: {line}")
    bundle = Path(config.site_dir) / "pagefind"
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
