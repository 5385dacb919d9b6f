"""Converted Markdown kept on disk between builds, by content hash (issue 9).

A page's HTML from Python-Markdown depends only on: its Markdown (after the
hooks' ``on_page_markdown``), its own place in the site, the place of every
other file (links are rewritten to their URLs), the Markdown extensions and
their settings, and the versions of the packages that do the converting. The
key hashes all of these; an entry holds what ``Page.render`` sets. A page whose
conversion logged anything (a broken link, say) is never kept, so every warning
is printed again on the next build, and strict mode still counts it.

Extensions that read other files (``pymdownx.snippets``, say) would make a
page depend on more than its key: the cache is only used when every extension
is one of PURE_EXTENSIONS.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from .files import older_than, write_atomic
from .versions import package_versions

SCHEMA = 1
# Extensions whose output depends on the page's own text and their settings only.
PURE_EXTENSIONS = frozenset({
    "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "tables", "toc",
    "markdown.extensions.abbr", "markdown.extensions.fenced_code", "markdown.extensions.admonition", "markdown.extensions.attr_list",
    "markdown.extensions.def_list", "markdown.extensions.footnotes", "markdown.extensions.md_in_html",
    "markdown.extensions.tables", "markdown.extensions.toc",
    "pymdownx.details", "pymdownx.highlight", "pymdownx.superfences", "pymdownx.tabbed",
    "pymdownx.inlinehilite", "pymdownx.mark", "pymdownx.caret", "pymdownx.tilde", "pymdownx.smartsymbols",
})
PACKAGES = ("mkdocs", "markdown", "pymdown-extensions", "pygments", "mkdocs-static-i18n")
UNUSED_DAYS = 30


@dataclass(frozen=True)
class Rendered:
    """What ``mkdocs.structure.pages.Page.render`` sets on a page."""
    content: str
    toc: object  # mkdocs.structure.toc.TableOfContents
    title: str | None
    anchors: frozenset
    links_to_anchors: dict | None  # linked file's src_uri -> {anchor: original link}


def stable(value) -> str:
    """A representation of a settings value that is the same in every process
    (functions by their qualified name, not their address)."""
    if isinstance(value, functools.partial):
        return f"partial({stable(value.func)}, {stable(value.args)}, {stable(value.keywords)})"
    if callable(value) and hasattr(value, "__qualname__"):
        name = f"{getattr(value, '__module__', '?')}.{value.__qualname__}"
        # A function made by a factory (pymdownx.slugs.slugify(case="lower")) carries
        # its settings in its closure and defaults.
        cells = [c.cell_contents for c in getattr(value, "__closure__", None) or () if _filled(c)]
        defaults = getattr(value, "__defaults__", None) or ()
        return f"{name}({stable(cells)}, {stable(list(defaults))})" if cells or defaults else name
    if isinstance(value, dict):
        return "{" + ", ".join(f"{stable(k)}: {stable(v)}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(stable(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(stable(v) for v in value)) + "}"
    return repr(value)


def _filled(cell) -> bool:
    try:
        cell.cell_contents
    except ValueError:
        return False
    return True


def usable(extensions) -> bool:
    """True when every configured extension is a name in PURE_EXTENSIONS."""
    return all(isinstance(e, str) and e in PURE_EXTENSIONS for e in extensions)


def versions() -> str:
    return package_versions(PACKAGES)


def settings_digest(extensions, extension_configs, language: str) -> str:
    text = f"{SCHEMA}|{versions()}|{language}|{stable(list(extensions))}|{stable(extension_configs or {})}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def files_digest(files) -> str:
    """Where every file of the build goes: links are rewritten against it."""
    h = hashlib.sha256()
    for src, dest, url, inclusion in sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files):
        h.update(f"{src}\0{dest}\0{url}\0{inclusion}\n".encode("utf-8"))
    return h.hexdigest()


def page_key(markdown: str, src_uri: str, dest_uri: str, url: str, settings: str, files: str) -> str:
    h = hashlib.sha256()
    for part in (settings, files, src_uri, dest_uri, url, markdown):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def entry_path(root: Path, key: str) -> Path:
    return root / key[:2] / f"{key}.pickle"


def load(root: Path, key: str) -> Rendered | None:
    try:
        data = entry_path(root, key).read_bytes()
        found = pickle.loads(data)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return found if isinstance(found, Rendered) else None


def store(root: Path, key: str, rendered: Rendered) -> None:
    """Write an entry atomically (another build may write the same key)."""
    write_atomic(entry_path(root, key), pickle.dumps(rendered, protocol=pickle.HIGHEST_PROTOCOL))


def touch(root: Path, key: str) -> None:
    """Mark an entry as used (its modification time is its last use)."""
    try:
        os.utime(entry_path(root, key))
    except OSError:
        pass


def remove_unused(root: Path, days: int = UNUSED_DAYS, now: float | None = None) -> int:
    """Remove entries no build has used for ``days`` days; returns how many."""
    removed = 0
    for path in older_than(Path(root).glob("*/*.pickle"), days * 86400, now):
        path.unlink(missing_ok=True)
        removed += 1
    return removed
