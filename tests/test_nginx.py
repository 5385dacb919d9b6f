"""Issue 7, point 6: nginx serves the finalized site with the generated
configuration: the policy's headers, precompressed responses, the 404 page of
each language, and a browser visit (pages and pagefind search) without a
Content-Security-Policy violation."""
from __future__ import annotations

import http.client
import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser import VisitRecorder
from sitebuild import ROOT, run_mkdocs

sys.path.insert(0, str(ROOT))
from publish import policy  # noqa: E402
from publish.finalize import finalize  # noqa: E402
from publish.render_headers import BROTLI_MODULE, render_nginx_server  # noqa: E402

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_conf(site: Path, tmp: Path, port: int) -> str:
    temp = "\n".join(f"    {name}_temp_path {tmp / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    load = f"load_module {BROTLI_MODULE};\n" if BROTLI_MODULE.exists() else ""
    server = render_nginx_server(site, listen=f"127.0.0.1:{port}")
    return (f"{load}daemon off;\nmaster_process off;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'} warn;\n"
            f"events {{ worker_connections 64; }}\nhttp {{\n    access_log off;\n{temp}\n{server}\n}}\n")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The real site, built, finalized and served by nginx on 127.0.0.1."""
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: run `make system-deps`")
    tmp = tmp_path_factory.mktemp("nginx")
    build = run_mkdocs(ROOT / "mkdocs.yml", tmp / "site")
    assert build.ok, build.output
    manifest = finalize(build.site)
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(nginx_conf(build.site, tmp, port), encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(tmp), "-e", str(tmp / "error.log")],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp), "-e", str(tmp / "error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"nginx did not start: {proc.stderr.read().decode()}")
            time.sleep(0.05)
    try:
        yield build.site, manifest, port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def get(port: int, path: str, **headers):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def assert_security_headers(response, csp: str) -> None:
    assert response.getheader("Content-Security-Policy") == csp
    assert response.getheader("Strict-Transport-Security") == policy.HSTS
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == policy.REFERRER_POLICY
    assert response.getheader("Permissions-Policy") == policy.PERMISSIONS_POLICY
    assert response.getheader("X-Frame-Options") == "DENY"


def test_pages_have_charset_cache_policy_and_security_headers(served):
    site, manifest, port = served
    for path in ("/", "/zh/", "/about/"):
        response, body = get(port, path)
        assert response.status == 200, path
        assert response.getheader("Content-Type") == "text/html; charset=utf-8"
        assert response.getheader("Cache-Control") == policy.CACHE["html"]
        assert_security_headers(response, manifest["csp"])
        assert "'unsafe-inline'" not in manifest["csp"].split("script-src", 1)[1].split(";")[0]


def test_every_file_is_served_with_the_manifest_headers(served):
    site, manifest, port = served
    for path, entry in sorted(manifest["files"].items()):
        if entry["kind"] == "meta" or "content_encoding" in entry:
            continue
        url = "/" + path[: -len("index.html")] if path.endswith("index.html") else "/" + path
        response, body = get(port, url)
        assert response.status == 200, url
        assert body == (site / path).read_bytes(), url
        assert response.getheader("Content-Type") == entry["content_type"], url
        assert response.getheader("Cache-Control") == entry["cache_control"], url
        csp = policy.SVG_CSP if path.endswith(".svg") else manifest["csp"]
        assert_security_headers(response, csp)


def test_precompressed_files_are_served_to_clients_that_accept_them(served):
    site, manifest, port = served
    asset = next(p for p in manifest["files"] if p.startswith("assets/stylesheets/main.") and p.endswith(".css"))
    for path, file in (("/", "index.html"), ("/zh/", "zh/index.html"), (f"/{asset}", asset)):
        response, body = get(port, path, **{"Accept-Encoding": "br"})
        if BROTLI_MODULE.exists():
            assert response.getheader("Content-Encoding") == "br" and body == (site / f"{file}.br").read_bytes()
        response, body = get(port, path, **{"Accept-Encoding": "gzip"})
        assert response.getheader("Content-Encoding") == "gzip" and body == (site / f"{file}.gz").read_bytes()
        assert "Accept-Encoding" in (response.getheader("Vary") or "")
        response, body = get(port, path)
        assert response.getheader("Content-Encoding") is None and body == (site / file).read_bytes()


def test_each_language_has_its_own_404(served):
    site, manifest, port = served
    for path, lang, page in (("/no-such-page/", "en", "404.html"), ("/zh/no-such-page/", "zh-Hans", "zh/404.html"),
                             ("/assets/missing.css", "en", "404.html")):
        response, body = get(port, path)
        assert response.status == 404, path
        assert body == (site / page).read_bytes(), path
        assert BeautifulSoup(body, "lxml").html["lang"] == lang
        assert response.getheader("Content-Type") == "text/html; charset=utf-8"
        assert_security_headers(response, manifest["csp"])


def test_publishing_metadata_is_not_served(served):
    _, _, port = served
    for path in ("/_publish/manifest.json", "/_publish/nginx.conf", "/_headers"):
        response, _ = get(port, path)
        assert response.status == 404, path


def test_folder_without_slash_redirects_on_the_same_host(served):
    _, _, port = served
    response, _ = get(port, "/about")
    assert response.status == 301 and response.getheader("Location") == "/about/"


CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""


@pytest.mark.browser
def test_a_visitor_sees_no_csp_violation_and_search_works(served, chromium):
    site, manifest, port = served
    base = f"http://127.0.0.1:{port}/"
    context = chromium.new_context()
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    recorder = VisitRecorder(page, base)
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    try:
        for path in ("", "zh/", "about/", "zh/about/"):
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__csp") == [], path
            # Material's own script ran (it needs its inline scripts' hashes).
            assert page.evaluate("typeof __md_get") == "function", path
        for path, query, lang in (("search/", "Zhoushan", "/"), ("zh/search/", "舟山", "/zh/")):
            page.goto(f"{base}{path}?q={query}")
            page.locator(".zs-search-result-link").first.wait_for(timeout=20000)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__csp") == [], path
        assert not [m for m in messages if "Content Security Policy" in m or "Refused" in m]
        assert recorder.problems() == []
    finally:
        context.close()
