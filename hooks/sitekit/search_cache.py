"""The search index of an earlier build, reused when every page it was made
from is the same (issue 9; used by hooks/search_index.py).

pagefind reads every HTML file of the site, its options (given on the command
line, and any pagefind configuration file or PAGEFIND_ variable the hook puts
into ``options``) and nothing else, so its output is a function of those and
pagefind's version. The key hashes
them all; an entry is the finished ``pagefind/`` folder. The pages it hashes
are the ones pagefind reads, without their menus (sitekit/search_input.py), so a
change to a menu alone keeps the index. At 2x1000 pages pagefind takes 3.3 s;
hashing its 35 MB of input well under one.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from .files import older_than

KEEP = 3  # entries kept: the newest few builds' indexes


def inputs_key(site: Path, options: list[str], version: str, skip: str) -> str:
    """Hash of every ``*.html`` under ``site`` (path and bytes; the folder
    ``skip``, pagefind's own output, left out), the options and the version."""
    h = hashlib.sha256(f"pagefind {version}\0{chr(0).join(options)}\0".encode())
    for path in sorted(_html_files(site, skip)):
        rel = path.relative_to(site).as_posix().encode()
        data = path.read_bytes()
        h.update(b"%d:%b:%d:" % (len(rel), rel, len(data)))
        h.update(data)
    return h.hexdigest()


def _html_files(site: Path, skip: str):
    for root, dirs, files in os.walk(site):
        if Path(root) == site and skip in dirs:
            dirs.remove(skip)
        for name in files:
            if name.endswith(".html"):
                yield Path(root) / name


def restore(root: Path, key: str, target: Path) -> bool:
    """Copy the entry ``key`` to ``target``; False when there is none."""
    entry = root / key
    if not entry.is_dir():
        return False
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(entry, target)
    os.utime(entry)  # its modification time is its last use
    return True


def store(root: Path, key: str, bundle: Path) -> None:
    """Keep a copy of ``bundle`` as entry ``key`` (whole or not at all), then
    remove all but the KEEP entries used last."""
    root.mkdir(parents=True, exist_ok=True)
    entry = root / key
    if entry.is_dir():
        return
    tmp = root / f".{key}.{os.getpid()}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(bundle, tmp)
    try:
        os.replace(tmp, entry)
    except OSError:  # another build kept the same entry meanwhile
        shutil.rmtree(tmp, ignore_errors=True)
    prune(root)


def prune(root: Path, keep: int = KEEP) -> int:
    """Remove all but the ``keep`` entries used last, and copies an interrupted
    build left half-made (older than an hour); returns how many."""
    folders = [p for p in root.iterdir() if p.is_dir()]
    entries = sorted((p for p in folders if not p.name.startswith(".")), key=lambda p: p.stat().st_mtime, reverse=True)
    old = entries[keep:] + list(older_than((p for p in folders if p.name.startswith(".")), 3600))
    for folder in old:
        shutil.rmtree(folder, ignore_errors=True)
    return len(old)
