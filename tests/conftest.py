import pytest

from sitebuild import ROOT, run_mkdocs


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The project's own site, built once per test session into a temp folder."""
    site = tmp_path_factory.mktemp("real") / "site"
    build = run_mkdocs(ROOT / "mkdocs.yml", site)
    assert build.ok, build.output
    return build
