"""Government-site footer on every page and a 404 page per language (issue 2, points 4 and 7)."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from sitebuild import build_fixture, page

GOV = {
    "owner": {"en": "Test Office", "zh": "测试办公室"},
    "contact": "office@example.org",
    "icp_number": "浙ICP备00000000号",
    "psb_number": "浙公网安备 00000000000000号",
    "psb_url": "https://beian.mps.gov.cn/#/query/webSearch?code=00000000000000",
    "site_code": "0000000000",
    "report_url": "https://example.org/report",
}
PAGES = {
    "index.md": page("Home", "Hello."),
    "index.zh.md": page("首页", "你好。"),
    "news.md": page("News", "News."),
    "news.zh.md": page("新闻", "新闻。"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    build = build_fixture(tmp_path_factory.mktemp("footer"), PAGES, config={"extra": {"government": GOV}})
    assert build.ok, build.output
    return build


def footer(soup: BeautifulSoup) -> dict:
    box = soup.select_one("footer [data-zs-footer]")
    assert box is not None
    return {li["data-field"]: li for li in box.select("li[data-field]")}


def test_footer_on_every_page_with_every_field(site):
    pages = site.pages()
    assert {p.relative_to(site.site).as_posix() for p in pages} >= {"404.html", "zh/404.html", "index.html", "zh/index.html"}
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        fields = footer(soup)
        assert set(fields) == {"owner", "contact", "icp", "psb", "site_code", "report"}, path
        assert fields["icp"].a["href"] == "https://beian.miit.gov.cn/"
        assert fields["icp"].a.get_text(strip=True) == GOV["icp_number"]
        assert fields["psb"].a["href"] == GOV["psb_url"]
        assert GOV["site_code"] in fields["site_code"].get_text()
        assert fields["report"].a["href"] == GOV["report_url"]
        zh = path.relative_to(site.site).as_posix().startswith("zh/")
        assert ("测试办公室" if zh else "Test Office") in fields["owner"].get_text()
        assert ("网站纠错" if zh else "Report an error") == fields["report"].get_text(strip=True)


def test_404_page_per_language(site):
    en = site.html("404.html")
    zh = site.html("zh/404.html")
    assert en.html["lang"] == "en" and zh.html["lang"] == "zh-Hans"
    assert en.h1.get_text(strip=True) == "Page not found"
    assert zh.h1.get_text(strip=True) == "页面未找到"
    # A 404 is served at any depth: its links must be absolute paths.
    assert [a["href"] for a in zh.select("article a")] == ["/zh/", "/zh/search/"]
    assert [a["href"] for a in en.select("article a")] == ["/", "/search/"]
    for soup in (en, zh):
        assert all(l["href"].startswith("/") for l in soup.select('link[rel="stylesheet"]'))
        assert {a["hreflang"]: a["href"] for a in soup.select(".md-select__link")} == {"en": "/", "zh": "/zh/"}


def test_empty_footer_values_are_left_out_in_development(tmp_path):
    build = build_fixture(tmp_path, PAGES)
    assert build.ok, build.output
    fields = footer(build.html(""))
    assert set(fields) == {"owner"}  # mkdocs.yml ships the owner; the rest is empty


def test_production_build_fails_naming_each_missing_value(tmp_path):
    build = build_fixture(tmp_path, PAGES, env={"SITE_ENV": "production", "SITE_URL": "https://e.example.org/"})
    assert not build.ok
    for name in ("contact", "icp_number", "psb_number", "psb_url", "site_code", "report_url"):
        assert f"extra.government.{name}" in build.output
    assert "extra.government.owner" not in build.output
    assert not build.site.exists()


def test_production_build_needs_the_public_site_url(tmp_path):
    build = build_fixture(tmp_path, PAGES, config={"extra": {"government": GOV}}, env={"SITE_ENV": "production"})
    assert not build.ok and "set SITE_URL" in build.output


def test_production_build_passes_when_everything_is_filled(tmp_path):
    build = build_fixture(tmp_path, PAGES, config={"extra": {"government": GOV}},
                          env={"SITE_ENV": "production", "SITE_URL": "https://e.example.org/"})
    assert build.ok, build.output
    assert build.html("").select_one('link[rel="canonical"]')["href"] == "https://e.example.org/"
