"""Measure what a deploy sends (issue 7, point 7), on the project's real site:

1. first deploy of a build into an empty bucket;
2. the same build deployed again (should send nothing);
3. a one-page edit (a sentence added to one page), rebuilt and deployed.

The store is moto's S3 server on 127.0.0.1; the project is built from a copy
in a temporary folder (site/ and docs/ are not touched).

    python bench/deploy.py [--page living/index.md] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publish import deploy  # noqa: E402
from publish.testkit import s3_client, s3_server  # noqa: E402

SKIP = {".git", ".venv", "site", "node_modules", "__pycache__", ".pytest_cache", "tests", "bench"}


def copy_project(dest: Path) -> None:
    for path in sorted(ROOT.rglob("*")):
        rel = path.relative_to(ROOT)
        if path.is_file() and not any(part in SKIP for part in rel.parts):
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest / rel)
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)


def build(project: Path) -> Path:
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "PYTHONPATH": str(project)}
    env.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    for cmd in (["-m", "mkdocs", "build", "--strict", "-q", "-d", "site"], ["-m", "publish.finalize", "site"]):
        result = subprocess.run([sys.executable, *cmd], cwd=project, env=env, capture_output=True, text=True)
        if result.returncode:
            sys.exit(result.stdout + result.stderr)
    return site


def measure(client, site: Path, label: str) -> dict:
    store = deploy.Store(client, "bench-site")
    manifest = deploy.verify_site(site)
    plan = deploy.run(store, manifest, site, grace_seconds=72 * 3600, log=lambda m: None)
    meta = {p: n for p, n in store.put_sizes.items() if p.startswith("_publish/") and not p.startswith("_publish/blobs/")}
    content = {p: n for p, n in store.put_sizes.items() if p not in meta}
    return {
        "case": label,
        "files_in_site": len(deploy.deployable(manifest["files"])),
        "site_bytes": sum(e["size"] for e in deploy.deployable(manifest["files"]).values()),
        "objects_written": len(plan.steps),
        "content_objects_uploaded": len(content),
        "content_bytes_uploaded": sum(content.values()),
        "manifest_bytes_uploaded": sum(meta.values()),
        "server_side_copies": store.stats["copies"],
        "requests": sum(store.stats[k] for k in ("put_objects", "copies", "heads", "gets")) + (1 if store.stats["deletes"] else 0),
        "changed_files": sorted(s.path for s in plan.steps),
        "cdn_refresh": [deploy.page_url(manifest["build"].get("site_url", ""), p) for p in plan.refresh],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", default="living/index.md", help="page under docs/ to edit")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, s3_server() as endpoint:
        project = Path(tmp) / "project"
        copy_project(project)
        client = s3_client(endpoint)
        client.create_bucket(Bucket="bench-site")
        site = build(project)
        rows = [measure(client, site, "first deploy"), measure(client, site, "unchanged redeploy")]
        page = project / "docs" / args.page
        page.write_text(page.read_text(encoding="utf-8").rstrip("\n") + "\n\nThis sentence was added by the deploy benchmark.\n",
                        encoding="utf-8")
        site = build(project)
        rows.append(measure(client, site, f"one-page edit ({args.page})"))
    print(f"{'case':<36} {'objects':>8} {'bytes':>10} {'manifests':>10} {'copies':>7} {'requests':>9}")
    for r in rows:
        print(f"{r['case']:<36} {r['content_objects_uploaded']:>8} {r['content_bytes_uploaded']:>10} "
              f"{r['manifest_bytes_uploaded']:>10} {r['server_side_copies']:>7} {r['requests']:>9}")
    edit = rows[-1]
    print(f"\nsite: {rows[0]['files_in_site']} files, {rows[0]['site_bytes']} bytes")
    print(f"one-page edit wrote: {', '.join(edit['changed_files'])}")
    print(f"CDN refresh after the edit: {', '.join(edit['cdn_refresh'])}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
