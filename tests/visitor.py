"""Helpers of the visitor-quality browser suite (issue 8): the pages of a built
site, axe-core injected from node_modules, and what a page looks like to a
keyboard user."""
from __future__ import annotations

from pathlib import Path

from sitebuild import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices (issue 8, point 2).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# axe is served under the site's own origin so that Chromium caches its
# compiled code between pages (injecting the text each time costs ~0.3 s a page).
AXE_PATH = "__visitor_test__/axe.min.js"
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}


def site_urls(site: Path) -> list[str]:
    """Every page of a built site (pagefind's files excluded) as a URL path
    relative to the site root: "" for the home page, "zh/about/", "404.html"."""
    urls = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site)
        if "pagefind" in rel.parts:
            continue
        rel = rel.as_posix()
        urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return urls


def serve_axe(page, base_url: str) -> None:
    """Answer AXE_PATH on the site's origin with node_modules' axe-core (register
    after VisitRecorder: Playwright tries the newest route first)."""
    assert AXE.exists(), "axe-core is missing: run `make install-test` (npm ci)"
    body = AXE.read_bytes()
    page.route(base_url + AXE_PATH, lambda route: route.fulfill(
        status=200, body=body, headers={"Content-Type": "text/javascript", "Cache-Control": "max-age=3600"}))


def axe_violations(page, base_url: str) -> list[dict]:
    """axe's violations on the page as it is now: [{id, impact, nodes: [{target, html, summary}]}]."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(url=base_url + AXE_PATH)
    return page.evaluate(
        """async (tags) => {
          const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
          return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                      summary: (n.failureSummary || '').slice(0, 300)}))}));
        }""",
        AXE_TAGS,
    )


def describe_violations(where: str, violations: list[dict]) -> list[str]:
    return [f"{where}: {v['id']} ({v['impact']}) {n['target']}: {n['summary']}"
            for v in violations for n in v["nodes"][:3]]


# What the focused element is and whether a sighted keyboard user can see it:
# on screen, not hidden, and drawn with a focus indicator (outline or shadow).
FOCUS_STATE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  // The end state of focus transitions (Material fades the skip link and the ¶ in).
  for (const a of e.getAnimations()) { try { a.finish(); } catch (err) {} }
  const r = e.getBoundingClientRect();
  const s = getComputedStyle(e);
  const onScreen = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
    && r.left < window.innerWidth && r.top < window.innerHeight;
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1
    && !/rgba\\(.*, 0\\)$/.test(s.outlineColor) && s.outlineColor !== 'transparent';
  return {
    tag: e.tagName.toLowerCase(),
    cls: String(e.className || ''),
    href: e.getAttribute('href'),
    forId: e.getAttribute('for'),
    hreflang: e.getAttribute('hreflang'),
    name: (e.getAttribute('aria-label') || e.innerText || '').trim().slice(0, 40),
    onScreen: onScreen,
    visible: s.visibility !== 'hidden' && s.display !== 'none' && parseFloat(s.opacity) > 0,
    indicator: outline || (s.boxShadow && s.boxShadow !== 'none'),
    inDrawer: !!e.closest('.md-sidebar--primary'),
  };
}"""
