"""Translation status and the refresh command for translators.

    make translation-status
        every page and the state of each language (source, translated, stale,
        missing, unrecorded)
    make translation-refresh PAGE=docs/about/index.zh.md
        after updating a translation: record which version of the original it
        now matches (writes ``translation_of: {source: en, hash: ...}`` into
        the translation's front matter; nothing else in the file changes)
    make translation-refresh PAGE=docs/about/index.zh.md SOURCE=zh
        the same, when the page was translated the other way (the Chinese
        file is the original): the field is then written into the English file
    make translation-refresh ALL=1
        record the current version for every translation that has no record
        yet (use once, when the pages are known to match)

PAGE may name either file of a pair; the translation is the one that is not
the source. Pure logic: hooks/sitekit/translation.py.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from sitekit.front_matter import FrontMatterError, parse_front_matter  # noqa: E402
from sitekit.translation import (FIELD, TranslationError, language_path, set_record,  # noqa: E402
                                 source_hash, split_language, statuses)

LANGUAGES = ("en", "zh")
DEFAULT = "en"
UNPUBLISHED = ("data/", "templates/")


def page_texts(docs: Path) -> dict[str, str]:
    texts = {}
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        if not rel.startswith(UNPUBLISHED) and not path.is_symlink():
            texts[rel] = path.read_text(encoding="utf-8-sig")
    return texts


def docs_relative(docs: Path, page: str) -> str:
    """'about/index.zh.md' for 'docs/about/index.zh.md', an absolute path or 'about/index.zh.md'."""
    path = Path(page)
    if path.resolve().is_relative_to(docs.resolve()):
        return path.resolve().relative_to(docs.resolve()).as_posix()
    text = path.as_posix()
    return text[len("docs/"):] if text.startswith("docs/") else text


def refresh(docs: Path, page: str, source: str | None = None) -> list[str]:
    """Record the current source version in the translation(s) of ``page``.
    Returns the paths changed (relative to docs/)."""
    rel = docs_relative(docs, page)
    base, lang = split_language(rel, LANGUAGES, DEFAULT)
    texts = page_texts(docs)
    present = {l: language_path(base, l, DEFAULT) for l in LANGUAGES if language_path(base, l, DEFAULT) in texts}
    if rel not in texts:
        raise SystemExit(f"docs/{rel}: no such page under docs/")
    if source is None:
        status = next(s for s in statuses({p: texts[p] for p in present.values()}, LANGUAGES, DEFAULT))
        source = status.source
    if source not in present:
        raise SystemExit(f"docs/{language_path(base, source, DEFAULT)}: the source page does not exist; "
                         f"name the language the page was written in with SOURCE=")
    digest = source_hash(texts[present[source]], f"docs/{present[source]}")
    changed = []
    for other, path in sorted(present.items()):
        text = texts[path]
        if other == source:
            meta, _ = parse_front_matter(text, f"docs/{path}")
            if FIELD in meta:  # it was the translation before: it is the original now
                new = remove_record(text)
                (docs / path).write_text(new, encoding="utf-8")
                changed.append(path)
            continue
        new = set_record(text, source, digest)
        if new != text:
            (docs / path).write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def remove_record(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(line for line in lines if not line.startswith(FIELD + ":"))


def refresh_unrecorded(docs: Path) -> list[str]:
    texts = page_texts(docs)
    changed = []
    for status in statuses(texts, LANGUAGES, DEFAULT):
        if any(state == "unrecorded" for state in status.states.values()):
            changed += refresh(docs, status.path(status.source, DEFAULT), status.source)
    return changed


def show_status(docs: Path) -> int:
    texts = page_texts(docs)
    width = max((len(s) for s in texts), default=10) + 5
    for status in statuses(texts, LANGUAGES, DEFAULT):
        states = "  ".join(f"{lang}: {status.states[lang]:<10}" for lang in LANGUAGES)
        sys.stdout.write(f"docs/{status.base:<{width}} {states}\n")
        for problem in status.problems:
            sys.stdout.write(f"{problem}\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools.translation", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status", help="list every page's translation status")
    ref = sub.add_parser("refresh", help="record the current source version in a translation")
    ref.add_argument("pages", nargs="*", help="docs/... page(s); either file of a pair")
    ref.add_argument("--source", choices=LANGUAGES, help="the language the page was written in")
    ref.add_argument("--all", action="store_true", help="every translation with no record yet")
    parser.add_argument("--docs", default=str(ROOT / "docs"))
    args = parser.parse_args(argv)
    docs = Path(args.docs)
    if args.command == "status":
        return show_status(docs)
    if not args.pages and not args.all:
        parser.error("name a page (PAGE=docs/...md) or use ALL=1")
    try:
        changed = refresh_unrecorded(docs) if args.all else [
            path for page in args.pages for path in refresh(docs, page, args.source)]
    except (FrontMatterError, TranslationError) as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    for path in changed:
        sys.stdout.write(f"docs/{path}: recorded the current version of its source\n")
    if not changed:
        sys.stdout.write("Nothing to change: the recorded versions are current.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
