"""Templates for new content, in both languages, with every field present and explained.

    make new-event ID=2027-islands-tourism-conference
        docs/events/<ID>/ with event.yml, index.md and index.zh.md
        (copied from docs/templates/event/, the events' own template)
    make new-sister-city ID=kesennuma
        a new record at the end of docs/data/sister_cities.yml
        (from docs/templates/sister-city.yml)
    make new-page PAGE=invest/ports
        docs/invest/ports.md and docs/invest/ports.zh.md (from tools/templates/),
        added to the navigation in mkdocs.yml after the section's last page

Add SOURCE=zh when the Chinese text will be written first: the other
language's page then records that it is the translation (translation_of).
What is created passes `make check` (which still warns about the template
text left in it) and the strict build, so an editor can build and look at it
at once. Nothing existing is ever overwritten.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from sitekit.translation import language_path, set_record, source_hash  # noqa: E402

LANGUAGES = ("en", "zh")
DEFAULT = "en"
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PAGE = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*/)*[a-z0-9]+(-[a-z0-9]+)*$")
TEMPLATES = Path(__file__).resolve().parent / "templates"


class NewError(Exception):
    pass


def _check_id(value: str, what: str, example: str) -> str:
    value = (value or "").strip()
    if not ID.match(value):
        raise NewError(f"{what} {value!r} must be lower-case letters, digits and hyphens, for example {example}")
    return value


def _record_translation(folder: Path, base: str, source: str) -> None:
    """The page in the other language records which version of the source it matches."""
    source_text = (folder / language_path(base, source, DEFAULT)).read_text(encoding="utf-8")
    digest = source_hash(source_text)
    for lang in LANGUAGES:
        if lang != source:
            path = folder / language_path(base, lang, DEFAULT)
            path.write_text(set_record(path.read_text(encoding="utf-8"), source, digest), encoding="utf-8")


def new_event(root: Path, event_id: str, source: str = DEFAULT) -> list[Path]:
    event_id = _check_id(event_id, "The event id", "2027-islands-tourism-conference")
    template = root / "docs" / "templates" / "event"
    target = root / "docs" / "events" / event_id
    if not template.is_dir():
        raise NewError(f"{template} is missing; it is the template every event is copied from")
    if target.exists():
        raise NewError(f"docs/events/{event_id}/ already exists; choose another id or edit that event")
    shutil.copytree(template, target)
    _record_translation(target, "index.md", source)
    return sorted(target.iterdir())


def new_page(root: Path, page: str, source: str = DEFAULT, today: str | None = None) -> list[Path]:
    page = page.strip().removeprefix("docs/").removesuffix(".md")
    if not PAGE.match(page):
        raise NewError(f"The page {page!r} must be a path under docs/ in lower-case words joined by hyphens, "
                       "without .md, for example invest/ports")
    docs = root / "docs"
    base = f"{page}.md"
    made = []
    for lang in LANGUAGES:
        if (docs / language_path(base, lang, DEFAULT)).exists():
            raise NewError(f"docs/{language_path(base, lang, DEFAULT)} already exists; choose another name")
    for lang in LANGUAGES:
        text = (TEMPLATES / ("page.md" if lang == DEFAULT else f"page.{lang}.md")).read_text(encoding="utf-8")
        if page.startswith("living/") and today:
            text = text.replace("# reviewed: YYYY-MM-DD", f"reviewed: {today}")
        path = docs / language_path(base, lang, DEFAULT)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        made.append(path)
    _record_translation(docs, base, source)
    return made


NAV_ENTRY = re.compile(r"^(?P<indent>\s*)- (?:[^:\n]+: )?(?P<path>[\w./-]+\.md)\s*$")


def add_to_nav(config_text: str, rel: str) -> str | None:
    """mkdocs.yml with ``rel`` listed after the last nav entry of its folder;
    None when the file has no nav or no entry of that folder (the editor adds it by hand)."""
    lines = config_text.split("\n")
    try:
        start = next(i for i, line in enumerate(lines) if line.rstrip() == "nav:")
    except StopIteration:
        return None
    folder = rel.rsplit("/", 1)[0] + "/" if "/" in rel else None
    last = None
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line and not line.startswith((" ", "-", "#")):
            break  # the next top-level key
        match = NAV_ENTRY.match(line)
        if match and folder and match.group("path").startswith(folder) and "/" not in match.group("path")[len(folder):]:
            last = (i, match.group("indent"))
        if match and match.group("path") == rel:
            return config_text
    if last is None:
        return None
    index, indent = last
    lines.insert(index + 1, f"{indent}- {rel}")
    return "\n".join(lines)


def new_sister_city(root: Path, city_id: str) -> Path:
    city_id = _check_id(city_id, "The sister-city id", "kesennuma")
    template = root / "docs" / "templates" / "sister-city.yml"
    data = root / "docs" / "data" / "sister_cities.yml"
    if not template.is_file():
        raise NewError(f"{template} is missing; it is the template every sister-city record is copied from")
    text = data.read_text(encoding="utf-8")
    if re.search(rf"^\s*- id: {re.escape(city_id)}\s*(#.*)?$", text, re.M):
        raise NewError(f"docs/data/sister_cities.yml already has a record with id '{city_id}'")
    if not re.search(r"^partnerships:\s*$", text, re.M) or not text.rstrip().split("\n")[-1].startswith(" "):
        raise NewError("docs/data/sister_cities.yml must end with its 'partnerships:' list; add the record by hand "
                       "from docs/templates/sister-city.yml")
    record = template.read_text(encoding="utf-8")
    # The template's record follows its explanatory comments; the comments go along.
    record = re.sub(r"^(\s*- id: )example-city\b", rf"\g<1>{city_id}", record, count=1, flags=re.M)
    data.write_text(text.rstrip("\n") + "\n\n" + record.rstrip("\n") + "\n", encoding="utf-8")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools.new", description="Create new content from a template.")
    parser.add_argument("kind", choices=("event", "sister-city", "page"))
    parser.add_argument("name", help="the event id, the sister-city id or the page path (e.g. invest/ports)")
    parser.add_argument("--source", choices=LANGUAGES, default=DEFAULT,
                        help="the language written first (the other is its translation)")
    parser.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = Path(args.root)
    try:
        if args.kind == "event":
            made = new_event(root, args.name, args.source)
            folder = f"docs/events/{args.name}/"
            sys.stdout.write(f"Created {folder}: fill in event.yml (its comments say what each field takes), then "
                             f"write index.md and index.zh.md. Guide: docs/templates/events-guide.md.\n")
        elif args.kind == "sister-city":
            new_sister_city(root, args.name)
            sys.stdout.write(f"Added the record '{args.name}' at the end of docs/data/sister_cities.yml: replace the "
                             "example values with what your source says and delete the optional lines you have "
                             "nothing for. Its pages are made by the build.\n")
        else:
            import datetime as dt
            import os
            epoch = os.environ.get("SOURCE_DATE_EPOCH")
            today = (dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today())
            made = new_page(root, args.name, args.source, today.isoformat())
            rel = args.name.strip().removeprefix("docs/").removesuffix(".md") + ".md"
            config = root / "mkdocs.yml"
            text = config.read_text(encoding="utf-8") if config.is_file() else ""
            updated = add_to_nav(text, rel) if text else None
            if updated is not None and updated != text:
                config.write_text(updated, encoding="utf-8")
                where = "added to the navigation in mkdocs.yml"
            elif updated == text:
                where = "already in the navigation"
            elif "\nnav:" in "\n" + text:
                where = f"NOT in the navigation yet: add the line '- {rel}' under its section in mkdocs.yml"
            else:
                where = "listed automatically (this site has no fixed navigation)"
            names = " and ".join(str(p.relative_to(root)) for p in made)
            sys.stdout.write(f"Created {names} ({where}). Replace every TODO, then run `make check`.\n")
    except NewError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
