"""The home page and section skeleton in both languages (issue 2, point 8)."""
from __future__ import annotations

import pytest

SECTIONS = ["events/", "sister-cities/", "invest/", "overseas-chinese/", "living/", "glossary/", "about/"]


@pytest.mark.parametrize("prefix, sources_title", [("", "Sources"), ("zh/", "资料来源")])
def test_home_page_cites_sources_and_leads_to_every_section(real_site, prefix, sources_title):
    soup = real_site.html(prefix)
    sources = soup.select_one("section.zs-sources")
    assert sources.h2.get_text(strip=True) == sources_title
    assert len(sources.select("li a[href^='https://']")) >= 3
    links = {a["href"] for a in soup.select("article a[href]")}
    for section in SECTIONS:
        assert section in links, f"home page {prefix or '/'} has no link to {section}"
        page = real_site.site / prefix / section / "index.html"
        assert page.is_file(), page


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_every_section_opens_with_text_and_sources_or_an_exemption(real_site, prefix):
    for section in SECTIONS:
        soup = real_site.html(prefix + section)
        text = " ".join(p.get_text(" ", strip=True) for p in soup.select("article p"))
        assert len(text) > 60, f"{prefix}{section} has no real introduction"
        assert "lorem" not in text.lower()
