"""Every page gets a meta description: its front-matter ``description`` (the
page summary an editor writes), or else the first paragraph of its text."""
from __future__ import annotations

import logging

from sitekit.summary import summary_from_html

log = logging.getLogger("mkdocs.plugins.zhoushan.descriptions")


def on_page_content(html, page, config, files):
    meta = page.meta
    if not (isinstance(meta.get("description"), str) and meta["description"].strip()):
        summary = summary_from_html(html)
        if summary:
            meta["description"] = summary
        else:
            log.warning(
                f"{page.file.src_uri}: no description. Add 'description: <one or two sentences>' "
                "to the front matter or start the page with a paragraph."
            )
    return html
