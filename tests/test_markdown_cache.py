"""Converted Markdown reused between builds (hooks/markdown_cache.py): the site
is byte-identical with the cache off, filling it and reusing it; anything a
page's HTML depends on changes its key; a page that logged a message is
converted (and its message shown) on every build."""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pymdownx.slugs

from sitebuild import build_fixture, differing_files, make_fixture, page, run_mkdocs
from sitekit import markdown_cache as cache

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}
PAGES = {
    "index.md": page("Home", "Read [the guide](guide.md#setting-up) and [the Chinese part](other.md).\n\n"
                             "Text with a footnote.[^1]\n\n[^1]: The note.\n"),
    "index.zh.md": page("首页", "阅读[指南](guide.md#设置)。\n\n## 简介\n\n*[指南]: 使用说明\n"),
    "guide.md": page("Guide", "## Setting up\n\nSteps.\n\n```python\nprint('hi')\n```\n\n"
                              "!!! note\n    An admonition.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"),
    "guide.zh.md": page("指南", "## 设置\n\n步骤。\n\n### 细节\n\n更多。\n"),
    "other.md": page("Other", "Term\n:   Definition.\n"),
}


def counts(output: str) -> tuple[int, int]:
    """Pages reused and pages converted and kept, in both languages' builds."""
    found = re.findall(r"Markdown cache \((\w+)\): (\d+) pages reused, (\d+) converted and kept", output)
    assert {lang for lang, _, _ in found} == {"en", "zh"}, output[-2000:]
    return sum(int(r) for _, r, _ in found), sum(int(k) for _, _, k in found)


def reused(output: str) -> int:
    return counts(output)[0]


def build(project: Path, site: Path, env: dict | None = None):
    result = run_mkdocs(project / "mkdocs.yml", site, {**EPOCH, **(env or {})}, args=("build", "-v"))
    assert result.ok, result.output[-3000:]
    return result


def test_the_site_is_byte_identical_without_the_cache_filling_it_and_reusing_it(tmp_path):
    project = make_fixture(tmp_path / "project", PAGES).parent
    plain = build(project, tmp_path / "plain", {"ZS_MARKDOWN_CACHE": "0"})
    assert not (project / ".cache" / "markdown").exists()
    cold = build(project, tmp_path / "cold")
    assert counts(cold.output) == (0, 6)  # five sources; the Chinese build has a copy of other.md
    warm = build(project, tmp_path / "warm")
    assert counts(warm.output) == (6, 0)
    assert differing_files(plain.site, cold.site) == []
    assert differing_files(plain.site, warm.site) == []


def test_a_changed_page_a_moved_link_target_and_changed_settings_are_converted_again(tmp_path):
    project = make_fixture(tmp_path / "project", PAGES).parent
    build(project, tmp_path / "first")
    # One page's text changes: only that page is converted again.
    (project / "docs" / "other.md").write_text(page("Other", "Term\n:   A new definition.\n"), encoding="utf-8")
    again = build(project, tmp_path / "again")
    assert "A new definition" in (again.site / "other" / "index.html").read_text(encoding="utf-8")
    assert counts(again.output) == (4, 2)  # other.md and its copy in the Chinese build
    # A new page changes where files go: every link is resolved again.
    (project / "docs" / "more.md").write_text(page("More", "More."), encoding="utf-8")
    moved = build(project, tmp_path / "moved")
    assert reused(moved.output) == 0
    plain = build(project, tmp_path / "plain", {"ZS_MARKDOWN_CACHE": "0"})
    assert differing_files(plain.site, moved.site) == []


def test_different_extension_settings_do_not_share_entries(tmp_path):
    project = make_fixture(tmp_path / "project", PAGES).parent
    build(project, tmp_path / "first")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text + "markdown_extensions:\n- toc:\n    permalink: false\n- tables\n",
                                        encoding="utf-8")
    changed = build(project, tmp_path / "changed")
    assert reused(changed.output) == 0


def test_a_page_that_logs_a_message_is_never_kept(tmp_path):
    pages = {**PAGES, "other.md": page("Other", "See [a page that does not exist](missing.md).")}
    config = {"strict": False}
    first = build_fixture(tmp_path / "a", pages, config=config, env=EPOCH)
    project = tmp_path / "a" / "project"
    second = run_mkdocs(project / "mkdocs.yml", tmp_path / "second", {**EPOCH}, args=("build", "-v"))
    for result in (first, second):
        assert result.ok, result.output[-2000:]
        assert "missing.md" in result.output  # the warning, on every build
    assert counts(second.output) == (4, 0)  # other.md and its copy logged: converted each time


def test_settings_are_keyed_by_what_they_do_not_where_they_live():
    lower = {"toc": {"slugify": pymdownx.slugs.slugify(case="lower"), "permalink": True}}
    assert cache.stable(lower) == cache.stable({"toc": {"permalink": True, "slugify": pymdownx.slugs.slugify(case="lower")}})
    assert cache.stable(lower) != cache.stable({"toc": {"slugify": pymdownx.slugs.slugify(case="upper"), "permalink": True}})
    assert "0x" not in cache.stable(lower)  # no memory address


def test_only_extensions_that_read_nothing_else_use_the_cache():
    assert cache.usable(["toc", "tables", "pymdownx.superfences"])
    assert not cache.usable(["toc", "pymdownx.snippets"])


def test_entries_unused_for_thirty_days_are_removed(tmp_path):
    rendered = cache.Rendered(content="<p>x</p>", toc=None, title=None, anchors=frozenset(), links_to_anchors=None)
    cache.store(tmp_path, "ab" * 32, rendered)
    cache.store(tmp_path, "cd" * 32, rendered)
    old = time.time() - 31 * 86400
    os.utime(cache.entry_path(tmp_path, "ab" * 32), (old, old))
    assert cache.remove_unused(tmp_path) == 1
    assert cache.load(tmp_path, "ab" * 32) is None
    assert cache.load(tmp_path, "cd" * 32) == rendered
    (cache.entry_path(tmp_path, "cd" * 32)).write_bytes(b"not a pickle")
    assert cache.load(tmp_path, "cd" * 32) is None  # a damaged entry is converted again
