"""The press room: news items are dated pages under press/news/ (front matter
``date: YYYY-MM-DD``). Each shows its date under the title; the press room
page lists them newest first where it has ``<!-- news -->``; each language
gets an Atom feed at press/feed.xml (/zh/press/feed.xml for Chinese), valid
and empty when there are no items."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from sitekit.i18n_state import build_language
from sitekit.markers import fill_markers, find_markers
from sitekit.press import FEED_PATH, NewsError, NewsItem, atom_feed, is_news, news_date, newest_first
from sitekit.reviewed import ReviewedError, format_date, today

_state = {"env": None, "items": [], "has_press": False}


def on_config(config):
    _state["items"] = []
    return config


def on_files(files, config):
    _state["has_press"] = any(f.src_uri.startswith("press/") for f in files)
    return files


def on_page_markdown(markdown, page, config, files):
    if not is_news(page.file.src_uri):
        return markdown
    lang = build_language(config)
    try:
        day = news_date(page.meta.get("date"), f"docs/{page.file.src_uri}")
    except NewsError as exc:
        raise PluginError(str(exc)) from None
    page.meta["zs_news_date"] = {"iso": day.isoformat(), "text": format_date(day, lang.current)}
    if getattr(page.file, "locale", lang.current) == lang.current:  # not a fallback copy
        _state["items"].append(NewsItem(day, str(page.meta.get("title") or page.title),
                                        str(page.meta.get("description") or ""), page.url))
    return markdown


def on_env(env, config, files):
    _state["env"] = env
    return env


def on_page_context(context, page, config, nav):
    env = _state["env"]
    lang = build_language(config)
    feed = {}
    if page.file.src_uri.startswith("press/"):
        prefix = "" if lang.is_default else f"{lang.current}/"
        feed = {"href": get_relative_url(prefix + FEED_PATH, page.url), "title": env.globals["t"]("press.feed_title")}
    context["zs_feed"] = feed
    dateline = page.meta.get("zs_news_date")
    if dateline and page.content:
        head, sep, rest = page.content.partition("</h1>")
        rendered = env.get_template("partials/news-dateline.html").render(date=dateline)
        page.content = head + sep + rendered + rest if sep else rendered + page.content
    if page.content and find_markers(page.content, "news"):
        items = [
            {"title": item.title, "summary": item.summary, "url": get_relative_url(item.url, page.url),
             "iso": item.date.isoformat(), "text": format_date(item.date, lang.current)}
            for item in newest_first(_state["items"])
        ]
        template = env.get_template("partials/news-list.html")
        page.content = fill_markers(page.content, "news", lambda _: template.render(items=items, feed=feed))
    return context


def on_post_build(config):
    if not _state["has_press"] or _state["env"] is None:
        return
    lang = build_language(config)
    prefix = "" if lang.is_default else f"{lang.current}/"
    try:
        now = today()
    except ReviewedError as exc:
        raise PluginError(str(exc)) from None
    table = _state["env"].globals["t"]
    feed = atom_feed(
        _state["items"], site_url=config.site_url or "http://127.0.0.1:8000/", prefix=prefix,
        hreflang=lang.hreflang, title=table("press.feed_title"), subtitle=table("press.feed_subtitle"),
        author=table("press.feed_author"), now=now,
    )
    target = Path(config.site_dir) / prefix / FEED_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(feed)
