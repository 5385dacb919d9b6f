"""The share preview of a page (Open Graph and Twitter card meta), rendered by
overrides/partials/social-meta.html."""
from __future__ import annotations

from pathlib import Path, PurePosixPath

# Open Graph wants language_TERRITORY.
OG_LOCALE = {"en": "en_US", "zh": "zh_CN"}


def front_matter_image(meta: dict, lang: str | None = None) -> tuple[str | None, str | None]:
    """(path, alt) of a page's ``image:`` front matter; (None, None) without one.

    Accepts ``image: photo.jpg`` with ``image_alt: ...`` or
    ``image: {src: photo.jpg, alt: ...}``; an alt may also be ``{en: ..., zh: ...}``
    (the text of ``lang`` is taken).
    """
    raw = meta.get("image")
    alt = meta.get("image_alt")
    if isinstance(raw, dict):
        alt = raw.get("alt", alt)
        raw = raw.get("src")
    if isinstance(alt, dict):
        alt = alt.get(lang)
    if not isinstance(raw, str) or not raw.strip():
        return None, None
    return raw.strip(), (alt.strip() if isinstance(alt, str) and alt.strip() else None)


def resolve_source(path: str, page_src_uri: str, docs_dir: str) -> Path:
    """File of a front-matter image path: relative to the page, or to docs/ with a leading '/'."""
    if path.startswith("/"):
        rel = PurePosixPath(path.lstrip("/"))
    else:
        rel = PurePosixPath(page_src_uri).parent / path
    return Path(docs_dir) / rel


def social_context(*, card: dict, alt: str, lang: str, other_langs: list[str], is_home: bool) -> dict:
    """Template data: the card (url, width, height, type), its alt text and the locales."""
    return {
        **card,
        "alt": alt,
        "og_type": "website" if is_home else "article",
        "locale": OG_LOCALE.get(lang, lang),
        "locale_alternates": [OG_LOCALE.get(other, other) for other in sorted(other_langs) if other != lang],
    }
