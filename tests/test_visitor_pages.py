"""Every page of the real site, both languages, in Chromium (issue 8, points 1
and 2): no console error, no failed request, no request to another host (they
are blocked), no axe violation (WCAG 2.0/2.1 A and AA, best practices) at
desktop and at phone width, no horizontal scrolling on a 375x667 phone, and a language switcher that leads to
the same page in the other language and back.

Pages are enumerated from the built site, so pages added later are covered
without touching this file. One visit per page feeds every test here."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser import VisitRecorder
from visitor import DESKTOP, PHONE, axe_violations, describe_violations, serve_axe, site_urls

pytestmark = pytest.mark.browser

SWITCHER = """() => Object.fromEntries([...document.querySelectorAll('.md-select__link[hreflang]')]
  .map(a => [a.getAttribute('hreflang'), a.href]))"""
# Width of the page against the phone's viewport, after the resize has been laid out.
WIDTHS = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done({
  scroll: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth,
  widest: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right
    > document.documentElement.clientWidth + 1 && getComputedStyle(e).position !== 'fixed')
    .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + String(e.className).split(' ')[0])}))))"""


def local_path(href: str, base: str) -> str:
    """An absolute URL on the test server as a site path ("zh/about/")."""
    assert href.startswith(base), href
    return urlsplit(href).path.lstrip("/")


@pytest.fixture(scope="module")
def visits(chromium, real_site, real_site_url):
    """url -> what one desktop visit (then a resize to a phone) recorded. One tab
    visits every page in turn (a new tab per page costs more than the checks)."""
    base = real_site_url
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    recorder = VisitRecorder(page, base)
    serve_axe(page, base)
    records = {}
    try:
        for url in site_urls(real_site.site):
            page.set_viewport_size(DESKTOP)
            page.goto(base + url, wait_until="load")
            record = {
                "lang": page.locator("html").get_attribute("lang"),
                "switcher": {lang: local_path(href, base) for lang, href in page.evaluate(SWITCHER).items()},
                "axe": axe_violations(page, base),
            }
            page.set_viewport_size(PHONE)
            record["widths"] = page.evaluate(WIDTHS)
            # The phone layout shows other things (the menu button, no sidebars);
            # check its settled state, not the transitions the resize started.
            page.evaluate("() => document.getAnimations().forEach(a => a.finish())")
            record["axe_phone"] = axe_violations(page, base)
            record["problems"] = recorder.problems()
            for seen in (recorder.console_errors, recorder.failed, recorder.foreign):
                seen.clear()
            records[url] = record
    finally:
        context.close()
    return records


def test_every_page_of_both_languages_is_visited(visits, real_site):
    urls = set(visits)
    assert {"", "zh/", "404.html", "zh/404.html", "search/", "zh/search/"} <= urls
    english = {u for u in urls if not u.startswith("zh/")}
    assert {u for u in urls if u.startswith("zh/")} == {"zh/" + u for u in english}
    assert {visits[u]["lang"] for u in english} == {"en"}
    assert {visits["zh/" + u]["lang"] for u in english} == {"zh-Hans"}


def test_no_console_error_failed_request_or_other_host(visits):
    problems = [f"/{url}: {p}" for url, record in visits.items() for p in record["problems"]]
    assert problems == [], "\n".join(problems)


def test_axe_finds_no_violation_on_any_page(visits):
    found = [line for url, record in visits.items() for line in describe_violations("/" + url, record["axe"])]
    found += [line for url, record in visits.items()
              for line in describe_violations(f"/{url} (phone)", record["axe_phone"])]
    assert found == [], "\n".join(found)


def test_no_horizontal_scrolling_on_a_phone(visits):
    wide = [f"/{url}: {r['widths']['scroll']} px wide ({', '.join(r['widths']['widest'])})"
            for url, r in visits.items() if r["widths"]["scroll"] > r["widths"]["viewport"]]
    assert wide == [], "\n".join(wide)


def test_the_language_switcher_round_trips_on_every_page(visits):
    broken = []
    for url, record in visits.items():
        lang = "zh" if url.startswith("zh/") else "en"
        other = "en" if lang == "zh" else "zh"
        switcher = record["switcher"]
        if set(switcher) != {"en", "zh"}:
            broken.append(f"/{url}: switcher offers {sorted(switcher)}")
            continue
        if url.endswith("404.html"):
            # No page to match: the switcher leads to the other language's home.
            if switcher[other] != ("zh/" if other == "zh" else ""):
                broken.append(f"/{url}: leads to /{switcher[other]}")
            continue
        target = switcher[other]
        counterpart = ("zh/" + url) if lang == "en" else url[len("zh/"):]
        if target != counterpart:
            broken.append(f"/{url}: {other} link is /{target}, expected /{counterpart}")
        elif visits[target]["switcher"].get(lang) != url:
            broken.append(f"/{url} -> /{target} -> /{visits[target]['switcher'].get(lang)}")
        if switcher[lang] != url:
            broken.append(f"/{url}: its own-language link is /{switcher[lang]}")
    assert broken == [], "\n".join(broken)
