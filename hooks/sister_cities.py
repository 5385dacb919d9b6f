"""Sister cities, driven by docs/data/sister_cities.yml.

One data record per relationship gives, in every language: a partner page
(sister-cities/<id>/), a row of the directory, a marker on the world map (when
the record has coordinates), a line of the timeline, a count in the progress
view against the plan, and an entry in the coming anniversaries. The directory
is grouped and sorted by country, tier, Zhoushan side and year on
sister-cities/by-<facet>/ pages (no JavaScript needed);
overrides/assets/sister-cities.js adds filters and column sorting on top.

An editor may write a partner page's text in docs/sister-cities/<id>.md (and
<id>.zh.md); the generated facts go where it has ``<!-- sister-cities:profile -->``
or after its first heading. Any page whose front matter lists partner ids under
``sister_cities:`` (an event, for example) is listed on those partner pages
under "Exchanges".

Logic lives in hooks/sitekit/sister_cities_*.py; markup in
overrides/partials/sister-*.html. Nothing happens when the data file is absent.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from zoneinfo import ZoneInfo

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

from sitekit import sister_cities_map as geo
from sitekit.i18n_state import build_language
from sitekit.sister_cities_pages import (
    BLOCKS, FACETS, anniversaries, groups, marker, page_url, partner_markdown, reference_problems, rows,
    src_uri, view_markdown, with_profile_marker,
)
from sitekit.sister_cities_progress import progress
from sitekit.sister_cities_schema import SisterCityError, load
from sitekit.sister_cities_timeline import layout
from sitekit.sources import parse_sources
from sitekit.ui_strings import UIStringsError, load as load_ui, translate

log = logging.getLogger("mkdocs.plugins.zhoushan.sister_cities")
DATA = Path("data") / "sister_cities.yml"
ROOT = Path(__file__).resolve().parent.parent  # project root: node_modules/ lives here
TIME_ZONE = ZoneInfo("Asia/Shanghai")

_state: dict = {"directory": None, "env": None, "exchanges": {}}


def today() -> dt.date:
    """The build's "now": SOURCE_DATE_EPOCH when set, else the clock; in Zhoushan's time zone."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.astimezone(TIME_ZONE).date()


def _translator(config, lang: str):
    try:
        table = load_ui(Path(config.docs_dir) / "data" / "ui.yml")
    except (OSError, UIStringsError) as exc:
        raise PluginError(str(exc)) from exc

    def t(key: str) -> str:
        try:
            return translate(table, key, lang)
        except UIStringsError as exc:
            raise PluginError(str(exc)) from exc
    return t


def _i18n_file(config, uri: str, lang: str, content: str | None = None) -> File:
    """A section page as static-i18n would have made it for build language ``lang``."""
    from mkdocs_static_i18n.suffix import create_i18n_file

    lang_info = build_language(config)
    plain = File(uri, config.docs_dir, config.site_dir, config.use_directory_urls,
                 inclusion=InclusionLevel.NOT_IN_NAV)
    made = create_i18n_file(plain, lang, lang_info.default, list(lang_info.languages), config)
    if content is not None:
        made.content_string = content
    return made


@event_priority(-110)  # after mkdocs-static-i18n has chosen this language's files
def on_files(files, config):
    path = Path(config.docs_dir) / DATA
    _state.update(directory=None, exchanges={})
    if not path.is_file():
        return files
    try:
        directory = load(path, f"docs/{DATA.as_posix()}")
    except SisterCityError as exc:
        raise PluginError(str(exc)) from None
    _state["directory"] = directory
    lang = build_language(config)
    t = _translator(config, lang.current)
    pages = [(p.id, lambda p=p: partner_markdown(p, directory, lang.current, t)) for p in directory.partnerships]
    pages += [(f"by-{facet}", lambda facet=facet: view_markdown(facet, t)) for facet in FACETS]
    for slug, make in pages:
        own = src_uri(slug, lang.current, lang.default)
        existing = files.get_file_from_path(own)
        if existing is None:  # static-i18n keys its files by the unsuffixed path
            existing = next((f for f in files.documentation_pages()
                             if getattr(f, "norm_src_uri", f.src_uri) == src_uri(slug, lang.default, lang.default)), None)
        if existing is not None and getattr(existing, "locale", lang.current) == lang.current:
            page_file = existing  # the editor's page: reached from the directory, not the nav
            page_file.inclusion = InclusionLevel.NOT_IN_NAV
        else:
            if existing is not None:  # a fallback copy of the other language's editor page
                files.remove(existing)
            page_file = _i18n_file(config, own, lang.current, make())
            page_file.generated_by = "hooks/sister_cities.py"
            files.append(page_file)
        # Every language has this page (written or generated): real translations.
        for other in lang.languages:
            if other != lang.current:
                page_file.alternates[other] = _i18n_file(config, src_uri(slug, other, lang.default), other)
    return files


def on_page_markdown(markdown, page, config, files):
    directory = _state["directory"]
    if directory is None:
        return markdown
    refs = page.meta.get("sister_cities")
    if refs is not None:
        for problem in reference_problems(refs, set(directory.by_id())):
            log.warning(f"{page.file.src_uri}: {problem}")
    slug = _partner_slug(page, directory)
    if slug is None:
        return markdown
    page.meta["sister_city"] = slug
    if not page.meta.get("sources"):
        page.meta["sources"] = parse_sources(
            [{"title": s.title, **({"url": s.url} if s.url else {})} for s in directory.by_id()[slug].sources])
    return with_profile_marker(markdown)


def _partner_slug(page, directory) -> str | None:
    uri = getattr(page.file, "norm_src_uri", page.file.src_uri)
    for record in directory.partnerships:
        if uri == f"sister-cities/{record.id}.md":
            return record.id
    return None


def on_env(env, config, files):
    _state["env"] = env
    if _state["directory"] is None:
        return env
    exchanges: dict[str, list] = {}
    for file in files.documentation_pages():
        page = file.page
        refs = page.meta.get("sister_cities") if page is not None else None
        if isinstance(refs, list):
            for ref in refs:
                if isinstance(ref, str):
                    exchanges.setdefault(ref, []).append(page)
    _state["exchanges"] = exchanges
    return env


def on_page_context(context, page, config, nav):
    directory, env = _state["directory"], _state["env"]
    if directory is None or env is None or not page.content or "<!-- sister-cities:" not in page.content:
        return context
    lang = build_language(config)
    t = env.globals["t"]
    items = rows(directory, lang.current, lang.default, t)
    by_id = {item["id"]: item for item in items}
    day = today()

    def rel(url: str) -> str:
        return get_relative_url(url, page.url)

    shared = {"rows": items, "rel": rel, "directory": directory, "lang": lang.current,
              "view_urls": {f: page_url(f"by-{f}", lang.current, lang.default) for f in FACETS},
              "facets": FACETS, "index_url": ("" if lang.is_default else f"{lang.current}/") + "sister-cities/"}
    content, used = page.content, False
    for block in BLOCKS:
        if marker(block) not in content:
            continue
        data = dict(shared)
        if block == "directory":
            data["facet_groups"] = {f: groups(items, f) for f in FACETS}
        elif block == "map":
            data.update(_map_data(directory, items))
        elif block == "timeline":
            data["timeline"] = layout(items, list(directory.partnerships), day)
        elif block == "progress":
            data["progress"] = progress(directory, by_id)
        elif block == "anniversaries":
            data["anniversaries"] = anniversaries(directory, day, lang.current, lang.default, t)
        elif block == "profile":
            slug = page.meta.get("sister_city")
            if slug not in by_id:
                continue
            data["row"] = by_id[slug]
            data["exchanges"] = sorted(
                ({"title": p.title, "url": p.url} for p in _state["exchanges"].get(slug, [])),
                key=lambda e: (e["url"], e["title"] or ""))
        elif block == "view":
            facet = page.meta.get("sister_view")
            if facet not in FACETS:
                continue
            data.update(facet=facet, groups=groups(items, facet))
        html = env.get_template(f"partials/sister-{block}.html").render(sc=data)
        content = content.replace(marker(block), html, 1)
        used = True
    if used:
        assets = env.get_template("partials/sister-assets.html").render(sc={"rel": lambda u: get_relative_url(u, page.url)})
        page.content = assets + content
    return context


def _map_data(directory, items) -> dict:
    try:
        land = geo.land_path(ROOT)
    except geo.MapDataError as exc:
        raise PluginError(str(exc)) from None
    by_id = directory.by_id()
    markers = []
    for item in items:
        coords = by_id[item["id"]].coordinates
        if coords is not None:
            markers.append({"row": item, "marker": geo.marker(item["id"], coords.lon, coords.lat)})
    home_coords = directory.home_coordinates
    home = geo.marker("home", home_coords.lon, home_coords.lat)
    home_name = directory.home_name.get(items[0]["lang"] if items else "en") or directory.home_name["en"]
    labels = geo.place_labels([("home", home.x, home.y, home_name)]
                              + [(m["row"]["id"], m["marker"].x, m["marker"].y, m["row"]["name"]) for m in markers])
    for m in markers:
        m["label"] = labels[m["row"]["id"]]
    return {
        "land": land, "view_box": " ".join(f"{v:g}" for v in geo.view_box()),
        "markers": markers, "unmapped": [item for item in items if not item["mapped"]],
        "home": home, "home_label": labels["home"], "home_name": home_name,
    }
