"""Issue 7, point 1: two builds of the same sources with the same
SOURCE_DATE_EPOCH are byte-identical, whatever the checkout path, the
PYTHONHASHSEED, the time zone or the order in which the files were written.

The project is copied twice (without caches or an old site/), the second
copy deeper and written in reverse order; each copy is built with `mkdocs
build --strict` and finalized, with different hash seeds and time zones."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sitebuild import ROOT

SKIP = {".git", ".venv", "site", ".cache", "node_modules", "__pycache__", ".pytest_cache", "tests", "bench"}
EPOCH = "1700000000"


def copy_project(dest: Path, reverse: bool) -> Path:
    """A copy of the project's sources, files written in sorted or reverse order."""
    files = []
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT)
        if any(part in SKIP for part in rel.parts) or not path.is_file():
            continue
        files.append(rel)
    for rel in sorted(files, reverse=reverse):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    if (ROOT / "node_modules").is_dir():          # npm packages the build reads (a map outline)
        (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return dest


def build_and_finalize(project: Path, hashseed: str, tz: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_ENV", "SITE_URL")}
    env.update(PYTHONHASHSEED=hashseed, TZ=tz, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="true",
               PYTHONPATH=str(project))
    script = (
        f"{sys.executable} -m mkdocs build --strict -q -f mkdocs.yml -d site && "
        f"{sys.executable} -m publish.finalize site"
    )
    return subprocess.run(["bash", "-c", script], cwd=project, env=env, capture_output=True, text=True)


def first_difference(a: bytes, b: bytes) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"at byte {at}: {a[max(0, at - 60):at + 60]!r} != {b[max(0, at - 60):at + 60]!r}"


def test_two_builds_are_byte_identical(tmp_path):
    one = copy_project(tmp_path / "one", reverse=False)
    two = copy_project(tmp_path / "elsewhere" / "a longer path" / "two", reverse=True)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda args: build_and_finalize(*args),
                                [(one, "1", "UTC"), (two, "4242", "Asia/Shanghai")]))
    for result in results:
        assert result.returncode == 0, result.stdout + result.stderr
    site_one, site_two = one / "site", two / "site"
    files_one = sorted(p.relative_to(site_one).as_posix() for p in site_one.rglob("*") if p.is_file())
    files_two = sorted(p.relative_to(site_two).as_posix() for p in site_two.rglob("*") if p.is_file())
    assert files_one == files_two
    assert "_publish/manifest.json" in files_one and len(files_one) > 50
    differ = []
    for rel in files_one:
        a, b = (site_one / rel).read_bytes(), (site_two / rel).read_bytes()
        if a != b:
            differ.append(f"{rel} {first_difference(a, b)}")
    assert differ == [], "\n".join(differ[:10])
    # The checkout path appears nowhere in the output.
    for rel in files_one:
        data = (site_one / rel).read_bytes()
        assert str(one).encode() not in data and str(two).encode() not in (site_two / rel).read_bytes(), rel
