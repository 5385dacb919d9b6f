"""Responsive, private and safe pictures from the editors' photos.

Every JPEG, PNG, WebP or GIF an editor puts in docs/ is published only as
re-encoded variants (480/960/1600 px, AVIF when it pays off, a JPEG or PNG
fallback) with every metadata block removed; the original is never
copied into site/. In Markdown:

    ![Guests at the opening of the conference](opening.jpg)
    ![](wave-divider.png){ data-decorative }      <- an ornament: alt=""

A picture without alt text, and not marked decorative, is a warning (the
strict build fails). The page's ``<img>`` becomes partials/picture.html; the
first picture of a page is fetched at high priority, the others lazily.
Every page gets a share picture (partials/social-meta.html): the widest JPEG
of its ``image:`` front matter, else of its first picture, else the site's card.

Events: on_page_content finds the pictures (a placeholder comment stays in
their place), on_env encodes every photo of the language in parallel (see
sitekit/images_cache.py), on_page_context renders the pictures, and the
files are written into site/ once the last language is built. Rules for
input files: sitekit/images_decode.py; the API for other hooks:
sitekit/images.py.
"""
from __future__ import annotations

import logging
import posixpath
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from sitekit import images
from sitekit.i18n_state import all_languages_built, build_language
from sitekit.images_decode import EXTENSIONS, REFUSED_EXTENSIONS
from sitekit.images_markup import find_img_tags, local_target, mentions_any
from sitekit.images_social import front_matter_image, resolve_source, social_context

log = logging.getLogger("mkdocs.plugins.zhoushan.images")

PLACEHOLDER = "<!-- zs-picture:{} -->"
_state = {"env": None, "photos": {}, "pages": {}}


def _never_copy(dirty: bool = False) -> None:
    """Stands in for File.copy_file of an editor's photo: originals stay out of site/."""


def on_config(config):
    lang = build_language(config)
    if lang.is_default:
        images.configure(
            cache_root=Path(config.config_file_path).parent / ".cache" / "images",
            docs_dir=Path(config.docs_dir),
            site_url=config.site_url or "",
        )
    _state["pages"] = {}
    return config


@event_priority(-110)  # after mkdocs-static-i18n (-100) has picked each language's files
def on_files(files, config):
    photos = {}
    for file in files:
        if file.is_documentation_page() or not file.abs_src_path:
            continue
        if posixpath.splitext(file.src_uri)[1].lower() in EXTENSIONS + REFUSED_EXTENSIONS:
            file.copy_file = _never_copy
            photos[file.url] = file
    _state["photos"] = photos
    return files


def _alt_text(tag, where: str, src: str) -> str:
    alt = (tag.get("alt") or "").strip()
    if tag.has("data-decorative"):
        if alt:
            log.warning(f"{where}: image '{src}' is marked decorative but has alt text; "
                        "remove '{ data-decorative }' if the picture says something, or the alt text if not")
        return ""
    if not alt:
        log.warning(f"{where}: image '{src}' has no alt text. Write what it shows between the brackets, "
                    "![Guests at the opening](photo.jpg), or mark an ornament decorative: "
                    "![](photo.jpg){ data-decorative }")
    return alt


def on_page_content(html, page, config, files):
    where = f"docs/{page.file.src_uri}"
    found, out, pos = [], [], 0
    for tag in find_img_tags(html):
        src = tag.get("src") or ""
        target = local_target(src, page.url)
        file = _state["photos"].get(target) if target else None
        alt = _alt_text(tag, where, file.src_uri if file else src)
        if target is None and src.startswith(("http://", "https://", "//")):
            log.warning(f"{where}: image '{src}' is loaded from another host; save it into docs/ next to the page")
        if file is None:
            continue  # another host, SVG or another file MkDocs copies as is
        images.request(file.abs_src_path, where)
        out += [html[pos:tag.start], PLACEHOLDER.format(len(found))]
        pos = tag.end
        found.append({"source": file.abs_src_path, "alt": alt, "decorative": tag.has("data-decorative"),
                      "sizes": tag.get("sizes"), "attrs": tag.attrs})
    # Links to an original photo: only pages that mention a photo's file extension can have one.
    links = find_img_tags(html, ("a",)) if _state["photos"] and mentions_any(html, EXTENSIONS + REFUSED_EXTENSIONS) else []
    for link in links:
        target = local_target(link.get("href") or "", page.url)
        if target and target in _state["photos"]:
            log.warning(f"{where}: links to the original photo '{_state['photos'][target].src_uri}', which is "
                        "not published (it may carry the camera's GPS position); show it as a picture instead")
    image_path, image_alt = front_matter_image(page.meta, getattr(page.file, "locale", None))
    hero = None
    if image_path:
        hero = resolve_source(image_path, page.file.src_uri, config.docs_dir)
        if hero.is_file() and Path(config.docs_dir).resolve() in hero.resolve().parents:
            images.request(hero, where)
            if not image_alt:
                log.warning(f"{where}: front matter 'image: {image_path}' needs its alt text in this page's "
                            "language: add 'image_alt: <what the photo shows>'")
        else:
            log.warning(f"{where}: front matter 'image: {image_path}' is not a file under docs/")
            hero = None
    _state["pages"][page.file.src_uri] = {"pictures": found, "hero": hero, "hero_alt": image_alt,
                                          "has_image_meta": bool(image_path)}
    if not found:
        return html
    return "".join(out) + html[pos:]


def on_env(env, config, files):
    _state["env"] = env
    images.request(images.DEFAULT_CARD, "the site's default share picture")
    try:
        images.flush()
    except images.ImageError as exc:
        raise PluginError(str(exc)) from None
    return env


def on_page_context(context, page, config, nav):
    info = _state["pages"].get(page.file.src_uri)
    if info is None:
        return context
    where = f"docs/{page.file.src_uri}"
    template = _state["env"].get_template("partials/picture.html")
    content = page.content or ""
    try:
        for number, pic in enumerate(info["pictures"]):
            data = images.picture(pic["source"], page_url=page.url, alt=pic["alt"], where=where,
                                  first=number == 0 and not info["has_image_meta"],
                                  sizes=pic["sizes"], attrs=pic["attrs"])
            content = content.replace(PLACEHOLDER.format(number), template.render(picture=data).strip(), 1)
        card_source, card_alt = info["hero"], info["hero_alt"] or ""
        if card_source is None:
            firsts = [p for p in info["pictures"] if not p["decorative"]]
            if firsts:
                card_source, card_alt = firsts[0]["source"], firsts[0]["alt"]
        card = images.social_card(card_source, where=where)
    except images.ImageError as exc:
        raise PluginError(str(exc)) from None
    page.content = content
    # og:locale is the language of the text (an untranslated copy keeps its
    # original's); alternates are the languages the page really exists in.
    facts = context.get("i18n_page")
    text_lang = facts.content_lang if facts else build_language(config).current
    others = [alt.lang for alt in facts.alternates if alt.hreflang != "x-default"] if facts else []
    context["social"] = social_context(card=card, alt=card_alt, lang=text_lang, other_langs=others,
                                       is_home=getattr(page.file, "norm_src_uri", page.file.src_uri) == "index.md")
    return context


@event_priority(-110)
def on_post_build(config):
    if not all_languages_built(config):
        return
    totals = images.write_published(config.site_dir)
    saved = ""
    if totals["source_bytes"]:
        saved = f", originals {totals['source_bytes'] / 1e6:.1f} MB"
    log.info(
        f"images: {totals['sources']} photos, {totals['encoded']} encoded, {totals['cached']} from cache; "
        f"{totals['files']} files published ({totals['bytes'] / 1e3:.0f} kB{saved})"
    )
