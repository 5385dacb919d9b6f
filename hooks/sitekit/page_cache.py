"""A page's template output kept on disk between builds, keyed by everything
its template can see (issue 9; the hook is hooks/page_cache.py).

Rendering a page's template is half of a build in which nothing changed
(bench/profile-ours-warm-2x300.txt): Material's templates walk the menu,
the table of contents and the language links for every page. Its output is a
function of the template files, the template context (the page, the menu,
every page, the configuration, what the hooks added), the environment's
globals and filters, and the package versions. The key is a hash of all of
them, walked value by value by ``Fingerprint``:

- plain values (text, numbers, lists, dicts, dates) by their contents;
- functions by module, qualified name, defaults and closure (``t``, the
  interface strings function, carries its table in its closure);
- MkDocs' objects (pages, sections, links, files, the menu, the
  configuration, plugins) through ``adapters`` that list what a template can
  read of them. Another page counts as a menu shows it (title, address, front
  matter), so a change to one page's text renders that page again, and a
  change to a title renders every page. A template that reads another page's
  text (its content, Markdown or table of contents) is caught while it
  renders (``AttributeWatch``): that output is not kept, and from then on its
  pages' keys hold every page's text;
- anything else raises ``Unkeyable``: that page is rendered, never reused.

A value only a template can name matters: the build date (``build_date_utc``)
is left out unless a template file mentions it.
"""
from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
import os
import sys
import types
import zlib
from dataclasses import fields, is_dataclass
from pathlib import Path, PurePath
from typing import Callable

from .files import older_than, write_atomic
from .versions import package_versions

SCHEMA = 1
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "jinja2", "markupsafe", "babel")
UNUSED_DAYS = 30


class Unkeyable(TypeError):
    """A value without a fingerprint that is the same in every build."""


class Fingerprint:
    """Feeds values into a hash, the same bytes for equal values in every process.

    ``adapters`` maps a type to a function returning what of an object counts
    (a plain structure, walked in turn). Objects given to an adapter, and the
    ``shared`` containers named in ``digest``, are remembered by identity for
    the life of this Fingerprint (one language's build): they are walked once,
    however many pages show them. ``fresh`` objects are walked anew every time
    (the page being rendered)."""

    def __init__(self, adapters: dict[type, Callable[[object], object]]):
        self.adapters = adapters
        self.memo: dict[int, tuple[object, bytes]] = {}
        self.shared: set[int] = set()
        self._dispatch = {
            str: self._text, dict: self._dict, list: self._sequence, tuple: self._sequence,
            int: self._scalar, float: self._scalar, bool: self._scalar, type(None): self._scalar,
        }

    def digest(self, value, fresh: tuple = (), shared: tuple = ()) -> str:
        self.shared.update(id(v) for v in shared if v is not None)
        h = hashlib.sha256()
        self._walk(value, h, {id(v) for v in fresh}, set())
        return h.hexdigest()

    def _remembered(self, value, walk: Callable, fresh: set, path: set) -> bytes:
        key = id(value)
        if key not in fresh:
            known = self.memo.get(key)
            if known is not None and known[0] is value:
                return known[1]
        if key in path:  # a reference back up the walk (a page's parent section)
            return b"cycle"
        h = hashlib.sha256()
        h.update(type(value).__qualname__.encode())
        walk(h, path | {key})
        digest = h.digest()
        if key not in fresh:
            self.memo[key] = (value, digest)  # kept alive, so its id is not reused
        return digest

    def _walk(self, value, h, fresh: set, path: set) -> None:
        exact = self._dispatch.get(type(value))
        if exact is not None:
            if id(value) in self.shared:
                h.update(self._remembered(value, lambda h2, p2: exact(value, h2, fresh, p2), fresh, path))
            else:
                exact(value, h, fresh, path)
        else:
            self._other(value, h, fresh, path)

    @staticmethod
    def _scalar(value, h, fresh, path) -> None:
        h.update(f"{type(value).__name__}:{value!r};".encode())

    @staticmethod
    def _text(value, h, fresh, path) -> None:
        data = value.encode("utf-8", "surrogatepass")
        h.update(f"{type(value).__qualname__}:{len(data)}:".encode())  # Markup differs from str
        h.update(data)

    def _dict(self, value, h, fresh, path) -> None:
        items = sorted(value.items(), key=lambda kv: (type(kv[0]).__name__, str(kv[0])))
        h.update(f"{type(value).__qualname__}:{len(items)}{{".encode())
        for k, v in items:
            self._walk(k, h, fresh, path)
            self._walk(v, h, fresh, path)
        h.update(b"}")

    def _sequence(self, value, h, fresh, path) -> None:
        h.update(f"{type(value).__qualname__}:{len(value)}[".encode())
        for item in value:
            self._walk(item, h, fresh, path)
        h.update(b"]")

    def _other(self, value, h, fresh: set, path: set) -> None:  # noqa: C901 - one case per kind of value
        if isinstance(value, str):
            self._text(value, h, fresh, path)
        elif isinstance(value, (bool, int, float)):
            self._scalar(value, h, fresh, path)
        elif isinstance(value, bytes):
            h.update(f"bytes:{len(value)}:".encode())
            h.update(value)
        elif isinstance(value, enum.Enum):
            h.update(f"enum:{type(value).__qualname__}.{value.name};".encode())
        elif isinstance(value, (dt.date, dt.datetime, dt.time)):
            h.update(f"{type(value).__name__}:{value.isoformat()};".encode())
        elif isinstance(value, PurePath):
            h.update(f"path:{value.as_posix()};".encode())
        elif isinstance(value, dict):
            self._dict(value, h, fresh, path)
        elif isinstance(value, (list, tuple)):
            self._sequence(value, h, fresh, path)
        elif isinstance(value, (set, frozenset)):
            parts = sorted(self.digest(v) for v in value)
            h.update(f"set:{','.join(parts)};".encode())
        elif isinstance(value, type):
            h.update(f"type:{value.__module__}.{value.__qualname__};".encode())
        elif isinstance(value, functools.partial):
            h.update(b"partial(")
            self._walk([value.func, list(value.args), value.keywords], h, fresh, path)
            h.update(b")")
        elif isinstance(value, types.MethodType):
            h.update(b"method(")
            self._walk([value.__func__, value.__self__], h, fresh, path)
            h.update(b")")
        elif isinstance(value, (types.FunctionType, types.BuiltinFunctionType)):
            h.update(f"function:{value.__module__}.{value.__qualname__}(".encode())
            cells = []
            for cell in getattr(value, "__closure__", None) or ():
                try:
                    cells.append(cell.cell_contents)
                except ValueError:  # not filled yet
                    cells.append(None)
            self._walk([cells, list(getattr(value, "__defaults__", None) or ()),
                        getattr(value, "__kwdefaults__", None) or {}], h, fresh, path)
            h.update(b")")
        elif isinstance(value, types.ModuleType):
            h.update(f"module:{value.__name__};".encode())
        else:
            adapter = self._adapter(type(value))
            if adapter is not None:
                h.update(self._remembered(value, lambda h2, p2: self._walk(adapter(value), h2, fresh, p2), fresh, path))
            elif is_dataclass(value):
                h.update(f"dataclass:{type(value).__qualname__}(".encode())
                self._walk({f.name: getattr(value, f.name) for f in fields(value)}, h, fresh, path)
                h.update(b")")
            else:
                raise Unkeyable(f"{type(value).__module__}.{type(value).__qualname__}")

    def _adapter(self, cls: type):
        for klass in cls.__mro__:
            if klass in self.adapters:
                return self.adapters[klass]
        return None


def versions() -> str:
    return package_versions(PACKAGES)


def templates_digest(dirs: list[str]) -> tuple[str, bool]:
    """Every template directory's files (a directory inside an installed package
    by the package versions instead: it cannot change without them). Also
    whether any template names the build date."""
    h = hashlib.sha256(versions().encode())
    names_date = False
    for folder in dirs:
        h.update(f"dir:{folder};".encode())
        if "site-packages" in Path(folder).parts or "dist-packages" in Path(folder).parts:
            # Material's templates do not name build_date_utc; checked once per process.
            names_date = names_date or _package_names_date(folder)
            continue
        for root, subdirs, files in os.walk(folder):
            subdirs.sort()
            for name in sorted(files):
                path = Path(root) / name
                data = path.read_bytes()
                h.update(f"{path.relative_to(folder).as_posix()}:{len(data)}:".encode())
                h.update(data)
                names_date = names_date or b"build_date_utc" in data
    return h.hexdigest(), names_date


@functools.lru_cache(maxsize=None)
def _package_names_date(folder: str) -> bool:
    for root, subdirs, files in os.walk(folder):
        subdirs[:] = [d for d in subdirs if not d.startswith(".")]  # .icons: thousands of SVGs
        for name in files:
            if name.endswith((".html", ".xml", ".js", ".txt")) and b"build_date_utc" in (Path(root) / name).read_bytes():
                return True
    return False


def entry_path(root: Path, key: str) -> Path:
    return root / key[:2] / f"{key}.html.z"


# Compressed: a page carries its whole menu (230 KB a page at 2x1000 pages in one
# section) and compresses 16-fold at level 3 in under a millisecond.
LEVEL = 3


def load(root: Path, key: str) -> str | None:
    try:
        text = zlib.decompress(entry_path(root, key).read_bytes()).decode("utf-8", "surrogatepass")
    except (OSError, UnicodeDecodeError, zlib.error):
        return None
    try:
        os.utime(entry_path(root, key))  # its modification time is its last use
    except OSError:
        pass
    return text


def store(root: Path, key: str, output: str) -> None:
    write_atomic(entry_path(root, key), zlib.compress(output.encode("utf-8", "surrogatepass"), LEVEL))


def remove_unused(root: Path, days: int = UNUSED_DAYS, now: float | None = None) -> int:
    removed = 0
    for path in older_than(Path(root).glob("*/*.html.z"), days * 86400, now):
        path.unlink(missing_ok=True)
        removed += 1
    return removed


class AttributeWatch:
    """``with AttributeWatch(Page, {"content"}, current) as w: render()`` then
    ``w.read``: which of ``names`` was read, while rendering, from an instance
    of ``cls`` other than ``current`` (None when none was). Reading through
    ``getattr`` and Jinja both pass the class's ``__getattribute__``, which
    the watch replaces for the duration; the class's own code (a property
    reading another field) does not count."""

    def __init__(self, cls: type, names: frozenset, current: object):
        self.cls, self.names, self.current = cls, names, current
        self.read: str | None = None

    def __enter__(self) -> "AttributeWatch":
        if "__getattribute__" in vars(self.cls):
            raise RuntimeError(f"{self.cls.__qualname__} has its own __getattribute__")
        names, current, watch = self.names, self.current, self

        module = self.cls.__module__

        def watching(obj, name):
            if name in names and obj is not current and watch.read is None \
                    and sys._getframe(1).f_globals.get("__name__") != module:  # not the class's own properties
                watch.read = f"'{name}' of {object.__getattribute__(obj, 'url')!r}"
            return object.__getattribute__(obj, name)

        self.cls.__getattribute__ = watching
        return self

    def __exit__(self, *exc) -> None:
        del self.cls.__getattribute__
