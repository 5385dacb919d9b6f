"""The README's two commands and the project's pins (issue 2, points 1 and 10)."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

from bs4 import BeautifulSoup

from sitebuild import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """IPv4/IPv6 addresses with a listening TCP socket on ``port`` (from /proc/net)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, port_hex = local.split(":")
                if state == "0A" and int(port_hex, 16) == port:
                    if len(address) == 8:
                        found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(address)[::-1]))
                    else:
                        found.add("ipv6:" + address)
    return found


def test_make_serve_serves_both_languages_with_live_reload_on_localhost(tmp_path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w")  # a file, not a pipe nobody reads: a full pipe blocks the server
    proc = subprocess.Popen(["make", "serve", f"PORT={port}"], cwd=ROOT, stdout=log,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        html = None
        while time.monotonic() < deadline and html is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    html = r.read().decode()
            except OSError:
                assert proc.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.5)
        assert html, "make serve did not answer within 120 s"
        soup = BeautifulSoup(html, "lxml")
        assert soup.html["lang"] == "en"
        assert any("livereload" in (s.get_text() + (s.get("src") or "")) for s in soup.find_all("script"))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/zh/", timeout=5) as r:
            assert BeautifulSoup(r.read().decode(), "lxml").html["lang"] == "zh-Hans"
        # Only the loopback interface listens.
        assert listening_addresses(port) == {"127.0.0.1"}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()
    assert "Shutting down" in (tmp_path / "serve.log").read_text()


def test_every_requirement_is_pinned():
    for name in ("requirements.txt", "requirements-test.txt", "bench/requirements.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.\-+]+", line), f"{name}: {line} is not pinned"


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_commands = re.findall(r"^make \w+", readme, re.M)[:2]
    assert first_commands == ["make serve", "make test"]
    assert "make test" in (ROOT / ".ci/run").read_text()


def test_project_layout():
    for path in ("mkdocs.yml", "docs", "overrides", "hooks", "tests", "requirements.txt", "requirements-test.txt", "Makefile"):
        assert (ROOT / path).exists(), path


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name.split("[")[0]).lower()] = version
    return pins


def test_lock_pins_every_installed_package_at_the_required_version():
    """requirements.lock (pip -c) must agree with requirements*.txt and with what is installed:
    a requirement added without `make lock` would leave its dependencies unpinned."""
    from importlib import metadata

    lock = _pins(ROOT / "requirements.lock")
    for name in ("requirements.txt", "requirements-test.txt"):
        for package, version in _pins(ROOT / name).items():
            assert lock.get(package) == version, f"{name}: {package}=={version}, requirements.lock: {lock.get(package)}; run make lock"
    bench_only = set(_pins(ROOT / "bench/requirements.txt"))
    for dist in metadata.distributions():
        package = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
        if package in {"pip", "setuptools", "wheel"} or package in bench_only:
            continue
        assert lock.get(package) == dist.version, f"{package} {dist.version} is installed but requirements.lock says {lock.get(package)}"
