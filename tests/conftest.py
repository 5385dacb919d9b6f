import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, serve
from sitebuild import ROOT, run_mkdocs


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The project's own site, built once per test session into a temp folder."""
    site = tmp_path_factory.mktemp("real") / "site"
    build = run_mkdocs(ROOT / "mkdocs.yml", site)
    assert build.ok, build.output
    return build


@pytest.fixture(scope="session")
def real_site_url(real_site):
    """The real site served over HTTP on 127.0.0.1 for the whole session."""
    with serve(real_site.site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium through Playwright (no downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
