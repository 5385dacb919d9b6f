"""Makes a strict MkDocs build in site/ ready for a CDN (run by `make build`).

    python -m publish.finalize [site]

1. refuses a site/ without the stamp of a complete strict build
   (hooks/build_stamp.py) or one that was finalized already;
2. gives every asset (everything but HTML, sitemaps, feeds and pagefind's
   index) a content-hashed name, ``site.css`` -> ``site.3f9a0c1b2d.css``, and
   rewrites the references to it in HTML, CSS and source-map comments
   (assets that refer to other assets are hashed after them, so a change
   cascades to every URL that depends on it);
3. checks that every inline script is one of the theme's own and computes
   their CSP hashes;
4. sorts the keys of pagefind's entry file (pagefind writes them in random
   order) and writes ``.br`` and ``.gz`` siblings of text files;
5. renders the header policy as ``_headers`` and ``_publish/nginx.conf``;
6. writes ``_publish/manifest.json`` last: every file with its sha256, size,
   content type, cache policy and kind.

Output is deterministic: files are processed in sorted order and the
compressors get no time stamps or names.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import os
import posixpath
import sys
from pathlib import Path

import brotli

from publish import policy, refs
from publish.render_headers import cache_rules, render_headers_file, render_nginx_include, svg_files

log = logging.getLogger("publish.finalize")
HASH_LEN = 10
FORMAT = 1


class FinalizeError(Exception):
    """The site cannot be finalized; the message says why and what to do."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hashed_name(name: str, digest: str) -> str:
    """``name`` with the content hash before its suffix; a name that already
    carries a prefix (8+ hex digits) of its own sha256 stays as it is."""
    if any(len(part) >= 8 and digest.startswith(part.lower()) for part in name.split(".")[:-1]):
        return name
    stem, ext = posixpath.splitext(name)
    return f"{stem}.{digest[:HASH_LEN]}{ext}" if ext else f"{name}.{digest[:HASH_LEN]}"


def list_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def read_stamp(site: Path) -> dict:
    if (site / policy.MANIFEST).exists():
        raise FinalizeError(f"{site}: already finalized ({policy.MANIFEST} exists). Rebuild with `make build`.")
    path = site / policy.BUILD_STAMP
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise FinalizeError(
            f"{path}: missing or unreadable. Only a complete strict build writes it: run "
            "`make build` (mkdocs build --strict) and finalize what it produced."
        ) from None
    if not (stamp.get("complete") is True and stamp.get("strict") is True):
        raise FinalizeError(f"{path}: not a complete strict build ({stamp}); run `make build`.")
    return stamp


def theme_patterns():
    import material

    templates = Path(material.__file__).parent / "templates"
    texts = [(templates / "partials" / "javascripts" / "base.html").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((templates / "partials" / "javascripts").glob("*.html"))]
    return refs.theme_script_patterns(texts)


def rename_assets(site: Path, files: list[str], where: refs.Site) -> dict[str, str]:
    """Content-hashed names for every asset, in dependency order; returns old -> new."""
    assets = [f for f in files if policy.policy_for(f).hashed]
    if any(policy.encoding_of(f) for f in files):
        found = [f for f in files if policy.encoding_of(f)]
        raise FinalizeError(f"{site}: has precompressed files already ({found[:3]}); finalize a fresh build.")
    asset_set = set(assets)
    texts: dict[str, str] = {}
    deps: dict[str, set[str]] = {}
    for path in assets:
        suffix = posixpath.splitext(path)[1]
        deps[path] = set()
        if suffix in (".css", ".js", ".mjs"):
            text = (site / path).read_text(encoding="utf-8")
            texts[path] = text
            folder = posixpath.dirname(path)
            for _, _, url in refs.text_refs(text, suffix):
                target = refs.resolve(url, folder, where)
                if target in asset_set and target != path:
                    deps[path].add(target)
    renamed: dict[str, str] = {}
    done: set[str] = set()
    pending = sorted(assets)
    while pending:
        ready = [p for p in pending if deps[p] <= done]
        if not ready:
            raise FinalizeError(f"{site}: assets refer to each other in a cycle: {pending[:5]}")
        for path in ready:
            folder = posixpath.dirname(path)
            if path in texts:
                data = refs.rewrite_text(texts[path], posixpath.splitext(path)[1], folder, where, renamed).encode("utf-8")
            else:
                data = (site / path).read_bytes()
            new = posixpath.join(folder, hashed_name(posixpath.basename(path), sha256(data)))
            (site / new).write_bytes(data)
            if new != path:
                (site / path).unlink()
            renamed[path] = new
            done.add(path)
        pending = [p for p in pending if p not in done]
    return renamed


def rewrite_pages(site: Path, files: list[str], where: refs.Site, renamed: dict[str, str]) -> list[str]:
    """Rewrites references in HTML and feeds; returns the inline scripts found."""
    scripts: list[str] = []
    patterns = theme_patterns()
    for path in files:
        kind = policy.kind_of(path)
        if kind == "html":
            text = (site / path).read_text(encoding="utf-8")
            try:
                new, _ = refs.rewrite_html(text, posixpath.dirname(path), where, renamed)
            except ValueError as exc:
                raise FinalizeError(f"site/{path}: {exc}") from None
            scan = refs.scan_html(new)
            if scan.handlers:
                raise FinalizeError(
                    f"site/{path}: inline event handler or javascript: URL ({scan.handlers[0]}); the "
                    "Content-Security-Policy blocks it. Move the script to a file in overrides/assets/."
                )
            for script in scan.scripts:
                if not any(p.match(script) for p in patterns):
                    raise FinalizeError(
                        f"site/{path}: inline <script> that is not the theme's own ({script[:60]!r}...). "
                        "The Content-Security-Policy only allows the theme's inline scripts: move it "
                        "to a file in overrides/assets/ and load it with <script src>."
                    )
                scripts.append(script)
        elif kind == "index" and where.site_url:
            # Feeds and sitemaps refer to files by absolute URL.
            text = (site / path).read_text(encoding="utf-8")
            base = where.site_url.rstrip("/") + "/"
            new = text
            for old_path in sorted(renamed, key=len, reverse=True):
                new = new.replace(base + old_path, base + renamed[old_path])
        else:
            continue
        if new != text:
            (site / path).write_text(new, encoding="utf-8")
    return scripts


def check_scripts_by_name(site: Path, renamed: dict[str, str]) -> None:
    """A script that fetches an asset by its old name would break: fail instead."""
    names = {posixpath.basename(old): old for old, new in renamed.items() if old != new}
    for new in sorted(renamed.values()):
        if posixpath.splitext(new)[1] not in (".js", ".mjs"):
            continue
        text = (site / new).read_text(encoding="utf-8", errors="replace")
        for name, old in sorted(names.items()):
            if name.endswith(".map"):
                continue
            if f"/{name}" in text or f"\"{name}" in text or f"'{name}" in text:
                raise FinalizeError(
                    f"site/{new}: mentions {name!r}, which finalize renames to {renamed[old]!r}. "
                    f"Add the file's name to FIXED_NAMES in publish/policy.py or load it from HTML."
                )


def normalize_search_index(site: Path) -> None:
    """pagefind (1.5.2) writes the languages of pagefind-entry.json in a random
    order (a hash map): sort the keys so that two builds are byte-identical.
    pagefind.js reads it as JSON, so the order means nothing to it."""
    entry = site / policy.SEARCH_DIR / "pagefind-entry.json"
    if entry.is_file():
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
                         encoding="utf-8")


def compress(site: Path, files: list[str]) -> list[str]:
    """Writes .br and .gz siblings that are smaller than the file; returns them."""
    written = []
    for path in files:
        data = (site / path).read_bytes()
        if not policy.compressible(path, len(data)):
            continue
        for suffix, packed in ((".br", brotli.compress(data, quality=11)),
                               (".gz", gzip.compress(data, compresslevel=9, mtime=0))):
            if len(packed) < len(data):
                (site / (path + suffix)).write_bytes(packed)
                written.append(path + suffix)
    return written


def describe(site: Path, path: str) -> dict:
    data = (site / path).read_bytes()
    rule = policy.policy_for(path)
    entry = {
        "sha256": sha256(data),
        "size": len(data),
        "content_type": rule.content_type,
        "cache_control": rule.cache_control,
        "kind": rule.kind,
    }
    encoding = policy.encoding_of(path)
    if encoding:
        entry["content_encoding"] = encoding
    return entry


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def finalize(site: Path) -> dict:
    site = Path(site)
    stamp = read_stamp(site)
    where = refs.Site(stamp.get("site_url") or "")
    normalize_search_index(site)
    files = [f for f in list_files(site) if policy.kind_of(f) != "meta"]
    renamed = rename_assets(site, files, where)
    check_scripts_by_name(site, renamed)
    files = [f for f in list_files(site) if policy.kind_of(f) != "meta"]
    scripts = rewrite_pages(site, files, where, renamed)
    csp = policy.page_csp(policy.csp_hash(s) for s in scripts)
    compress(site, files)
    files = [f for f in list_files(site) if policy.kind_of(f) != "meta"]
    entries = {f: describe(site, f) for f in files}
    context = {"files": entries, "csp": csp, "languages": stamp.get("languages") or [],
               "default_language": stamp.get("default_language") or ""}
    (site / policy.HEADERS_FILE).write_text(render_headers_file(context), encoding="utf-8")
    rules = 1 + len(cache_rules(entries)) + len(svg_files(entries))
    if rules > 100:
        log.warning(f"_headers has {rules} rules; Cloudflare Pages reads the first 100 only. "
                    "Keep files with their own cache policy in few folders.")
    (site / policy.NGINX_CONF).write_text(render_nginx_include(context), encoding="utf-8")
    (site / policy.BUILD_STAMP).unlink()
    for meta in (policy.HEADERS_FILE, policy.NGINX_CONF):
        entries[meta] = describe(site, meta)
    manifest = {
        "format": FORMAT,
        "build": stamp,
        "policy": policy.fingerprint(),
        "csp": csp,
        "renamed": {k: v for k, v in sorted(renamed.items()) if k != v},
        "files": {k: entries[k] for k in sorted(entries)},
    }
    manifest["release"] = sha256(json.dumps(manifest["files"], sort_keys=True).encode("utf-8"))[:16]
    write_atomic(site / policy.MANIFEST, json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return manifest


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default="site", help="the built site (default: site)")
    args = parser.parse_args(argv)
    try:
        manifest = finalize(Path(args.site))
    except FinalizeError as exc:
        sys.stderr.write(f"finalize: {exc}\n")
        return 1
    files = manifest["files"]
    total = sum(e["size"] for e in files.values())
    sys.stderr.write(
        f"finalize: {len(manifest['renamed'])} assets content-hashed, {len(files)} files "
        f"({total} bytes) in {args.site}/{policy.MANIFEST}, release {manifest['release']}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
