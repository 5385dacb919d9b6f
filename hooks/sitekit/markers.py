"""Where a generated block goes in a page: an HTML comment such as
``<!-- glossary -->`` written on its own line in the Markdown. Python-Markdown
passes the comment through, so the block is invisible if its hook is off."""
from __future__ import annotations

import re

# <!-- name --> or <!-- name:argument -->
MARKER = re.compile(r"<!--\s*([a-z][a-z0-9_-]*)(?::([a-z0-9_-]+))?\s*-->")


def find_markers(html: str, name: str) -> list[str]:
    """Arguments of every ``<!-- name[:argument] -->`` marker, in order ("" when none)."""
    return [m.group(2) or "" for m in MARKER.finditer(html) if m.group(1) == name]


def fill_markers(html: str, name: str, render) -> str:
    """Replace each marker called ``name`` by ``render(argument)``."""
    def replace(match):
        if match.group(1) != name:
            return match.group(0)
        return render(match.group(2) or "")
    return MARKER.sub(replace, html)
