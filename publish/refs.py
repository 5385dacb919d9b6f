"""Finding and rewriting references between site files, and the inline
scripts of pages (for the Content-Security-Policy).

HTML is scanned with the standard library's HTMLParser and edited in place,
attribute by attribute, so every byte that is not a rewritten URL stays as
MkDocs wrote it. CSS references are ``url(...)``, ``@import`` and source-map
comments; JavaScript references are its source-map comment only.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

URL_ATTRS = {"href", "src", "poster", "data", "xlink:href", "data-src", "data-href"}
# <meta property="og:image" content="URL">: the only `content` attributes that are URLs.
META_URLS = {"og:image", "og:image:url", "og:image:secure_url", "og:url", "twitter:image", "twitter:image:src"}
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}

# Inline event handler attributes (onclick=...): the CSP blocks them.
EVENT_HANDLER = re.compile(
    r"on(abort|afterprint|animation\w*|auxclick|before\w*|blur|cancel|can\w*|change|click|close|"
    r"context\w*|copy|cue\w*|cut|dbl\w*|drag\w*|drop|duration\w*|emptied|ended|error|focus\w*|form\w*|"
    r"fullscreen\w*|gotpointercapture|hashchange|input|invalid|key\w*|languagechange|load\w*|"
    r"lostpointercapture|message\w*|mouse\w*|offline|online|page\w*|paste|pause|play\w*|pointer\w*|"
    r"popstate|progress|ratechange|rejectionhandled|reset|resize|scroll\w*|search|seek\w*|select\w*|"
    r"slotchange|stalled|storage|submit|suspend|timeupdate|toggle|touch\w*|transition\w*|"
    r"unhandledrejection|unload|volumechange|waiting|wheel)"
)
CSS_URL = re.compile(r"""url\(\s*(?P<q>['"]?)(?P<url>[^'")\s]+)(?P=q)\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?P<q>['"])(?P<url>[^'"]+)(?P=q)""")
SOURCE_MAP = re.compile(r"""(?P<lead>[#@]\s*sourceMappingURL=)(?P<url>[^\s*'"]+)""")


@dataclass
class Site:
    """Where a site is published: used to resolve root-relative and absolute URLs."""
    site_url: str = ""          # "https://example.org/english/" (may be empty)

    @property
    def base_path(self) -> str:
        """Path of the site root on its host, without slashes: "english" or ""."""
        rest = self.site_url.split("://", 1)[-1]
        return rest.split("/", 1)[1].strip("/") if "/" in rest else ""


def resolve(url: str, from_dir: str, site: Site) -> str | None:
    """The site path ("assets/site.css") a URL found in a file of folder
    ``from_dir`` points at, or None when it points outside the site."""
    url = url.strip()
    if not url or url.startswith(("#", "data:", "mailto:", "tel:", "javascript:")):
        return None
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    if "://" in path or path.startswith("//"):
        prefix = site.site_url.rstrip("/") + "/"
        if not site.site_url or not path.startswith(prefix):
            return None
        path = path[len(prefix):]
    elif path.startswith("/"):
        path = path.lstrip("/")
        base = site.base_path
        if base:
            if not (path + "/").startswith(base + "/"):
                return None
            path = path[len(base):].lstrip("/")
    else:
        path = posixpath.join(from_dir, path)
    path = posixpath.normpath(unquote(path))
    if path.startswith("..") or path == ".":
        return None
    return path


def replace_last_segment(url: str, new_name_for) -> str:
    """``url`` with the file name of its path part replaced by
    ``new_name_for(raw_name)`` (query and fragment kept)."""
    cut = min([i for i in (url.find("?"), url.find("#")) if i >= 0], default=len(url))
    path, rest = url[:cut], url[cut:]
    head, _, last = path.rpartition("/")
    new_last = new_name_for(last)
    return (f"{head}/" if "/" in path else "") + new_last + rest


class _Scanner(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0]
        for match in re.finditer("\n", text):
            self.line_starts.append(match.end())
        self.tags: list[tuple[int, str, str, list]] = []
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        line, col = self.getpos()
        raw = self.get_starttag_text() or ""
        self.tags.append((self.line_starts[line - 1] + col, raw, tag, attrs))
        for name, value in attrs:
            if EVENT_HANDLER.fullmatch(name):
                self.handlers.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.handlers.append(f"<{tag} {name}=\"javascript:...\">")
        if tag == "script":
            values = dict(attrs)
            if "src" not in values and (values.get("type") or "").strip().lower() in SCRIPT_TYPES:
                self._script = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


@dataclass
class HtmlScan:
    scripts: list[str] = field(default_factory=list)   # inline script bodies
    handlers: list[str] = field(default_factory=list)  # inline event handlers / javascript: URLs


def scan_html(text: str) -> HtmlScan:
    scanner = _Scanner(text)
    scanner.feed(text)
    scanner.close()
    return HtmlScan(scanner.scripts, scanner.handlers)


def _attr_urls(name: str, value: str, attrs: dict) -> list[str]:
    if name == "content":
        key = (attrs.get("property") or attrs.get("name") or "").strip().lower()
        return [value] if key in META_URLS else []
    if name == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    if name in URL_ATTRS:
        return [value]
    return []


def rewrite_html(text: str, from_dir: str, site: Site, renamed: dict[str, str]) -> tuple[str, set[str]]:
    """Rewrites every attribute URL of ``text`` that points at a renamed file.
    Returns the new text and the site paths it refers to (renamed or not)."""
    scanner = _Scanner(text)
    scanner.feed(text)
    scanner.close()
    edits: list[tuple[int, int, str]] = []
    refs: set[str] = set()
    for offset, raw, _tag, attrs in scanner.tags:
        new_raw = raw
        values = {k: v or "" for k, v in attrs}
        for name, value in attrs:
            for url in _attr_urls(name, value or "", values):
                target = resolve(url, from_dir, site)
                if target is None:
                    continue
                refs.add(target)
                if target not in renamed:
                    continue
                new_url = replace_last_segment(url, lambda last, t=target: _renamed_segment(last, t, renamed))
                new_raw = _replace_attr_url(new_raw, name, url, new_url)
        if new_raw != raw:
            edits.append((offset, offset + len(raw), new_raw))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text, refs


def _renamed_segment(last: str, target: str, renamed: dict[str, str]) -> str:
    old_name = posixpath.basename(target)
    new_name = posixpath.basename(renamed[target])
    if unquote(last) == old_name and last == old_name:
        return new_name
    # A percent-encoded name: insert the hash the same way, keeping the encoding.
    return last[: len(last) - len(posixpath.splitext(old_name)[1])] + new_name[len(posixpath.splitext(old_name)[0]):]


def _replace_attr_url(raw: str, name: str, url: str, new_url: str) -> str:
    pattern = re.compile(
        r"(\s" + re.escape(name) + r"\s*=\s*)(?P<q>['\"]?)(?P<v>[^'\"\s>]*?" + re.escape(url) + r"[^'\">]*?)(?P=q)(?=[\s/>])",
        re.IGNORECASE,
    )
    match = pattern.search(raw)
    if not match:
        raise ValueError(f"cannot find {name}={url!r} in {raw!r}")
    value = match.group("v").replace(url, new_url, 1)
    return raw[: match.start("v")] + value + raw[match.end("v"):]


def text_refs(text: str, suffix: str) -> list[tuple[int, int, str]]:
    """(start, end, url) of every reference in a CSS or JavaScript file."""
    found = []
    patterns = [SOURCE_MAP]
    if suffix == ".css":
        patterns = [CSS_URL, CSS_IMPORT, SOURCE_MAP]
    for pattern in patterns:
        for match in pattern.finditer(text):
            found.append((match.start("url"), match.end("url"), match.group("url")))
    return sorted(found)


def rewrite_text(text: str, suffix: str, from_dir: str, site: Site, renamed: dict[str, str]) -> str:
    for start, end, url in reversed(text_refs(text, suffix)):
        target = resolve(url, from_dir, site)
        if target in renamed:
            new = replace_last_segment(url, lambda last, t=target: _renamed_segment(last, t, renamed))
            text = text[:start] + new + text[end:]
    return text


def theme_script_patterns(template_texts: list[str]) -> list[re.Pattern]:
    """Regular expressions matching the inline scripts a theme's templates
    write, with every Jinja expression standing for any text."""
    patterns = []
    for template in template_texts:
        for body in re.findall(r"<script>(.*?)</script>", template, flags=re.S):
            parts = re.split(r"\{\{.*?\}\}", body, flags=re.S)
            patterns.append(re.compile("".join(
                [re.escape(parts[0])] + [r"[^\"'<>]*?" + re.escape(p) for p in parts[1:]]
            ) + r"\Z", re.S))
    return patterns
