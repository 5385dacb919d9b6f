"""Issue 6, point 5: `make new-event`, `make new-sister-city` and `make new-page`
create content in both languages, with every field present and explained, that
passes `make check` and the strict build at once (tools/new.py)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import ROOT, run_mkdocs

sys.path.insert(0, str(ROOT))
from tools.new import add_to_nav  # noqa: E402

EVENT, CITY = "2031-test-harbour-festival", "test-harbour-city"


def copy_project(dest: Path) -> Path:
    """The project's docs and mkdocs.yml in a temporary folder; code and node_modules linked."""
    dest.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("hooks", "overrides", "node_modules"):
        if (ROOT / name).exists():
            (dest / name).symlink_to(ROOT / name, target_is_directory=True)
    return dest


def new(root: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tools.new", *args, "--root", str(root)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def check(docs: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run([sys.executable, "-m", "tools.check", str(docs)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("templates") / "project")
    made = [new(root, "event", EVENT), new(root, "sister-city", CITY), new(root, "page", "invest/harbour-test"),
            new(root, "page", "living/harbour-test", "--source", "zh")]
    for result in made:
        assert result.returncode == 0, result.stderr
    return root, made


def test_the_commands_say_what_to_do_next(project):
    _, made = project
    assert "fill in event.yml" in made[0].stdout
    assert "docs/data/sister_cities.yml" in made[1].stdout
    assert "added to the navigation in mkdocs.yml" in made[2].stdout and "TODO" in made[2].stdout


def test_both_languages_are_created(project):
    root, _ = project
    docs = root / "docs"
    for rel in (f"events/{EVENT}/event.yml", f"events/{EVENT}/index.md", f"events/{EVENT}/index.zh.md",
                "invest/harbour-test.md", "invest/harbour-test.zh.md", "living/harbour-test.md",
                "living/harbour-test.zh.md"):
        assert (docs / rel).is_file(), rel
    assert re.search(rf"^\s*- id: {CITY}\s", (docs / "data" / "sister_cities.yml").read_text(), re.M)
    # the page under living/ gets its review date; the nav lists the new pages in their sections
    assert re.search(r"^reviewed: \d{4}-\d{2}-\d{2}$", (docs / "living/harbour-test.md").read_text(), re.M)
    nav = (root / "mkdocs.yml").read_text()
    assert "      - invest/talent.md\n      - invest/harbour-test.md\n" in nav
    assert "- living/harbour-test.md" in nav


def test_the_page_template_explains_every_field():
    for name in ("page.md", "page.zh.md"):
        text = (ROOT / "tools" / "templates" / name).read_text(encoding="utf-8")
        front = text.split("---\n")[1]
        for field in ("title", "description", "sources", "sources_exempt", "reviewed"):
            assert re.search(rf"^# .*\b{field}\b", front, re.M), (name, field)  # explained in a comment
            assert re.search(rf"^(# )?\s*{field}:", front, re.M) or field == "sources_exempt", (name, field)


def test_the_translation_of_each_new_pair_is_recorded(project):
    root, _ = project
    out = subprocess.run([sys.executable, "-m", "tools.translation", "--docs", str(root / "docs"), "status"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60).stdout
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("docs/")}
    assert "zh: translated" in rows[f"docs/events/{EVENT}/index.md"]
    assert "zh: translated" in rows["docs/invest/harbour-test.md"]
    assert "en: translated" in rows["docs/living/harbour-test.md"] and "zh: source" in rows["docs/living/harbour-test.md"]


def test_new_content_passes_the_check_with_template_warnings(project):
    root, _ = project
    result = check(root / "docs")
    assert result.returncode == 0, result.stdout
    assert " 0 error(s)" in result.stderr
    assert f"docs/events/{EVENT}/index.md:2: warning: template text is still here" in result.stdout
    assert "docs/invest/harbour-test.md:6: warning: template text is still here" in result.stdout
    assert "docs/data/sister_cities.yml:" in result.stdout


def test_new_content_passes_the_strict_build(project, tmp_path_factory):
    root, _ = project
    build = run_mkdocs(root / "mkdocs.yml", tmp_path_factory.mktemp("templates-site") / "site")
    assert build.ok, build.output
    for rel in (f"events/{EVENT}/", f"zh/events/{EVENT}/", "invest/harbour-test/", "zh/invest/harbour-test/",
                f"sister-cities/{CITY}/", f"zh/sister-cities/{CITY}/"):
        assert build.html(rel).select_one("article h1") is not None, rel


def test_nothing_existing_is_overwritten(project):
    root, _ = project
    before = (root / "docs" / "invest" / "harbour-test.md").read_text()
    for args, words in ((("event", EVENT), "already exists"), (("page", "invest/harbour-test"), "already exists"),
                        (("sister-city", CITY), "already has a record"), (("event", "Bad Name"), "lower-case")):
        result = new(root, *args)
        assert result.returncode == 2 and words in result.stderr, (args, result.stderr)
    assert (root / "docs" / "invest" / "harbour-test.md").read_text() == before


def test_add_to_nav():
    config = "site_name: x\nnav:\n  - Home: index.md\n  - Invest:\n      - invest/index.md\n      - invest/a.md\n" \
             "  - About: about/index.md\nextra: {}\n"
    added = add_to_nav(config, "invest/b.md")
    assert added == config.replace("      - invest/a.md\n", "      - invest/a.md\n      - invest/b.md\n")
    assert add_to_nav(added, "invest/b.md") == added
    assert add_to_nav(config, "press/x.md") is None
    assert add_to_nav("site_name: x\n", "invest/b.md") is None
