"""Files under docs/ that would be published wrongly: symlinks, and two
sources that produce the same output file.

MkDocs follows symlinks (a link to a file outside docs/ would be published)
and, when two sources produce the same output, lets one silently replace the
other: ``about.md`` and ``about/index.md`` both become ``about/index.html``;
under the suffix layout ``about.md`` and ``about.en.md`` are both the English
page. Both are refused, naming every file involved.
"""
from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


def find_symlinks(docs: Path) -> list[str]:
    """Paths (relative to docs/, sorted) of every symlink under docs/, file or folder."""
    found = []
    for folder, dirnames, filenames in os.walk(docs, followlinks=False):
        for name in dirnames + filenames:
            path = Path(folder) / name
            if path.is_symlink():
                found.append(path.relative_to(docs).as_posix())
    return sorted(found)


def split_language(src_uri: str, languages: tuple[str, ...], default: str) -> tuple[str, str]:
    """('about/index.md', 'zh') for 'about/index.zh.md'; unsuffixed files are the default language."""
    path = PurePosixPath(src_uri)
    stem, dot, suffix = path.stem.rpartition(".")
    if dot and stem and suffix in languages:
        return str(path.with_name(stem + path.suffix)), suffix
    return src_uri, default


def output_path(src_uri: str, use_directory_urls: bool = True) -> str:
    """The file MkDocs writes for a source (language suffix already removed)."""
    path = PurePosixPath(src_uri)
    if path.suffix.lower() not in (".md", ".markdown"):
        return src_uri
    folder = path.parent
    if path.stem in ("index", "README"):
        out = folder / "index.html"
    elif use_directory_urls:
        out = folder / path.stem / "index.html"
    else:
        out = folder / f"{path.stem}.html"
    return out.as_posix()


def output_conflicts(src_uris, languages: tuple[str, ...], default: str,
                     use_directory_urls: bool = True) -> list[tuple[str, str, list[str]]]:
    """(language, output path, [sources]) for every output written by more than one source."""
    seen: dict[tuple[str, str], list[str]] = {}
    for src in sorted(src_uris):
        base, lang = split_language(src, languages, default)
        seen.setdefault((lang, output_path(base, use_directory_urls)), []).append(src)
    return [(lang, out, srcs) for (lang, out), srcs in sorted(seen.items()) if len(srcs) > 1]


def conflict_message(lang: str, out: str, sources: list[str]) -> str:
    names = " and ".join(f"docs/{s}" for s in sources)
    return (f"{names} would both be published as {out} ({lang}); MkDocs would silently keep only one. "
            "Rename or delete one of them (a page 'x.md' and a folder page 'x/index.md' are the same address)")
