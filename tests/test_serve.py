"""`make serve` (tools/serve.py): an edited page shows at once, rendered by the
last build's snapshots (hooks/dev_snapshots.py), and equals what the full
rebuild behind it makes; other changes wait for the full build; a broken page
keeps the last good one served; stopping the server leaves nothing behind."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild import ROOT, all_files, differing_files, make_fixture, page

TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """tools/serve.py on a free port, its temporary folders inside ``tmp``."""

    def __init__(self, config: Path, tmp: Path):
        self.docs = config.parent / "docs"
        self.tmp = tmp / "tmp"
        self.tmp.mkdir()
        self.port = free_port()
        self.log_path = tmp / "serve.log"
        env = {**os.environ, "TMPDIR": str(self.tmp), "NO_MKDOCS_2_WARNING": "true",
               "SOURCE_DATE_EPOCH": "1767225600", "PYTHONDONTWRITEBYTECODE": "1"}
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, str(ROOT / "tools" / "serve.py"), "-f", str(config), "-a", f"127.0.0.1:{self.port}"],
                cwd=config.parent, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.wait_until(lambda: self.get("/") is not None, "the server to answer")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_until(self, condition, what: str, timeout: float = TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert self.proc.poll() is None, f"the server stopped:\n{self.log()[-3000:]}"
            assert time.monotonic() < deadline, f"waited {timeout} s for {what}:\n{self.log()[-3000:]}"
            time.sleep(0.05)

    def wait_for_log(self, text: str, count: int = 1) -> None:
        self.wait_until(lambda: self.log().count(text) >= count, f"{count} x '{text}' in the log")

    def get(self, path: str) -> BeautifulSoup | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
                return BeautifulSoup(response.read().decode(), "lxml")
        except (urllib.error.URLError, OSError):
            return None

    def text(self, path: str) -> str:
        soup = self.get(path)
        return soup.find("article").get_text(" ", strip=True) if soup and soup.find("article") else ""

    def site(self, generation: int) -> Path:
        (work,) = self.tmp.glob("zs-serve-*")
        return work / f"build-{generation}" / "site"

    def snapshot_pids(self) -> list[int]:
        return [json.loads(p.read_text())["pid"] for p in self.tmp.glob("zs-serve-*/build-*/snapshots/*.json")]

    def stop(self) -> None:
        pids = self.snapshot_pids()
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)
        assert list(self.tmp.iterdir()) == [], "the server left its folders behind"
        for pid in pids:
            self.wait_until_gone(pid)

    @staticmethod
    def wait_until_gone(pid: int) -> None:
        deadline = time.monotonic() + 10
        while Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid):
            assert time.monotonic() < deadline, f"snapshot process {pid} still runs"
            time.sleep(0.1)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "zombie"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


PAGES = {
    "index.md": page("Home", "Welcome."),
    "index.zh.md": page("首页", "欢迎。"),
    "guide.md": page("Guide", "The guide."),
    "guide.zh.md": page("指南", "指南。"),
    "only.md": page("Only in English", "Not yet translated."),  # the Chinese site shows it as a fallback
}


@pytest.fixture
def fixture_server(tmp_path):
    server = Server(make_fixture(tmp_path / "project", PAGES), tmp_path)
    try:
        yield server
    finally:
        if server.proc.poll() is None:
            server.stop()


def test_an_edited_page_shows_at_once_and_equals_what_the_full_rebuild_makes(fixture_server):
    server = fixture_server
    docs = server.docs
    edit(docs / "only.md", "Not yet translated.", "Not yet translated. Edited-4711.")
    server.wait_until(lambda: "Edited-4711" in server.text("/only/"), "the edit on /only/")
    assert "Edited-4711" in server.text("/zh/only/")  # the Chinese fallback copy too
    assert "Rendered 2 page(s)" in server.log()  # by the snapshots of both languages, not a full build
    fast = {rel: (server.site(1) / rel).read_bytes() for rel in ("only/index.html", "zh/only/index.html")}
    server.wait_for_log("Full rebuild done")
    assert not server.site(1).exists()  # the served folder is now the full rebuild's
    for rel, content in fast.items():
        assert (server.site(2) / rel).read_bytes() == content, rel


def test_a_new_title_shows_on_the_page_at_once_and_in_every_menu_after_the_rebuild(fixture_server):
    server = fixture_server
    docs = server.docs

    def menu(path: str) -> list[str]:
        soup = server.get(path)
        return [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav--primary a.md-nav__link")] if soup else []

    assert "Guide" in menu("/")
    edit(docs / "guide.md", "title: Guide", "title: Visitor guide")
    server.wait_until(lambda: server.get("/guide/").h1.get_text(strip=True) == "Visitor guide", "the new title")
    server.wait_for_log("Full rebuild done")
    assert "Visitor guide" in menu("/") and "Guide" not in menu("/")


def test_a_new_page_waits_for_the_full_build(fixture_server):
    server = fixture_server
    docs = server.docs
    (docs / "new.md").write_text(page("A new page", "Brand new."), encoding="utf-8")
    server.wait_until(lambda: "Brand new." in server.text("/new/"), "the new page")
    assert "Building the whole site" in server.log().split("Changed: ")[-1]
    assert "Rendered" not in server.log()


def test_a_broken_page_keeps_the_last_good_one_and_names_the_file(fixture_server):
    server = fixture_server
    docs = server.docs
    edit(docs / "guide.md", "title: Guide", "title: [Guide")  # a YAML error in the front matter
    server.wait_for_log("The full rebuild failed")
    log = server.log()
    assert "guide.md" in log.split("Changed: ")[-1]
    assert server.text("/guide/").startswith("Guide")  # still the last good page
    edit(docs / "guide.md", "title: [Guide", "title: Guide")
    edit(docs / "guide.md", "The guide.", "The guide, mended.")
    server.wait_until(lambda: "mended" in server.text("/guide/"), "the mended page")
    server.wait_for_log("Full rebuild done")


def test_a_browser_on_the_page_reloads_by_itself_with_the_edit(fixture_server, chromium):
    server = fixture_server
    docs = server.docs
    page_ = chromium.new_page()
    try:
        page_.goto(f"http://127.0.0.1:{server.port}/guide/")
        assert "The guide." in page_.inner_text("article")
        edit(docs / "guide.md", "The guide.", "The guide, live.")
        page_.wait_for_function("document.querySelector('article').innerText.includes('The guide, live.')",
                                timeout=TIMEOUT * 1000)
    finally:
        page_.close()


def test_the_snapshots_render_every_page_of_the_real_site_as_the_full_build_did(tmp_path):
    """Every page source of the real site marked changed at once: the snapshots
    render all of them again, and every file equals the full build's."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(ROOT / "docs", project / "docs")
    for name in ("hooks", "overrides"):
        (project / name).symlink_to(ROOT / name, target_is_directory=True)
    (project / "mkdocs.yml").write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\n", encoding="utf-8")
    server = Server(project / "mkdocs.yml", tmp_path)
    try:
        before = tmp_path / "before"
        shutil.copytree(server.site(1), before)
        sources = sorted((project / "docs").rglob("*.md"))
        sources = [p for p in sources if not p.relative_to(project / "docs").parts[0] in ("data", "templates")]
        later = time.time() + 5
        for path in sources:
            os.utime(path, (later, later))
        server.wait_for_log("Rendered ")
        rendered = int(server.log().split("Rendered ")[1].split(" ")[0])
        pages = [f for f in all_files(before) if f.name == "index.html" and f.parts[0] != "pagefind"]
        assert rendered >= len(sources) >= 80, (rendered, len(sources))
        rewritten = [f for f in pages if (server.site(1) / f).stat().st_mtime_ns != (before / f).stat().st_mtime_ns]
        assert len(rewritten) >= len(sources)
        assert differing_files(before, server.site(1)) == []
        server.wait_for_log("Full rebuild done")
        assert differing_files(before, server.site(2)) == []
    finally:
        server.stop()


def test_a_second_signal_during_the_cleanup_does_not_stop_it(fixture_server):
    """`make` passes SIGTERM on to the server that the same kill reached: the
    cleanup still stops every build and snapshot and removes every folder."""
    server = fixture_server
    pids = server.snapshot_pids()
    assert pids
    server.proc.send_signal(signal.SIGTERM)
    time.sleep(0.05)
    server.proc.send_signal(signal.SIGTERM)
    server.proc.wait(timeout=60)
    assert list(server.tmp.iterdir()) == []
    for pid in pids:
        server.wait_until_gone(pid)
    assert "Shutting down" in server.log()
