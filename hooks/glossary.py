"""The Glossary page: docs/data/glossary.yml rendered where the page has
``<!-- glossary -->`` (overrides/partials/glossary.html), in the page's language.
The same file feeds the editors' terminology check."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from sitekit.glossary import GlossaryError, grouped, load_glossary
from sitekit.markers import fill_markers, find_markers

_state = {"env": None}


def on_env(env, config, files):
    _state["env"] = env
    return env


def on_page_context(context, page, config, nav):
    if not page.content or not find_markers(page.content, "glossary"):
        return context
    path = Path(config.docs_dir) / "data" / "glossary.yml"
    try:
        terms = load_glossary(path)
    except OSError:
        raise PluginError(f"{page.file.src_uri}: has <!-- glossary --> but {path} is missing") from None
    except GlossaryError as exc:
        raise PluginError(str(exc)) from None
    template = _state["env"].get_template("partials/glossary.html")
    page.content = fill_markers(page.content, "glossary", lambda _: template.render(groups=grouped(terms)))
    return context
