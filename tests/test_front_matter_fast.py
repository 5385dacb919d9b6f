"""The front-matter fast path (libyaml's parser, parsed blocks kept for the
next hook and the next language) gives exactly what the plain path (the
pure-Python SafeLoader, parsed every time) gives: values, and error lines."""
from __future__ import annotations

import pytest
import yaml

from sitebuild import ROOT
from sitekit import front_matter as fm

TRICKY = [
    "title: Port\ntime: 12:30\nflag: no\nday: 20240501\nwhen: 2024-05-01\n",
    "title: \"舟山\"\ndescription: >-\n  folded\n  text\nlist: [a, b]\nnested: {a: 1, b: [x, y]}\n",
    "anchor: &a {k: v}\ncopy: *a\nempty:\nnull_value: null\nfloat: 1e3\noctal: 0o17\nold_octal: 017\n",
    "sources:\n  - title: \"舟山市外事侨务“十三五”发展规划\"\n    url: http://www.example.org/a?b=c\n",
    "sexagesimal: 190:20:30\nyes_word: yes\nOn: off\n",
]
BROKEN = [
    "title: a: b\n",
    "title: [unclosed\nnext: 1\n",
    "a: 1\n  b: 2\n",
    "title: ok\nvalue: !!python/object:os.system ls\n",
    "title: ok\nx: !ENV HOME\n",
    "- a list\n- not a mapping\n",
    "\ttab: indented\n",
    "key: 'unterminated\n",
    "title: ok\nbad_date: 2024-13-45\n",
]


def both(block: str):
    out = []
    for loader in (fm.PURE_LOADER, fm._NoTagsLoader):
        try:
            out.append(("ok", fm._load_uncached(block, "docs/x.md", loader=loader)))
        except fm.FrontMatterError as exc:
            out.append(("error", exc.line, exc.message.split(" (")[0]))
    return out


def test_the_fast_loader_is_libyaml():
    assert yaml.__with_libyaml__ and issubclass(fm._NoTagsLoader, yaml.CSafeLoader)


def test_every_page_of_the_site_parses_the_same_both_ways():
    pages = sorted(ROOT.glob("docs/**/*.md"))
    assert len(pages) > 50
    for page in pages:
        match = fm.FENCE.match(page.read_text(encoding="utf-8-sig"))
        if match:
            plain, fast = both(match.group(2) or "")
            assert plain == fast, page


@pytest.mark.parametrize("block", TRICKY + BROKEN)
def test_tricky_and_broken_front_matter_the_same_both_ways(block):
    plain, fast = both(block)
    assert plain == fast
    assert (plain[0] == "error") == (block in BROKEN)


def test_kept_blocks_are_copies_and_errors_are_not_kept():
    text = "---\ntitle: Kept\ntags: [a]\n---\n\nBody\n"
    first, line = fm.parse_front_matter(text, "docs/a.md")
    first["tags"].append("changed by a hook")
    second, line2 = fm.parse_front_matter(text, "docs/b.md")
    assert second == {"title": "Kept", "tags": ["a"]} and line == line2 == 5
    broken = "---\ntitle: a: b\n---\n"
    for path in ("docs/one.md", "docs/two.md"):  # each file's own error, every time
        with pytest.raises(fm.FrontMatterError) as exc:
            fm.parse_front_matter(broken, path)
        assert exc.value.path == path and exc.value.line == 2


def test_a_date_that_does_not_exist_is_an_error_at_its_line():
    """PyYAML raises a bare ValueError for 2024-13-45; the editor gets file, line and fix."""
    with pytest.raises(fm.FrontMatterError) as exc:
        fm.parse_front_matter("---\ntitle: Event\nstarts: 2024-13-45\n---\n", "docs/events/x/index.md")
    assert exc.value.line == 3 and "YYYY-MM-DD" in exc.value.message
