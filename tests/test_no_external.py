"""The built site makes no request to any other host (issue 2, point 6)."""
from __future__ import annotations

from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from external_urls import css_urls, foreign_requests, html_urls
from sitebuild import ROOT


def test_real_site_fetches_nothing_from_other_hosts(real_site):
    own = urlsplit("http://127.0.0.1:8000/").hostname
    assert foreign_requests(real_site.site, own) == []


def test_google_fonts_are_off_and_a_system_font_stack_is_set(real_site):
    soup = real_site.html("")
    assert not [l for l in soup.select("link[href]") if "fonts.g" in l["href"]]
    css = (real_site.site / "assets/site.css").read_text(encoding="utf-8")
    assert "PingFang SC" in css and "Microsoft YaHei" in css and "system-ui" in css


def test_conditions_of_the_js_allowlist_hold(real_site):
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "repo_url" not in config  # Material asks api.github.com only for a repo_url
    for path in real_site.pages():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        assert not soup.select(".mermaid"), path  # Material loads mermaid from unpkg for these
    bundle = next((real_site.site / "assets/javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert "resize-observer-polyfill" not in bundle  # removed by hooks/theme_patch.py


def test_the_scanner_catches_each_kind_of_foreign_url(tmp_path):
    # A page that pulls from a CDN in every way the scanner knows must be caught.
    body = """
<img src="https://cdn.example.com/a.png" alt="">
<picture><source srcset="https://cdn.example.com/b.webp 1x, /c.webp 2x"></picture>
<div style="background: url('https://cdn.example.com/d.png')"></div>
<link rel="stylesheet" href="//cdn.example.com/e.css">
"""
    assert html_urls(body) == [
        "https://cdn.example.com/a.png", "https://cdn.example.com/b.webp", "/c.webp",
        "//cdn.example.com/e.css", "https://cdn.example.com/d.png",
    ]
    assert css_urls("@import 'https://fonts.example.com/x.css'; a { background: url(https://x.example.com/i.png) }") == [
        "https://fonts.example.com/x.css", "https://x.example.com/i.png",
    ]
    # The hooks refuse such pages at build time (tests of images and sanitising), so
    # the scanner is checked on hand-made output files.
    (tmp_path / "index.html").write_text(f"<!doctype html><html><head></head><body>{body}</body></html>")
    (tmp_path / "a.css").write_text("a { background: url(//cdn.example.com/f.png) }")
    (tmp_path / "a.js").write_text('load("https://cdn.example.com/g.js"); ns = "http://www.w3.org/2000/svg";')
    found = foreign_requests(tmp_path, "127.0.0.1")
    assert found == [
        "a.css: //cdn.example.com/f.png",
        "a.js: //cdn.example.com",
        "index.html: https://cdn.example.com/a.png",
        "index.html: https://cdn.example.com/b.webp",
        "index.html: //cdn.example.com/e.css",
        "index.html: https://cdn.example.com/d.png",
    ]


def test_a_plain_link_to_another_site_is_not_a_request(tmp_path):
    assert html_urls('<a href="https://beian.miit.gov.cn/">ICP</a>') == []
