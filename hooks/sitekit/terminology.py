"""The terminology lint: English text must use the official renderings of
docs/data/glossary.yml (sitekit/glossary.py), never a listed ``wrong`` variant.

``find_wrong_terms(text, terms)`` returns ``(line, variant as written, term)``
for each wrong variant in a page (code blocks and inline code are skipped).
Matching ignores case and needs whole words; where two variants overlap, the
longer one is reported.
"""
from __future__ import annotations

import re

from .glossary import Term
from .safe_html import without_code


def _pattern(variant: str) -> re.Pattern:
    words = [re.escape(w) for w in variant.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.I)


def find_wrong_terms(text: str, terms: list[Term]) -> list[tuple[int, str, Term]]:
    plain = without_code(text)
    hits: list[tuple[int, int, str, Term]] = []
    for term in terms:
        for variant in term.wrong:
            for match in _pattern(variant).finditer(plain):
                hits.append((match.start(), match.end(), match.group(0), term))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    found, end = [], -1
    for start, stop, written, term in hits:
        if start < end:
            continue  # inside a longer variant already reported
        end = stop
        found.append((plain.count("\n", 0, start) + 1, " ".join(written.split()), term))
    return found


def message(written: str, term: Term) -> str:
    right = f"'{term.en}'" + (f" (in full: '{term.full}')" if term.full else "")
    return (f"'{written}' is not the official English for {term.zh}; write {right}. "
            "See the Glossary page (docs/data/glossary.yml)")
