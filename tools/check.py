"""The editors' content check: every problem in docs/ in a few seconds, without a
browser and without building the site.

    make check                     (or: .venv/bin/python -m tools.check [docs])
    .venv/bin/python -m tools.check --translations    also list every page's translation status

Prints one ``path:line: message`` per problem (``path:line: warning: message``
for warnings) and exits 1 when there is an error. When the environment variable
``CI`` is set, problems are printed as GitHub Actions annotations
(``::error file=...,line=...::message``) so they show on the pull request.

What it checks (each message is explained in CONTRIBUTING.md):

- every page: UTF-8, front matter (YAML syntax, no YAML tags, title,
  description, sources or sources_exempt, reviewed, translation_of), raw HTML
  that would be removed (sitekit/safe_html.py), template text left in
  (``TODO``), links to other pages and their anchors, images without alt text,
  wrong variants of official English names (docs/data/glossary.yml);
- data files: glossary, sister cities (sitekit/sister_cities_schema.py),
  contacts, interface strings, every event (sitekit/events_check.py);
- files: symlinks, two sources with one address, SVG with active content,
  oversized photos;
- translation status of every page (sitekit/translation.py): stale, missing
  or unrecorded translations are warnings.

The rules are the build's own (the same functions in hooks/sitekit/), so a
page that passes here does not fail the strict build for these reasons.
"""
from __future__ import annotations

import argparse
import difflib
import os
import posixpath
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import yaml  # noqa: E402

from sitekit import contacts as contacts_mod  # noqa: E402
from sitekit import events_check, glossary, sister_cities_schema, ui_strings  # noqa: E402
from sitekit.content_rules import lacks_sources  # noqa: E402
from sitekit.front_matter import FrontMatterError, parse_front_matter  # noqa: E402
from sitekit.images_decode import EXTENSIONS, MAX_PIXELS, REFUSED_EXTENSIONS  # noqa: E402
from sitekit.output_urls import conflict_message, find_symlinks, output_conflicts  # noqa: E402
from sitekit.reviewed import ReviewedError, needs_review_date, parse_reviewed  # noqa: E402
from sitekit.safe_html import find_unsafe, without_code  # noqa: E402
from sitekit.sources import SourceError, parse_sources  # noqa: E402
from sitekit.svg_safety import svg_problems  # noqa: E402
from sitekit.terminology import find_wrong_terms, message as term_message  # noqa: E402
from sitekit import translation  # noqa: E402
from sitekit.translation import statuses  # noqa: E402

LANGUAGES = ("en", "zh")
DEFAULT = "en"
UNPUBLISHED = ("data/", "templates/")      # exclude_docs in mkdocs.yml
MAX_ORIGINAL_BYTES = 20_000_000             # a photo bigger than this bloats the repository
MAX_ORIGINAL_WIDTH = 6000                   # the site shows at most 1600 px
PLACEHOLDER = re.compile(r"\bTODO\b")
# Front-matter fields something reads: this site's hooks and templates, and Material's own.
KNOWN_FIELDS = (
    "title", "description", "sources", "sources_exempt", "reviewed", "translation_of", "image", "image_alt",
    "sister_cities", "date", "search_exclude",
    "template", "hide", "icon", "status", "subtitle", "search", "social",
)
EVENT_PAGE = re.compile(r"^events/([^/]+)/index(\.[a-z]{2})?\.md$")
TEMPLATES = Path(__file__).resolve().parent / "templates"
LOCATED = re.compile(r"^(?P<path>[^\s:]+?)(?::(?P<line>\d+))?: (?P<message>.*)$", re.S)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    level: str      # "error" or "warning"
    message: str

    def text(self) -> str:
        level = "" if self.level == "error" else f"{self.level}: "
        return f"{self.path}:{self.line}: {level}{self.message}"

    def annotation(self) -> str:
        escaped = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.level} file={self.path},line={self.line}::{escaped}"


class Report:
    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, path: str, line: int | None, message: str, level: str = "error"):
        self.problems.append(Problem(path, line or 1, level, message))

    def add_located(self, text: str, default_path: str, level: str = "error", lines: dict | None = None):
        """An error text of another module ('path:line: message' or 'path: message')."""
        for part in str(text).split("\n"):
            if not part.strip():
                continue
            match = LOCATED.match(part)
            if match and "/" in match.group("path"):
                line = int(match.group("line")) if match.group("line") else None
                msg = match.group("message")
                if line is None and lines:
                    found = re.search(r"term (\d+)", msg)
                    line = lines.get(int(found.group(1))) if found else None
                self.add(match.group("path"), line, msg, level)
            elif self.problems and self.problems[-1].path == default_path and part.startswith((" ", "-")):
                last = self.problems.pop()  # a continuation line (an example): keep it with its message
                self.problems.append(Problem(last.path, last.line, last.level, last.message + "\n" + part))
            else:
                self.add(default_path, None, part, level)

    @property
    def errors(self) -> int:
        return sum(p.level == "error" for p in self.problems)


# ---------------------------------------------------------------- helpers

def strip_comment(line: str) -> str:
    """A YAML line without its trailing '# comment' (a '#' inside a word or address stays)."""
    return re.sub(r"(^|\s)#.*$", "", line).strip()


def long_enough(content: str) -> bool:
    """Distinctive enough to be template text: three words, or ten characters with Chinese."""
    cjk = any("\u4e00" <= ch <= "\u9fff" for ch in content)
    return (len(content) >= 20 and len(content.split()) >= 3) or (cjk and len(content) >= 10)


def line_of(text: str, needle: str, start_line: int = 1) -> int:
    """First line (from start_line) containing needle; start_line if none does."""
    lines = text.split("\n")
    for number in range(start_line, len(lines) + 1):
        if needle in lines[number - 1]:
            return number
    return start_line


def key_line(text: str, key: str) -> int:
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def markdown_renderer(root: Path):
    """A function rendering one page body with the site's own Markdown extensions."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    extensions, configs = config["markdown_extensions"], config["mdx_configs"]

    def render(body: str) -> str:
        return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(body)
    return render


def split_language(rel: str) -> tuple[str, str]:
    return translation.split_language(rel, LANGUAGES, DEFAULT)


def variant(base: str, lang: str) -> str:
    return translation.language_path(base, lang, DEFAULT)


# ---------------------------------------------------------------- the checks

class Checker:
    def __init__(self, docs: Path, root: Path = ROOT):
        self.docs, self.root = docs, root
        self.report = Report()
        self.texts: dict[str, str] = {}
        self.metas: dict[str, dict] = {}
        self.bodies: dict[str, tuple[str, int]] = {}
        self.ids: dict[str, set[str]] = {}
        self.html: dict[str, str] = {}
        self.generated: set[str] = set()
        self.terms: list = []
        self.counts = {"pages": 0, "data": 0, "images": 0}
        self._template_lines: set[str] | None = None

    def rel(self, path: Path) -> str:
        return path.relative_to(self.docs).as_posix()

    def where(self, rel: str) -> str:
        return f"docs/{rel}"

    def published(self, rel: str) -> bool:
        return not rel.startswith(UNPUBLISHED)

    # files ------------------------------------------------------------
    def check_files(self):
        for link in find_symlinks(self.docs):
            self.report.add(self.where(link), 1, "symbolic links are not allowed under docs/ (they can publish files "
                                                 "from outside it); replace it with a copy of the file, or delete it")
        files = []
        for folder, dirnames, filenames in os.walk(self.docs, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not (Path(folder) / d).is_symlink())
            for name in sorted(filenames):
                path = Path(folder) / name
                if not path.is_symlink():
                    files.append(path)
        published = [self.rel(p) for p in files if self.published(self.rel(p))]
        for lang, out, sources in output_conflicts(published, LANGUAGES, DEFAULT):
            for src in sources:
                self.report.add(self.where(src), 1, conflict_message(lang, out, sources))
        for path in files:
            rel = self.rel(path)
            suffix = path.suffix.lower()
            if suffix == ".svg":
                for line, msg in svg_problems(path.read_bytes()):
                    self.report.add(self.where(rel), line, msg)
            elif suffix in EXTENSIONS + REFUSED_EXTENSIONS and self.published(rel):
                self.check_image(path, rel)
            elif suffix == ".md" and self.published(rel):
                self.read_page(path, rel)

    def check_image(self, path: Path, rel: str):
        self.counts["images"] += 1
        where = self.where(rel)
        if path.suffix.lower() in REFUSED_EXTENSIONS:
            self.report.add(where, 1, f"{path.suffix} pictures are not published; export the picture as JPEG (photos) or PNG")
            return
        size = path.stat().st_size
        if size > MAX_ORIGINAL_BYTES:
            self.report.add(where, 1, f"the original is {size / 1e6:.0f} MB (limit {MAX_ORIGINAL_BYTES // 1_000_000} MB); "
                                      "export it at most 4000 pixels wide "
                                      "as JPEG quality 85 before adding it")
        try:
            from PIL import Image
            with Image.open(path) as image:
                width, height = image.size
        except Exception as exc:  # noqa: BLE001 - any unreadable picture is the same editor problem
            self.report.add(where, 1, f"cannot be read as a picture ({exc.__class__.__name__}); export it again as JPEG or PNG")
            return
        if width * height > MAX_PIXELS:
            self.report.add(where, 1, f"{width}x{height} pixels is more than the site's limit of "
                                      f"{MAX_PIXELS // 1_000_000} megapixels; resize it to at most 4000 pixels wide")
        elif width > MAX_ORIGINAL_WIDTH:
            self.report.add(where, 1, f"{width} pixels wide: the site never shows more than 1600; resize it to at most "
                                      f"{MAX_ORIGINAL_WIDTH} pixels wide to keep the repository small", "warning")

    # pages ------------------------------------------------------------
    def read_page(self, path: Path, rel: str):
        self.counts["pages"] += 1
        where = self.where(rel)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self.report.add(where, 1, f"not UTF-8 text ({exc.reason}); save the file as UTF-8")
            return
        self.texts[rel] = text
        try:
            meta, body_line = parse_front_matter(text, where)
        except FrontMatterError as exc:
            self.report.add(where, exc.line, exc.message)
            return
        self.metas[rel] = meta
        self.bodies[rel] = ("\n".join(text.split("\n")[body_line - 1:]), body_line)

    def check_front_matter(self, rel: str):
        text, meta, where = self.texts[rel], self.metas[rel], self.where(rel)
        is_event = bool(EVENT_PAGE.match(rel)) and (self.docs / "events" / EVENT_PAGE.match(rel).group(1) / "event.yml").is_file()
        for key, what in (("title", "the page's title"), ("description", "one or two sentences saying what the page is about")):
            value = meta.get(key)
            if not isinstance(value, str) or not value.strip():
                read_as = f" (YAML read it as {value!r}; put the text in quotes)" if value not in (None, "") else ""
                self.report.add(where, key_line(text, key) if key in meta else 1,
                                f"front matter needs '{key}:' with {what}{read_as}")
        for key in sorted(k for k in meta if isinstance(k, str) and k not in KNOWN_FIELDS):
            close = difflib.get_close_matches(key, KNOWN_FIELDS, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            self.report.add(where, key_line(text, key), f"unknown front-matter field '{key}'; {hint}"
                            "nothing reads it (fields: CONTRIBUTING.md, 'Every page')", "warning")
        if is_event:
            return  # event pages: the other fields are checked with their event.yml (sitekit/events_check.py)
        if "sources" in meta:
            try:
                parse_sources(meta["sources"])
            except SourceError as exc:
                self.report.add(where, key_line(text, "sources"), f"front matter 'sources': {exc}")
        elif lacks_sources(meta) and not self.sourced_elsewhere(rel):
            self.report.add(where, 1, "front matter needs 'sources:' (a list of {title, url} for the facts on the page) "
                                      "or 'sources_exempt: <why the page states no facts>'")
        if "reviewed" in meta:
            try:
                parse_reviewed(meta["reviewed"])
            except ReviewedError as exc:
                self.report.add(where, key_line(text, "reviewed"), str(exc))
        elif needs_review_date(split_language(rel)[0]):
            self.report.add(where, 1, "pages under living/ need 'reviewed: YYYY-MM-DD' in the front matter "
                                      "(the day someone last checked the page against its sources)")

    def sourced_elsewhere(self, rel: str) -> bool:
        """Sister-city pages take their sources from docs/data/sister_cities.yml."""
        base, _ = split_language(rel)
        return base in self.generated

    def check_text(self, rel: str):
        text, where = self.texts[rel], self.where(rel)
        for line, msg in find_unsafe(text):
            self.report.add(where, line, msg)
        for line, written, term in find_wrong_terms(text, self.terms):
            self.report.add(where, line, term_message(written, term))
        self.check_placeholders(where, text, front_matter=True)

    def template_lines(self) -> set[str]:
        """Long lines of the editors' templates: a copy still holding one was not filled in."""
        if self._template_lines is None:
            found = set()
            for folder in (self.docs / "templates", TEMPLATES):
                for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
                    if path.is_file() and path.suffix in (".md", ".yml"):
                        for line in path.read_text(encoding="utf-8").split("\n"):
                            content = strip_comment(line)
                            if long_enough(content) and not content.startswith("#"):
                                found.add(content)
            self._template_lines = found
        return self._template_lines

    def check_placeholders(self, where: str, text: str, front_matter: bool = False, yaml_file: bool = False):
        templates = self.template_lines()
        lines, in_front = [], False
        for number, line in enumerate(without_code(text).split("\n"), 1):
            if front_matter and number == 1 and line.strip() == "---":
                in_front = True
                continue
            if in_front and line.strip() in ("---", "..."):
                in_front = False
                continue
            is_yaml = yaml_file or in_front
            content = strip_comment(line) if is_yaml else line.strip()
            if is_yaml and line.lstrip().startswith("#"):
                continue
            if PLACEHOLDER.search(content) or content in templates or "https://..." in content:
                lines.append(number)
        if lines:
            shown = ", ".join(str(n) for n in lines[:8]) + (", ..." if len(lines) > 8 else "")
            self.report.add(where, lines[0], f"template text is still here (line {shown}); replace it with the real "
                                             "text, or delete the optional lines you have nothing for", "warning")

    # links ------------------------------------------------------------
    def render_pages(self):
        from bs4 import BeautifulSoup
        render = markdown_renderer(self.root)
        self.soups = {}
        for rel, (body, _) in self.bodies.items():
            soup = BeautifulSoup(render(body), "html.parser")
            self.soups[rel] = soup
            self.ids[rel] = {tag["id"] for tag in soup.find_all(id=True)} | {
                tag["name"] for tag in soup.find_all("a", attrs={"name": True})}

    def has_markers(self, rel: str) -> bool:
        return "<!--" in self.bodies.get(rel, ("", 1))[0]

    def resolve(self, rel: str, target: str) -> str:
        return posixpath.normpath(posixpath.join(posixpath.dirname(rel), target)).lstrip("/")

    def check_links(self, rel: str):
        soup, where = self.soups[rel], self.where(rel)
        text, (_, body_line) = self.texts[rel], self.bodies[rel]
        for img in soup.find_all("img"):
            src = img.get("src") or ""
            if not (img.get("alt") or "").strip() and not img.has_attr("data-decorative"):
                self.report.add(where, line_of(text, src or "![", body_line),
                                f"image '{src}' has no alt text. Write what it shows between the brackets, "
                                "![Guests at the opening](photo.jpg), or mark an ornament: ![](photo.jpg){ data-decorative }")
            self.check_target(rel, src, "image", img=True)
        for a in soup.find_all("a", href=True):
            self.check_target(rel, a["href"], "link")

    def check_target(self, rel: str, href: str, what: str, img: bool = False):
        text, (_, body_line), where = self.texts[rel], self.bodies[rel], self.where(rel)
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//") or not href:
            return
        line = line_of(text, href, body_line)
        path, anchor = unquote(parts.path), unquote(parts.fragment)
        if not path:
            if anchor and anchor not in self.ids.get(rel, set()) and not self.has_markers(rel):
                self.report.add(where, line, f"{what} '#{anchor}': there is no heading or anchor '{anchor}' on this page; "
                                             "check the spelling against the heading (anchors are lower-case, words joined by '-')")
            return
        if path.startswith("/"):
            self.report.add(where, line, f"{what} '{href}' starts with '/'; write the path relative to this page "
                                         f"(e.g. ../about/index.md) so it works in both languages and in previews")
            return
        target = self.resolve(rel, path)
        if path.endswith("/") or (self.docs / target).is_dir():
            self.report.add(where, line, f"{what} '{href}' points at a folder; link to the page file instead, "
                                         f"e.g. {posixpath.join(path.rstrip('/'), 'index.md')}")
            return
        if target.startswith(UNPUBLISHED):
            self.report.add(where, line, f"{what} '{href}' points into docs/{target.split('/')[0]}/, which is not published")
            return
        _, lang = split_language(rel)
        base, _ = split_language(target)
        candidates = [variant(base, lang), base, target] + [variant(base, l) for l in LANGUAGES]
        existing = next((c for c in candidates if (self.docs / c).is_file() and not (self.docs / c).is_symlink()), None)
        if existing is None and base in self.generated:
            return
        if existing is None:
            self.report.add(where, line, f"{what} '{href}': docs/{target} does not exist; check the file name "
                                         "and the path relative to this page")
            return
        if anchor and existing.endswith(".md") and not img:
            if existing in self.ids and anchor not in self.ids[existing] and not self.has_markers(existing):
                self.report.add(where, line, f"link '{href}': docs/{existing} has no heading or anchor '{anchor}'; "
                                             "check the spelling against that page's headings")

    # data -------------------------------------------------------------
    def check_data(self):
        data = self.docs / "data"
        path = data / "glossary.yml"
        if path.is_file():
            self.counts["data"] += 1
            text = path.read_text(encoding="utf-8")
            try:
                node = yaml.compose(text)
                lines = {n: item.start_mark.line + 1 for n, item in enumerate(getattr(node, "value", []) or [], 1)} \
                    if isinstance(node, yaml.SequenceNode) else {}
                self.terms = glossary.parse_glossary(yaml.safe_load(text), "docs/data/glossary.yml")
            except yaml.MarkedYAMLError as exc:
                mark = exc.problem_mark or exc.context_mark
                self.report.add("docs/data/glossary.yml", mark.line + 1 if mark else 1, f"not valid YAML ({exc.problem})")
            except glossary.GlossaryError as exc:
                self.report.add_located(str(exc), "docs/data/glossary.yml", lines=lines)
        path = data / "sister_cities.yml"
        if path.is_file():
            self.counts["data"] += 1
            try:
                self.check_placeholders("docs/data/sister_cities.yml", path.read_text(encoding="utf-8"), yaml_file=True)
                directory = sister_cities_schema.load_text(path.read_text(encoding="utf-8"), "docs/data/sister_cities.yml")
                self.generated |= self.sister_city_pages(directory)
            except sister_cities_schema.SisterCityError as exc:
                self.report.add_located(str(exc), "docs/data/sister_cities.yml")
        path = data / "contacts.yml"
        if path.is_file():
            self.counts["data"] += 1
            try:
                contacts_mod.load_contacts(path, LANGUAGES)
            except contacts_mod.ContactsError as exc:
                self.report.add_located(str(exc).replace(str(path), "docs/data/contacts.yml"), "docs/data/contacts.yml")
        path = data / "ui.yml"
        if path.is_file():
            self.counts["data"] += 1
            try:
                table = ui_strings.load(path)
                text = path.read_text(encoding="utf-8")
                for lang in LANGUAGES:
                    for key in ui_strings.missing(table, lang):
                        self.report.add("docs/data/ui.yml", key_line(text, key),
                                        f"'{key}' has no '{lang}' text; add it (English is shown meanwhile)")
            except ui_strings.UIStringsError as exc:
                self.report.add_located(str(exc).replace(str(path), "docs/data/ui.yml"), "docs/data/ui.yml")
        known = {"glossary.yml", "sister_cities.yml", "contacts.yml", "ui.yml"}
        for path in sorted(data.glob("*.y*ml")) if data.is_dir() else []:
            if path.name in known:
                continue
            self.counts["data"] += 1  # a data file of another feature: at least valid YAML
            try:
                yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.MarkedYAMLError as exc:
                mark = exc.problem_mark or exc.context_mark
                self.report.add(f"docs/data/{path.name}", mark.line + 1 if mark else 1,
                                f"not valid YAML ({exc.problem}); check indentation and quote values containing ': '")
        if (self.docs / "events").is_dir():
            self.counts["data"] += len(list((self.docs / "events").glob("*/event.yml")))
            for problem in events_check.check_tree(self.docs, LANGUAGES):
                if "out of date for" in problem and "--update-lock" in problem:
                    # A new or changed event not yet recorded for calendar apps: the build does not fail on it.
                    problem = problem.replace("run this command with --update-lock", "once its dates are final, run "
                                              "`cd hooks && ../.venv/bin/python -m sitekit.events_check ../docs --update-lock`")
                    self.report.add_located(problem, "docs/events", level="warning")
                    continue
                self.report.add_located(problem.replace(str(self.docs), "docs"), "docs/events")
            for path in sorted((self.docs / "events").glob("*/event.yml")):
                self.check_placeholders(self.where(self.rel(path)), path.read_text(encoding="utf-8"), yaml_file=True)

    @staticmethod
    def sister_city_pages(directory) -> set[str]:
        """Pages the build makes from the sister-city data (links to them are fine)."""
        try:
            from sitekit.sister_cities_pages import FACETS, SECTION
        except ImportError:
            return set()
        slugs = [p.id for p in directory.partnerships] + [f"by-{facet}" for facet in FACETS]
        return {f"{SECTION}/{slug}.md" for slug in slugs}

    # translations -------------------------------------------------------
    def check_translations(self, listing: bool = False) -> dict:
        pages = statuses({r: t for r, t in self.texts.items() if r in self.metas}, LANGUAGES, DEFAULT)
        totals = {"translated": 0, "stale": 0, "missing": 0, "unrecorded": 0}
        advice = {
            "stale": "its {src} original changed since it was translated: update the translation, then run "
                     "`make translation-refresh PAGE={path}`",
            "missing": "not yet translated from {src_path} (readers see the original with a notice); copy that page "
                       "here, translate it, then run `make translation-refresh PAGE={path}`",
            "unrecorded": "no 'translation_of' recorded, so nobody can tell when it goes out of date; if it matches "
                          "its {src} original, run `make translation-refresh PAGE={path}`",
        }
        for page in pages:
            for problem in page.problems:
                self.report.add(problem.path, problem.line, problem.message)
            for lang, state in sorted(page.states.items()):
                if state == "source":
                    continue
                totals[state] += 1
                path = f"docs/{page.path(lang, DEFAULT)}"
                if listing:
                    sys.stdout.write(f"{path}: {state} (source: docs/{page.path(page.source, DEFAULT)})\n")
                if state in advice:
                    self.report.add(path, 1, advice[state].format(
                        src=page.source, path=path, src_path=f"docs/{page.path(page.source, DEFAULT)}"), "warning")
        return totals

    # all --------------------------------------------------------------
    def run(self, listing: bool = False) -> dict:
        self.check_data()
        self.check_files()
        for rel in sorted(self.metas):
            self.check_front_matter(rel)
        for rel in sorted(self.texts):
            self.check_text(rel)
        self.render_pages()
        for rel in sorted(self.soups):
            self.check_links(rel)
        return self.check_translations(listing)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make check", description="Check docs/ for editors' mistakes.")
    parser.add_argument("docs", nargs="?", default=str(ROOT / "docs"), help="the docs folder (default: docs)")
    parser.add_argument("--translations", action="store_true", help="also list the translation status of every page")
    parser.add_argument("--no-warnings", action="store_true", help="print errors only")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    docs = Path(args.docs).resolve()
    checker = Checker(docs, docs.parent if (docs.parent / "mkdocs.yml").is_file() else ROOT)
    totals = checker.run(args.translations)
    problems = sorted(set(checker.report.problems))
    annotate = bool(os.environ.get("CI"))
    for problem in problems:
        if args.no_warnings and problem.level != "error":
            continue
        sys.stdout.write((problem.annotation() if annotate else problem.text()) + "\n")
    errors = sum(p.level == "error" for p in problems)
    counts = checker.counts
    sys.stderr.write(
        f"make check: {counts['pages']} pages, {counts['data']} data files, {counts['images']} pictures in "
        f"{time.perf_counter() - started:.1f} s: {errors} error(s), {len(problems) - errors} warning(s). "
        f"Translations: {totals['translated']} up to date, {totals['stale']} out of date, "
        f"{totals['missing']} missing, {totals['unrecorded']} not recorded.\n")
    if errors:
        sys.stderr.write("Each message says what to change; CONTRIBUTING.md explains every one.\n")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
