"""Build-wide rules: the interface string table for templates, and no
publishable ``site/`` left behind by a failed build."""
from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitekit import parallel
from sitekit.i18n_state import build_language
from sitekit.ui_strings import UIStringsError, load, missing, translate

log = logging.getLogger("mkdocs.plugins.zhoushan.site_build")

_state = {"command": None, "site_dir": None}


def is_production() -> bool:
    return os.environ.get("SITE_ENV", "").strip().lower() == "production"


def on_startup(command, dirty):
    _state["command"] = command


def on_config(config):
    _state["site_dir"] = config.site_dir
    if is_production() and not os.environ.get("SITE_URL"):
        raise PluginError(
            "SITE_ENV=production needs the public address of the site: set SITE_URL, "
            "for example SITE_URL=https://english.example.gov.cn/ (hreflang, sitemap and "
            "canonical links are made from it)."
        )
    return config


def on_env(env, config, files):
    lang = build_language(config)
    path = Path(config.docs_dir) / "data" / "ui.yml"
    try:
        table = load(path)
    except (OSError, UIStringsError) as exc:
        raise PluginError(str(exc)) from exc
    for key in missing(table, lang.current):
        log.warning(f"{path}: '{key}' has no '{lang.current}' text; add it (English is shown meanwhile)")

    def t(key: str) -> str:
        try:
            return translate(table, key, lang.current)
        except UIStringsError as exc:
            raise PluginError(str(exc)) from exc

    env.globals["t"] = t
    env.globals["build_lang"] = lang
    # Path prefix of the language being built: "" for the default, "zh/" for Chinese.
    env.globals["lang_prefix"] = "" if lang.is_default else f"{lang.current}/"
    env.globals["language_homes"] = language_homes(config)
    return env


def on_build_error(error):
    # `mkdocs build` writes straight into site/: a failed build must not leave a
    # half-written site there for someone to upload. `mkdocs serve` keeps its
    # last good build in a temporary folder instead.
    site_dir = _state["site_dir"]
    if _state["command"] == "build" and site_dir and Path(site_dir).is_dir():
        shutil.rmtree(site_dir, ignore_errors=True)
        if not parallel.PROCESS["language_only"]:  # a language's own folder: the first process reports
            log.error(f"Build failed: removed {site_dir} so that no partial site can be published.")


def language_homes(config) -> list[dict]:
    """The language switcher's entries when a page has no translation links."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return []
    return [
        {"name": lang.name, "link": lang.link, "lang": lang.locale}
        for lang in plugin.config.languages
        if lang.build
    ]
