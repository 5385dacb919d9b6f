"""Build the other languages in parallel processes (issue 9).

mkdocs-static-i18n builds the default language, then, from inside that
build's ``on_post_build``, each other language, one after the other. On a
machine with two cores the second core waits. With this hook, ``mkdocs build``
forks one process per other language as soon as the default language is
configured; each builds its language into a folder of its own next to the site
folder, exactly as static-i18n would build it (same configuration, same
events, static-i18n's own language switch). Where static-i18n then starts the
next language, the first process instead waits for that language's process,
moves its files into the site (the language built later wins, as before) and
takes over what it collected for the steps that run once every language is
built (sitemaps, published images, the search index, the build stamp).

The output is byte-identical to building the languages one after the other
(tests/test_parallel_languages.py builds fixtures both ways and compares every
file). ``ZS_PARALLEL_LANGUAGES=0`` builds them one after the other. Only
``mkdocs build`` forks: ``mkdocs serve`` runs a web server in threads, and a
fork of a process with threads is not safe.

A language that fails reports its own errors in the log; the build then fails
with the same message it would have failed with.
"""
from __future__ import annotations

import logging
import os
import pickle
import signal
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import event_priority

from sitekit import parallel

log = logging.getLogger("mkdocs.plugins.zhoushan.parallel_languages")
_run: dict = {"command": None, "dirty": False, "children": {}, "patched": None}


@dataclass
class Child:
    language: str
    pid: int
    pipe: int
    site: Path


def enabled(config, plugin) -> bool:
    return (
        plugin is not None
        and _run["command"] == "build"
        and not _run["dirty"]
        and hasattr(os, "fork")
        and os.environ.get("ZS_PARALLEL_LANGUAGES", "1") != "0"
        and not plugin.building
        and (plugin.current_language or plugin.default_language) == plugin.default_language
        and len(plugin.build_languages) > 1
    )


def on_startup(command, dirty):
    _run.update(command=command, dirty=dirty)


@event_priority(-1000)  # after every other on_config, static-i18n's (-100) included
def on_config(config):
    plugin = config.plugins.get("i18n")
    if not enabled(config, plugin):
        return config
    site = Path(config.site_dir).resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    parallel.remove_stale(site)  # left by a build that was interrupted
    for language in plugin.build_languages:
        if language != plugin.default_language:
            _run["children"][language] = fork(config, plugin, language, site)
    import mkdocs_static_i18n.plugin as i18n_module
    _run["patched"] = i18n_module
    i18n_module.build = collect
    return config


def fork(config, plugin, language: str, site: Path) -> Child:
    folder = Path(tempfile.mkdtemp(prefix=parallel.folder_prefix(site, language), dir=site.parent))
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        os.close(write)
        return Child(language, pid, read, folder)
    # The child process: build one language, send back what it collected, exit.
    os.close(read)
    for sibling in _run["children"].values():  # languages forked before this one
        os.close(sibling.pipe)
    _run.update(command="child", children={}, patched=None)
    parallel.PROCESS["language_only"] = True
    code, payload = 1, {}
    try:
        build_language(config, plugin, language, folder)
        code, payload = 0, {"state": parallel.export_state(language)}
    except Abort as exc:
        payload = {"error": str(exc), "kind": "abort"}
    except PluginError as exc:
        payload = {"error": str(exc), "kind": "plugin"}
    except KeyboardInterrupt:
        payload = {"error": "interrupted", "kind": "plugin"}
    except BaseException as exc:  # a bug: show where, as a one-process build would
        traceback.print_exc()
        payload = {"error": f"{type(exc).__name__}: {exc}", "kind": "plugin"}
    try:
        data = pickle.dumps(payload)
        with os.fdopen(write, "wb") as out:
            out.write(data)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def build_language(config, plugin, language: str, folder: Path) -> None:
    """What static-i18n's on_post_build does for one language, into ``folder``."""
    plugin.building = True  # so that this build builds no further language
    plugin.current_language = language
    site = config.site_dir
    config.site_dir = str(folder)
    # Messages name the site folder, as they would without this process
    # (a logging filter may be any callable; this one only rewrites).
    def name_the_site(record) -> bool:
        if isinstance(record.msg, str):
            record.msg = record.msg.replace(str(folder), site)
        return True

    for handler in logging.getLogger("mkdocs").handlers:
        handler.addFilter(name_the_site)
    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: not str(record.msg).startswith(
        ("Documentation built in", "Building documentation to directory", "Cleaning site directory")))
    mkdocs_build(config, dirty=False)


def collect(config, dirty: bool = False) -> None:
    """Stands in for static-i18n's call of ``build(config)`` for the next
    language: wait for that language's process and take its output."""
    plugin = config.plugins.get("i18n")
    child = _run["children"].pop(plugin.current_language)
    with os.fdopen(child.pipe, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(child.pid, 0)
    if not _run["children"]:
        unpatch()
    payload = pickle.loads(data) if data else {}
    if status != 0 or "state" not in payload:
        parallel.remove_quietly(child.site)
        message = payload.get("error") or f"the '{child.language}' build stopped (exit status {status})"
        raise Abort(message) if payload.get("kind") == "abort" else PluginError(message)
    moved = parallel.merge_tree(child.site, Path(config.site_dir))
    parallel.import_state(child.language, payload["state"])
    log.debug(f"'{child.language}' built in a parallel process: {moved} files")


def unpatch() -> None:
    module = _run["patched"]
    if module is not None:
        module.build = mkdocs_build
        _run["patched"] = None


def on_build_error(error):
    """Stop the other languages' processes and remove their folders."""
    for child in _run["children"].values():
        try:
            os.kill(child.pid, signal.SIGTERM)
            os.waitpid(child.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(child.pipe)
        parallel.remove_quietly(child.site)
    _run["children"].clear()
    unpatch()
