"""The image cache: content-addressed, atomic, self-checking, and the
parallel run that fills it.

An entry lives in ``<root>/<key[:2]>/<key>/``: ``manifest.json`` plus one
file per encoded output, named by the SHA-256 of its bytes. The key is the
SHA-256 of the source bytes and of ``images_encode.fingerprint()`` (every
encoder setting, the Pillow and codec versions, the decoding and encoding code), so an entry can only ever
hold what those inputs produce; renaming or moving a photo keeps its entry.

- Written atomically: into a ``.tmp-*`` folder renamed into place; a failed
  encode removes its folder, so nothing half-written is ever read.
- Checked on every read: a missing file, a wrong size or a wrong hash makes
  the whole entry a miss; it is deleted and encoded again.
- ``run()`` encodes the misses with one worker per core (``ZS_IMAGE_WORKERS``
  to override): this process and a pool of the others, each taking the next
  photo from one queue; it logs progress (done/total, rate).
"""
from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import fcntl
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import site
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import images_decode, images_encode
from .files import older_than

MANIFEST = "manifest.json"
STALE_TMP_SECONDS = 3600
DEFAULT_CARD = "default-card"  # pseudo source of the site's default share picture


def source_key(data: bytes, fingerprint: str) -> str:
    return hashlib.sha256(b"zs-images\0" + fingerprint.encode() + b"\0" + hashlib.sha256(data).digest()).hexdigest()


def entry_dir(root: Path, key: str) -> Path:
    return Path(root) / key[:2] / key


def read_entry(root: Path, key: str) -> dict | None:
    """The manifest of a complete, intact entry; None (and the entry removed) otherwise."""
    folder = entry_dir(root, key)
    if not folder.is_dir():
        return None
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("key") != key:
            raise ValueError("manifest of another key")
        for rec in outputs(manifest):
            data = (folder / f"{rec['sha256']}.{rec['ext']}").read_bytes()
            if len(data) != rec["bytes"] or hashlib.sha256(data).hexdigest() != rec["sha256"]:
                raise ValueError(f"damaged file {rec['sha256']}")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logging.getLogger("mkdocs.plugins.zhoushan.images").info(
            f"images: cache entry {key[:12]} is damaged ({exc}); encoding it again"
        )
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return manifest


def outputs(manifest: dict) -> list[dict]:
    """Every file of an entry once (the share picture is usually a variant too)."""
    records = list(manifest.get("variants", [])) + ([manifest["social"]] if manifest.get("social") else [])
    return list({rec["sha256"]: rec for rec in records}.values())


def cached_file(root: Path, key: str, rec: dict) -> Path:
    return entry_dir(root, key) / f"{rec['sha256']}.{rec['ext']}"


def write_entry(root: Path, key: str, manifest: dict, blobs: dict[str, bytes]) -> None:
    """Write an entry atomically (temporary folder, then one rename)."""
    final = entry_dir(root, key)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".tmp-{key}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        for rec in outputs(manifest):
            (tmp / f"{rec['sha256']}.{rec['ext']}").write_bytes(blobs[rec["sha256"]])
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        try:
            os.rename(tmp, final)
        except OSError:
            if not final.is_dir():  # lost a race with another build writing the same key: keep theirs
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def clean_stale(root: Path) -> None:
    """Remove temporary folders left by a build that was killed, and lock
    files no build has used, when older than an hour."""
    for tmp in older_than(Path(root).glob("*/.tmp-*"), STALE_TMP_SECONDS):
        shutil.rmtree(tmp, ignore_errors=True)
    locks = Locks(root)
    for lock in older_than(locks.folder.glob("*.lock"), STALE_TMP_SECONDS):
        if locks.take(lock.stem):  # not in use
            lock.unlink(missing_ok=True)
            locks.release_all()


def encode_source(source: str, root: str, key: str, fingerprint: str) -> dict:
    """Decode, encode and cache one source image; returns its manifest.

    Runs in a worker process. ``source`` is a file path, or DEFAULT_CARD.
    """
    if source == DEFAULT_CARD:
        social, data = images_encode.encode_default_card()
        manifest = {"key": key, "fingerprint": fingerprint, "width": social["width"],
                    "height": social["height"], "mode": "RGB", "source_bytes": 0,
                    "variants": [], "social": social}
        write_entry(Path(root), key, manifest, {social["sha256"]: data})
        return manifest
    raw = Path(source).read_bytes()
    if source_key(raw, fingerprint) != key:
        raise images_decode.ImageInputError("changed while the site was being built; build again")
    im = images_decode.decode(raw, max_width=max(images_encode.SETTINGS["widths"]))
    variants, social, blobs = images_encode.encode_picture(im)
    manifest = {"key": key, "fingerprint": fingerprint, "width": im.width, "height": im.height,
                "mode": im.mode, "source_bytes": len(raw), "variants": variants, "social": social}
    write_entry(Path(root), key, manifest, blobs)
    return manifest


@dataclass
class RunStats:
    total: int = 0
    encoded: int = 0
    cached: int = 0
    shared: int = 0  # encoded meanwhile by another process of the build (a language built in parallel)
    encoded_keys: list = field(default_factory=list)
    cached_keys: list = field(default_factory=list)
    workers: int = 0
    seconds: float = 0.0
    errors: dict = field(default_factory=dict)  # source -> message


def default_workers() -> int:
    value = os.environ.get("ZS_IMAGE_WORKERS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        return len(os.sched_getaffinity(0)) or 1  # the cores this process may use
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run(jobs: dict[str, str], root: Path, fingerprint: str, *, workers: int | None = None,
        log: logging.Logger | None = None, progress_every: float | None = None) -> tuple[dict[str, dict], RunStats]:
    """Make sure every job is in the cache. ``jobs`` maps key -> source.

    Returns (key -> manifest, stats). Errors are collected per source in
    ``stats.errors`` (the caller names the pages); every other job still runs.
    """
    log = log or logging.getLogger("mkdocs.plugins.zhoushan.images")
    if progress_every is None:
        progress_every = float(os.environ.get("ZS_IMAGE_PROGRESS_SECONDS", "2") or 2)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    clean_stale(root)
    stats = RunStats(total=len(jobs))
    manifests: dict[str, dict] = {}
    misses = []
    for key in sorted(jobs):
        manifest = read_entry(root, key)
        if manifest is None:
            misses.append(key)
        else:
            manifests[key] = manifest
    stats.cached = len(manifests)
    stats.cached_keys = sorted(manifests)
    if not misses:
        return manifests, stats
    # Another process of the same build (a language built in parallel) may be
    # encoding some of these photos right now: encode only the ones whose lock
    # this process gets, then wait for the others and read what it wrote.
    locks = Locks(root)
    theirs = [key for key in misses if not locks.take(key)]
    misses = [key for key in misses if key in locks.held]
    try:
        _encode(misses, jobs, root, fingerprint, workers, log, progress_every, stats, manifests)
    finally:
        locks.release_all()
    for key in theirs:
        with locks.waiting(key):
            manifest = read_entry(root, key)
        if manifest is not None:
            manifests[key] = manifest
            stats.shared += 1
        else:  # the other process failed on it: try here, and report it from here
            _encode([key], jobs, root, fingerprint, 1, log, progress_every, stats, manifests)
    return manifests, stats


class Locks:
    """One lock file per cache key (flock: released when the process ends,
    however it ends)."""

    def __init__(self, root: Path):
        self.folder = Path(root) / ".locks"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.held: dict[str, int] = {}

    def _open(self, key: str) -> int:
        return os.open(self.folder / f"{key}.lock", os.O_CREAT | os.O_RDWR, 0o644)

    def take(self, key: str) -> bool:
        fd = self._open(key)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self.held[key] = fd
        return True

    def release_all(self) -> None:
        for fd in self.held.values():
            os.close(fd)  # closing the descriptor releases its lock
        self.held.clear()

    @contextlib.contextmanager
    def waiting(self, key: str):
        fd = self._open(key)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)


def _encode(misses: list[str], jobs: dict[str, str], root: Path, fingerprint: str, workers: int | None,
            log: logging.Logger, progress_every: float, stats: RunStats, manifests: dict[str, dict]) -> None:
    """Encode ``misses`` with ``workers`` processes into the cache."""
    if not misses:
        return
    workers = max(1, min(workers or default_workers(), len(misses)))
    stats.workers = max(stats.workers, workers)
    start = last = time.monotonic()
    done = 0

    def finished(key: str, result) -> None:
        nonlocal done, last
        done += 1
        if isinstance(result, BaseException):
            stats.errors[jobs[key]] = str(result) if isinstance(result, images_decode.ImageInputError) \
                else f"could not be processed ({type(result).__name__}: {result})"
        else:
            manifests[key] = result
            stats.encoded += 1
            stats.encoded_keys.append(key)
        now = time.monotonic()
        if done < len(misses) and now - last >= progress_every:
            last = now
            log.info(f"images: {done}/{len(misses)} encoded ({done / (now - start):.1f} per second)")

    queue = collections.deque(misses)
    lock = threading.Lock()

    def take() -> str | None:
        with lock:
            return queue.popleft() if queue else None

    def report(key: str, result) -> None:
        with lock:
            finished(key, result)

    def lane(call) -> None:
        """Encode photos from the queue until it is empty; ``call`` runs
        encode_source here or in a worker process."""
        while (key := take()) is not None:
            try:
                result = call(encode_source, jobs[key], str(root), key, fingerprint)
            except Exception as exc:  # noqa: BLE001 - reported per image
                result = exc
            report(key, result)

    def here(function, *args):
        return function(*args)

    if workers == 1:
        lane(here)
    else:
        # This process encodes too, beside workers - 1 others, every one taking
        # the next photo from one queue: no process waits idle for the others,
        # and one interpreter fewer starts (0.2 s each).
        hooks_dir = str(Path(__file__).resolve().parent.parent)
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(
            max_workers=workers - 1, mp_context=context, initializer=site.addsitedir, initargs=(hooks_dir,)
        ) as pool:
            def there(function, *args):
                return pool.submit(function, *args).result()

            others = [threading.Thread(target=lane, args=(there,), name=f"images-{n}", daemon=True)
                      for n in range(1, workers)]
            for thread in others:
                thread.start()
            try:
                lane(here)
            finally:
                with lock:
                    queue.clear()  # interrupted: the other lanes take nothing more
                for thread in others:
                    thread.join()
    stats.seconds += time.monotonic() - start
