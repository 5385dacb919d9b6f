"""Translation status: which version of its source each translation was made from.

Either language may be a page's source. The translation records, in its front
matter, the language of its source and a fingerprint of the source's text at
the time it was translated:

    translation_of: {source: en, hash: 3f2a9c0b1d4e}

``hash`` is the first 12 hex digits of the SHA-256 of the source's translatable
text: its ``title``, its ``description`` and its body (line endings and
trailing spaces normalised, so re-saving a file in another editor changes
nothing). When the source's text changes, the recorded hash no longer matches
and the translation is *stale* until a translator updates it and runs
``make translation-refresh PAGE=<the translation>``, which records the new hash.

A page is, per language: ``source`` (the original), ``translated`` (hash
matches), ``stale`` (the source changed since), ``missing`` (no file: readers
see the original with a "not yet translated" notice) or ``unrecorded`` (a file
with no ``translation_of``: run the refresh command once).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .front_matter import FENCE, FrontMatterError, parse_front_matter

FIELD = "translation_of"
HASH = re.compile(r"^[0-9a-f]{12}$")
STATUSES = ("source", "translated", "stale", "missing", "unrecorded")


class TranslationError(ValueError):
    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


def translatable_text(text: str, path: str = "page") -> str:
    """Title, description and body of a page, normalised."""
    meta, body_line = parse_front_matter(text.replace("\r\n", "\n").lstrip("\ufeff"), path)
    body = text.replace("\r\n", "\n").lstrip("\ufeff").split("\n")[body_line - 1:]
    lines = [line.rstrip() for line in body]
    parts = [str(meta.get("title") or "").strip(), str(meta.get("description") or "").strip(),
             "\n".join(lines).strip("\n")]
    return "\n".join(parts)


def source_hash(text: str, path: str = "page") -> str:
    return hashlib.sha256(translatable_text(text, path).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Record:
    source: str
    hash: str


def field_line(text: str) -> int:
    """Line of ``translation_of:`` in the file (1 when absent)."""
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith(FIELD + ":"):
            return number
    return 1


def read_record(meta: dict, text: str, path: str, languages: tuple[str, ...], own: str) -> Record | None:
    raw = meta.get(FIELD)
    if raw is None:
        return None
    line = field_line(text)
    example = f"{FIELD}: {{source: {next((l for l in languages if l != own), 'en')}, hash: 0123456789ab}}"
    if not isinstance(raw, dict) or set(raw) != {"source", "hash"}:
        raise TranslationError(path, line, f"'{FIELD}' must have exactly 'source' and 'hash', for example "
                                           f"{example}; let `make translation-refresh PAGE={path}` write it")
    source, digest = raw["source"], str(raw["hash"])
    if source not in languages or source == own:
        others = ", ".join(l for l in languages if l != own)
        raise TranslationError(path, line, f"'{FIELD}: source' is {source!r}; it must be the language this page "
                                           f"was translated from ({others})")
    if not HASH.match(digest):
        raise TranslationError(path, line, f"'{FIELD}: hash' {digest!r} is not 12 hex digits; do not edit it by hand: "
                                           f"run `make translation-refresh PAGE={path}`")
    return Record(source, digest)


def split_language(rel: str, languages: tuple[str, ...], default: str) -> tuple[str, str]:
    path = PurePosixPath(rel)
    stem, dot, suffix = path.stem.rpartition(".")
    if dot and stem and suffix in languages:
        return str(path.with_name(stem + path.suffix)), suffix
    return rel, default


def language_path(base: str, lang: str, default: str) -> str:
    if lang == default:
        return base
    path = PurePosixPath(base)
    return str(path.with_name(f"{path.stem}.{lang}{path.suffix}"))


@dataclass
class PageStatus:
    base: str                     # 'about/index.md'
    section: str                  # 'about' ('' for pages at the top)
    source: str                   # language of the original
    states: dict[str, str] = field(default_factory=dict)   # language -> one of STATUSES
    problems: list[TranslationError] = field(default_factory=list)

    def path(self, lang: str, default: str) -> str:
        return language_path(self.base, lang, default)


def section_of(base: str) -> str:
    parts = PurePosixPath(base).parts
    return parts[0] if len(parts) > 1 else ""


def statuses(texts: dict[str, str], languages: tuple[str, ...], default: str) -> list[PageStatus]:
    """Status of every page. ``texts`` maps paths under docs/ ('about/index.zh.md') to file text."""
    groups: dict[str, dict[str, str]] = {}
    for rel in sorted(texts):
        base, lang = split_language(rel, languages, default)
        groups.setdefault(base, {})[lang] = rel
    result = []
    for base, present in sorted(groups.items()):
        records: dict[str, Record | None] = {}
        problems: list[TranslationError] = []
        metas: dict[str, dict] = {}
        for lang, rel in present.items():
            try:
                metas[lang], _ = parse_front_matter(texts[rel], f"docs/{rel}")
                records[lang] = read_record(metas[lang], texts[rel], f"docs/{rel}", languages, lang)
            except FrontMatterError:
                records[lang] = None  # reported by the front-matter check
            except TranslationError as exc:
                problems.append(exc)
                records[lang] = None
        claimed = {r.source for r in records.values() if r is not None}
        untracked = [l for l in present if records.get(l) is None]
        if len(claimed) == 1:
            source = claimed.pop()
        elif len(untracked) == 1:
            source = untracked[0]
        else:
            source = default if default in present else sorted(present)[0]
        status = PageStatus(base, section_of(base), source, problems=problems)
        if source not in present:
            rel = present[next(l for l in present if records.get(l))]
            status.problems.append(TranslationError(
                f"docs/{rel}", field_line(texts[rel]),
                f"'{FIELD}' names '{source}' as the source, but docs/{language_path(base, source, default)} does not "
                "exist; write the source page or correct 'source'"))
        current = None
        if source in present:
            try:
                current = source_hash(texts[present[source]], f"docs/{present[source]}")
            except FrontMatterError:
                current = None
        for lang in languages:
            record = records.get(lang)
            if lang == source:
                status.states[lang] = "source"
                if record is not None:
                    rel = present[lang]
                    status.problems.append(TranslationError(
                        f"docs/{rel}", field_line(texts[rel]),
                        f"this page and docs/{present.get(record.source, language_path(base, record.source, default))} "
                        f"both say they are the translation; remove '{FIELD}' from the original"))
            elif lang not in present:
                status.states[lang] = "missing"
            elif record is None:
                status.states[lang] = "unrecorded"
            elif record.source != source:
                status.states[lang] = "unrecorded"
            else:
                status.states[lang] = "translated" if current is None or record.hash == current else "stale"
        result.append(status)
    return result


def coverage(pages: list[PageStatus], languages: tuple[str, ...]) -> list[dict]:
    """Counts per section: pages, and per state the number of (page, language) pairs that are not the source."""
    sections: dict[str, dict] = {}
    for page in pages:
        row = sections.setdefault(page.section, {"section": page.section, "pages": 0,
                                                 **{s: 0 for s in STATUSES if s != "source"}})
        row["pages"] += 1
        for lang in languages:
            state = page.states.get(lang)
            if state and state != "source":
                row[state] += 1
    rows = [sections[key] for key in sorted(sections)]
    for row in rows:
        wanted = row["pages"] * (len(languages) - 1)
        row["percent"] = round(100 * row["translated"] / wanted) if wanted else 100
    return rows


# ---------------------------------------------------------------- writing the record

def set_record(text: str, source: str, digest: str) -> str:
    """The file text with ``translation_of`` set (added as the last front-matter field,
    or replaced where it is); nothing else in the file changes."""
    value = f"{FIELD}: {{source: {source}, hash: {digest}}}"
    newline = "\r\n" if "\r\n" in text else "\n"
    match = FENCE.match(text)
    if not match:
        return f"---{newline}{value}{newline}---{newline}{newline}" + text
    lines = text[: match.end()].split(newline)
    out, skipping = [], False
    for line in lines:
        if skipping and (line.startswith((" ", "\t")) and line.strip()):
            continue
        skipping = False
        if line.startswith(FIELD + ":"):
            out.append(value)
            skipping = True
            continue
        out.append(line)
    if value not in out:
        closing = max(i for i, line in enumerate(out) if line.strip() in ("---", "..."))
        out.insert(closing, value)
    return newline.join(out) + text[match.end():]
