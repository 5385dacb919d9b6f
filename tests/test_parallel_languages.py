"""The other languages built in parallel processes (hooks/parallel_languages.py):
the site is byte-identical to building the languages one after the other, and
a language that fails fails the build the same way, leaving nothing behind."""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from sitebuild import ROOT, all_files, build_fixture, differing_files, page, run_mkdocs
from sitekit.parallel import merge_tree, remove_stale

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}
SERIAL = {**EPOCH, "ZS_PARALLEL_LANGUAGES": "0"}
FORKED = "'zh' built in a parallel process"


def leftovers(folder: Path) -> list[str]:
    """Per-language build folders (.site-zh-*) that should have been merged or removed."""
    return [p.name for p in folder.iterdir() if p.name.startswith(".") and "-zh-" in p.name]


def test_the_real_site_is_byte_identical_built_in_parallel(tmp_path):
    serial = run_mkdocs(ROOT / "mkdocs.yml", tmp_path / "serial", SERIAL, args=("build", "-v"))
    forked = run_mkdocs(ROOT / "mkdocs.yml", tmp_path / "forked", EPOCH, args=("build", "-v"))
    assert serial.ok, serial.output[-3000:]
    assert forked.ok, forked.output[-3000:]
    assert FORKED in forked.output and FORKED not in serial.output
    files = all_files(serial.site)
    assert len([f for f in files if f.parts[0] == "zh" and f.name == "index.html"]) > 30
    assert (serial.site / "_publish" / "build.json").is_file()  # a complete strict build
    assert differing_files(serial.site, forked.site) == []
    assert leftovers(tmp_path) == []


def test_every_speed_path_on_gives_the_site_of_every_one_off(tmp_path):
    """The plain path (languages one after the other, every Markdown page
    converted, every menu item and page template rendered, pagefind over the
    site itself) against every speed path, the second time with the caches
    certainly filled."""
    plain = run_mkdocs(ROOT / "mkdocs.yml", tmp_path / "plain",
                       {**SERIAL, "ZS_MARKDOWN_CACHE": "0", "ZS_NAV_CACHE": "0", "ZS_PAGE_CACHE": "0",
                        "ZS_SEARCH_LEAN": "0", "ZS_SEARCH_CACHE": "0"})
    assert plain.ok, plain.output[-3000:]
    for run in ("first", "second"):
        fast = run_mkdocs(ROOT / "mkdocs.yml", tmp_path / run, EPOCH, args=("build", "-v"))
        assert fast.ok, fast.output[-3000:]
        assert differing_files(plain.site, fast.site) == [], run
    assert "Markdown cache (zh): 0 pages reused" not in fast.output
    assert "Markdown cache (en): 0 pages reused" not in fast.output
    assert "Page cache (zh): 0 pages reused" not in fast.output
    assert "its index reused from .cache/search/" in fast.output


def load_hook(name: str):
    spec = importlib.util.spec_from_file_location(f"zs_test_{name}", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_mkdocs_serve_and_dirty_builds_run_in_one_process():
    # `mkdocs serve` runs a web server in threads: its builds do not fork.
    hook = load_hook("parallel_languages")
    hook.on_startup("serve", dirty=False)

    class Plugin:
        building, current_language, default_language, build_languages = False, None, "en", ["en", "zh"]
    assert not hook.enabled(None, Plugin())
    hook.on_startup("build", dirty=False)
    assert hook.enabled(None, Plugin())
    hook.on_startup("build", dirty=True)
    assert not hook.enabled(None, Plugin())


ZH_BROKEN = {
    "index.md": page("Home", "Welcome."),
    "index.zh.md": page("首页", "欢迎。"),
    "guide.md": page("Guide", "The guide."),
    # A Chinese page whose link leads nowhere: a strict-mode warning in the Chinese build only.
    "guide.zh.md": page("指南", "见[不存在的页面](missing.md)。"),
}


def test_a_warning_in_the_parallel_language_fails_the_build_as_before(tmp_path):
    serial = build_fixture(tmp_path / "serial", ZH_BROKEN, env=SERIAL)
    forked = build_fixture(tmp_path / "forked", ZH_BROKEN, env=EPOCH)
    for result in (serial, forked):
        assert not result.ok
        assert "guide.zh.md" in result.output and "missing.md" in result.output
        assert "Aborted with 1 warnings in strict mode!" in result.output
        assert not result.site.exists()  # no half-built site to publish
    assert leftovers(tmp_path / "forked") == []


def test_an_error_in_the_parallel_language_names_its_file(tmp_path):
    pages = {**ZH_BROKEN, "guide.zh.md": "---\ntitle: 指南\ndate: 2024-13-45\n---\n\n正文。\n"}
    serial = build_fixture(tmp_path / "serial", pages, env=SERIAL)
    forked = build_fixture(tmp_path / "forked", pages, env=EPOCH)
    for result in (serial, forked):
        assert not result.ok
        assert "guide.zh.md:3" in result.output, result.output[-2000:]
        assert not result.site.exists()
    assert leftovers(tmp_path / "forked") == []
    assert ".site-zh-" not in forked.output  # the editor is not shown a temporary folder


def test_an_error_in_the_first_language_stops_the_other_process(tmp_path):
    pages = {**ZH_BROKEN, "guide.zh.md": page("指南", "指南。"),
             "guide.md": "---\ntitle: Guide\ndate: 2024-13-45\n---\n\nText.\n"}
    forked = build_fixture(tmp_path / "forked", pages, env=EPOCH)
    assert not forked.ok and "guide.md:3" in forked.output
    assert not forked.site.exists()
    assert leftovers(tmp_path / "forked") == []


def test_merge_moves_every_file_and_the_later_language_wins(tmp_path):
    site, other = tmp_path / "site", tmp_path / ".site-zh-x"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "main.css").write_text("en copy")
    (site / "index.html").write_text("en")
    (other / "zh" / "about").mkdir(parents=True)
    (other / "assets").mkdir()
    (other / "assets" / "main.css").write_text("zh copy")
    (other / "zh" / "about" / "index.html").write_text("zh")
    assert merge_tree(other, site) == 2
    assert (site / "assets" / "main.css").read_text() == "zh copy"
    assert (site / "zh" / "about" / "index.html").read_text() == "zh"
    assert (site / "index.html").read_text() == "en"
    assert not other.exists()


def test_a_folder_left_by_an_interrupted_build_is_removed_after_an_hour(tmp_path):
    site = tmp_path / "site"
    old, recent = tmp_path / ".site-zh-old", tmp_path / ".site-zh-new"
    for folder in (old, recent):
        (folder / "zh").mkdir(parents=True)
    os.utime(old, (0, 0))
    assert remove_stale(site) == 1
    assert not old.exists() and recent.exists()
