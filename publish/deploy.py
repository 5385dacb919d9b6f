"""Deploys a finalized site/ to S3-compatible object storage, incrementally and
without ever breaking the live site (`make deploy`, `make rollback`).

    python -m publish.deploy [site] [--dry-run] [--grace-hours H] [--keep N]
    python -m publish.deploy --rollback [--to RELEASE] [--dry-run]
    python -m publish.deploy --releases

Configured from the environment: the endpoint from AWS_ENDPOINT_URL (boto3's
own variable; unset means AWS itself), credentials the usual AWS way
(AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, a role), the bucket
from DEPLOY_BUCKET, an optional key prefix from DEPLOY_PREFIX, and the URL
printed for CDN refreshes from SITE_URL (else the build's site_url).

How it stays safe:
- it refuses a site/ without a valid manifest from publish/finalize.py, with
  files the manifest does not list, or with files changed since;
- it compares the new manifest with the live one by sha256 (never size or
  time) and writes only what differs; objects whose bytes are unchanged but
  whose headers differ (the policy changed) get their headers replaced by a
  server-side copy, without uploading them again;
- it writes in an order where every object is there before anything refers to
  it: content-hashed assets, then the search index, then other files, then
  pages (new ones before the pages that link to them), then sitemaps and
  feeds, then the release manifest and last the live manifest
  (``_publish/live.json``), which is the commit point;
- a killed deploy leaves the old live manifest in place; the next run finds
  the objects already written (by their sha256 metadata) and goes on;
- objects that left the site are deleted only after a grace period (pages
  cached by the CDN or a browser may still ask for the old assets);
- pages, sitemaps and the search index are overwritten in place, so each
  version of them is also kept as a blob (``_publish/blobs/<sha256>``); with
  the manifests of the last releases (``_publish/releases/<id>.json.gz``),
  `--rollback` restores one by server-side copies. ``_publish/live.json``
  names the live release, the kept ones and the files waiting for deletion.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import posixpath
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from publish import policy
from publish.finalize import FORMAT, sha256

META = policy.META_DIR
LIVE = f"{META}/live.json"
RELEASES = f"{META}/releases/"
BLOBS = f"{META}/blobs/"
DEFAULT_GRACE_HOURS = 72.0
DEFAULT_KEEP = 5
PHASES = ("asset", "search", "fixed", "html", "index")


class DeployError(Exception):
    """The deploy cannot go on; the message says why and what to do."""


# --------------------------------------------------------------------------
# The local site


def verify_site(site: Path) -> dict:
    """The manifest of a finalized site, after checking that site/ is exactly
    what it lists. Raises DeployError otherwise."""
    site = Path(site)
    path = site / policy.MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise DeployError(
            f"{path}: missing or unreadable. Only `make build` (a complete strict build, then "
            "publish/finalize.py) makes a site/ that can be deployed."
        ) from None
    build = manifest.get("build") if isinstance(manifest, dict) else None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if (manifest.get("format") != FORMAT or not isinstance(files, dict) or not isinstance(build, dict)
            or build.get("complete") is not True or build.get("strict") is not True):
        raise DeployError(f"{path}: not the manifest of a complete strict build; run `make build`.")
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    on_disk.discard(policy.MANIFEST)
    extra = sorted(on_disk - set(files))
    missing = sorted(set(files) - on_disk)
    if extra or missing:
        raise DeployError(
            f"{site}: does not match its manifest (not in it: {extra[:5]}, missing: {missing[:5]}). "
            "Something changed site/ after the build; run `make build` again."
        )
    for rel in sorted(files):
        if sha256((site / rel).read_bytes()) != files[rel]["sha256"]:
            raise DeployError(f"{site}/{rel}: changed after the build (sha256 differs); run `make build` again.")
    return manifest


def deployable(files: dict) -> dict:
    return {p: e for p, e in files.items() if e["kind"] != "meta"}


# --------------------------------------------------------------------------
# The plan (pure: manifests in, steps out)


def headers_of(entry: dict) -> dict:
    headers = {"ContentType": entry["content_type"], "CacheControl": entry["cache_control"]}
    if entry.get("content_encoding"):
        headers["ContentEncoding"] = entry["content_encoding"]
    return headers


def same_object(a: dict | None, b: dict) -> bool:
    return a is not None and a.get("sha256") == b["sha256"] and headers_of(a) == headers_of(b)


@dataclass
class Step:
    path: str
    action: str      # "put": new bytes; "headers": same bytes, new headers
    entry: dict
    phase: str


@dataclass
class Plan:
    release: str
    steps: list[Step] = field(default_factory=list)
    unchanged: int = 0
    retired: dict[str, float] = field(default_factory=dict)    # path -> since (epoch)
    delete: list[str] = field(default_factory=list)            # paths whose grace is over
    refresh: list[str] = field(default_factory=list)           # site paths for the CDN

    @property
    def upload_bytes(self) -> int:
        return sum(s.entry["size"] for s in self.steps if s.action == "put")


def _order(path: str, entry: dict, is_new: bool) -> tuple:
    phase = PHASES.index(entry["kind"]) if entry["kind"] in PHASES else len(PHASES)
    # pagefind's entry file names the index chunks: it goes after them.
    plain = posixpath.splitext(path)[0] if policy.encoding_of(path) else path
    last = posixpath.basename(plain) == "pagefind-entry.json"
    return (phase, last, not is_new, path)


def make_plan(new: dict, live: dict | None, now: float, grace_seconds: float,
              kept_assets: set[str] = frozenset()) -> Plan:
    """What a deploy of manifest ``new`` over the live state ``live`` does."""
    new_files = deployable(new["files"])
    live_files = deployable((live or {}).get("files") or {})
    plan = Plan(release=new["release"])
    for path in sorted(new_files, key=lambda p: _order(p, new_files[p], p not in live_files)):
        entry = new_files[path]
        old = live_files.get(path)
        if same_object(old, entry):
            plan.unchanged += 1
            continue
        action = "headers" if old is not None and old.get("sha256") == entry["sha256"] else "put"
        plan.steps.append(Step(path, action, entry, entry["kind"]))
        if action == "put" and entry["kind"] in ("html", "index") and not entry.get("content_encoding"):
            plan.refresh.append(path)
    retired = dict((live or {}).get("retired") or {})
    for path in live_files:
        if path not in new_files:
            retired.setdefault(path, now)
            if live_files[path]["kind"] == "html" and not live_files[path].get("content_encoding"):
                plan.refresh.append(path)
    for path in list(retired):
        if path in new_files:
            del retired[path]           # back on the site
    for path, since in sorted(retired.items()):
        if now - since >= grace_seconds and path not in kept_assets:
            plan.delete.append(path)
    plan.retired = retired
    plan.refresh = sorted(set(plan.refresh))
    return plan


def page_url(site_url: str, path: str) -> str:
    base = site_url.rstrip("/") + "/" if site_url else "/"
    if path == "index.html":
        return base
    if path.endswith("/index.html"):
        return base + path[: -len("index.html")]
    return base + path


# --------------------------------------------------------------------------
# The store


class Store:
    """The bucket, with counters of what was sent, and (for the fault tests)
    a crash after a given number of writes: PUBLISH_FAULT_AFTER_WRITES=N."""

    def __init__(self, client, bucket: str, prefix: str = "", fault_after: int | None = None):
        self.client, self.bucket, self.prefix = client, bucket, prefix
        self.fault_after = fault_after
        self.stats = {"put_objects": 0, "put_bytes": 0, "copies": 0, "deletes": 0, "heads": 0, "gets": 0}
        self.writes = 0
        self.written: list[str] = []      # "put path", "copy path", "delete path"
        self.put_sizes: dict[str, int] = {}

    def key(self, path: str) -> str:
        return self.prefix + path

    def _write(self):
        if self.fault_after is not None and self.writes >= self.fault_after:
            sys.stderr.write(f"deploy: simulated crash after {self.writes} writes\n")
            sys.stderr.flush()
            os._exit(137)
        self.writes += 1

    def get_json(self, path: str):
        """A JSON object (gzip-compressed when its key ends in .gz), or None."""
        self.stats["gets"] += 1
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self.key(path))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None
        return json.loads(gzip.decompress(body) if path.endswith(".gz") else body)

    def head(self, path: str) -> dict | None:
        from botocore.exceptions import ClientError

        self.stats["heads"] += 1
        try:
            r = self.client.head_object(Bucket=self.bucket, Key=self.key(path))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        entry = {"sha256": (r.get("Metadata") or {}).get("sha256"), "content_type": r.get("ContentType", ""),
                 "cache_control": r.get("CacheControl", "")}
        if r.get("ContentEncoding"):
            entry["content_encoding"] = r["ContentEncoding"]
        return entry

    def put(self, path: str, body: bytes, headers: dict, sha: str):
        self._write()
        self.client.put_object(Bucket=self.bucket, Key=self.key(path), Body=body,
                               Metadata={"sha256": sha}, **headers)
        self.stats["put_objects"] += 1
        self.stats["put_bytes"] += len(body)
        self.written.append(f"put {path}")
        self.put_sizes[path] = self.put_sizes.get(path, 0) + len(body)

    def copy(self, source: str, path: str, headers: dict, sha: str):
        self._write()
        self.client.copy_object(Bucket=self.bucket, Key=self.key(path),
                                CopySource={"Bucket": self.bucket, "Key": self.key(source)},
                                MetadataDirective="REPLACE", Metadata={"sha256": sha}, **headers)
        self.stats["copies"] += 1
        self.written.append(f"copy {path}")

    def delete(self, paths: list[str]):
        for start in range(0, len(paths), 1000):
            chunk = paths[start:start + 1000]
            self._write()
            self.client.delete_objects(Bucket=self.bucket, Delete={
                "Objects": [{"Key": self.key(p)} for p in chunk], "Quiet": True})
            self.stats["deletes"] += len(chunk)
            self.written += [f"delete {p}" for p in chunk]

    def put_json(self, path: str, data: dict):
        body = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        content_type = "application/json; charset=utf-8"
        if path.endswith(".gz"):
            body, content_type = gzip.compress(body, compresslevel=9, mtime=0), "application/gzip"
        self.put(path, body, {"ContentType": content_type, "CacheControl": "no-store"}, sha256(body))


def make_store() -> Store:
    import boto3
    from botocore.config import Config

    bucket = os.environ.get("DEPLOY_BUCKET", "").strip()
    if not bucket:
        raise DeployError(
            "DEPLOY_BUCKET is not set: export DEPLOY_BUCKET=<bucket name> (and AWS_ENDPOINT_URL for "
            "a store other than AWS S3, credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)."
        )
    prefix = os.environ.get("DEPLOY_PREFIX", "").strip().strip("/")
    style = os.environ.get("DEPLOY_ADDRESSING_STYLE", "auto")
    client = boto3.client("s3", config=Config(s3={"addressing_style": style}))
    fault = os.environ.get("PUBLISH_FAULT_AFTER_WRITES")
    return Store(client, bucket, f"{prefix}/" if prefix else "", int(fault) if fault else None)


# --------------------------------------------------------------------------
# Running a plan


def _apply(store: Store, plan: Plan, blobs: set[str], site: Path | None, log) -> None:
    """Writes the plan's objects. ``blobs``: shas known to be stored as blobs.
    ``site`` None means a rollback: every new byte comes from the bucket."""
    if site is None:  # a rollback: check that every byte it needs is still there
        for step in plan.steps:
            needed = BLOBS + step.entry["sha256"] if step.entry["kind"] in policy.MUTABLE_KINDS else step.path
            if step.action == "put" and step.entry["sha256"] not in blobs and store.head(needed) is None:
                raise DeployError(f"rollback: {needed} is no longer in the bucket; deploy a fresh build instead.")
    for step in plan.steps:
        entry, headers, sha = step.entry, headers_of(step.entry), step.entry["sha256"]
        current = store.head(step.path)
        if same_object(current, entry):
            continue                                  # written by a deploy that was cut short
        mutable = entry["kind"] in policy.MUTABLE_KINDS
        if step.action == "headers" or (current is not None and current.get("sha256") == sha):
            store.copy(step.path, step.path, headers, sha)
        elif not mutable:
            if site is None:
                raise DeployError(f"rollback: {step.path} is no longer in the bucket; deploy a fresh build instead.")
            store.put(step.path, (site / step.path).read_bytes(), headers, sha)
        else:
            blob = BLOBS + sha
            if sha not in blobs and store.head(blob) is None:
                if site is None:
                    raise DeployError(f"rollback: blob of {step.path} ({sha[:12]}) is gone; deploy a fresh build instead.")
                store.put(blob, (site / step.path).read_bytes(), {"ContentType": "application/octet-stream",
                                                                   "CacheControl": "no-store"}, sha)
            blobs.add(sha)
            store.copy(blob, step.path, headers, sha)
        log(f"  {step.action:7} {step.path}")


def _blob_shas(files: dict) -> set[str]:
    return {e["sha256"] for e in deployable(files).values() if e["kind"] in policy.MUTABLE_KINDS}


def release_key(rid: str) -> str:
    return f"{RELEASES}{rid}.json.gz"


def read_live(store: Store) -> dict | None:
    live = store.get_json(LIVE)
    if live is not None and live.get("format") != FORMAT:
        raise DeployError(f"{store.key(LIVE)}: unknown format {live.get('format')!r}; refusing to touch the bucket.")
    return live


def read_release(store: Store, rid: str) -> dict | None:
    return store.get_json(release_key(rid))


def run(store: Store, manifest: dict, site: Path | None, *, dry_run=False, grace_seconds: float,
        keep: int = DEFAULT_KEEP, now: float | None = None, note: str = "", log=print) -> Plan:
    now = time.time() if now is None else now
    live = read_live(store)
    history = list((live or {}).get("releases") or [])
    current = read_release(store, live["release"]) if live else None
    if live and current is None:
        raise DeployError(f"{store.key(release_key(live['release']))} is missing: the bucket's live state is "
                          "damaged; restore that object or start over in an empty prefix.")
    current_files = (current or {}).get("files") or {}
    kept_ids = [r["id"] for r in history if r["id"] != manifest["release"]][: keep - 1]
    kept_files = {}
    for rid in kept_ids:
        release = current if live and rid == live["release"] else read_release(store, rid)
        if release:
            kept_files[rid] = release["files"]
    kept_assets = {p for files in kept_files.values() for p, e in deployable(files).items() if e["kind"] == "asset"}
    live_view = {"files": current_files, "retired": (live or {}).get("retired") or {}}
    plan = make_plan(manifest, live_view, now, grace_seconds, kept_assets)
    same_release = live is not None and live.get("release") == manifest["release"]
    log(f"release {plan.release}: {len(plan.steps)} objects to write ({plan.upload_bytes} bytes at most), "
        f"{plan.unchanged} unchanged, {len(plan.retired)} retired, {len(plan.delete)} to delete")
    if dry_run:
        for step in plan.steps:
            log(f"  {step.action:7} {step.path}")
        for path in plan.delete:
            log(f"  delete  {path}")
        return plan
    if not plan.steps and not plan.delete and same_release and plan.retired == live_view["retired"]:
        log("nothing to do: the live site is this release")
        return plan
    known_blobs = _blob_shas(current_files) | {s for f in kept_files.values() for s in _blob_shas(f)}
    _apply(store, plan, known_blobs, site, log)
    # The release manifest, then the live manifest: the commit point.
    if manifest["release"] not in {r["id"] for r in history}:   # else it is in the bucket already
        store.put_json(release_key(manifest["release"]),
                       {"format": FORMAT, "release": manifest["release"], "files": manifest["files"],
                        "build": manifest.get("build"), "policy": manifest.get("policy")})
    history = [{"id": manifest["release"], "deployed_at": int(now), "note": note}] + \
              [r for r in history if r["id"] != manifest["release"]]
    dropped, history = history[keep:], history[:keep]
    state = {"format": FORMAT, "release": manifest["release"], "releases": history, "retired": plan.retired,
             "site_url": (manifest.get("build") or {}).get("site_url", "")}
    store.put_json(LIVE, state)
    # Now nothing live refers to what follows: delete it, then record that.
    keep_blobs = _blob_shas(manifest["files"]) | {s for rid, f in kept_files.items()
                                                  if rid in {r["id"] for r in history} for s in _blob_shas(f)}
    gone_blobs: set[str] = set()
    for r in dropped:
        release = kept_files.get(r["id"]) or (read_release(store, r["id"]) or {}).get("files") or {}
        gone_blobs |= _blob_shas(release) - keep_blobs
    gone = plan.delete + [BLOBS + s for s in sorted(gone_blobs)] + [release_key(r["id"]) for r in dropped]
    if gone:
        store.delete(gone)
        for path in plan.delete:
            state["retired"].pop(path, None)
        if plan.delete:
            store.put_json(LIVE, state)
        for path in gone:
            log(f"  deleted {path}")
    return plan


def rollback(store: Store, to: str | None, **kwargs) -> Plan:
    live = read_live(store)
    if not live or len(live.get("releases") or []) < 2 and not to:
        raise DeployError("rollback: no earlier release is recorded in the bucket.")
    target = to or live["releases"][1]["id"]
    release = read_release(store, target)
    if release is None:
        known = ", ".join(r["id"] for r in live.get("releases") or [])
        raise DeployError(f"rollback: release {target!r} is not kept (kept: {known}).")
    manifest = {"release": release["release"], "files": release["files"], "build": release.get("build"),
                "policy": release.get("policy")}
    return run(store, manifest, None, note=f"rollback from {live['release']}", **kwargs)


# --------------------------------------------------------------------------
# Command line


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Deploy site/ to S3-compatible storage (see module doc).")
    parser.add_argument("site", nargs="?", default="site")
    parser.add_argument("--dry-run", action="store_true", help="show the plan, write nothing")
    parser.add_argument("--grace-hours", type=float,
                        default=float(os.environ.get("DEPLOY_GRACE_HOURS", DEFAULT_GRACE_HOURS)),
                        help=f"keep objects that left the site this long (default {DEFAULT_GRACE_HOURS:g})")
    parser.add_argument("--keep", type=int, default=DEFAULT_KEEP, help="release manifests kept for rollback")
    parser.add_argument("--rollback", action="store_true", help="restore the previous release (or --to)")
    parser.add_argument("--to", help="release id to restore (see --releases)")
    parser.add_argument("--releases", action="store_true", help="list the kept releases")
    parser.add_argument("--report", help="write the counters and the CDN refresh list as JSON here")
    args = parser.parse_args(argv)
    lines: list[str] = []

    def log(msg):
        sys.stderr.write(msg + "\n")

    try:
        store = make_store()
        if args.releases:
            live = read_live(store) or {}
            for r in live.get("releases") or []:
                mark = "*" if r["id"] == live.get("release") else " "
                print(f"{mark} {r['id']}  {time.strftime('%Y-%m-%d %H:%M:%SZ', time.gmtime(r['deployed_at']))}  {r.get('note', '')}")
            return 0
        options = dict(dry_run=args.dry_run, grace_seconds=args.grace_hours * 3600, keep=max(args.keep, 2), log=log)
        if args.rollback:
            plan = rollback(store, args.to, **options)
            site_url = os.environ.get("SITE_URL", "")
        else:
            manifest = verify_site(Path(args.site))
            plan = run(store, manifest, Path(args.site), **options)
            site_url = os.environ.get("SITE_URL") or (manifest.get("build") or {}).get("site_url", "")
    except DeployError as exc:
        log(f"deploy: {exc}")
        return 1
    urls = [page_url(site_url, p) for p in plan.refresh]
    if urls:
        lines.append("Refresh on the CDN:" if not args.dry_run else "Would refresh on the CDN:")
        lines += [f"  {u}" for u in urls]
    for line in lines:
        print(line)
    log("sent: " + ", ".join(f"{k} {v}" for k, v in store.stats.items()))
    if args.report:
        Path(args.report).write_text(json.dumps({"release": plan.release, "stats": store.stats, "refresh": urls,
                                                 "writes": store.writes, "written": store.written,
                                                 "steps": len(plan.steps), "unchanged": plan.unchanged,
                                                 "deleted": plan.delete}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
