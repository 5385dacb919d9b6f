"""Find URLs on other hosts that a browser would fetch from built HTML, CSS and JS."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import tinycss2
from bs4 import BeautifulSoup

# Elements and attributes whose URL the browser downloads on its own.
FETCHING = {
    "script": ["src"], "img": ["src", "srcset"], "source": ["src", "srcset"], "video": ["src", "poster"],
    "audio": ["src"], "track": ["src"], "iframe": ["src"], "frame": ["src"], "embed": ["src"],
    "object": ["data"], "input": ["src"], "image": ["href", "xlink:href"], "use": ["href", "xlink:href"],
}
FETCHING_LINK_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch",
                      "icon", "apple-touch-icon", "manifest", "mask-icon"}

# Absolute URLs that appear in third-party JavaScript but are never requested.
# Each entry says why; a new host in any JS file fails the test until it is reviewed.
JS_HOSTS_NEVER_FETCHED = {
    "www.w3.org": "XML namespace identifiers (SVG, XLink), not downloads",
    "github.com": "pagefind UI translation credits (thanks_to strings)",
    "harrymkt.github.io": "pagefind UI translation credits",
    "yekta.dev": "pagefind UI translation credits",
    "p": "pagefind UI: dummy base for new URL() parsing",
    "example.com": "pagefind: dummy base for new URL() parsing",
    "git.io": "pagefind highlight: licence comment",
    "markjs.io": "pagefind highlight: licence comment",
    "clipboardjs.com": "Material bundle: licence comment of clipboard.js",
    "api.github.com": "Material: repository facts, only requested when mkdocs.yml sets repo_url (tested: it does not)",
    "unpkg.com": "Material: mermaid.js, only loaded for a mermaid diagram (tested: no page has one)",
}
JS_URL = re.compile(r"https?://([a-z0-9.-]+)", re.I)


def _foreign(url: str, own_host: str) -> bool:
    url = url.strip()
    if url.startswith(("data:", "blob:", "#", "mailto:", "tel:")):
        return False
    parts = urlsplit(url)
    return bool(parts.netloc) and parts.hostname != own_host


def _srcset_urls(value: str) -> list[str]:
    return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]


def css_urls(text: str) -> list[str]:
    urls = []

    def walk(tokens):
        for token in tokens:
            if token.type == "url":
                urls.append(token.value)
            elif token.type == "function" and token.lower_name == "url":
                urls.extend(t.value for t in token.arguments if t.type == "string")
            elif token.type == "at-rule" and token.lower_at_keyword == "import":
                urls.extend(t.value for t in token.prelude if t.type in ("string", "url"))
            for attr in ("prelude", "content", "arguments", "value"):
                child = getattr(token, attr, None)
                if isinstance(child, list):
                    walk(child)

    walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))
    return urls


def html_urls(text: str) -> list[str]:
    soup = BeautifulSoup(text, "lxml")
    urls = []
    for tag, attrs in FETCHING.items():
        for el in soup.find_all(tag):
            for attr in attrs:
                value = el.get(attr)
                if value:
                    urls.extend(_srcset_urls(value) if attr == "srcset" else [value])
    for link in soup.find_all("link"):
        rels = {r.lower() for r in (link.get("rel") or [])}
        if rels & FETCHING_LINK_RELS and link.get("href"):
            urls.append(link["href"])
    for style in soup.find_all("style"):
        urls.extend(css_urls(style.get_text()))
    for el in soup.find_all(style=True):
        urls.extend(css_urls(f"x{{{el['style']}}}"))
    for meta in soup.find_all("meta", attrs={"http-equiv": re.compile("refresh", re.I)}):
        content = meta.get("content", "")
        if "url=" in content.lower():
            urls.append(content.split("=", 1)[1])
    return urls


def foreign_requests(site: Path, own_host: str) -> list[str]:
    """Every URL on another host that the site's files would make a browser fetch."""
    found = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            found += [f"{rel}: {u}" for u in html_urls(path.read_text(encoding="utf-8")) if _foreign(u, own_host)]
        elif path.suffix == ".css":
            found += [f"{rel}: {u}" for u in css_urls(path.read_text(encoding="utf-8")) if _foreign(u, own_host)]
        elif path.suffix in (".js", ".mjs"):
            for host in sorted(set(JS_URL.findall(path.read_text(encoding="utf-8", errors="replace")))):
                if host.lower() not in JS_HOSTS_NEVER_FETCHED and host.lower() != own_host:
                    found.append(f"{rel}: //{host}")
    return found
