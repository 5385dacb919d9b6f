"""Files under docs/ that must never be published:

- symlinks (MkDocs follows them, so a link could publish any file of the
  machine that builds the site),
- two sources that would produce the same output file (MkDocs keeps one and
  silently drops the other), named together,
- SVG pictures with active content (scripts, handlers, HTML, external loads).

Each is an error that stops the build, listing every file at once
(pure rules: sitekit/output_urls.py, sitekit/svg_safety.py).
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from sitekit.i18n_state import build_language
from sitekit.output_urls import conflict_message, find_symlinks, output_conflicts
from sitekit.svg_safety import svg_problems


def on_config(config):
    links = find_symlinks(Path(config.docs_dir))
    if links:
        names = "\n".join(f"  docs/{link}" for link in links)
        raise PluginError(
            f"Symbolic links are not allowed under docs/ (they can publish files from outside it):\n{names}\n"
            "Replace each with a copy of the real file, or delete it.")
    return config


def on_files(files, config):
    """Runs before mkdocs-static-i18n (priority -100) sorts the files by language."""
    lang = build_language(config)
    if not lang.is_default:
        return files  # the same files were checked in the first language's build
    published = [f for f in files if not f.inclusion.is_excluded() and f.abs_src_path]
    problems = [conflict_message(*c) for c in output_conflicts(
        [f.src_uri for f in published], lang.languages, lang.default, config.use_directory_urls)]
    for file in published:
        if file.src_uri.lower().endswith(".svg"):
            for line, message in svg_problems(Path(file.abs_src_path).read_bytes()):
                problems.append(f"docs/{file.src_uri}:{line}: {message}")
    if problems:
        raise PluginError("\n".join(problems))
    return files
