"""Issue 6, point 2: every translation records the version of its source
(translation_of: {source, hash}); the check and the site report each page as
translated, stale or missing; either language may be the source; a stale
translation shows readers a notice; the translation-status page shows coverage
by section in both languages; the refresh command records the new version."""
from __future__ import annotations

import subprocess
import sys

import pytest

from sitebuild import ROOT, build_fixture, page
from sitekit.translation import (TranslationError, coverage, read_record, set_record, source_hash,
                                 statuses, translatable_text)

LANGS = ("en", "zh")


def pair(en_body: str, zh_body: str, source: str = "en", matches: bool = True, title=("Page", "页面")):
    """Two page texts where the non-source one records the source's hash (or an old one)."""
    en, zh = page(title[0], en_body), page(title[1], zh_body)
    if source == "en":
        digest = source_hash(en) if matches else source_hash(page(title[0], "An older text.\n"))
        return en, set_record(zh, "en", digest)
    digest = source_hash(zh) if matches else source_hash(page(title[1], "旧的正文。\n"))
    return set_record(en, "zh", digest), zh


# ---------------------------------------------------------------- pure functions

def test_the_hash_ignores_line_endings_and_trailing_spaces_but_not_words():
    text = page("Title", "One line.\nTwo lines.\n")
    assert source_hash(text) == source_hash(text.replace("\n", "\r\n"))
    assert source_hash(text) == source_hash(text.replace("One line.", "One line.   "))
    assert source_hash(text) != source_hash(text.replace("One line.", "One sentence."))
    assert source_hash(text) != source_hash(text.replace("title: Title", "title: Other title"))
    assert len(source_hash(text)) == 12
    assert "One line." in translatable_text(text)


def test_set_record_adds_then_replaces_and_changes_nothing_else():
    text = page("页面", "正文。\n")
    once = set_record(text, "en", "0123456789ab")
    assert once.count("translation_of:") == 1
    assert once.replace("translation_of: {source: en, hash: 0123456789ab}\n", "") == text
    twice = set_record(once, "en", "ba9876543210")
    assert twice == once.replace("0123456789ab", "ba9876543210")
    crlf = set_record(text.replace("\n", "\r\n"), "en", "0123456789ab")
    assert "\r\n" in crlf and "\n" not in crlf.replace("\r\n", "")


def test_statuses_in_both_directions():
    en_a, zh_a = pair("Alpha.\n", "甲。\n")
    en_b, zh_b = pair("Beta.\n", "乙。\n", matches=False)
    en_c, zh_c = pair("Gamma.\n", "丙。\n", source="zh")
    en_d, zh_d = pair("Delta.\n", "丁。\n", source="zh", matches=False)
    texts = {"a.md": en_a, "a.zh.md": zh_a, "s/b.md": en_b, "s/b.zh.md": zh_b, "s/c.md": en_c, "s/c.zh.md": zh_c,
             "d.md": en_d, "d.zh.md": zh_d, "only-en.md": page("E", "x\n"), "s/only-zh.zh.md": page("中", "x\n"),
             "both-unrecorded.md": page("U", "x\n"), "both-unrecorded.zh.md": page("U", "x\n")}
    result = {s.base: (s.source, s.states) for s in statuses(texts, LANGS, "en")}
    assert result["a.md"] == ("en", {"en": "source", "zh": "translated"})
    assert result["s/b.md"] == ("en", {"en": "source", "zh": "stale"})
    assert result["s/c.md"] == ("zh", {"en": "translated", "zh": "source"})
    assert result["d.md"] == ("zh", {"en": "stale", "zh": "source"})
    assert result["only-en.md"] == ("en", {"en": "source", "zh": "missing"})
    assert result["s/only-zh.md"] == ("zh", {"en": "missing", "zh": "source"})
    assert result["both-unrecorded.md"] == ("en", {"en": "source", "zh": "unrecorded"})
    rows = {r["section"]: r for r in coverage(statuses(texts, LANGS, "en"), LANGS)}
    assert (rows["s"]["pages"], rows["s"]["translated"], rows["s"]["stale"], rows["s"]["missing"]) == (3, 1, 1, 1)
    assert rows[""]["pages"] == 4 and rows[""]["percent"] == 25


def test_a_malformed_record_names_file_and_line():
    text = "---\ntitle: T\ndescription: D\ntranslation_of: {source: fr, hash: 0123456789ab}\n---\n"
    with pytest.raises(TranslationError) as err:
        read_record({"translation_of": {"source": "fr", "hash": "0123456789ab"}}, text, "docs/x.zh.md", LANGS, "zh")
    assert str(err.value).startswith("docs/x.zh.md:4:")


# ---------------------------------------------------------------- the refresh command

def test_the_refresh_command_records_the_new_version(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    en, zh = pair("The original.\n", "原文。\n", matches=False)
    (docs / "p.md").write_text(en, encoding="utf-8")
    (docs / "p.zh.md").write_text(zh, encoding="utf-8")
    (docs / "q.md").write_text(page("Q", "Only English.\n"), encoding="utf-8")
    (docs / "q.zh.md").write_text(page("Q", "只有中文。\n"), encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "tools.translation", "--docs", str(docs), *args],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)

    assert "zh: stale" in run("status").stdout
    out = run("refresh", str(docs / "p.zh.md"))
    assert out.returncode == 0 and "docs/p.zh.md: recorded" in out.stdout
    assert (docs / "p.zh.md").read_text(encoding="utf-8") == set_record(zh, "en", source_hash(en))
    assert run("refresh", "p.md").stdout.startswith("Nothing to change")
    # The other direction: the Chinese page is declared the source; the record moves to the English file.
    out = run("refresh", "docs/q.md", "--source", "zh")
    assert "docs/q.md: recorded" in out.stdout
    status = run("status").stdout
    assert "docs/p.md" in status and "zh: translated" in status.split("docs/p.md")[1].split("\n")[0]
    assert "en: translated" in status.split("docs/q.md")[1].split("\n")[0]


def test_every_real_page_pair_records_its_version():
    texts = {p.relative_to(ROOT / "docs").as_posix(): p.read_text(encoding="utf-8")
             for p in (ROOT / "docs").rglob("*.md")
             if p.relative_to(ROOT / "docs").parts[0] not in ("data", "templates")}
    unrecorded = [s.base for s in statuses(texts, LANGS, "en") if "unrecorded" in s.states.values()]
    assert unrecorded == [], "run `make translation-refresh PAGE=...` for: " + ", ".join(unrecorded)


# ---------------------------------------------------------------- the site

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    en_ok, zh_ok = pair("# Current\n\nUp to date.\n", "# 最新\n\n最新。\n", title=("Current", "最新"))
    en_old, zh_old = pair("# Changed\n\nChanged since.\n", "# 已变\n\n旧译文。\n", matches=False, title=("Changed", "已变"))
    en_zh, zh_src = pair("# From Chinese\n\nOld English.\n", "# 源自中文\n\n中文原文已改。\n", source="zh",
                         matches=False, title=("From Chinese", "源自中文"))
    pages = {
        "index.md": page("Home", "# Home\n"), "index.zh.md": page("首页", "# 首页\n"),
        "guide/index.md": en_ok, "guide/index.zh.md": zh_ok,
        "guide/changed.md": en_old, "guide/changed.zh.md": zh_old,
        "guide/english-only.md": page("English only", "# English only\n"),
        "news/from-zh.md": en_zh, "news/from-zh.zh.md": zh_src,
        "status.md": page("Translation status", "# Translation status\n\n<!-- translation-status -->\n"),
        "status.zh.md": page("翻译进度", "# 翻译进度\n\n<!-- translation-status -->\n"),
    }
    build = build_fixture(tmp_path_factory.mktemp("translation"), pages)
    assert build.ok, build.output
    return build


def notice(build, rel):
    return build.html(rel).select_one("article [data-zs-translation-stale]")


def test_a_stale_translation_shows_readers_a_notice(site):
    html = site.html("zh/guide/changed/")
    box = html.select_one("article [data-zs-translation-stale]")
    assert box is not None and "原文已更新" in box.get_text()
    link = box.select_one("a")
    assert link["href"] == "../../../guide/changed/" and link["hreflang"] == "en"
    # under the title, before the text
    assert html.select_one("article h1").find_next_sibling() is box


def test_either_language_may_be_the_source(site):
    box = notice(site, "news/from-zh/")
    assert box is not None and "The original has changed" in box.get_text()
    assert box.select_one("a")["href"] == "../../zh/news/from-zh/"
    assert notice(site, "zh/news/from-zh/") is None  # the source itself never shows it


def test_current_translations_and_fallbacks_show_no_notice(site):
    for rel in ("guide/", "zh/guide/", "guide/changed/", "zh/guide/english-only/"):
        assert notice(site, rel) is None, rel


def test_the_status_page_counts_by_section_in_both_languages(site):
    for rel, general in (("status/", "Home and site-wide pages"), ("zh/status/", "首页及全站页面")):
        table = site.html(rel).select_one("[data-zs-translation-status]")
        rows = {tr["data-section"]: {td["data-count"]: td.get_text() for td in tr.select("td")}
                for tr in table.select("tbody tr")}
        assert rows["guide"] == {"pages": "3", "translated": "1", "stale": "1", "missing": "1",
                                 "unrecorded": "0", "percent": "33%"}
        assert rows["news"]["stale"] == "1"
        assert table.select_one("tr[data-section='-'] th").get_text() == general
        todo = {(li["data-state"], li["data-lang"]) for li in table.select(".zs-translation-todo li")}
        assert {("stale", "zh"), ("missing", "zh"), ("stale", "en")} <= todo


def test_the_real_status_page_covers_every_section_in_both_languages(real_site):
    sections = {p.name for p in (ROOT / "docs").iterdir() if p.is_dir() and p.name not in ("data", "templates")
                and any(p.rglob("*.md"))}
    for rel in ("translation-status/", "zh/translation-status/"):
        table = real_site.html(rel).select_one("article [data-zs-translation-status]")
        rows = {tr["data-section"] for tr in table.select("tbody tr")}
        assert sections | {"-"} <= rows, rows
