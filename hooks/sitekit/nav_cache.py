"""When two pages may share the rendered HTML of a navigation item.

Material renders the whole active section's menu into every page; in a section
of N pages that is N items per page and N^2 per build, most of them identical
from page to page. An item's HTML depends on the page being rendered only

- through its state: the item, or something under it, is the page or on its
  path (``active``), or the item's parent is active (sections and tabs), and
- through its links, which are relative to the page's directory.

So an item that is not active renders the same for every page whose directory
has the same parent, unless one of its links points at or under the page's own
directory (``a/b/`` seen from ``a/b/`` is ``./``, from ``a/c/`` it is ``../b/``).
``share_key`` says which pages share an item's HTML; None means render it.
"""
from __future__ import annotations

import bisect
import posixpath


def page_directory(url: str) -> str:
    """The directory relative links start from, as mkdocs.utils.get_relative_url takes it."""
    head, tail = posixpath.split(url)
    directory = head if "." in tail else url
    return directory.strip("/")


def subtree_urls(item) -> list[str]:
    """Sorted site URLs (no slashes at the ends) of every page and link in the item's subtree."""
    urls: list[str] = []
    stack = [item]
    while stack:
        node = stack.pop()
        url = getattr(node, "url", None)
        if isinstance(url, str):
            urls.append(url.strip("/"))
        stack.extend(getattr(node, "children", None) or ())
    return sorted(urls)


def links_under(urls: list[str], directory: str) -> bool:
    """Whether a URL in ``urls`` (sorted) is ``directory`` or under it."""
    if directory == "":
        return bool(urls)  # everything is under the site root
    i = bisect.bisect_left(urls, directory)
    if i < len(urls) and urls[i] == directory:
        return True
    # Not simply the next URL: "guide-x" sorts between "guide" and "guide/deeper".
    prefix = directory + "/"
    i = bisect.bisect_left(urls, prefix)
    return i < len(urls) and urls[i].startswith(prefix)


def share_key(item, urls: list[str], page_url: str, path: str, level, parent_active: bool, directory: str | None = None):
    """Key under which pages share the item's HTML, or None if this page must render it.
    ``directory`` is page_directory(page_url), when the caller has it already."""
    if getattr(item, "active", False) or getattr(item, "pages", None):
        return None
    if directory is None:
        directory = page_directory(page_url)
    if links_under(urls, directory):
        return None
    return (id(item), str(path), str(level), parent_active, posixpath.dirname(directory))
