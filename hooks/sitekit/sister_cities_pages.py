"""Sister-city pages: what each generated page says, and the rows, groups and
anniversaries the templates render. Pure: takes the validated Directory, a
language and a ``t(key)`` translator for interface strings; returns plain data.

Pages (per language; Chinese under zh/):
  sister-cities/<id>/          one per partnership (generated unless an editor
                               wrote docs/sister-cities/<id>.md or <id>.zh.md)
  sister-cities/by-<facet>/    the directory grouped and sorted by country,
                               tier, Zhoushan side or year: the filtered and
                               sorted views that work without JavaScript
Markers an editor places in a page (replaced by the hook):
  <!-- sister-cities:directory -->  <!-- sister-cities:map -->
  <!-- sister-cities:timeline -->   <!-- sister-cities:progress -->
  <!-- sister-cities:anniversaries -->
  <!-- sister-cities:profile -->    (partner pages; added when missing)
  <!-- sister-cities:view -->       (the by-<facet> pages)
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

import yaml

from .sister_cities_schema import Directory, PartialDate, Partnership

SECTION = "sister-cities"
FACETS = ("country", "tier", "side", "year")
MARKER = "<!-- sister-cities:{} -->"
BLOCKS = ("directory", "map", "timeline", "progress", "anniversaries", "profile", "view")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
# BCP 47 tag of the partner's own script, for <span lang>; unknown -> no tag.
NATIVE_LANG = {"JP": "ja", "KR": "ko", "RU": "ru", "TH": "th", "VN": "vi", "FR": "fr", "DE": "de", "PE": "es"}
ANNIVERSARY_STEP = 5  # "coming anniversaries" are the round ones: 5th, 10th, 15th...

Translate = Callable[[str], str]


def marker(block: str) -> str:
    return MARKER.format(block)


def src_uri(slug: str, lang: str, default_lang: str) -> str:
    """Source path of a section page in the suffix layout: x.md, x.zh.md."""
    return f"{SECTION}/{slug}.md" if lang == default_lang else f"{SECTION}/{slug}.{lang}.md"


def page_url(slug: str, lang: str, default_lang: str) -> str:
    prefix = "" if lang == default_lang else f"{lang}/"
    return f"{prefix}{SECTION}/{slug}/"


def format_date(date: PartialDate, lang: str) -> str:
    if lang == "zh":
        text = f"{date.year}年"
        if date.month:
            text += f"{date.month}月"
        if date.day:
            text += f"{date.day}日"
        return text
    if date.day:
        return f"{date.day} {MONTHS_EN[date.month - 1]} {date.year}"
    if date.month:
        return f"{MONTHS_EN[date.month - 1]} {date.year}"
    return str(date.year)


def text(value: dict | None, lang: str) -> str:
    if not value:
        return ""
    return value.get(lang) or value.get("en") or ""


def full_name(record: Partnership, directory: Directory, lang: str) -> str:
    """'Kesennuma, Miyagi Prefecture, Japan' / '日本宫城县气仙沼市'."""
    country = text(directory.countries.get(record.country), lang)
    if lang == "zh":
        return f"{country}{text(record.region, lang)}{text(record.name, lang)}"
    return f"{text(record.name, lang)}, {text(record.region, lang)}, {country}"


def row(record: Partnership, directory: Directory, lang: str, default_lang: str, t: Translate) -> dict:
    """Everything a template shows about one partnership, in one language."""
    name = text(record.name, lang)
    periods = [
        {"date": format_date(date, lang), "iso": date.iso, "tier": tier, "tier_label": t(f"sister.tier.{tier}")}
        for date, tier in record.tier_periods()
    ]
    history = [{"key": record.signed.key(), "iso": record.signed.iso, "date": format_date(record.signed, lang),
                "text": t("sister.history.signed").format(tier=t(f"sister.tier.{record.tier}")),
                "note": text(record.signed_note, lang)}]
    history += [{"key": u.date.key(), "iso": u.date.iso, "date": format_date(u.date, lang),
                 "text": t("sister.history.upgraded").format(tier=t(f"sister.tier.{u.tier}")), "note": ""}
                for u in record.upgrades]
    history += [{"key": m.date.key(), "iso": m.date.iso, "date": format_date(m.date, lang),
                 "text": text(m.text, lang), "note": ""} for m in record.milestones]
    return {
        "id": record.id,
        "lang": lang,
        "native_lang": NATIVE_LANG.get(record.country, ""),
        "history": sorted(history, key=lambda h: h["key"]),
        "url": page_url(record.id, lang, default_lang),
        "name": name,
        "native": record.name.get("native", "") if record.name.get("native") != name else "",
        "full_name": full_name(record, directory, lang),
        "country": record.country,
        "country_name": text(directory.countries.get(record.country), lang),
        "country_sort": text(directory.countries.get(record.country), "en"),
        "region": text(record.region, lang),
        "region_native": (record.region.get("native") or ""),
        "side": record.zhoushan_side,
        "side_label": t(f"sister.side.{record.zhoushan_side}"),
        "level": record.level,
        "level_label": t(f"sister.level.{record.level}"),
        "tier": record.current_tier,
        "tier_label": t(f"sister.tier.{record.current_tier}"),
        "signed": format_date(record.signed, lang),
        "signed_iso": record.signed.iso,
        "signed_key": "{:04d}{:02d}{:02d}".format(*record.signed.key()),
        "year": record.signed.year,
        "signed_note": text(record.signed_note, lang),
        "periods": periods,
        "upgraded": bool(record.upgrades),
        "milestones": [{"date": format_date(m.date, lang), "iso": m.date.iso, "text": text(m.text, lang)}
                       for m in record.milestones],
        "cooperation": [text(area, lang) for area in record.cooperation],
        "contacts": [{"name": text(c["name"], lang), "email": c.get("email", ""), "phone": c.get("phone", ""),
                      "url": c.get("url", "")} for c in record.contacts],
        "website": record.website,
        "confidence": record.confidence,
        "confidence_label": t(f"sister.confidence.{record.confidence}"),
        "mapped": record.coordinates is not None,
        "coordinates_source": record.coordinates.source if record.coordinates else "",
        "lat_text": _degrees(record.coordinates.lat, "NS") if record.coordinates else "",
        "lon_text": _degrees(record.coordinates.lon, "EW") if record.coordinates else "",
    }


def _degrees(value: float, hemispheres: str) -> str:
    return f"{abs(value):.2f}°{hemispheres[0] if value >= 0 else hemispheres[1]}"


def rows(directory: Directory, lang: str, default_lang: str, t: Translate) -> list[dict]:
    """All partnerships, oldest relationship first (the directory's default order)."""
    return [row(r, directory, lang, default_lang, t) for r in directory.partnerships]


def facet_value(item: dict, facet: str) -> tuple:
    """(sort key, value, label) of a row for one facet."""
    if facet == "country":
        # By English name in every language (Chinese names have no simple sort order).
        return (item["country_sort"], item["country"], item["country_name"])
    if facet == "tier":
        from .sister_cities_schema import TIERS
        return (TIERS.index(item["tier"]), item["tier"], item["tier_label"])
    if facet == "side":
        from .sister_cities_schema import SIDES
        return (SIDES.index(item["side"]), item["side"], item["side_label"])
    if facet == "year":
        return (item["year"], str(item["year"]), str(item["year"]))
    raise ValueError(f"unknown facet {facet!r}; one of {FACETS}")


def groups(items: list[dict], facet: str) -> list[dict]:
    """Rows grouped by a facet, groups in the facet's order, rows by date within."""
    found: dict[str, dict] = {}
    for item in items:
        key, value, label = facet_value(item, facet)
        group = found.setdefault(value, {"key": key, "value": value, "label": label,
                                         "anchor": f"{facet}-{value.lower()}", "rows": []})
        group["rows"].append(item)
    ordered = sorted(found.values(), key=lambda g: (g["key"], g["value"]))
    for group in ordered:
        group["rows"].sort(key=lambda r: (r["signed_key"], r["id"]))
    return ordered


def anniversaries(directory: Directory, today: dt.date, lang: str, default_lang: str, t: Translate) -> list[dict]:
    """Each relationship's next round anniversary (a multiple of ANNIVERSARY_STEP
    years) on or after ``today`` at the precision of its date; soonest first.
    A year-only date counts as coming for the whole of that year."""
    found = []
    for record in directory.partnerships:
        signed = record.signed
        number = max(ANNIVERSARY_STEP, -(-(today.year - signed.year) // ANNIVERSARY_STEP) * ANNIVERSARY_STEP)
        while True:
            when = PartialDate(signed.year + number, signed.month, signed.day)
            now = (today.year, today.month if signed.month else 0, today.day if signed.day else 0)
            if when.key() >= now:
                break
            number += ANNIVERSARY_STEP
        item = row(record, directory, lang, default_lang, t)
        found.append({"row": item, "number": number, "date": format_date(when, lang), "iso": when.iso,
                      "key": when.key(), "this_year": when.year == today.year})
    return sorted(found, key=lambda a: (a["key"], a["row"]["id"]))


def partner_markdown(record: Partnership, directory: Directory, lang: str, t: Translate) -> str:
    """The generated page of a partnership: front matter and the profile marker."""
    name = text(record.name, lang)
    front = {
        "title": name,
        "description": t("sister.page_description").format(
            name=full_name(record, directory, lang),
            tier=t(f"sister.tier.{record.current_tier}"),
            side=t(f"sister.side.{record.zhoushan_side}"),
            date=format_date(record.tier_periods()[-1][0], lang),  # when the current tier began
        ),
        "sister_city": record.id,
        "sources": [{"title": s.title, **({"url": s.url} if s.url else {})} for s in record.sources],
    }
    heading = full_name(record, directory, lang)
    return f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=True)}---\n\n# {heading}\n\n{marker('profile')}\n"


def view_markdown(facet: str, t: Translate) -> str:
    front = {
        "title": t(f"sister.view.{facet}.title"),
        "description": t(f"sister.view.{facet}.description"),
        "sources_exempt": "a view of the sister-city directory; every partner page cites its sources",
        "sister_view": facet,
        # The same records as the directory page, regrouped: in search they would
        # only push the directory and the partner pages down the results.
        "search_exclude": True,
    }
    return (f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=True)}---\n\n"
            f"# {t(f'sister.view.{facet}.title')}\n\n{marker('view')}\n")


def reference_problems(refs, known: set[str]) -> list[str]:
    """What is wrong with a page's ``sister_cities:`` front matter (a list of partner ids)."""
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        return ["'sister_cities' must be a list of partner ids, e.g. [kesennuma]"]
    return [f"sister_cities: '{ref}' is not an id in docs/data/sister_cities.yml (known: {', '.join(sorted(known))})"
            for ref in refs if ref not in known]


def with_profile_marker(markdown: str) -> str:
    """An editor-written partner page gets the profile after its first heading
    unless the editor placed the marker."""
    if marker("profile") in markdown:
        return markdown
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join(lines[: index + 1] + ["", marker("profile"), ""] + lines[index + 1:])
    return f"{marker('profile')}\n\n{markdown}"
