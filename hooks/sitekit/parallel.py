"""Pieces of the parallel language build (hooks/parallel_languages.py) that do
not depend on MkDocs: moving one language's output into the site, and the
facts a language's build collects for the steps that run once every language
is built (sitemaps, published images), carried from its process to the first.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from . import images, registry
from .files import older_than

# Set in a process that builds one language for hooks/parallel_languages.py.
PROCESS = {"language_only": False}


def merge_tree(source: Path, target: Path) -> int:
    """Move every file under ``source`` to the same place under ``target``,
    replacing what is there (the language built later wins, as when the
    languages are built one after the other), then remove ``source``.
    Returns the number of files moved."""
    moved = 0
    for folder, dirs, files in os.walk(source):
        dirs.sort()
        rel = Path(folder).relative_to(source)
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in sorted(files):
            os.replace(Path(folder) / name, target / rel / name)
            moved += 1
    shutil.rmtree(source)
    return moved


def export_state(language: str) -> dict:
    """What the build of ``language`` collected that later steps read."""
    return {"pages": registry.PAGES.get(language, {}), "images": images.export_state()}


def import_state(language: str, state: dict) -> None:
    """Add what another process collected for ``language`` to this process."""
    registry.PAGES[language] = state["pages"]
    images.import_state(state["images"])


def remove_quietly(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


STALE_SECONDS = 3600


def folder_prefix(site: Path, language: str) -> str:
    """Name of a language's own build folder, a hidden sibling of the site folder."""
    return f".{site.name}-{language}-"


def remove_stale(site: Path, now: float | None = None) -> int:
    """Remove language folders older than an hour next to ``site`` (an
    interrupted build leaves its folder behind); returns how many."""
    stale = [f for f in older_than(site.parent.glob(f".{site.name}-*-*"), STALE_SECONDS, now) if f.is_dir()]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return len(stale)
