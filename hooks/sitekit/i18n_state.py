"""Which language is being built, read from mkdocs-static-i18n.

mkdocs-static-i18n runs the whole build once per language, so every hook event
fires once per language. The default language is built first; each other
language is built from inside the default build's ``on_post_build``.
"""
from __future__ import annotations

from dataclasses import dataclass

# BCP 47 tags written into <html lang>, hreflang and the sitemap.
# overrides/partials/languages/zh.html carries the same "zh-Hans" (tested).
HREFLANG = {"en": "en", "zh": "zh-Hans"}


@dataclass(frozen=True)
class BuildLanguage:
    current: str
    default: str
    languages: tuple[str, ...]

    @property
    def is_default(self) -> bool:
        return self.current == self.default

    @property
    def is_last(self) -> bool:
        """True in the build of the language that static-i18n builds last."""
        others = [lang for lang in self.languages if lang != self.default]
        return self.current == (others[-1] if others else self.default)

    @property
    def hreflang(self) -> str:
        return HREFLANG.get(self.current, self.current)


def build_language(config) -> BuildLanguage:
    plugin = config.plugins.get("i18n")
    if plugin is None:
        lang = config.theme.get("language", "en")
        return BuildLanguage(lang, lang, (lang,))
    current = plugin.current_language or plugin.default_language
    return BuildLanguage(current, plugin.default_language, tuple(plugin.build_languages))


def all_languages_built(config) -> bool:
    """True in ``on_post_build`` (run at priority below -100) once every
    language is built: static-i18n builds the other languages inside the first
    build's ``on_post_build`` at priority -100 and marks itself ``building``
    meanwhile."""
    plugin = config.plugins.get("i18n")
    return plugin is None or not plugin.building
