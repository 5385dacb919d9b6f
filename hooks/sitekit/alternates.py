"""Which languages a page really exists in, and its hreflang alternates."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from .i18n_state import HREFLANG


@dataclass(frozen=True)
class Alternate:
    lang: str
    hreflang: str
    href: str


@dataclass(frozen=True)
class PageLanguages:
    build_lang: str
    content_lang: str  # language the text is written in (differs for a fallback)
    url: str
    canonical: str
    alternates: tuple[Alternate, ...] = field(default_factory=tuple)

    @property
    def is_fallback(self) -> bool:
        """The page is shown in a language it has not been translated into."""
        return self.content_lang != self.build_lang

    @property
    def content_hreflang(self) -> str:
        return HREFLANG.get(self.content_lang, self.content_lang)


def absolute(site_url: str, url: str) -> str:
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", url)


def page_languages(
    *,
    build_lang: str,
    file_locale: str,
    url: str,
    translations: dict[str, tuple[str, str]],
    default_lang: str,
    site_url: str,
) -> PageLanguages:
    """Work out the honest language facts of one built page.

    ``translations`` maps each build language to ``(locale of the source file,
    url)`` as mkdocs-static-i18n records them; a fallback copy has the default
    language's locale under another language's key and is not a translation.
    """
    real = {
        lang: page_url
        for lang, (locale, page_url) in translations.items()
        if locale == lang
    }
    if file_locale != build_lang:
        # A fallback copy: canonical is the original; no hreflang pairs.
        original = real.get(file_locale, url)
        return PageLanguages(build_lang, file_locale, url, absolute(site_url, original))
    real[build_lang] = url
    alternates: tuple[Alternate, ...] = ()
    if len(real) > 1:
        ordered = sorted(real.items(), key=lambda kv: (kv[0] != default_lang, kv[0]))
        alts = [Alternate(lang, HREFLANG.get(lang, lang), absolute(site_url, u)) for lang, u in ordered]
        x_default = real.get(default_lang, url)
        alts.append(Alternate(default_lang, "x-default", absolute(site_url, x_default)))
        alternates = tuple(alts)
    return PageLanguages(build_lang, build_lang, url, absolute(site_url, url), alternates)
