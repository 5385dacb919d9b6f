"""A page's template output reused between builds (hooks/page_cache.py,
sitekit/page_cache.py): the site is byte-identical with the cache off, filling
it and reusing it, and after each kind of change a page's template can see
(its text, another page's title, an interface string, a template, a setting);
a render that logged a message is not kept."""
from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from sitebuild import ROOT, differing_files, make_fixture, page, run_mkdocs
from sitekit.page_cache import AttributeWatch, Fingerprint, Unkeyable, load, store

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}
PLAIN = {"ZS_PAGE_CACHE": "0"}
PAGES = {
    "index.md": page("Home", "Read [the guide](guide.md).\n\n## First part\n\nText.\n"),
    "index.zh.md": page("首页", "阅读[指南](guide.md)。\n"),
    "guide.md": page("Guide", "## Setting up\n\nSteps.\n"),
    "guide.zh.md": page("指南", "## 设置\n\n步骤。\n"),
    "other.md": page("Other", "Only in English: the Chinese site shows a copy."),
}


def counts(output: str) -> tuple[int, int]:
    """Pages reused and pages rendered and kept, over both languages' builds."""
    found = re.findall(r"Page cache \((\w+)\): (\d+) pages reused, (\d+) rendered and kept", output)
    assert {lang for lang, _, _ in found} == {"en", "zh"}, output[-2000:]
    assert "no stable key" not in output, output[-2000:]
    return sum(int(r) for _, r, _ in found), sum(int(k) for _, _, k in found)


def build(project: Path, site: Path, env: dict | None = None):
    result = run_mkdocs(project / "mkdocs.yml", site, {**EPOCH, **(env or {})}, args=("build", "-v"))
    assert result.ok, result.output[-3000:]
    return result


@pytest.fixture
def project(tmp_path) -> Path:
    root = make_fixture(tmp_path / "project", PAGES).parent
    # A copy of the templates, so that a test can change one.
    (root / "overrides").unlink()
    shutil.copytree(ROOT / "overrides", root / "overrides")
    return root


def test_the_site_is_byte_identical_without_the_cache_filling_it_and_reusing_it(project, tmp_path):
    plain = build(project, tmp_path / "plain", PLAIN)
    assert not (project / ".cache" / "pages").exists()
    cold = build(project, tmp_path / "cold")
    assert counts(cold.output) == (0, 6)  # three pages in each language (other.md copied into Chinese)
    warm = build(project, tmp_path / "warm")
    assert counts(warm.output) == (6, 0)
    assert differing_files(plain.site, cold.site) == []
    assert differing_files(plain.site, warm.site) == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


CHANGES = {
    "a page's text": lambda p: edit(p / "docs/guide.md", "Steps.", "Steps, changed."),
    "another page's title (every menu)": lambda p: edit(p / "docs/other.md", "title: Other", "title: Another"),
    # Shown on the Chinese copy of other.md through t(), which holds the table in its closure.
    "an interface string": lambda p: edit(p / "docs/data/ui.yml", "zh: 尚未翻译", "zh: 尚未翻译完成"),
    "a template": lambda p: edit(p / "overrides/main.html", "{% block content %}", "{% block content %}<p>Notice</p>"),
    "a setting": lambda p: (p / "mkdocs.yml").write_text(
        (p / "mkdocs.yml").read_text(encoding="utf-8") + "copyright: Changed copyright line\n", encoding="utf-8"),
}


# Pages rendered again after each change (of six: three a language).
RENDERED_AGAIN = {"a page's text": 1, "another page's title (every menu)": 6, "an interface string": 6,
                  "a template": 6, "a setting": 6}


@pytest.mark.parametrize("change", list(CHANGES))
def test_after_a_change_the_site_equals_a_build_without_the_cache(change, project, tmp_path):
    build(project, tmp_path / "first")
    CHANGES[change](project)
    plain = build(project, tmp_path / "plain", PLAIN)
    cached = build(project, tmp_path / "cached")
    reused, rendered = counts(cached.output)
    assert rendered == RENDERED_AGAIN[change] and reused == 6 - rendered, (change, reused, rendered)
    assert differing_files(plain.site, cached.site) == [], change


def test_a_template_that_shows_another_pages_text_renders_again_when_that_text_changes(project, tmp_path):
    edit(project / "overrides/main.html", "{% block content %}",
         "{% block content %}{% if page.next_page %}<aside>{{ page.next_page.content }}</aside>{% endif %}")
    first = build(project, tmp_path / "first")
    assert "read 'content' of" in first.output
    build(project, tmp_path / "second")
    edit(project / "docs/other.md", "Only in English", "Only in English, changed")  # the next page of guide/
    plain = build(project, tmp_path / "plain", PLAIN)
    cached = build(project, tmp_path / "cached")
    assert differing_files(plain.site, cached.site) == []
    assert "changed" in (cached.site / "guide" / "index.html").read_text(encoding="utf-8")


def test_a_render_that_logs_is_not_kept(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "hooks"))
    import importlib.util
    spec = importlib.util.spec_from_file_location("zs_test_page_cache", ROOT / "hooks" / "page_cache.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    env = jinja2.Environment(loader=jinja2.DictLoader({"loud.html": "{{ shout() }}Loud", "quiet.html": "Quiet {{ x }}"}))
    env.globals["shout"] = lambda: logging.getLogger("mkdocs.test").warning("a warning from a template") or ""
    monkeypatch.setattr(hook, "_build", {**hook._build, "root": tmp_path, "base": "test", "readers": {},
                                         "fingerprint": Fingerprint(hook.ADAPTERS), "env": None,
                                         "fingerprint_with_text": Fingerprint(hook.ADAPTERS_WITH_TEXT)})
    monkeypatch.setattr(jinja2.Template, "render", hook.cached_render)
    loud, quiet = env.get_template("loud.html"), env.get_template("quiet.html")
    assert loud.render({hook.MARKER: True, "x": 1}) == "Loud"
    assert quiet.render({hook.MARKER: True, "x": 1}) == "Quiet 1"
    assert hook._build["rendered"] == 2 and hook._build["stored"] == 1
    assert quiet.render({hook.MARKER: True, "x": 1}) == "Quiet 1"
    assert hook._build["hits"] == 1
    assert loud.render({hook.MARKER: True, "x": 1}) == "Loud"  # rendered again, so warned again
    assert hook._build["rendered"] == 3
    assert quiet.render({"x": 2}) == "Quiet 2"  # not a page: never looked up
    assert env.from_string("Quiet {{ x }}").render({hook.MARKER: True, "x": 1}) == "Quiet 1"  # no file: rendered
    assert hook._build["hits"] == 1 and hook._build["rendered"] == 3


# The fingerprint itself.

def make_table(language):
    table = {"hello": {"en": "Hello", "zh": "你好"}}

    def t(key):
        return table[key][language]
    return t


def fp(value, **kwargs) -> str:
    return Fingerprint({}).digest(value, **kwargs)


def test_equal_values_give_equal_keys_and_any_difference_another():
    assert fp({"a": 1, "b": [1, 2]}) == fp({"b": [1, 2], "a": 1})  # dict order does not count
    assert fp([1, 2]) != fp([2, 1])
    assert fp("1") != fp(1) != fp(1.0) != fp(True)
    assert fp("<b>") != fp(Markup("<b>"))  # escaped differently by a template
    assert fp(make_table("en")) == fp(make_table("en"))
    assert fp(make_table("en")) != fp(make_table("zh"))  # the closure counts
    assert fp([None, b"x", {1, 2}]) == fp([None, b"x", {2, 1}])


def test_a_value_without_a_stable_fingerprint_is_refused():
    class Opaque:
        pass
    with pytest.raises(Unkeyable, match="Opaque"):
        fp({"x": Opaque()})


def test_adapted_objects_are_remembered_and_the_fresh_one_walked_again():
    class Page:
        def __init__(self, text):
            self.text = text
    walks = []
    f = Fingerprint({Page: lambda p: walks.append(p) or p.text})
    a, b = Page("a"), Page("b")
    first = f.digest([a, b], fresh=(a,))
    assert f.digest([a, b], fresh=(a,)) == first and walks == [a, b, a]
    a.text = "changed"
    assert f.digest([a, b], fresh=(a,)) != first  # the page being rendered is never taken from memory
    shared = [1, 2]
    key = f.digest({"pages": shared}, shared=(shared,))
    shared.append(3)  # a shared container is taken as fixed for the build
    assert f.digest({"pages": shared}, shared=(shared,)) == key


def test_keys_are_the_same_in_another_process():
    code = textwrap.dedent(f"""
        import sys; sys.path[:0] = [{str(ROOT / 'hooks')!r}, {str(ROOT / 'tests')!r}]
        from test_page_cache import fp, make_table
        import datetime
        print(fp({{"t": make_table("zh"), "when": datetime.date(2026, 1, 2), "items": [1, "x", None]}}))
    """)
    here = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert here == there and len(here) == 64


def test_an_entry_is_stored_compressed_and_read_back(tmp_path):
    store(tmp_path, "ab" * 32, "<p>页面 " + "x" * 10000 + "</p>")
    (entry,) = tmp_path.rglob("*.z")
    assert entry.stat().st_size < 1000
    assert load(tmp_path, "ab" * 32) == "<p>页面 " + "x" * 10000 + "</p>"
    entry.write_bytes(b"not zlib")
    assert load(tmp_path, "ab" * 32) is None


def test_the_watch_notices_another_instances_field_only():
    class Item:
        def __init__(self, url, text):
            self.url, self.text = url, text

        @property
        def summary(self):  # the class's own code reading the field does not count
            return self.text[:3]

    mine, other = Item("a/", "mine"), Item("b/", "other")
    with AttributeWatch(Item, frozenset({"text"}), mine) as watch:
        assert (mine.text, other.summary, other.url) == ("mine", "oth", "b/")
    assert watch.read is None
    with AttributeWatch(Item, frozenset({"text"}), mine) as watch:
        assert jinja2.Template("{{ item.text }}").render(item=other) == "other"
    assert watch.read == "'text' of 'b/'"
    assert "__getattribute__" not in vars(Item)  # put back
