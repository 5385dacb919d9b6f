"""Marks a complete strict build: the last thing a successful `mkdocs build`
does is write site/_publish/build.json. publish/finalize.py refuses a site/
without it, and the deploy refuses a site/ that finalize did not process, so a
half-written or non-strict build can never be published.

Runs once every language is built, after every other post-build step (search
index, sitemaps). A build whose warnings make strict mode abort removes site/
(hooks/site_build.py), stamp included.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import CountHandler

from sitekit.i18n_state import all_languages_built, build_language

STAMP = Path("_publish") / "build.json"


def warnings_so_far() -> int:
    """Warnings counted by MkDocs' strict-mode counters of the running build(s)."""
    handlers = logging.getLogger("mkdocs").handlers
    return sum(n for h in handlers if isinstance(h, CountHandler) for _, n in h.get_counts())


@event_priority(-1000)
def on_post_build(config):
    if not all_languages_built(config):
        return
    if not config.strict or warnings_so_far():
        return  # not a clean strict build: no stamp, so nothing to publish
    lang = build_language(config)
    stamp = {
        "complete": True,
        "strict": True,
        "site_url": config.site_url or "",
        "languages": list(lang.languages),
        "default_language": lang.default,
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH") or None,
    }
    path = Path(config.site_dir) / STAMP
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stamp, indent=1, sort_keys=True) + "\n", encoding="utf-8")
