"""Facts collected while pages are built and read once every language is done.

Hook modules are loaded by file path, so they cannot import each other; they
share state through this package module, which Python imports once.
"""
from __future__ import annotations

# build language -> page url -> sitekit.alternates.PageLanguages
PAGES: dict[str, dict] = {}
