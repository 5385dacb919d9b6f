"""Raw HTML in Markdown: what may reach a page, and where an editor wrote what may not.

Two functions share one allow-list, so the editors' check and the build agree:

- ``sanitize(html)`` cleans a rendered page body with nh3 (hooks/sanitize.py):
  scripts, ``<style>``, iframes, objects, ``<base>``, forms and their fields,
  event-handler attributes (``onclick``...), ``style`` attributes (except
  the ``text-align`` that Markdown tables write on their cells) and ``javascript:``/``data:`` URLs never reach a page. What
  Python-Markdown and this site's extensions write (tables, admonitions,
  details, tabs, footnotes, highlighted code, heading permalinks,
  ``<!-- marker -->`` comments) passes unchanged.
- ``find_unsafe(text)`` reads a page's Markdown source and returns
  ``(line, message)`` for each thing ``sanitize`` would remove, so the check
  and the strict build can name the file and line instead of silently dropping it.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

from .front_matter import FENCE as FRONT_MATTER

ALLOWED_TAGS = frozenset({
    "a", "abbr", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "label", "li", "mark",
    "nav", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "source",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
    "u", "ul", "var", "wbr",
    "input",  # only the radio buttons of pymdownx.tabbed and task-list checkboxes (see _filter)
})
# Removed together with everything inside them.
REMOVED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "template",
    "form", "button", "select", "textarea", "svg", "math",
})
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "hidden", "tabindex"})
ATTRIBUTE_PREFIXES = frozenset({"data-", "aria-"})
TAG_ATTRIBUTES = {
    "a": {"href", "name", "hreflang", "rel", "target", "download"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "sizes", "srcset", "fetchpriority"},
    "source": {"srcset", "type", "media", "sizes", "width", "height"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers", "align"},
    "th": {"colspan", "rowspan", "headers", "align", "scope"},
    "col": {"span"}, "colgroup": {"span"},
    "time": {"datetime"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "q": {"cite"}, "blockquote": {"cite"}, "abbr": {"title"},
    "details": {"open"}, "label": {"for"},
    "input": {"type", "checked", "disabled", "name"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# The only style attributes kept: the column alignment Markdown tables write.
CELL_STYLES = frozenset({"text-align: left;", "text-align: center;", "text-align: right;"})
INPUT_TYPES = ("radio", "checkbox")
# Read by Markdown extensions and gone from the output (md_in_html's markdown="1").
SOURCE_ONLY_ATTRIBUTES = frozenset({"markdown"})


def _allowed_attrs(tag: str) -> set[str]:
    return set(GLOBAL_ATTRIBUTES) | TAG_ATTRIBUTES.get(tag, set())


def _filter(tag: str, attr: str, value: str):
    if tag == "input" and attr == "type" and value.lower() not in INPUT_TYPES:
        return None
    return value


def sanitize(html: str) -> str:
    """The page body with everything outside the allow-list removed (comments kept: they are markers)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: _allowed_attrs(tag) for tag in ALLOWED_TAGS},
        generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
        attribute_filter=_filter,
        url_schemes=set(URL_SCHEMES),
        tag_attribute_values={"td": {"style": set(CELL_STYLES)}, "th": {"style": set(CELL_STYLES)}},
        strip_comments=False,
        link_rel=None,
    )


# ---------------------------------------------------------------- finding it in the source

URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "poster", "background", "cite",
                            "xlink:href", "data", "longdesc", "usemap"})
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)
FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
# attr_list: { onclick="..." } or {: style="..." } after a link, image, heading or paragraph
ATTR_LIST = re.compile(r"\{:?\s*[^{}\n]*\}")
ATTR_LIST_BAD = re.compile(r"(?<![\w-])(on[a-z]+|style|srcdoc)\s*=", re.I)
MD_LINK_URL = re.compile(r"\]\(\s*<?\s*((?:javascript|vbscript|data)\s*:)", re.I)
MD_REF_URL = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?\s*((?:javascript|vbscript|data)\s*:)", re.I)

WHY = {
    "script": "scripts are not allowed in pages",
    "style": "page-specific CSS is not allowed; the site's stylesheet styles every page",
    "iframe": "embedded pages load other sites (and are blocked in China); link to the page instead",
    "object": "embedded objects are not allowed; link to the file instead",
    "embed": "embedded objects are not allowed; link to the file instead",
    "form": "forms are not allowed; link to the office's contact page instead",
    "base": "<base> would change where every link on the page goes",
    "meta": "<meta> belongs to the site template, not to a page",
    "link": "<link> belongs to the site template, not to a page",
    "svg": "inline SVG is not allowed; save the drawing as an .svg file next to the page and use ![alt](file.svg)",
}


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def without_code(text: str) -> str:
    """The text with fenced code blocks, inline code and autolinks blanked (line numbers kept)."""
    out, fence = [], None
    for line in text.split("\n"):
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * len(match.group(1))
            out.append(_blank(line))
        elif fence is not None:
            if match and match.group(1).startswith(fence):
                fence = None
            out.append(_blank(line))
        else:
            line = INLINE_CODE.sub(lambda m: _blank(m.group(0)), line)
            out.append(AUTOLINK.sub(lambda m: _blank(m.group(0)), line))
    return "\n".join(out)


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def _add(self, message: str):
        self.found.append((self.getpos()[0], message))

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            why = WHY.get(tag, "this tag is not on the site's list of allowed HTML")
            what = "removed with its content" if tag in REMOVED_WITH_CONTENT else "removed"
            self._add(f"raw HTML <{tag}> is {what}: {why}. Use Markdown instead "
                      "(CONTRIBUTING.md, 'Raw HTML')")
            return
        allowed = _allowed_attrs(tag)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._add(f"raw HTML <{tag} {name}=...>: event-handler attributes run scripts and are removed; delete it")
            elif name == "style" and not (tag in ("td", "th") and value in CELL_STYLES):
                self._add(f"raw HTML <{tag} style=...>: inline styles are removed; "
                          "the site's stylesheet styles every page, so delete the attribute")
            elif name in URL_ATTRIBUTES and BAD_SCHEME.match(re.sub(r"[\x00-\x20]", "", value)):
                # browsers ignore tabs, newlines and control characters inside a scheme: java\tscript:
                scheme = BAD_SCHEME.match(re.sub(r"[\x00-\x20]", "", value)).group(1).lower()
                self._add(f"raw HTML <{tag} {name}=\"{scheme}:...\">: {scheme}: addresses are removed; "
                          "link to a page of this site or to a https:// address")
            elif name in SOURCE_ONLY_ATTRIBUTES:
                continue
            elif name not in allowed and not any(name.startswith(p) for p in ATTRIBUTE_PREFIXES):
                self._add(f"raw HTML <{tag} {name}=...>: the attribute '{name}' is not allowed and is removed")
            elif tag == "input" and name == "type" and value.lower() not in INPUT_TYPES:
                self._add(f"raw HTML <input type=\"{value}\">: form fields are not allowed; delete it")

    handle_startendtag = handle_starttag


def find_unsafe(text: str) -> list[tuple[int, str]]:
    """(line, message) for each piece of raw HTML or attribute in a Markdown file
    that ``sanitize`` would remove. ``text`` is the whole file (line 1 = its first line)."""
    front = FRONT_MATTER.match(text)
    if front:  # YAML, not HTML: checked by sitekit/front_matter.py
        text = _blank(front.group(0)) + text[front.end():]
    plain = without_code(text)
    finder = _Finder()
    finder.feed(plain)
    finder.close()
    found = list(finder.found)
    for number, line in enumerate(plain.split("\n"), 1):
        for block in ATTR_LIST.finditer(line):
            bad = ATTR_LIST_BAD.search(block.group(0))
            if bad:
                found.append((number, f"attribute list {block.group(0)!r} sets '{bad.group(1)}', which is removed "
                                      "(scripts and inline styles are not allowed); delete it"))
        for pattern in (MD_LINK_URL, MD_REF_URL):
            for match in pattern.finditer(line):
                scheme = match.group(1).rstrip(": ").lower()
                found.append((number, f"link to a {scheme}: address; it is removed from the page. "
                                      "Link to a page of this site or to a https:// address"))
    return sorted(set(found))
