"""Issue 7, points 2 and 3: CDN-ready output after the build (content-hashed
asset names, .br/.gz siblings, a manifest of every file) and one header
policy rendered as `_headers` and as nginx directives."""
from __future__ import annotations

import base64
import brotli
import gzip
import hashlib
import json
import posixpath
import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild import ROOT, build_fixture, page

sys.path.insert(0, str(ROOT))
from publish import policy, refs  # noqa: E402
from publish.finalize import FinalizeError, finalize, hashed_name  # noqa: E402
from publish.render_headers import cache_rules  # noqa: E402

# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
FONT = bytes(range(256)) * 4
EXTRA_CSS = "@font-face { font-family: X; src: url(\"../fonts/x.woff2\") format(\"woff2\"); }\n" + "/* padding */\n" * 40


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("publish")
    build = build_fixture(tmp, {
        "index.md": page("Home", "Welcome to the [about page](about.md).\n"),
        "index.zh.md": page("首页", "欢迎。\n"),
        "about.md": page("About", """
            The [brochure](files/brochure.pdf).

            | Left | Right |
            |:-----|------:|
            | a    | b     |
        """),
        "about.zh.md": page("关于", "关于我们。\n"),
        "files/brochure.pdf": b"%PDF-1.4 test",
        "fonts/x.woff2": FONT,
        "css/extra.css": EXTRA_CSS,
    }, config={"extra_css": ["assets/site.css", "css/extra.css"]})
    assert build.ok, build.output
    assert (build.site / policy.BUILD_STAMP).is_file()
    pristine = tmp / "pristine"
    shutil.copytree(build.site, pristine)
    manifest = finalize(build.site)
    return build, manifest, pristine


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "lxml")


def test_assets_get_content_hashed_names_and_pages_point_at_them(built):
    build, manifest, pristine = built
    site = build.site
    renamed = manifest["renamed"]
    assert "files/brochure.pdf" in renamed and "fonts/x.woff2" in renamed and "css/extra.css" in renamed and "assets/site.css" in renamed
    for old, new in renamed.items():
        assert not (site / old).exists() and (site / new).is_file()
        digest = hashlib.sha256((site / new).read_bytes()).hexdigest()
        assert new.endswith(hashed_name(Path(old).name, digest)), (old, new)
    # Everything that is not HTML, a sitemap or the search index has a content-hashed name.
    assets = [p for p in manifest["files"] if policy.kind_of(p) == "asset" and not policy.encoding_of(p)]
    for path in assets:
        digest = manifest["files"][path]["sha256"]
        assert any(len(part) >= 8 and digest.startswith(part) for part in Path(path).name.split(".")[:-1]), path
    assert not [p for p in renamed if p.startswith("pagefind/") or p.endswith((".html", ".xml"))]
    # Every local reference of every page resolves to a file.
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if rel.startswith("pagefind/"):
            continue
        for tag in soup(site, rel).select("link[rel~=stylesheet], link[rel~=icon], script[src], img[src]"):
            url = tag.get("href") or tag.get("src")
            target = refs.resolve(url or "", posixpath.dirname(rel), refs.Site())
            if target and not url.startswith(("http", "data:")):
                assert (site / target).is_file() or (site / target / "index.html").is_file(), (rel, url)
    link = soup(site, "about/index.html").select_one("article a[href$='.pdf']")
    assert link["href"] == "../" + renamed["files/brochure.pdf"]


def test_a_stylesheet_refers_to_the_hashed_font(built):
    build, manifest, _ = built
    css = (build.site / manifest["renamed"]["css/extra.css"]).read_text(encoding="utf-8")
    assert Path(manifest["renamed"]["fonts/x.woff2"]).name in css and "x.woff2\"" not in css


def test_names_that_carry_their_own_hash_are_kept():
    digest = hashlib.sha256(b"x").hexdigest()
    assert hashed_name(f"main.{digest[:8]}.min.css", digest) == f"main.{digest[:8]}.min.css"
    assert hashed_name("main.0000aaaa.min.css", digest) == f"main.0000aaaa.min.{digest[:10]}.css"


def test_only_references_changed_outside_urls(built):
    """Finalize edits URLs only: the rest of every page is byte for byte the build's."""
    build, manifest, pristine = built
    text = (build.site / "about/index.html").read_text(encoding="utf-8")
    for old, new in manifest["renamed"].items():
        text = text.replace(Path(new).name, Path(old).name)
    assert text == (pristine / "about/index.html").read_text(encoding="utf-8")


def test_precompressed_siblings_decode_to_the_file(built):
    build, manifest, _ = built
    site = build.site
    siblings = [p for p in manifest["files"] if policy.encoding_of(p)]
    assert "index.html.br" in siblings and "index.html.gz" in siblings
    for path in siblings:
        original = (site / path[:-3]).read_bytes()
        data = (site / path).read_bytes()
        decoded = brotli.decompress(data) if path.endswith(".br") else gzip.decompress(data)
        assert decoded == original and len(data) < len(original)
        assert manifest["files"][path]["content_encoding"] == ("br" if path.endswith(".br") else "gzip")
    # Binary and already-compressed files get none.
    assert not [p for p in siblings if p.endswith((".woff2.br", ".woff2.gz", ".pdf.gz", ".pf_fragment.gz"))]


def test_manifest_lists_every_file_with_hash_size_type_and_cache(built):
    build, manifest, _ = built
    site = build.site
    on_disk = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert sorted([*manifest["files"], policy.MANIFEST]) == on_disk
    assert policy.BUILD_STAMP not in manifest["files"]
    for path, entry in manifest["files"].items():
        data = (site / path).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["size"] == len(data)
    files = manifest["files"]
    assert files["index.html"]["content_type"] == "text/html; charset=utf-8"
    assert files["index.html"]["cache_control"] == "public, max-age=0, must-revalidate"
    assert files[manifest["renamed"]["fonts/x.woff2"]]["cache_control"] == "public, max-age=31536000, immutable"
    assert files[manifest["renamed"]["fonts/x.woff2"]]["content_type"] == "font/woff2"
    assert files["sitemap.xml"]["cache_control"] == policy.CACHE["index"]
    assert files["pagefind/pagefind-entry.json"]["cache_control"] == policy.CACHE["search"]
    assert manifest["build"]["complete"] is True and manifest["build"]["strict"] is True


def _inline_scripts(site: Path) -> set[str]:
    found = set()
    for html in site.rglob("*.html"):
        if "pagefind" in html.parts:
            continue
        for script in BeautifulSoup(html.read_text(encoding="utf-8"), "lxml").find_all("script"):
            if not script.get("src") and script.get("type") in (None, "text/javascript"):
                found.add(script.string or "")
    return found


def _csp_of_headers_file(text: str) -> dict[str, dict[str, str]]:
    rules, current = {}, None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            current = rules.setdefault(line.strip(), {})
        else:
            name, _, value = line.strip().partition(": ")
            current[name] = value
    return rules


def test_headers_file_has_the_security_policy_with_hashes_of_the_theme_scripts(built):
    build, manifest, _ = built
    rules = _csp_of_headers_file((build.site / "_headers").read_text(encoding="utf-8"))
    everything = rules["/*"]
    csp = dict(d.strip().split(" ", 1) for d in everything["Content-Security-Policy"].split(";"))
    scripts = csp["script-src"].split()
    assert "'unsafe-inline'" not in scripts and "'self'" in scripts and "'wasm-unsafe-eval'" in scripts
    expected = {policy.csp_hash(s) for s in _inline_scripts(build.site)}
    assert expected and set(s for s in scripts if s.startswith("'sha256-")) == expected
    assert csp["frame-ancestors"] == "'none'" and csp["default-src"] == "'self'"
    assert everything["Strict-Transport-Security"].startswith("max-age=")
    assert everything["X-Content-Type-Options"] == "nosniff"
    assert everything["Referrer-Policy"] and everything["Permissions-Policy"]
    assert "Cache-Control" not in everything  # would be joined with the per-kind rules
    assert rules["/assets/*"]["Cache-Control"] == policy.CACHE["asset"]
    assert rules["/pagefind/*"]["Cache-Control"] == policy.CACHE["search"]
    assert "/sitemap.xml" not in rules            # same policy as pages: no rule of its own
    assert len(rules) < 100                         # Cloudflare Pages reads at most 100
    svg = [p for p in manifest["files"] if p.endswith(".svg")]
    assert svg and all("sandbox" in rules[f"/{p}"]["Content-Security-Policy"] for p in svg)


def test_cache_rules_never_overlap():
    files = {
        "index.html": {"kind": "html", "cache_control": policy.CACHE["html"], "content_type": "text/html"},
        "feed.xml": {"kind": "index", "cache_control": policy.CACHE["html"], "content_type": "application/xml"},
        "a/x.1.css": {"kind": "asset", "cache_control": policy.CACHE["asset"], "content_type": "text/css"},
        "a/b/y.2.js": {"kind": "asset", "cache_control": policy.CACHE["asset"], "content_type": "text/javascript"},
        "img/p.3.png": {"kind": "asset", "cache_control": policy.CACHE["asset"], "content_type": "image/png"},
        "img/index.html": {"kind": "html", "cache_control": policy.CACHE["html"], "content_type": "text/html"},
        "robots.txt": {"kind": "fixed", "cache_control": policy.CACHE["fixed"], "content_type": "text/plain"},
    }
    rules = cache_rules(files)
    assert [(r["path"], r["folder"]) for r in rules] == [
        ("/a/", True), ("/img/p.3.png", False), ("/robots.txt", False)]


def test_nginx_conf_comes_from_the_same_policy(built):
    build, manifest, _ = built
    conf = (build.site / policy.NGINX_CONF).read_text(encoding="utf-8")
    assert manifest["csp"] in conf and policy.CACHE["asset"] in conf and policy.SVG_CSP in conf
    assert "location ^~ /assets/" in conf and "error_page 404 /zh/404.html;" in conf


def _stamped_site(tmp_path: Path, html: str) -> Path:
    site = tmp_path / "site"
    (site / "_publish").mkdir(parents=True)
    (site / "_publish/build.json").write_text(json.dumps({"complete": True, "strict": True, "site_url": ""}))
    (site / "index.html").write_text(html, encoding="utf-8")
    return site


def test_refuses_a_site_without_the_strict_build_stamp(tmp_path):
    site = _stamped_site(tmp_path, "<!doctype html><title>x</title>")
    (site / "_publish/build.json").unlink()
    with pytest.raises(FinalizeError, match="complete strict build"):
        finalize(site)
    assert not (site / policy.MANIFEST).exists()


def test_refuses_to_finalize_twice(tmp_path):
    site = _stamped_site(tmp_path, "<!doctype html><title>x</title>")
    finalize(site)
    with pytest.raises(FinalizeError, match="already finalized"):
        finalize(site)


@pytest.mark.parametrize("html, message", [
    ("<script>alert(1)</script>", "not the theme's own"),
    ('<a href="#" onclick="go()">x</a>', "event handler"),
])
def test_refuses_scripts_the_csp_would_block(tmp_path, html, message):
    site = _stamped_site(tmp_path, f"<!doctype html><title>x</title>{html}")
    with pytest.raises(FinalizeError, match=message):
        finalize(site)


def test_theme_script_patterns_match_rendered_scripts_only():
    patterns = refs.theme_script_patterns(['<script>__md_scope=new URL("{{ base_url }}",location)</script>'])
    assert any(p.match('__md_scope=new URL("../..",location)') for p in patterns)
    assert not any(p.match('__md_scope=new URL("..",location);alert(1)') for p in patterns)


def test_resolve_handles_relative_root_and_absolute_urls():
    site = refs.Site("https://example.org/english/")
    assert refs.resolve("../assets/a.css?v=1#x", "about", site) == "assets/a.css"
    assert refs.resolve("/english/assets/a.css", "zh/about", site) == "assets/a.css"
    assert refs.resolve("https://example.org/english/img/p.png", "", site) == "img/p.png"
    assert refs.resolve("https://other.example/img/p.png", "", site) is None
    assert refs.resolve("data:image/png;base64,xx", "", site) is None
    assert refs.resolve("../../outside", "a", site) is None


def test_pagefind_entry_languages_are_sorted(tmp_path):
    """pagefind writes the languages of its entry file in random order."""
    site = _stamped_site(tmp_path, "<!doctype html><title>x</title>")
    (site / "pagefind").mkdir()
    (site / "pagefind/pagefind-entry.json").write_text(
        '{"version":"1.5.2","languages":{"zh-hans":{"hash":"z","page_count":1},"en":{"hash":"e","page_count":1}}}')
    finalize(site)
    assert (site / "pagefind/pagefind-entry.json").read_text() == (
        '{"languages":{"en":{"hash":"e","page_count":1},"zh-hans":{"hash":"z","page_count":1}},"version":"1.5.2"}')
