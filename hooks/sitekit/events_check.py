"""Check every event in seconds, without building the site.

    cd hooks && ../.venv/bin/python -m sitekit.events_check ../docs [--update-lock]

Prints one ``file:line: message`` per problem and exits 1 if there is any;
the same checks run in the build (hooks/events.py), which fails on them.
It also reports when docs/data/events-lock.json (sitekit/events_lock.py) is
out of date; ``--update-lock`` rewrites it (and exits 1 if it changed it, so
it works as a pre-commit step).
"""
from __future__ import annotations

import sys
from pathlib import Path

from .events_lock import LOCK_PATH, dump_lock, make_lock, parse_lock, sequence_problem, stale
from .events_schema import check_facts, check_page_meta
from .events_yaml import FactsError, load_facts_text
from .front_matter import FrontMatterError, parse_front_matter

LANGUAGES = ("en", "zh")


def check_tree(docs: Path, languages: tuple[str, ...] = LANGUAGES, update_lock: bool = False) -> list[str]:
    problems, all_facts = [], []
    events = docs / "events"
    for folder in sorted(p for p in events.iterdir() if p.is_dir() and p.name != "category"):
        facts_file = folder / "event.yml"
        rel = f"docs/events/{folder.name}/event.yml"
        if not facts_file.is_file():
            problems.append(f"docs/events/{folder.name}/: no event.yml; copy docs/templates/event/event.yml here")
            continue
        try:
            data, lines = load_facts_text(facts_file.read_text(encoding="utf-8-sig"), rel)
            all_facts.append(check_facts(folder.name, data, lines, rel, languages,
                                         image_exists=lambda name: (folder / name).is_file()))
        except FactsError as exc:
            problems.append(str(exc))
        for lang in languages:
            name = "index.md" if lang == languages[0] else f"index.{lang}.md"
            page = folder / name
            page_rel = f"docs/events/{folder.name}/{name}"
            if not page.is_file():
                problems.append(f"{page_rel}: missing; copy docs/templates/event/{name} here")
                continue
            try:
                meta, _ = parse_front_matter(page.read_text(encoding="utf-8-sig"), page_rel)
                check_page_meta(meta, page_rel, rel)
            except (FactsError, FrontMatterError) as exc:
                problems.append(str(exc))
    if problems:
        return problems
    lock_file = docs / LOCK_PATH
    lock = parse_lock(lock_file.read_text(encoding="utf-8"), f"docs/{LOCK_PATH}") if lock_file.is_file() else {}
    problems += [p for p in (sequence_problem(f, lock) for f in all_facts) if p]
    out_of_date = stale(all_facts, lock)
    if out_of_date and not problems:
        if update_lock:
            lock_file.write_text(dump_lock(make_lock(all_facts)), encoding="utf-8")
            problems.append(f"docs/{LOCK_PATH}: updated for {', '.join(out_of_date)}")
        else:
            problems.append(f"docs/{LOCK_PATH}: out of date for {', '.join(out_of_date)}; run this command with --update-lock")
    return problems


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    docs = Path(args[0] if args else "docs")
    problems = check_tree(docs, update_lock="--update-lock" in argv)
    for problem in problems:
        sys.stdout.write(problem + "\n")
    count = len(list((docs / "events").glob("*/event.yml")))
    sys.stderr.write(f"{count} events checked, {len(problems)} problem(s)\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
