"""'Last reviewed' line on pages whose advice goes out of date.

Pages under living/ must have ``reviewed: YYYY-MM-DD`` in their front matter;
any page may have one. The date is shown under the page title
(overrides/partials/reviewed.html) and the build warns when it is more than a
year before "now" (SOURCE_DATE_EPOCH, else today).
"""
from __future__ import annotations

import logging

from mkdocs.exceptions import PluginError

from sitekit.i18n_state import build_language
from sitekit.reviewed import (MAX_AGE_DAYS, ReviewedError, format_date, is_stale,
                              needs_review_date, parse_reviewed, today)

log = logging.getLogger("mkdocs.plugins.zhoushan.reviewed")
_state = {"env": None}


def on_page_markdown(markdown, page, config, files):
    lang = build_language(config)
    src = page.file.src_uri
    own_language = getattr(page.file, "locale", lang.current) == lang.current
    raw = page.meta.get("reviewed")
    if raw is None:
        if needs_review_date(src) and own_language:
            log.warning(f"{src}: pages under living/ need 'reviewed: YYYY-MM-DD' in the front matter "
                        "(the day someone last checked the page against its sources)")
        return markdown
    try:
        day = parse_reviewed(raw)
        now = today()
    except ReviewedError as exc:
        raise PluginError(f"{src}: {exc}") from None
    if own_language and is_stale(day, now):
        log.warning(f"{src}: last reviewed {day.isoformat()}, more than {MAX_AGE_DAYS} days before "
                    f"{now.isoformat()}. Check the page against its sources, then update 'reviewed:'.")
    page.meta["zs_reviewed"] = {"iso": day.isoformat(), "text": format_date(day, lang.current)}
    return markdown


def on_env(env, config, files):
    _state["env"] = env
    return env


def on_page_context(context, page, config, nav):
    info = page.meta.get("zs_reviewed")
    if info and page.content is not None:
        rendered = _state["env"].get_template("partials/reviewed.html").render(reviewed=info)
        # Under the title, so readers see how fresh the advice is before they act on it.
        head, sep, rest = page.content.partition("</h1>")
        page.content = head + sep + rendered + rest if sep else rendered + page.content
    return context
