"""A 404 page per language: /404.html in English, /zh/404.html in Chinese.

mkdocs-static-i18n renders ``404.html`` in every language build into the same
file, so the last language built wins. Here each non-default language's 404
is written under its own folder and the root one is left to the default
language.
"""
from __future__ import annotations

from pathlib import Path

from sitekit.i18n_state import build_language


def on_post_template(output, template_name, config):
    if template_name != "404.html":
        return output
    lang = build_language(config)
    if lang.is_default:
        return output
    target = Path(config.site_dir) / lang.current / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""  # MkDocs skips an empty template: the root 404.html stays English
