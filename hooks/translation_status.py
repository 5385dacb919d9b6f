"""Translation status for readers.

- A translation whose source has changed since it was made (its recorded
  ``translation_of: hash`` no longer matches the source's text, see
  sitekit/translation.py) shows a short notice under its title, linking to the
  original (overrides/partials/translation-stale.html).
- A page with ``<!-- translation-status -->`` gets the coverage table by
  section and the list of pages waiting for a translator
  (overrides/partials/translation-status.html), in the page's language.

A malformed ``translation_of`` is a warning naming the file and line (the
strict build fails); ``make check`` reports the same.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.utils import get_relative_url

from sitekit.front_matter import FrontMatterError, parse_front_matter
from sitekit.i18n_state import build_language
from sitekit.markers import fill_markers, find_markers
from sitekit.output_urls import output_path
from sitekit.translation import coverage, language_path, split_language, statuses

log = logging.getLogger("mkdocs.plugins.zhoushan.translation_status")
_state = {"env": None, "pages": [], "by_base": {}, "titles": {}}


def _read_texts(files) -> dict[str, str]:
    texts = {}
    for file in files.documentation_pages():
        if file.abs_src_path and not file.inclusion.is_excluded() and file.src_uri.endswith(".md"):
            texts[file.src_uri] = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
    return texts


def on_files(files, config):
    """Runs before mkdocs-static-i18n (-100), while every language's file is still listed."""
    lang = build_language(config)
    texts = _read_texts(files)
    # Every language's build lists the same sources: the second one reuses the first's statuses.
    key = (tuple(sorted(texts.items())), tuple(lang.languages), lang.default)
    if _state.get("key") != key:
        pages = statuses(texts, lang.languages, lang.default)
        _state.update(key=key, pages=pages, by_base={p.base: p for p in pages}, titles={})
        for rel, text in texts.items():
            try:
                meta, _ = parse_front_matter(text, rel)
            except FrontMatterError:
                continue
            _state["titles"][rel] = str(meta.get("title") or "")
    pages = _state["pages"]
    if lang.is_default:
        for page in pages:
            for problem in page.problems:
                log.warning(str(problem))
    return files


def _url(rel: str, lang: str, default: str, use_directory_urls: bool) -> str:
    """Site URL of the page ``rel`` (a path under docs/, with its language suffix)."""
    base, _ = split_language(rel, (lang, default), default)
    out = output_path(base, use_directory_urls)
    url = out[: -len("index.html")] if out.endswith("index.html") else out
    return ("" if lang == default else f"{lang}/") + url


def on_page_markdown(markdown, page, config, files):
    lang = build_language(config)
    locale = getattr(page.file, "locale", lang.current)
    if locale != lang.current:
        return markdown  # a fallback copy: the "not yet translated" notice covers it
    base = split_language(page.file.src_uri, lang.languages, lang.default)[0]
    status = _state["by_base"].get(base)
    if status and status.states.get(locale) == "stale":
        source = status.source
        page.meta["zs_translation_stale"] = {
            "source_lang": source,
            "source_url": _url(language_path(base, source, lang.default), source, lang.default,
                               config.use_directory_urls),
        }
    return markdown


def on_env(env, config, files):
    _state["env"] = env
    return env


def _title(base: str, lang: str, default: str) -> str:
    titles = _state["titles"]
    return titles.get(language_path(base, lang, default)) or titles.get(base) or base


def _status_data(lang: str, default: str, languages: tuple[str, ...], page_url: str, use_dir: bool) -> dict:
    pages = _state["pages"]
    rows = coverage(pages, languages)
    for row in rows:
        index = f"{row['section']}/index.md" if row["section"] else "index.md"
        # The top-level pages are labelled "Home and site-wide pages" by the template.
        row["label"] = "" if not row["section"] else (
            _title(index, lang, default) if index in _state["by_base"] else row["section"])
        row["url"] = get_relative_url(_url(index, lang, default, use_dir), page_url) if index in _state["by_base"] else ""
    todo = []
    for status in pages:
        for other in languages:
            state = status.states.get(other)
            if state in ("stale", "missing", "unrecorded"):
                have = other if state != "missing" else status.source
                todo.append({
                    "state": state, "lang": other, "source_lang": status.source,
                    "title": _title(status.base, have, default),
                    "path": f"docs/{language_path(status.base, other, default)}",
                    "url": get_relative_url(_url(language_path(status.base, have, default), have, default, use_dir),
                                            page_url),
                })
    return {"rows": rows, "todo": todo, "languages": languages,
            "totals": {k: sum(r[k] for r in rows) for k in ("pages", "translated", "stale", "missing", "unrecorded")}}


def on_page_context(context, page, config, nav):
    env = _state["env"]
    if env is None or page.content is None:
        return context
    lang = build_language(config)
    stale = page.meta.get("zs_translation_stale")
    if stale:
        notice = env.get_template("partials/translation-stale.html").render(
            stale={**stale, "href": get_relative_url(stale["source_url"], page.url)})
        head, sep, rest = page.content.partition("</h1>")
        page.content = head + sep + notice + rest if sep else notice + page.content
    if find_markers(page.content, "translation-status"):
        data = _status_data(lang.current, lang.default, lang.languages, page.url, config.use_directory_urls)
        template = env.get_template("partials/translation-status.html")
        page.content = fill_markers(page.content, "translation-status", lambda _: template.render(status=data))
    return context
