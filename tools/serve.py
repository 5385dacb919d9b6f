"""`make serve`: build the site, serve it on 127.0.0.1 with live reload, and
show an edited page in about a second.

    make serve                      (or: .venv/bin/python -m tools.serve [-f mkdocs.yml] [-a 127.0.0.1:8000])
    make serve FULL=1               every change waits for the full rebuild, as `mkdocs serve` does

`mkdocs serve` rebuilds the whole site, both languages, after every change
(88 s at 2x1000 pages, bench/RESULTS.md), and browsers wait for it. Here:

1. Every full build runs in a process of its own, started from a clean
   interpreter (so an edited hook takes effect), into a folder of its own;
   the server serves the newest build that succeeded.
2. When a language has rendered every page, the build leaves a snapshot of
   itself that renders single pages on request (hooks/dev_snapshots.py).
3. When only pages the last build knows change, the snapshots render them
   into the served folder and browsers reload at once; the full rebuild then
   runs in the background and replaces the served folder when it is done
   (browsers reload again), so the menu, listings and the other language catch
   up. A change while it runs starts it again.
4. Any other change (data, templates, configuration, hooks, a new or removed
   page) waits for the full build, as with `mkdocs serve`.

A build that fails prints its errors and the last good build stays served.
"""
from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import watchdog.events
from mkdocs.__main__ import ColorFormatter
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer, _serve_url, _timestamp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from sitekit import snapshot  # noqa: E402

log = logging.getLogger("mkdocs.zhoushan.serve")

# Imported once by the process every build is forked from. Not the hooks: a
# build must read them afresh.
PRELOAD = ["mkdocs.commands.build", "mkdocs.config", "material", "markdown", "pymdownx", "jinja2", "yaml",
           "PIL.Image", "bs4", "lxml.html", "nh3", "mkdocs_static_i18n"]
FOLDER_ENV = "ZS_DEV_SNAPSHOTS"  # read by hooks/dev_snapshots.py
SERVER_ENV = "ZS_DEV_SERVER_PID"
RENDER_TIMEOUT = 120.0
IGNORED_PARTS = {"__pycache__", ".git", ".cache"}


def setup_logging(verbose: bool) -> None:
    """MkDocs' own console format, as `mkdocs serve` prints it."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
    if not any(getattr(h, "name", "") == "MkDocsStreamHandler" for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(ColorFormatter())
        handler.name = "MkDocsStreamHandler"
        logger.addHandler(handler)


def build_process(config_file: str, site_dir: str, snapshots: str, serve_url: str, server_pid: int,
                  verbose: bool, result) -> None:
    """One full build, in a process of its own (and process group, so that
    stopping it stops what it started)."""
    os.setpgrp()
    setup_logging(verbose)
    os.environ[FOLDER_ENV] = snapshots
    os.environ[SERVER_ENV] = str(server_pid)
    outcome: dict = {"ok": True}
    try:
        config = load_config(config_file=config_file, site_dir=site_dir)
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            config.site_url = serve_url
            build(config, serve_url=serve_url)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        outcome = {"error": str(exc)}
    except BaseException as exc:  # noqa: BLE001 - a bug in a hook: show where
        traceback.print_exc()
        outcome = {"error": f"{type(exc).__name__}: {exc}"}
    result.send(outcome)
    result.close()


@dataclass
class Generation:
    """One full build: its process, its folder, the snapshots it left."""
    number: int
    folder: Path
    process: multiprocessing.process.BaseProcess
    result: object  # the receiving end of the build's pipe
    started: float = field(default_factory=time.perf_counter)
    outcome: dict | None = None

    @property
    def site(self) -> Path:
        return self.folder / "site"

    @property
    def snapshot_folder(self) -> Path:
        return self.folder / "snapshots"

    def wait(self) -> dict:
        if self.outcome is None:
            self.process.join()
            try:
                received = self.result.recv() if self.result.poll() else None
            except (EOFError, OSError):
                received = None
            self.outcome = received or {"error": f"the build stopped (exit code {self.process.exitcode})"}
            self.outcome["seconds"] = time.perf_counter() - self.started
        return self.outcome

    def snapshots(self) -> list[dict]:
        return [json.loads(p.read_text()) for p in sorted(self.snapshot_folder.glob("*.json"))]

    def stop(self) -> None:
        """Stop the build and every snapshot it left (one process group)."""
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError, TypeError):
            pass
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=10)
        for entry in self.snapshots():
            try:
                os.kill(entry["pid"], signal.SIGTERM)
            except ProcessLookupError:
                pass

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class Builds:
    """The served build, the one running, and how to start one."""

    def __init__(self, config_file: Path, work: Path, serve_url: str, verbose: bool):
        self.config_file, self.work, self.serve_url, self.verbose = config_file, work, serve_url, verbose
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(PRELOAD)
        self.count = 0
        self.current: Generation | None = None
        self.running: Generation | None = None

    def start(self) -> Generation:
        """Start a full build; one still running is stopped first."""
        if self.running is not None:
            self.running.remove()
        self.count += 1
        folder = self.work / f"build-{self.count}"
        (folder / "snapshots").mkdir(parents=True)
        receive, send = self.context.Pipe(duplex=False)
        process = self.context.Process(
            target=build_process, name=f"build-{self.count}",
            args=(str(self.config_file), str(folder / "site"), str(folder / "snapshots"), self.serve_url,
                  os.getpid(), self.verbose, send))
        process.start()
        send.close()
        self.running = Generation(self.count, folder, process, receive)
        return self.running

    def promote(self, generation: Generation) -> None:
        old, self.current = self.current, generation
        if self.running is generation:
            self.running = None
        if old is not None and old is not generation:
            old.remove()

    def render(self, paths: list[str]) -> dict | None:
        """Render ``paths`` with the served build's snapshots. None when they
        cannot (no snapshots, a path no language knows, no answer)."""
        if self.current is None:
            return None
        entries = self.current.snapshots()
        if not entries:
            return None
        answers = {}
        for entry in entries:
            try:
                answers[entry["language"]] = snapshot.ask(entry["socket"], {"do": "render", "paths": paths},
                                                          RENDER_TIMEOUT)
            except (OSError, EOFError, TimeoutError) as exc:
                log.warning(f"The '{entry['language']}' snapshot did not answer ({exc}); rebuilding everything")
                return None
        found = set().union(*(set(a.get("found", [])) for a in answers.values()))
        if not set(paths) <= found:
            return None
        return answers

    def close(self) -> None:
        for generation in (self.running, self.current):
            if generation is not None:
                generation.remove()


class DevServer(LiveReloadServer):
    """MkDocs' live-reload server, told which files changed, with the build
    steps above instead of one full build per change."""

    def __init__(self, builds: Builds, fast: bool, docs_dir: Path, **kwargs):
        super().__init__(builder=lambda: None, root=str(builds.current.site), **kwargs)
        self.builds, self.fast, self.docs_dir = builds, fast, docs_dir
        self.changed: set[str] = set()
        self.finished: list[Generation] = []
        self.error_handler = self.error_page

    def error_page(self, code: int) -> bytes | None:
        page = Path(self.root) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
        """As LiveReloadServer.watch, and remember which files changed."""
        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1

        def callback(event) -> None:
            if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                return
            names = [event.src_path] + ([event.dest_path] if getattr(event, "dest_path", "") else [])
            names = [n for n in names if not IGNORED_PARTS & set(Path(n).parts)]
            if not names:
                return
            with self._rebuild_cond:
                self.changed.update(os.path.abspath(n) for n in names)
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = callback  # type: ignore[method-assign]
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def _build_loop(self) -> None:
        while True:
            with self._rebuild_cond:
                while not self._rebuild_cond.wait_for(
                        lambda: self._want_rebuild or self.finished or self._shutdown, timeout=self.shutdown_delay):
                    pass
                if self._shutdown:
                    break
                if self._want_rebuild:
                    while self._rebuild_cond.wait(timeout=self.build_delay):
                        pass  # until the files stop changing
                changed, self.changed = sorted(self.changed), set()
                finished, self.finished = self.finished, []
                self._want_rebuild = False
            for generation in finished:
                self.background_done(generation)
            if changed:
                self.on_change(changed)

    def show(self, swap_to: Generation | None = None) -> None:
        """Browsers reload (with ``swap_to``: served from that build's folder)."""
        with self._epoch_cond:
            if swap_to is not None:
                self.root = str(swap_to.site)
            self._wanted_epoch = self._visible_epoch = _timestamp()
            self._epoch_cond.notify_all()
        if swap_to is not None:
            self.builds.promote(swap_to)  # stops the old build's snapshots, removes its folder

    def hold(self) -> None:
        """Requests wait until show() or release(): no half-written page is served."""
        with self._epoch_cond:
            self._wanted_epoch = _timestamp()

    def release(self) -> None:
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch
            self._epoch_cond.notify_all()

    def on_change(self, changed: list[str]) -> None:
        shown = [_relative(p) for p in changed[:3]] + (["..."] if len(changed) > 3 else [])
        log.info(f"Changed: {', '.join(shown)}")
        if self.fast and all(self.is_page(p) for p in changed):
            start = time.perf_counter()
            self.hold()
            answers = self.builds.render(changed)
            if answers is not None:
                self.show()
                written = sum(len(a.get("written", [])) for a in answers.values())
                for language, answer in answers.items():
                    if answer.get("error"):
                        log.error(f"'{language}': {answer['error']}")
                log.info(f"Rendered {written} page(s) in {time.perf_counter() - start:.2f} s; "
                         "the full rebuild follows in the background")
                self.background(self.builds.start())
                return
            self.release()
        self.full_build()

    def is_page(self, path: str) -> bool:
        p = Path(path)
        return p.suffix == ".md" and p.is_file() and p.is_relative_to(self.docs_dir)

    def full_build(self) -> None:
        """A full build that browsers wait for, as `mkdocs serve` does."""
        log.info("Building the whole site...")
        self.hold()
        generation = self.builds.start()
        outcome = generation.wait()
        if "error" in outcome:
            self.release()
            log.error(f"The build failed ({outcome['error']}); still serving the last good build. "
                      "Fix the error above and save again.")
            if self.builds.running is generation:
                self.builds.running = None
            return
        self.show(swap_to=generation)
        log.info(f"Built in {outcome['seconds']:.1f} s; reloading browsers")

    def background(self, generation: Generation) -> None:
        def wait() -> None:
            generation.wait()
            with self._rebuild_cond:
                self.finished.append(generation)
                self._rebuild_cond.notify_all()
        threading.Thread(target=wait, name=f"wait-build-{generation.number}", daemon=True).start()

    def background_done(self, generation: Generation) -> None:
        if self.builds.running is not generation:
            return  # replaced by a newer build
        outcome = generation.outcome or {}
        if "error" in outcome:
            self.builds.running = None
            log.error(f"The full rebuild failed ({outcome['error']}); the edited pages are shown, "
                      "the rest is the last good build. Fix the error above and save again.")
            generation.remove()
            return
        self.show(swap_to=generation)
        log.info(f"Full rebuild done in {outcome['seconds']:.1f} s; reloading browsers")


def _relative(path: str) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def watched_paths(config) -> list[str]:
    paths = [config.docs_dir, config.config_file_path, *config.watch]
    if config.theme.custom_dir:
        paths.append(config.theme.custom_dir)
    base = os.path.dirname(config.config_file_path or ".")
    paths += sorted({os.path.dirname(os.path.join(base, p)) for p in config.get("hooks") or {}})
    return [p for p in dict.fromkeys(paths) if p and os.path.exists(p)]


def stop_on_signal(signum, frame) -> None:
    """SIGTERM (a test or a terminal closing) cleans up as Ctrl-C does. Any
    signal after the first is ignored: `make` passes SIGTERM on to the server
    that the same kill already reached, and a second interruption in the
    middle of the cleanup would leave builds and the web server running."""
    ignore_stop_signals()
    raise KeyboardInterrupt


def ignore_stop_signals() -> None:
    for each in (signal.SIGTERM, signal.SIGINT):
        signal.signal(each, signal.SIG_IGN)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-a", "--dev-addr", default=None, help="IP:PORT (default: dev_addr of mkdocs.yml)")
    parser.add_argument("--full", action="store_true", help="every change waits for the full rebuild")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    setup_logging(args.verbose)
    config_file = Path(args.config_file).resolve()
    extra = {"dev_addr": args.dev_addr} if args.dev_addr else {}
    config = load_config(config_file=str(config_file), **extra)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    work = Path(tempfile.mkdtemp(prefix="zs-serve-"))
    builds = Builds(config_file, work, serve_url, args.verbose)
    signal.signal(signal.SIGTERM, stop_on_signal)
    try:
        log.info("Building the whole site...")
        first = builds.start()
        outcome = first.wait()
        if "error" in outcome:
            log.error(f"The first build failed ({outcome['error']}). Fix the error above and run `make serve` again.")
            return 1
        builds.promote(first)
        log.info(f"Built in {outcome['seconds']:.1f} s")
        server = DevServer(builds, fast=not args.full, docs_dir=Path(config.docs_dir).resolve(),
                           host=host, port=port, mount_path=mount_path)
        for path in watched_paths(config):
            server.watch(path)
        server.serve_thread.daemon = True  # never keeps the process alive once the main thread is done
        signal.signal(signal.SIGINT, stop_on_signal)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        ignore_stop_signals()  # the cleanup runs to its end
        builds.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
