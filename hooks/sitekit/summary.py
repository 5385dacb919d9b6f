"""A short plain-text summary of rendered page HTML, for meta descriptions."""
from __future__ import annotations

import lxml.html

LIMIT_LATIN = 160
LIMIT_CJK = 80  # CJK characters carry more per character; search engines show about 80


def _is_cjk(text: str) -> bool:
    cjk = sum(1 for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return cjk * 3 > len(text)


def shorten(text: str) -> str:
    text = " ".join(text.split())
    limit = LIMIT_CJK if _is_cjk(text) else LIMIT_LATIN
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if not _is_cjk(text) and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",;:，；：、") + "…"


def summary_from_html(html: str) -> str:
    """Text of the first non-empty paragraph that is not inside an admonition."""
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for p in root.iter("p"):
        if any("admonition" in (a.get("class") or "") for a in p.iterancestors()):
            continue
        text = p.text_content().strip()
        if text:
            return shorten(text)
    return ""
