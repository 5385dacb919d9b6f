"""The RSS feed of events, one per language, made with ``feedgen``.

Items are the events, the most recent start first. Each item's ``guid`` is the
event's calendar UID, so a reader never sees the same event twice. There is
no per-item pubDate: the site does not record when an event was announced,
and a made-up date would be wrong. ``lastBuildDate`` is the build's "now"
(SOURCE_DATE_EPOCH when set, so the feed is reproducible).
"""
from __future__ import annotations

from datetime import datetime

from feedgen.feed import FeedGenerator

from .alternates import absolute
from .events_ics import event_uid
from .events_listing import EventEntry
from .i18n_state import HREFLANG


def make_feed(entries: list[EventEntry], *, title: str, description: str, lang: str, site_url: str,
              feed_url: str, home_url: str, now: datetime, labels: dict) -> bytes:
    fg = FeedGenerator()
    fg.title(title)
    fg.description(description)
    # feedgen takes the RSS <link> from the last link added: the self link goes first.
    fg.link(href=absolute(site_url, feed_url), rel="self")
    fg.link(href=absolute(site_url, home_url), rel="alternate")
    fg.language(HREFLANG.get(lang, lang))
    fg.lastBuildDate(now)
    fg.generator("feedgen")
    # feedgen puts the first added entry last; add the oldest first so the newest leads.
    for entry in sorted(entries, key=lambda e: e.facts.sort_key()):
        item = fg.add_entry()
        item.title(entry.title)
        item.link(href=absolute(site_url, entry.url))
        item.guid(event_uid(entry.id), permalink=False)
        stop = "。" if lang == "zh" else ". "
        status = "" if entry.status == "scheduled" else labels["status." + entry.status] + stop
        item.description(f"{status}{entry.when}{stop}{entry.summary}")
        item.category(term=labels[f"category.{entry.category}"])
    return fg.rss_str(pretty=True)
