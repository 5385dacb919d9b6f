"""The search index made from the pages without their menus
(sitekit/search_input.py) and reused while every page is the same
(sitekit/search_cache.py): the index equals pagefind's over the site itself,
a changed page makes a new one, and the cache keeps a few whole entries."""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

from bs4 import BeautifulSoup

from sitebuild import all_files, differing_files, make_fixture, page, run_mkdocs
from sitekit import search_cache
from sitekit.search_input import SKIP_END, SKIP_START, lean, lean_copy

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}
PLAIN = {"ZS_SEARCH_LEAN": "0", "ZS_SEARCH_CACHE": "0"}
REUSED = "its index reused from .cache/search/"
PAGES = {
    "index.md": page("Home", "Welcome to the archipelago.\n\n## Ports\n\nNingbo-Zhoushan port.\n"),
    "index.zh.md": page("首页", "欢迎来到群岛。\n\n## 港口\n\n宁波舟山港。\n"),
    "guide.md": page("Guide", "## Visas\n\nHow to apply.\n"),
    "guide.zh.md": page("指南", "## 签证\n\n如何申请。\n"),
}


def build(project: Path, site: Path, env: dict | None = None):
    result = run_mkdocs(project / "mkdocs.yml", site, {**EPOCH, **(env or {})}, args=("build", "-v"))
    assert result.ok, result.output[-3000:]
    return result


def test_lean_cuts_every_marked_stretch_and_nothing_else():
    page_ = b"<html><body>" + SKIP_START + b"<nav>menu</nav>" + SKIP_END + b"<main>text</main>" + \
        SKIP_START + b"<nav>toc</nav>" + SKIP_END + b"</body></html>"
    assert lean(page_) == b"<html><body><main>text</main></body></html>"
    assert lean(b"<p>no markers</p>") == b"<p>no markers</p>"
    unclosed = b"<p>a</p>" + SKIP_START + b"<nav>"
    assert lean(unclosed) == unclosed  # an unclosed stretch is kept whole


def test_the_built_pages_carry_the_markers_around_both_sidebars_only(tmp_path):
    project = make_fixture(tmp_path / "project", PAGES).parent
    site = build(project, tmp_path / "site").site
    data = (site / "guide" / "index.html").read_bytes()
    assert data.count(SKIP_START) == data.count(SKIP_END) == 1
    cut = BeautifulSoup(lean(data), "lxml")
    assert cut.select(".md-sidebar") == [] and cut.select("[data-pagefind-body]")
    assert cut.select_one("[data-pagefind-body] h1").get_text(strip=True) == "Guide"
    assert cut.html["lang"] == "en"
    mirror = tmp_path / "mirror"
    files, read, written = lean_copy(site, mirror, skip="pagefind")
    assert files == len([p for p in all_files(site) if p.suffix == ".html" and p.parts[0] != "pagefind"])
    assert written < read


def test_the_index_equals_pagefinds_over_the_site_and_is_reused_while_the_pages_are_the_same(tmp_path):
    project = make_fixture(tmp_path / "project", PAGES).parent
    plain = build(project, tmp_path / "plain", PLAIN)
    first = build(project, tmp_path / "first")
    assert REUSED not in first.output
    again = build(project, tmp_path / "again")
    assert REUSED in again.output
    for site in (first.site, again.site):
        assert differing_files(plain.site / "pagefind", site / "pagefind") == []
    text = (project / "docs" / "guide.md").read_text(encoding="utf-8")
    (project / "docs" / "guide.md").write_text(text.replace("How to apply.", "How to apply online."), encoding="utf-8")
    plain = build(project, tmp_path / "plain2", PLAIN)
    changed = build(project, tmp_path / "changed")
    assert REUSED not in changed.output
    assert differing_files(plain.site / "pagefind", changed.site / "pagefind") == []
    assert not [p for p in tmp_path.iterdir() if re.match(r"\.\w+-search-", p.name)]  # no copy left behind


def test_the_cache_keeps_whole_entries_and_the_newest_few(tmp_path):
    bundle = tmp_path / "bundle"
    (bundle / "index").mkdir(parents=True)
    (bundle / "index" / "a.pf_index").write_bytes(b"index")
    root = tmp_path / "cache"
    start = time.time() - 100
    for n in range(search_cache.KEEP + 2):  # each stored a second after the one before
        search_cache.store(root, f"key{n}", bundle)
        os.utime(root / f"key{n}", (start + n, start + n))
    kept = sorted(p.name for p in root.iterdir())
    assert kept == [f"key{n}" for n in range(2, search_cache.KEEP + 2)]
    target = tmp_path / "site" / "pagefind"
    assert search_cache.restore(root, "key3", target)
    assert (target / "index" / "a.pf_index").read_bytes() == b"index"
    assert not search_cache.restore(root, "key0", target)
    half = root / ".key9.123.tmp"  # left by a build that was stopped while storing
    half.mkdir()
    os.utime(half, (time.time() - 7200, time.time() - 7200))
    search_cache.prune(root)
    assert not half.exists()


def test_the_key_changes_with_any_page_and_the_options(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("<p>one</p>")
    (site / "pagefind").mkdir()
    (site / "pagefind" / "x.html").write_text("ignored: pagefind's own output")
    key = search_cache.inputs_key(site, ["--quiet"], "1.5.2", skip="pagefind")
    (site / "pagefind" / "x.html").write_text("changed")
    assert search_cache.inputs_key(site, ["--quiet"], "1.5.2", skip="pagefind") == key
    assert search_cache.inputs_key(site, ["--verbose"], "1.5.2", skip="pagefind") != key
    assert search_cache.inputs_key(site, ["--quiet"], "1.5.3", skip="pagefind") != key
    (site / "a" / "index.html").write_text("<p>two</p>")
    assert search_cache.inputs_key(site, ["--quiet"], "1.5.2", skip="pagefind") != key
