"""The footer Chinese government websites must carry (owner, contact, ICP and
public-security filings, website identifier code, report-an-error link).

Values live in mkdocs.yml under ``extra.government``. Development builds may
leave them empty; a production build (SITE_ENV=production) fails until every
one is filled in.
"""
from __future__ import annotations

import os

from mkdocs.exceptions import PluginError

from sitekit.government import missing_fields


def on_config(config):
    if os.environ.get("SITE_ENV", "").strip().lower() == "production":
        languages = [lang.locale for lang in config.plugins["i18n"].config.languages] if "i18n" in config.plugins else ["en"]
        missing = missing_fields(config.extra.get("government"), languages)
        if missing:
            lines = "\n".join(f"  - extra.government.{name}" for name in missing)
            raise PluginError(
                "A production build needs the full government-site footer, but these "
                f"values in mkdocs.yml are empty:\n{lines}\n"
                "Fill them in (the office's filing certificates give the numbers) or build "
                "without SITE_ENV=production for a preview."
            )
    return config
