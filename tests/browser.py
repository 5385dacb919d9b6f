"""Real servers and a real browser for tests: a static file server on
127.0.0.1 and Debian's Chromium driven through Playwright."""
from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm",
        ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
        ".html": "text/html; charset=utf-8", ".pagefind": "application/octet-stream",
        ".pf_meta": "application/octet-stream", ".pf_index": "application/octet-stream",
        ".pf_fragment": "application/octet-stream",
    }

    def log_message(self, *args):  # keep test output clean
        pass

    def send_error(self, code, message=None, explain=None):
        # Serve the site's own 404 page (per language) like the production servers do.
        if code == 404:
            root = Path(self.directory)
            lang_404 = root / self.path.lstrip("/").split("/", 1)[0] / "404.html"
            page = lang_404 if lang_404.is_file() else root / "404.html"
            if page.is_file():
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                return
        super().send_error(code, message, explain)


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on a free port of 127.0.0.1; yields the base URL."""
    handler = functools.partial(_Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class VisitRecorder:
    """Records console errors, failed requests and requests to other hosts of a
    Playwright page; requests to other hosts are blocked."""

    def __init__(self, page, base_url: str):
        self.base = base_url.rstrip("/")
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} ({r.status})"))
        page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base + "/") or url == self.base or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def problems(self) -> list[str]:
        return (
            [f"console: {m}" for m in self.console_errors]
            + [f"failed: {m}" for m in self.failed]
            + [f"other host: {m}" for m in self.foreign]
        )
