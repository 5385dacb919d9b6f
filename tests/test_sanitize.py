"""Issue 6, points 4 and 8: raw HTML in Markdown cannot inject script or break a
page. nh3 (sitekit/safe_html.py) removes scripts, event handlers, javascript:
and data: URLs, iframes, styles, <base> and forms; what Markdown writes
(tables, admonitions, tabs, code blocks, footnotes) passes unchanged; and the
build names the file and line of each removed piece."""
from __future__ import annotations

import re

import markdown
import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from sitebuild import ROOT, build_fixture, page
from sitekit.safe_html import find_unsafe, sanitize

DATA = ROOT / "tests" / "data" / "safe_html"
RICH = (DATA / "rich.md").read_text(encoding="utf-8")
DANGEROUS = (DATA / "dangerous.md").read_text(encoding="utf-8")
DANGEROUS_TAGS = ("script", "iframe", "style", "base", "form", "input", "button", "object", "embed", "svg")
URL_ATTRS = ("href", "src", "action", "data", "srcset")


def render(text: str) -> str:
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"],
                             extension_configs=config["mdx_configs"]).convert(text)


def dom(html: str) -> str:
    return BeautifulSoup(html, "html.parser").decode(formatter="minimal")


def assert_harmless(soup) -> None:
    for name in DANGEROUS_TAGS:
        assert soup.find(name) is None, f"<{name}> survived"
    for tag in soup.find_all(True):
        for attr, value in tag.attrs.items():
            assert not attr.startswith("on"), f"{tag.name} {attr}"
            if attr == "style":
                assert tag.name in ("td", "th") and value.startswith("text-align"), f"{tag.name} style={value}"
            if attr in URL_ATTRS:
                assert not re.match(r"\s*(javascript|data|vbscript):", str(value), re.I), f"{tag.name} {attr}={value}"


def test_dangerous_markup_is_removed():
    soup = BeautifulSoup(sanitize(render(DANGEROUS)), "html.parser")
    assert_harmless(soup)
    assert "Covering the page" in soup.get_text()  # the text stays, only the markup goes
    assert soup.find("a", string="a link") is not None


def test_markdown_constructs_pass_unchanged():
    html = render(RICH)
    assert dom(sanitize(html)) == dom(html)
    soup = BeautifulSoup(html, "html.parser")
    # the fixture really contains what it claims to test
    assert soup.select_one("table th[style='text-align: center;']")
    assert soup.select_one("div.admonition.note") and soup.select_one("details.tip")
    assert soup.select_one(".tabbed-set input[type=radio]") and soup.select_one("div.highlight code")
    assert soup.select_one("div.footnote") and soup.select_one("abbr") and soup.select_one("dl")


def test_every_removed_piece_has_its_line():
    found = find_unsafe(DANGEROUS)
    lines = DANGEROUS.split("\n")
    expected = {n for n, line in enumerate(lines, 1)
                if re.search(r"<(script|iframe|style|base|form|object|svg)|on\w+=|javascript:|data:|style=", line)}
    assert {line for line, _ in found} == expected
    assert find_unsafe(RICH) == []


def test_code_is_text_not_markup():
    text = "```html\n<script>alert(1)</script>\n```\n\nUse `<iframe>` never.\n"
    assert find_unsafe(text) == []
    soup = BeautifulSoup(sanitize(render(text)), "html.parser")
    assert soup.find("script") is None
    assert "<script>alert(1)</script>" in soup.select_one("div.highlight code").get_text()
    assert soup.find("p").code.get_text() == "<iframe>"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pages = {
        "index.md": page("Home", "# Home\n"),
        "other.md": page("Other", "# Other\n\n## Part\n\nText.\n"),
        "rich.md": page("Rich", RICH),
        "dangerous.md": page("Dangerous", DANGEROUS),
    }
    # Not strict, to see what a page would look like; strict mode fails on the warnings (below).
    return build_fixture(tmp_path_factory.mktemp("sanitize"), pages, config={"strict": False})


def test_the_built_page_contains_none_of_it(site):
    assert site.ok, site.output
    article = site.html("dangerous/").select_one("article")
    assert_harmless(article)
    assert "steal()" not in str(article) and "evil.example" not in str(article)


def test_the_built_rich_page_keeps_its_structure(site):
    article = site.html("rich/").select_one("article")
    assert article.select_one("table td[style='text-align: right;']")
    assert article.select_one("div.admonition.note p.admonition-title").get_text() == "A note"
    assert len(article.select(".tabbed-set input[type=radio]")) == 2
    code = article.select_one("div.highlight code").get_text()
    assert 'return f"<script>{name}</script>"' in code
    assert article.select_one("a[href='../other/#part']")


def test_the_build_names_file_and_line(site):
    for line in (3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25):
        # page() adds 5 lines of front matter and a blank line
        assert f"docs/dangerous.md:{line + 6}:" in site.output, line


def test_strict_build_fails_on_raw_script(tmp_path):
    build = build_fixture(tmp_path, {"index.md": page("Home", "# Home\n\n<script>alert(1)</script>\n")})
    assert not build.ok
    assert "docs/index.md:9: raw HTML <script>" in build.output


def test_obfuscated_markup_is_found_and_removed():
    text = ('<SCRIPT>a</SCRIPT>\n<a href="jav&#x61;script:alert(1)">x</a>\n<a href="java\tscript:alert(1)">y</a>\n'
            '<img alt="z" src="x" OnError="alert(1)">\n!!! note\n    ```html\n    <script>in code</script>\n    ```\n')
    assert [line for line, _ in find_unsafe(text)] == [1, 2, 3, 4]
    soup = BeautifulSoup(sanitize(text.split("!!!")[0]), "html.parser")
    assert_harmless(soup)
    assert [a.get("href") for a in soup.find_all("a")] == [None, None]
