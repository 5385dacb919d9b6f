"""The build fails loudly instead of publishing something wrong (issue 2, point 9),
and Chinese headings get stable, readable anchors."""
from __future__ import annotations

import pytest

from sitebuild import build_fixture, page

BASE = {"index.md": page("Home", "Hello."), "index.zh.md": page("首页", "你好。")}


@pytest.mark.parametrize(
    "body, message",
    [
        ("See [the missing page](missing.md).", "missing.md"),
        ("See [a heading](#no-such-heading).", "no-such-heading"),
        ("See [an absolute link](/about/).", "/about/"),
    ],
    ids=["broken-link", "broken-anchor", "absolute-link"],
)
def test_bad_links_fail_the_build(tmp_path, body, message):
    build = build_fixture(tmp_path, {**BASE, "bad.md": page("Bad", body), "bad.zh.md": page("坏", "好。")})
    assert not build.ok
    assert message in build.output and "bad.md" in build.output
    assert not build.site.exists(), "a failed build must not leave a publishable site"


def test_a_page_left_out_of_the_navigation_fails_the_build(tmp_path):
    pages = {**BASE, "orphan.md": page("Orphan", "Nobody links here."), "orphan.zh.md": page("孤儿", "无。")}
    build = build_fixture(tmp_path, pages, config={"nav": [{"Home": "index.md"}]})
    assert not build.ok and "orphan.md" in build.output


def test_front_matter_with_a_yaml_error_fails_naming_file_and_line(tmp_path):
    broken = "---\ntitle: Broken\ndescription: Zhoushan: a city\n---\n\nText.\n"
    build = build_fixture(tmp_path, {**BASE, "broken.md": broken})
    assert not build.ok
    assert "docs/broken.md:3:" in build.output and "not valid YAML" in build.output


def test_front_matter_with_a_yaml_tag_fails(tmp_path):
    tagged = "---\ntitle: !!python/object/apply:os.system ['true']\n---\n\nText.\n"
    build = build_fixture(tmp_path, {**BASE, "tagged.md": tagged})
    assert not build.ok and "docs/tagged.md:2:" in build.output and "not allowed" in build.output


def test_unclosed_front_matter_fails(tmp_path):
    build = build_fixture(tmp_path, {**BASE, "open.md": "---\ntitle: Open\n\nText.\n"})
    assert not build.ok and "docs/open.md:1:" in build.output and "closing" in build.output


ZH_PAGE = """
# 舟山概况

## 地理位置

文字。

## 群岛新区

文字。
"""


def anchors(build, rel):
    return [h["id"] for h in build.html(rel).select("article h2[id]")]


def test_chinese_headings_get_readable_anchors_that_stay_put(tmp_path):
    before = build_fixture(tmp_path / "a", {**BASE, "p.md": page("P", "# P\n\n## Location\n\nText."), "p.zh.md": page("舟山", ZH_PAGE)})
    assert before.ok, before.output
    assert anchors(before, "zh/p/") == ["地理位置", "群岛新区"]
    inserted = ZH_PAGE.replace("## 地理位置", "## 新插入的标题\n\n文字。\n\n## 地理位置")
    after = build_fixture(tmp_path / "b", {**BASE, "p.md": page("P", "# P\n\n## Location\n\nText."), "p.zh.md": page("舟山", inserted)})
    assert after.ok, after.output
    assert anchors(after, "zh/p/") == ["新插入的标题", "地理位置", "群岛新区"]


def test_links_to_chinese_anchors_are_checked(tmp_path):
    pages = {**BASE, "p.md": page("P", "## Location"), "p.zh.md": page("舟山", ZH_PAGE + "\n[回到地理位置](#地理位置)\n")}
    assert build_fixture(tmp_path / "ok", pages).ok
    pages["p.zh.md"] = page("舟山", ZH_PAGE + "\n[坏链接](#不存在的标题)\n")
    bad = build_fixture(tmp_path / "bad", pages)
    assert not bad.ok and "不存在的标题" in bad.output
