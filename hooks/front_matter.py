"""Every page's front matter must parse; otherwise the build fails naming the
file and line (MkDocs would publish the broken YAML as page text)."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from sitekit.front_matter import FrontMatterError, parse_front_matter


def on_page_read_source(page, config):
    file = page.file
    path = Path(file.abs_src_path) if file.abs_src_path else None
    if path is None or path.suffix != ".md":
        return None
    try:
        parse_front_matter(path.read_text(encoding="utf-8-sig"), f"docs/{file.src_uri}")
    except FrontMatterError as exc:
        raise PluginError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise PluginError(f"docs/{file.src_uri}: not UTF-8 text ({exc.reason}); save the file as UTF-8") from None
    return None  # MkDocs reads the file itself
