"""Contact details from docs/data/contacts.yml, placed in a page with
``<!-- contact:ID -->`` and rendered by overrides/partials/contact.html.

An unknown value stays empty and the page shows nothing for it; a production
build (SITE_ENV=production) fails while any value is empty.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitekit.contacts import ContactsError, load_contacts, localise, missing_values
from sitekit.i18n_state import build_language
from sitekit.markers import fill_markers, find_markers

log = logging.getLogger("mkdocs.plugins.zhoushan.contacts")
_state = {"env": None, "contacts": {}}


def _path(config) -> Path:
    return Path(config.docs_dir) / "data" / "contacts.yml"


def _shown(config) -> str:
    """The file as editors know it: relative to the project folder."""
    path = _path(config)
    try:
        return path.relative_to(Path(config.config_file_path).parent).as_posix()
    except (TypeError, ValueError):
        return str(path)


def on_config(config):
    lang = build_language(config)
    try:
        contacts = load_contacts(_path(config), lang.languages)
    except ContactsError as exc:
        raise PluginError(str(exc)) from None
    _state["contacts"] = contacts
    if os.environ.get("SITE_ENV", "").strip().lower() == "production":
        missing = missing_values(contacts, lang.languages)
        if missing:
            lines = "\n".join(f"  - {name}" for name in missing)
            raise PluginError(
                f"A production build needs every contact detail, but these values in {_shown(config)} "
                f"are empty:\n{lines}\nFill them in with the office's real details (never a guess) "
                "or build without SITE_ENV=production for a preview."
            )
    return config


def on_env(env, config, files):
    _state["env"] = env
    return env


def on_page_context(context, page, config, nav):
    if not page.content or not find_markers(page.content, "contact"):
        return context
    lang = build_language(config)
    contacts = _state["contacts"]
    template = _state["env"].get_template("partials/contact.html")

    def render(cid: str) -> str:
        if cid not in contacts:
            known = ", ".join(sorted(contacts)) or "none"
            raise PluginError(
                f"{page.file.src_uri}: <!-- contact:{cid} --> names no contact in {_shown(config)} "
                f"(known: {known}); add it there or fix the id"
            )
        return template.render(contact=localise(contacts, cid, lang.current, lang.default))

    page.content = fill_markers(page.content, "contact", render)
    return context
