"""The ``sources:`` front-matter list: validated into plain records."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


class SourceError(ValueError):
    pass


@dataclass(frozen=True)
class Source:
    title: str
    url: str = ""


EXAMPLE = "sources:\n  - title: Publisher, \"Article title\" (2023)\n    url: https://example.gov.cn/page.html"


def parse_sources(raw) -> list[Source]:
    if not isinstance(raw, list) or not raw:
        raise SourceError(f"expected a list of sources, for example:\n{EXAMPLE}")
    sources = []
    for number, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise SourceError(f"source {number} must have 'title:' and 'url:' lines, for example:\n{EXAMPLE}")
        unknown = set(item) - {"title", "url"}
        if unknown:
            raise SourceError(f"source {number} has unknown field(s) {sorted(unknown)}; use only 'title' and 'url'")
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            raise SourceError(f"source {number} needs a 'title' (who published it, and what)")
        url = item.get("url") or ""
        if url:
            if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
                raise SourceError(f"source {number}: url {url!r} must be a full web address starting with https:// or http://")
        sources.append(Source(title.strip(), url))
    return sources
