"""Sitemap entries from the per-language page facts."""
from __future__ import annotations


def sitemap_entries(pages: dict[str, dict], only: str | None = None) -> list:
    """Real (non-fallback) pages, sorted by URL; ``only`` limits to one language."""
    entries = []
    for lang in sorted(pages):
        if only is not None and lang != only:
            continue
        for info in pages[lang].values():
            if not info.is_fallback:
                entries.append(info)
    return sorted(entries, key=lambda info: info.canonical)
