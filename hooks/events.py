"""Events: one bilingual record per event, turned into listings, calendars,
structured data and a feed.

An event is a folder ``docs/events/<id>/`` with ``event.yml`` (the facts both
languages share, checked by sitekit/events_schema.py) and one page per
language (``index.md``, ``index.zh.md``: title, description, text). Editors
copy ``docs/templates/event/``. This hook:

- reads and checks every ``event.yml`` (on_files; they are not published), and
  fails when calendar facts changed without a higher ``sequence`` (docs/data/events-lock.json),
- refuses facts in an event page's front matter and gives each page its sources,
- fills ``<!-- events:... -->`` markers with listings (sitekit/events_listing.py),
  puts the facts box and the schema.org JSON-LD on each event page,
- writes ``<id>.ics`` per event, ``events/calendar.ics`` and ``events/feed.xml``
  per language (on_post_build).
"""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel

from sitekit.events_feed import make_feed
from sitekit.events_ics import make_calendar
from sitekit.events_jsonld import event_jsonld, jsonld_script_text
from sitekit.events_listing import (
    EventEntry, build_now, by_year, fill_markers, find_markers, in_category, insert_after_title, past, upcoming,
)
from sitekit.events_lock import LOCK_PATH, parse_lock, sequence_problem
from sitekit.events_schema import CATEGORIES, STATUSES, check_facts, check_page_meta
from sitekit.events_yaml import FactsError, load_facts_text
from sitekit.i18n_state import build_language

FACTS = re.compile(r"^events/([^/]+)/event\.yml$")
PAGE = re.compile(r"^events/([^/]+)/index(?:\.([a-z]{2}))?\.md$")
FACTS_MARKER = "<!-- events:facts -->"

# build language -> {"facts": {id: EventFacts}, "entries": {id: EventEntry}, "env": jinja env, "now": datetime}
STATE: dict[str, dict] = {}


def _state(config) -> dict:
    return STATE.setdefault(build_language(config).current, {"facts": {}, "entries": {}})


def on_config(config):
    lang = build_language(config)
    try:
        now = build_now()
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    STATE[lang.current] = {"facts": {}, "entries": {}, "now": now}
    return config


def on_files(files, config):
    """Runs before mkdocs-static-i18n sorts files by language (priority 0 > -100)."""
    state, lang = _state(config), build_language(config)
    docs = Path(config.docs_dir)
    for file in list(files):
        match = FACTS.match(file.src_uri)
        if not match:
            continue
        event_id, rel = match.group(1), f"docs/{file.src_uri}"
        folder = docs / "events" / event_id
        try:
            data, lines = load_facts_text(Path(file.abs_src_path).read_text(encoding="utf-8-sig"), rel)
            state["facts"][event_id] = check_facts(
                event_id, data, lines, rel, lang.languages, image_exists=lambda name: (folder / name).is_file(),
            )
        except FactsError as exc:
            raise PluginError(str(exc)) from None
        files.remove(file)  # facts are data, not a published file
        for language in lang.languages:
            name = "index.md" if language == lang.default else f"index.{language}.md"
            if not (folder / name).is_file():
                raise PluginError(
                    f"docs/events/{event_id}/: the event has no '{language}' page; copy "
                    f"docs/templates/event/{name} there and write its title, description and text"
                )
    _check_sequences(docs, state["facts"].values())
    for file in files:
        match = PAGE.match(file.src_uri)
        if match and match.group(1) in state["facts"]:
            # Event pages are reached through the listings, not the navigation.
            file.inclusion = InclusionLevel.NOT_IN_NAV
        elif match and (docs / "events" / match.group(1)).is_dir() and match.group(1) not in ("category",):
            raise PluginError(
                f"docs/{file.src_uri}: this event folder has no event.yml with its facts; copy "
                "docs/templates/event/event.yml next to it and fill it in"
            )
    return files


def _check_sequences(docs: Path, all_facts) -> None:
    """A changed date, time, venue or status needs a higher ``sequence`` (sitekit/events_lock.py)."""
    lock_file = docs / LOCK_PATH
    if not lock_file.is_file():
        return
    try:
        lock = parse_lock(lock_file.read_text(encoding="utf-8"), f"docs/{LOCK_PATH}")
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    for facts in sorted(all_facts, key=lambda f: f.id):
        problem = sequence_problem(facts, lock)
        if problem:
            raise PluginError(problem)


def on_page_markdown(markdown, page, config, files):
    state = _state(config)
    match = PAGE.match(page.file.src_uri)
    if not match or match.group(1) not in state["facts"]:
        return markdown
    facts = state["facts"][match.group(1)]
    locale = getattr(page.file, "locale", build_language(config).current)
    try:
        title, summary = check_page_meta(page.meta, f"docs/{page.file.src_uri}", facts.path)
    except FactsError as exc:
        raise PluginError(str(exc)) from None
    # Sources are facts too: rendered by overrides/partials/sources.html in this language.
    page.meta["sources"] = [{"title": s.title[locale], **({"url": s.url} if s.url else {})} for s in facts.sources]
    page.meta["event_id"] = facts.id
    state["entries"][facts.id] = EventEntry(facts, locale, title, summary, page.url)
    return markdown


def on_page_content(html, page, config, files):
    try:
        find_markers(html, f"docs/{page.file.src_uri}")  # fail early on a mistyped marker
    except FactsError as exc:
        raise PluginError(str(exc)) from None
    if page.meta.get("event_id"):
        html = insert_after_title(html, FACTS_MARKER)
    return html


def on_env(env, config, files):
    _state(config)["env"] = env
    return env


def on_page_context(context, page, config, nav):
    state = _state(config)
    if "<!-- events:" not in (page.content or ""):
        return context
    env, now = state["env"], state["now"]
    entries = sorted(state["entries"].values(), key=lambda e: e.facts.sort_key())
    values = {**context, "page": page}

    def render(marker):
        name, data = "partials/event-list.html", {}
        if marker.kind == "facts":
            if not page.meta.get("event_id"):
                raise FactsError(f"docs/{page.file.src_uri}", None, "'<!-- events:facts -->' belongs to event pages only; remove it")
            entry = state["entries"][page.meta["event_id"]]
            image = f"{config.site_url or ''}events/{entry.id}/{entry.facts.image}" if entry.facts.image else ""
            page.meta["event_jsonld"] = jsonld_script_text(event_jsonld(entry, config.site_url or "", image))
            name, data = "partials/event-facts.html", {"event": entry}
        elif marker.kind in ("upcoming", "past", "next"):
            items = upcoming(entries, now) if marker.kind != "past" else past(entries, now)
            data = {"kind": marker.kind, "events": items, "group": "all",
                    "limit": int(marker.argument) if marker.kind == "next" else 0}
        elif marker.kind == "category":
            chosen = in_category(entries, marker.argument)
            name, data = "partials/event-category.html", {
                "category": marker.argument, "upcoming": upcoming(chosen, now), "past": past(chosen, now)}
        elif marker.kind == "archive":
            name, data = "partials/event-archive.html", {"years": by_year(entries)}
        elif marker.kind == "categories":
            counts = {c: len(in_category(entries, c)) for c in CATEGORIES}
            name, data = "partials/event-categories.html", {"categories": CATEGORIES, "counts": counts}
        elif marker.kind == "subscribe":
            name = "partials/event-subscribe.html"
        if marker.kind != "facts":
            page.meta["events_script"] = True
        return env.get_template(name).render({**values, **data})

    try:
        page.content = fill_markers(page.content, f"docs/{page.file.src_uri}", render)
    except FactsError as exc:
        raise PluginError(str(exc)) from None
    return context


def _labels(t) -> dict:
    labels = {f"status.{s}": t(f"events.status.{s}") for s in STATUSES}
    labels.update({f"category.{c}": t(f"events.category.{c}") for c in CATEGORIES})
    labels["previously"] = t("events.previously")
    return labels


def on_post_build(config):
    lang, state = build_language(config), _state(config)
    if "env" not in state:
        return
    # Written even with no events: every page's head links the feed.
    t, now, site_url = state["env"].globals["t"], state["now"], config.site_url or ""
    labels = _labels(t)
    site = Path(config.site_dir)
    prefix = "" if lang.is_default else f"{lang.current}/"
    entries = sorted(state["entries"].values(), key=lambda e: e.facts.sort_key())
    for entry in entries:
        if entry.has_calendar:
            target = site / entry.ics_url
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(make_calendar([entry], entry.title, lang.current, site_url, now, labels))
    folder = site / prefix / "events"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "calendar.ics").write_bytes(
        make_calendar(entries, t("events.calendar_name"), lang.current, site_url, now, labels))
    (folder / "feed.xml").write_bytes(make_feed(
        entries, title=t("events.feed_title"), description=t("events.feed_description"), lang=lang.current,
        site_url=site_url, feed_url=f"{prefix}events/feed.xml", home_url=f"{prefix}events/", now=now, labels=labels,
    ))
