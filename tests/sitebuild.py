"""Build fixture sites (or the real one) into a temporary folder for tests.

A fixture site is a small docs/ tree of its own with a mkdocs.yml that
INHERITs the project's, so it runs the real hooks, templates and settings.
"""
from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Build:
    root: Path
    site: Path
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def html(self, rel: str) -> BeautifulSoup:
        path = self.site / rel
        if path.is_dir() or rel.endswith("/") or rel == "":
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")

    def pages(self) -> list[Path]:
        """Every HTML page a visitor can reach (pagefind's UI fragments excluded)."""
        return sorted(p for p in self.site.rglob("*.html") if "pagefind" not in p.parts)


def run_mkdocs(config: Path, site: Path, env: dict | None = None, args=("build",)) -> Build:
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "true", **(env or {})}
    full_env.pop("SITE_ENV", None) if env is None or "SITE_ENV" not in env else None
    cmd = [sys.executable, "-m", "mkdocs", *args, "-f", str(config), "-d", str(site)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=full_env, cwd=config.parent)
    return Build(config.parent, site, proc.returncode, proc.stdout + proc.stderr)


def make_fixture(tmp: Path, pages: dict[str, str], config: dict | None = None, data: dict[str, str] | None = None) -> Path:
    """Write a fixture project: ``pages`` maps paths under docs/ to text."""
    tmp.mkdir(parents=True, exist_ok=True)
    for name in ("hooks", "overrides"):
        (tmp / name).symlink_to(ROOT / name, target_is_directory=True)
    docs = tmp / "docs"
    (docs / "data").mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "data" / "ui.yml", docs / "data" / "ui.yml")
    for rel, text in (data or {}).items():
        (docs / "data" / rel).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    for rel, text in pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    settings = {"INHERIT": str(ROOT / "mkdocs.yml"), "nav": None, **(config or {})}
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return tmp / "mkdocs.yml"


def build_fixture(tmp: Path, pages: dict[str, str], config: dict | None = None,
                  env: dict | None = None, data: dict[str, str] | None = None) -> Build:
    cfg = make_fixture(tmp / "project", pages, config, data)
    return run_mkdocs(cfg, tmp / "site", env)


def page(title: str, body: str = "", **meta) -> str:
    """A Markdown page with front matter (title, description, sources_exempt by default)."""
    front = {"title": title, "description": f"{title}.", "sources_exempt": "test fixture", **meta}
    return "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + textwrap.dedent(body).lstrip()


def all_files(root: Path) -> list[Path]:
    """Every file under ``root``, relative to it, sorted."""
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def differing_files(a: Path, b: Path) -> list[str]:
    """Files whose bytes differ between two built sites (which must hold the
    same files). pagefind writes its entry file's languages in random order
    (publish/finalize.py sorts them), so that file is left out."""
    files = all_files(a)
    assert files == all_files(b)
    return [str(f) for f in files if f.name != "pagefind-entry.json" and not filecmp.cmp(a / f, b / f, shallow=False)]
