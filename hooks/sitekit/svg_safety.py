"""SVG files are pictures that can carry programs: refuse the ones that do.

An SVG opened from this site's address runs its scripts with the site's
rights. ``svg_problems(data)`` returns ``(line, message)`` for every piece of
active content: ``<script>``, ``<foreignObject>`` (HTML inside the picture),
event-handler attributes, ``javascript:`` links, animations that rewrite a link
or a handler, entity declarations (the "billion laughs"), and references that
make a reader's browser load something from another host.
"""
from __future__ import annotations

import re

from lxml import etree

ACTIVE_ELEMENTS = {
    "script": "a script",
    "foreignobject": "HTML inside the picture (<foreignObject>)",
    "iframe": "an embedded page", "embed": "an embedded object", "object": "an embedded object",
    "handler": "a script handler", "listener": "a script listener",
}
LOADING_ELEMENTS = {"use", "image", "feimage", "script", "audio", "video", "iframe"}
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript)\s*:", re.I)
ACTIVE_DATA = re.compile(r"^\s*data\s*:\s*(text/html|image/svg\+xml|application/)", re.I)
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
CSS_EXTERNAL = re.compile(r"@import|url\(\s*['\"]?\s*(https?:)?//|javascript:|expression\(", re.I)
FIX = "open the file in a drawing program and export it again as plain SVG, or save the picture as PNG"


def _local(name) -> str:
    return etree.QName(name).localname.lower() if isinstance(name, str) else ""


def svg_problems(data: bytes) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    at = data.lower().find(b"<!entity")
    if at >= 0:
        line = data[:at].count(b"\n") + 1
        found.append((line, f"the SVG declares XML entities, which can make browsers hang; {FIX}"))
        return found
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return [(exc.lineno or 1, f"not a valid SVG file ({exc.msg}); {FIX}")]
    if _local(root.tag) != "svg":
        return [(root.sourceline or 1, f"the file's outer element is <{_local(root.tag)}>, not <svg>; {FIX}")]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        tag, line = _local(element.tag), element.sourceline or 1
        if tag in ACTIVE_ELEMENTS:
            found.append((line, f"the SVG contains {ACTIVE_ELEMENTS[tag]}, which would run in readers' browsers; {FIX}"))
        if tag == "style" and CSS_EXTERNAL.search(element.text or ""):
            found.append((line, f"the SVG's <style> loads from another address or runs code; {FIX}"))
        for name, value in element.attrib.items():
            attr = _local(name)
            if attr.startswith("on"):
                found.append((line, f"<{tag} {attr}=...> is an event handler (a script); {FIX}"))
            elif BAD_SCHEME.match(value) or ACTIVE_DATA.match(value):
                found.append((line, f"<{tag} {attr}=\"{value.strip()[:20]}...\"> is an address that runs code; {FIX}"))
            elif attr == "href" and tag in LOADING_ELEMENTS and EXTERNAL.match(value):
                found.append((line, f"<{tag}> loads {value.strip()[:60]} from another host (this site loads nothing "
                                    "from other hosts); save that file next to the SVG and refer to it by name"))
            elif attr == "style" and CSS_EXTERNAL.search(value):
                found.append((line, f"<{tag} style=...> loads from another address or runs code; {FIX}"))
        if tag in ("set", "animate", "animatetransform", "animatemotion"):
            target = (element.get("attributeName") or "").lower()
            if target.endswith("href") or target.startswith("on"):
                found.append((line, f"<{tag} attributeName=\"{target}\"> rewrites a link or handler while "
                                    f"the picture plays; {FIX}"))
    return sorted(set(found))
