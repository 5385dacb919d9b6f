"""News items of the press room: dated pages under press/news/, listed newest
first on the press room page and published as an Atom feed per language."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from .dates import as_date

NEWS_DIR = "press/news/"
FEED_PATH = "press/feed.xml"
CHINA_TIME = dt.timezone(dt.timedelta(hours=8))


class NewsError(ValueError):
    pass


@dataclass(frozen=True)
class NewsItem:
    date: dt.date
    title: str
    summary: str
    url: str  # site-relative, as page.url ("press/news/x/" or "zh/press/news/x/")


def is_news(src_uri: str) -> bool:
    return src_uri.startswith(NEWS_DIR) and src_uri.rsplit("/", 1)[-1].split(".")[0] != "index"


def news_date(value, where: str) -> dt.date:
    date = as_date(value)
    if date is not None:
        return date
    raise NewsError(f"{where}: front matter 'date' is missing or not a date; a news item needs the day it reports, "
                    "for example: date: 2024-01-12")


def newest_first(items) -> list[NewsItem]:
    return sorted(items, key=lambda item: (item.date, item.url), reverse=True)


def atom_feed(items, *, site_url: str, prefix: str, hreflang: str, title: str, subtitle: str,
              author: str, now: dt.date) -> bytes:
    """The Atom feed of one language. ``updated`` is the newest item's date
    (or ``now`` for an empty feed), so the same items give the same bytes.
    ``prefix`` is the language's folder ("" or "zh/")."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    items = newest_first(items)
    updated = items[0].date if items else now
    fg = FeedGenerator()
    home = base + prefix + "press/"
    fg.id(home)
    fg.title(title)
    fg.subtitle(subtitle)
    fg.author({"name": author})
    fg.link(href=home, rel="alternate", type="text/html", hreflang=hreflang)
    fg.link(href=base + prefix + FEED_PATH, rel="self", type="application/atom+xml")
    fg.language(hreflang)
    fg.updated(dt.datetime.combine(updated, dt.time(), CHINA_TIME))
    for item in items:
        stamp = dt.datetime.combine(item.date, dt.time(), CHINA_TIME)
        entry = fg.add_entry(order="append")
        entry.id(base + item.url)
        entry.title(item.title)
        entry.link(href=base + item.url, rel="alternate", type="text/html", hreflang=hreflang)
        entry.published(stamp)
        entry.updated(stamp)
        entry.summary(item.summary)
    return fg.atom_str(pretty=True)
