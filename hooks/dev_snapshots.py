"""Snapshots of each language's build for `make serve` (tools/serve.py).

Does nothing unless the development server asked for it (``ZS_DEV_SNAPSHOTS``
names a folder; only tools/serve.py sets it). Then, when a language has
rendered every page, the build forks: the copy (sitekit/snapshot.py) keeps that
language's configuration, files, navigation, template environment and every
hook's state, and re-renders single pages on request with MkDocs' own two steps
(``_populate_page``: read, Markdown events, convert; ``_build_page``: context,
template, ``post_page`` events, write). The server then shows an edited page
in about a second and runs the full rebuild behind it; the full rebuild's
output replaces the snapshot's once it is done, so what the snapshot cannot
know (another page's new title in the menu, a listing) follows.

tests/test_serve.py re-renders every page of the real site in its snapshots
and compares each with the full build, byte for byte.
"""
from __future__ import annotations

import json
import logging
import os
import secrets
from pathlib import Path

from mkdocs import utils
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.plugins import event_priority
from mkdocs.structure.files import InclusionLevel

from sitekit import snapshot
from sitekit.i18n_state import build_language

FOLDER_ENV = "ZS_DEV_SNAPSHOTS"
SERVER_ENV = "ZS_DEV_SERVER_PID"

log = logging.getLogger("mkdocs.plugins.zhoushan.dev_snapshots")
_state: dict = {"nav": None, "env": None, "files": None}


def folder() -> Path | None:
    value = os.environ.get(FOLDER_ENV)
    return Path(value) if value else None


@event_priority(-1000)  # the navigation every other hook has finished with
def on_nav(nav, config, files):
    if folder():
        _state["nav"] = nav
    return nav


@event_priority(-1000)  # likewise the template environment
def on_env(env, config, files):
    if folder():
        _state.update(env=env, files=files)
    return env


@event_priority(100)  # every page written; before static-i18n starts the next language
def on_post_build(config):
    where = folder()
    if where is None or _state["env"] is None:
        return
    language = build_language(config).current
    # An abstract socket (Linux): no file, so no limit from the folder's path length.
    address = f"\0zs-dev-{os.getpid()}-{secrets.token_hex(8)}-{language}"
    pid = snapshot.fork(address, lambda request: render(config, request), int(os.environ[SERVER_ENV]))
    (where / f"{language}.json").write_text(json.dumps({"language": language, "pid": pid, "socket": address}))
    _state.update(nav=None, env=None, files=None)


def render(config, request: dict) -> dict:
    """Render again the pages whose sources are ``request["paths"]``; the answer
    names the pages written, the sources this language has, and any error or
    warning count (strict mode would fail the full build on a warning)."""
    wanted = {os.path.abspath(path) for path in request.get("paths", [])}
    files = _state["files"]  # as the fork left it: the parent clears its own copy after forking
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    matched = [f for f in doc_files if f.abs_src_path and os.path.abspath(f.abs_src_path) in wanted]
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    written: list[str] = []
    try:
        for file in matched:
            _populate_page(file.page, config, files)
            _build_page(file.page, config, doc_files, _state["nav"], _state["env"],
                        excluded=file.inclusion.is_excluded())
            written.append(file.abs_dest_path)
    except Exception as exc:  # noqa: BLE001 - reported to the server, which shows it
        return {"error": str(exc) or type(exc).__name__, "written": written,
                "found": sorted(os.path.abspath(f.abs_src_path) for f in matched)}
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    return {"written": written, "found": sorted(os.path.abspath(f.abs_src_path) for f in matched),
            "warnings": sum(n for _, n in counter.get_counts())}

