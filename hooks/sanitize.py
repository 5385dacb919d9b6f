"""Raw HTML in Markdown cannot inject script or break a page.

Every page body is cleaned with nh3 against one allow-list
(sitekit/safe_html.py): scripts, styles, iframes, forms, ``<base>``,
event-handler attributes and ``javascript:``/``data:`` URLs are removed, while
what Markdown writes (tables, admonitions, tabs, code) passes unchanged. Each
removed piece is also a warning naming the file and line, so the strict build
(and ``make check``) fails on it instead of publishing a silently changed page.
Runs before every other hook's on_page_content, so their own markup is never
touched.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from sitekit.i18n_state import build_language
from sitekit.safe_html import find_unsafe, sanitize

log = logging.getLogger("mkdocs.plugins.zhoushan.sanitize")


@event_priority(100)
def on_page_content(html, page, config, files):
    file = page.file
    own = getattr(file, "locale", None) in (None, build_language(config).current)
    if own and file.abs_src_path and Path(file.abs_src_path).suffix == ".md":
        text = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
        for line, message in find_unsafe(text):
            log.warning(f"docs/{file.src_uri}:{line}: {message}")
    return sanitize(html)
