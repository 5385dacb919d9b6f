"""Issue 6, points 1, 3, 4 and 8: `make check` (tools/check.py) finds every bad
input with its file and line, prints GitHub annotations under CI, exits non-zero
on errors, and passes the same tree once it is fixed. No browser, no build."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PIL import Image

from sitebuild import ROOT, page

sys.path.insert(0, str(ROOT))
from tools.check import Report, long_enough, strip_comment  # noqa: E402

SVG_EVIL = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
  <rect width="10" height="10"/>
  <script>alert(document.cookie)</script>
</svg>
"""
SVG_GOOD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'


def write(docs: Path, rel: str, text) -> None:
    path = docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text).lstrip() if text.startswith("\n") else text, encoding="utf-8")


def png(path: Path, size=(20, 10), mode="RGB") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new(mode, size).save(path)


def good_tree(docs: Path) -> None:
    """A small tree with one of everything, all correct."""
    shutil.copytree(ROOT / "docs" / "data", docs / "data", ignore=shutil.ignore_patterns("events-lock.json"))
    write(docs, "index.md", page("Home", "# Home\n\nSee [the port](about/port.md#throughput) and "
                                 "the [Zhoushan Archipelago New Area](#home).\n\n![Harbour at dusk](harbour.png)\n"))
    write(docs, "about/port.md", page("Port", "# Port\n\n## Throughput\n\nText.\n\n![](divider.png){ data-decorative }\n"))
    png(docs / "harbour.png")
    png(docs / "about" / "divider.png")
    write(docs, "logo.svg", SVG_GOOD)
    sys.path.insert(0, str(ROOT / "hooks"))
    from sitekit.translation import set_record, source_hash
    for rel in ("index.md", "about/port.md"):
        zh = rel.replace(".md", ".zh.md")
        text = page("中文页", "# 中文页\n\n正文。\n")
        write(docs, zh, set_record(text, "en", source_hash((docs / rel).read_text(encoding="utf-8"))))


# (file under docs/, its text, expected "path:line" in the output, words of the message)
BAD = {
    "yaml-syntax": ("yaml.md", "---\ntitle: Ok\ndescription: Zhoushan: the city\nsources_exempt: x\n---\n\nText.\n",
                    "docs/yaml.md:3:", "not valid YAML"),
    "yaml-tag": ("tag.md", "---\ntitle: !!python/object/apply:os.system [ls]\ndescription: x\nsources_exempt: x\n---\n",
                 "docs/tag.md:2:", "YAML tag"),
    "no-description": ("nodesc.md", "---\ntitle: No description\nsources_exempt: x\n---\n\nText.\n",
                       "docs/nodesc.md:1:", "'description:'"),
    "no-sources": ("nosources.md", "---\ntitle: T\ndescription: D.\n---\n\nText.\n",
                   "docs/nosources.md:1:", "sources_exempt"),
    "bad-source-url": ("badsource.md", "---\ntitle: T\ndescription: D.\nsources:\n  - title: A paper\n    url: ftp://x\n---\n",
                       "docs/badsource.md:4:", "https://"),
    "script": ("script.md", page("Script", "Hello.\n\n<script>alert(1)</script>\n"), "docs/script.md:@", "<script>"),
    "event-handler": ("handler.md", page("Handler", "Text.\n\n<p onclick=\"steal()\">Hi</p>\n"),
                      "docs/handler.md:@", "event-handler"),
    "javascript-url": ("jsurl.md", page("JS", "A [link](javascript:alert(1)).\n"), "docs/jsurl.md:@", "javascript:"),
    "data-url": ("dataurl.md", page("Data", "Text.\n\n<img alt=\"x\" src=\"data:image/png;base64,AAAA\">\n"),
                 "docs/dataurl.md:@", "data:"),
    "iframe": ("iframe.md", page("Frame", "<iframe src=\"https://example.com/\"></iframe>\n"),
               "docs/iframe.md:@", "<iframe>"),
    "style": ("style.md", page("Style", "Text.\n\n<style>body{display:none}</style>\n"), "docs/style.md:@", "<style>"),
    "base": ("base.md", page("Base", "<base href=\"https://evil.example/\">\n"), "docs/base.md:@", "<base>"),
    "form": ("form.md", page("Form", "Text.\n\n<form action=\"/x\"><input name=\"q\"></form>\n"),
             "docs/form.md:@", "<form>"),
    "broken-link": ("links.md", page("Links", "# Links\n\nSee [nothing](missing.md).\n"),
                    "docs/links.md:@", "does not exist"),
    "broken-anchor": ("anchor.md", page("Anchor", "# Anchor\n\nSee [port](about/port.md#no-such-heading).\n"),
                      "docs/anchor.md:@", "no heading or anchor 'no-such-heading'"),
    "own-anchor": ("ownanchor.md", page("Own", "# Own\n\nJump [down](#nowhere).\n"),
                   "docs/ownanchor.md:@", "'#nowhere'"),
    "missing-alt": ("alt.md", page("Alt", "# Alt\n\n![](harbour.png)\n"), "docs/alt.md:@", "no alt text"),
    "terminology": ("terms.md", page("Terms", "# Terms\n\nThe Zhoushan Islands New Area was approved in 2011.\n"),
                    "docs/terms.md:@", "write 'Zhoushan Archipelago New Area'"),
    "translation-record": ("bad-record.zh.md", "---\ntitle: 坏\ndescription: 坏。\nsources_exempt: x\n"
                           "translation_of: {source: en, hash: nothex}\n---\n", "docs/bad-record.zh.md:5:", "12 hex"),
    "svg": ("evil.svg", SVG_EVIL, "docs/evil.svg:3:", "script"),
    "duplicate-url": ("about.md", page("About"), "docs/about.md:1:", "docs/about.md and docs/about/index.md"),
    "huge-original": ("huge.png", "HUGE", "docs/huge.png:1:", "megapixels"),
    "symlink": ("link.md", "SYMLINK", "docs/link.md:1:", "symbolic links"),
}


def bad_tree(docs: Path) -> None:
    good_tree(docs)
    write(docs, "about/index.md", page("About us"))
    write(docs, "bad-record.md", page("Bad"))
    for rel, text, _, _ in BAD.values():
        if text == "HUGE":
            png(docs / rel, (8000, 8000), mode="1")  # 64 megapixels, a few kB on disk
        elif text == "SYMLINK":
            (docs / rel).symlink_to(ROOT / "README.md")
        else:
            write(docs, rel, text)
    write(docs, "typo.md", "---\ntitle: T\ndescripton: D.\nsources_exempt: x\n---\n")
    # Data files checked by their owners' validators (sitekit/sister_cities_schema.py, glossary.py)
    data = docs / "data" / "sister_cities.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("    tier: sister_city", "    tier: twin-town", 1), encoding="utf-8")
    # An event copied from the events' own template, with an impossible date (sitekit/events_check.py)
    shutil.copytree(ROOT / "docs" / "templates" / "event", docs / "events" / "2027-broken")
    facts = docs / "events" / "2027-broken" / "event.yml"
    facts.write_text(re.sub(r"^start: \S+", "start: 2027-13-01", facts.read_text(encoding="utf-8"), flags=re.M),
                     encoding="utf-8")


def run_check(docs: Path, ci: bool = False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "tools.check", str(docs)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    docs = tmp_path_factory.mktemp("bad") / "docs"
    bad_tree(docs)
    started = time.perf_counter()
    result = run_check(docs)
    result.seconds = time.perf_counter() - started
    return docs, result


def expected_place(case: str) -> str:
    """'docs/x.md:N:' where N is the line holding the marker '@' in the case's text (its first
    line if none), or the place written in the case itself."""
    rel, text, where, _ = BAD[case]
    if where.endswith(":@"):
        line = next((n for n, t in enumerate(text.split("\n"), 1) if where_marker(case) in t), 1)
        return f"docs/{rel}:{line}:"
    return where


def where_marker(case: str) -> str:
    return MARKERS[case]


# The text whose line the message must name, for cases whose line depends on the front matter's length.
MARKERS = {
    "script": "<script>", "event-handler": "onclick", "javascript-url": "javascript:", "data-url": "data:",
    "iframe": "<iframe", "style": "<style>", "base": "<base", "form": "<form", "broken-link": "missing.md",
    "broken-anchor": "no-such-heading", "own-anchor": "#nowhere", "missing-alt": "![](harbour.png)",
    "terminology": "Islands New Area",
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_each_bad_input_is_reported_with_its_file_and_line(bad, case):
    _, result = bad
    _, _, _, words = BAD[case]
    where = expected_place(case)
    lines = [line for line in result.stdout.splitlines() if line.startswith(where)]
    assert lines, f"no message at {where}:\n{result.stdout}"
    assert any(words in line and "warning:" not in line for line in lines), lines


def test_the_check_exits_non_zero_and_runs_in_seconds(bad):
    _, result = bad
    assert result.returncode == 1
    assert result.seconds < 15, result.seconds
    assert "error(s)" in result.stderr


def test_sister_city_data_errors_come_from_their_schema(bad):
    docs, result = bad
    line = next(n for n, text in enumerate((docs / "data" / "sister_cities.yml").read_text().split("\n"), 1)
                if "twin-town" in text)
    assert any(out.startswith(f"docs/data/sister_cities.yml:{line}:") and "tier" in out
               for out in result.stdout.splitlines()), result.stdout


def test_translation_states_are_warnings(bad):
    _, result = bad
    out = result.stdout
    # links.md has no Chinese page: missing; bad-record.zh.md has a broken record: an error (above)
    assert "docs/links.zh.md:1: warning: not yet translated" in out


def test_github_annotations_under_ci(bad):
    docs, _ = bad
    result = run_check(docs, ci=True)
    assert result.returncode == 1
    assert f"::error file=docs/script.md,line={expected_place('script').split(':')[1]}::" in result.stdout
    assert "::warning file=docs/links.zh.md,line=1::" in result.stdout
    assert not any(line.startswith("docs/") for line in result.stdout.splitlines())


def test_the_fixed_tree_passes(tmp_path):
    docs = tmp_path / "docs"
    good_tree(docs)
    result = run_check(docs)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 error(s)" in result.stderr
    assert "2 up to date" in result.stderr


def test_a_stale_translation_is_reported(tmp_path):
    docs = tmp_path / "docs"
    good_tree(docs)
    port = docs / "about" / "port.md"
    port.write_text(port.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    result = run_check(docs)
    assert result.returncode == 0  # a stale translation is not an error: readers see a notice
    assert "docs/about/port.zh.md:1: warning: its en original changed since it was translated" in result.stdout


def test_the_real_docs_have_no_errors():
    result = run_check(ROOT / "docs")
    assert result.returncode == 0, result.stdout
    assert " 0 error(s)" in result.stderr


def test_messages_of_other_modules_keep_their_line():
    report = Report()
    report.add_located("docs/data/x.yml:12: field 'a': wrong\nnot located", "docs/data/x.yml")
    report.add_located("docs/data/glossary.yml: term 2 (舟山岛): 'en' is missing", "docs/data/glossary.yml",
                       lines={1: 3, 2: 7})
    assert [(p.path, p.line) for p in report.problems] == [
        ("docs/data/x.yml", 12), ("docs/data/x.yml", 1), ("docs/data/glossary.yml", 7)]


def test_template_line_detection_ignores_short_and_comment_text():
    assert strip_comment("    tier: friendly_exchange   # sister_city or ...") == "tier: friendly_exchange"
    assert strip_comment("url: https://a.b/#part") == "url: https://a.b/#part"
    assert not long_enough("tier: friendly_exchange")
    assert long_enough("title: Name of the event in English")
    assert long_enough("title: 活动中文名称")


def test_a_misspelt_field_is_a_warning_with_a_suggestion(bad):
    _, result = bad
    assert "docs/typo.md:3: warning: unknown front-matter field 'descripton'; did you mean 'description'?" \
        in result.stdout
    assert "docs/typo.md:1: front matter needs 'description:'" in result.stdout


def test_terminology_skips_code_and_reports_the_longest_variant():
    sys.path.insert(0, str(ROOT / "hooks"))
    from sitekit.glossary import load_glossary
    from sitekit.terminology import find_wrong_terms
    terms = load_glossary(ROOT / "docs" / "data" / "glossary.yml")
    text = ("Intro.\nThe China (Zhejiang) Free Trade Pilot Zone opened.\n`Zhoushan Islands New Area` in code.\n"
            "```\nZhoushan Islands New Area\n```\nzhoushan islands\nnew area, across lines.\n"
            "The Zhoushan Archipelago New Area is right.\n")
    found = [(line, written, term.en) for line, written, term in find_wrong_terms(text, terms)]
    assert found == [(2, "China (Zhejiang) Free Trade Pilot Zone", "China (Zhejiang) Pilot Free Trade Zone"),
                     (7, "zhoushan islands new area", "Zhoushan Archipelago New Area")]


def test_every_page_is_listed_with_its_translation_state(tmp_path):
    docs = tmp_path / "docs"
    good_tree(docs)
    write(docs, "new.md", page("New", "# New\n"))
    result = subprocess.run([sys.executable, "-m", "tools.check", str(docs), "--translations"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120,
                            env={k: v for k, v in os.environ.items() if k != "CI"})
    assert "docs/index.zh.md: translated (source: docs/index.md)" in result.stdout
    assert "docs/about/port.zh.md: translated (source: docs/about/port.md)" in result.stdout
    assert "docs/new.zh.md: missing (source: docs/new.md)" in result.stdout


def test_event_errors_come_from_the_events_schema(bad):
    docs, result = bad
    line = next(n for n, text in enumerate((docs / "events/2027-broken/event.yml").read_text().split("\n"), 1)
                if text.startswith("start:"))
    assert any(out.startswith(f"docs/events/2027-broken/event.yml:{line}:") for out in result.stdout.splitlines()), \
        result.stdout


def test_glossary_errors_name_the_term_line(tmp_path):
    docs = tmp_path / "docs"
    good_tree(docs)
    path = docs / "data" / "glossary.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(n for n, text in enumerate(lines, 1) if text.startswith("- zh: 舟山岛"))
    lines = [t for n, t in enumerate(lines, 1) if not (n > start and t.startswith("  source:") and
                                                        all(not x.startswith("- ") for x in lines[start:n - 1]))]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run_check(docs)
    assert result.returncode == 1
    assert f"docs/data/glossary.yml:{start}: term 2 (舟山岛): 'source' is missing" in result.stdout, result.stdout
