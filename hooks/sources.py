"""Validates the ``sources:`` front matter of every page.

Each source is ``{title: ..., url: ...}`` (url optional for printed sources).
overrides/partials/sources.html renders them as a "Sources" section in the
page's language, after the text.
"""
from __future__ import annotations

from mkdocs.exceptions import PluginError

from sitekit.sources import SourceError, parse_sources


def on_page_markdown(markdown, page, config, files):
    raw = page.meta.get("sources")
    if raw is not None:
        try:
            page.meta["sources"] = parse_sources(raw)
        except SourceError as exc:
            raise PluginError(f"{page.file.src_uri}: front matter 'sources': {exc}") from exc
    return markdown
