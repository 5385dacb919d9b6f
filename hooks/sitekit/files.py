"""File-system steps shared by the build's caches and outputs."""
from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` so that no reader (and no other build writing the same
    file) ever sees it half-written: a temporary file, then one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def older_than(paths: Iterable[Path], seconds: float, now: float | None = None) -> Iterator[Path]:
    """The paths last modified more than ``seconds`` ago (gone ones skipped)."""
    limit = (time.time() if now is None else now) - seconds
    for path in paths:
        try:
            if path.stat().st_mtime < limit:
                yield path
        except OSError:
            continue
