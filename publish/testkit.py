"""Support for the publishing tests and the deploy benchmark (not used by a
build or a deploy): an S3-compatible server on 127.0.0.1 (moto), a client
for it, and a check that every page in a bucket refers to objects that exist.
"""
from __future__ import annotations

import logging
import os
import posixpath
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from publish import policy, refs
from publish.finalize import finalize

ROOT = Path(__file__).resolve().parent.parent
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               "AWS_DEFAULT_REGION": "us-east-1"}


@contextmanager
def s3_server():
    """moto's S3 server on a free port of 127.0.0.1; yields its endpoint URL."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def s3_client(endpoint: str):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                        region_name=CREDENTIALS["AWS_DEFAULT_REGION"])


def deploy_env(endpoint: str, bucket: str, prefix: str = "", **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DEPLOY_", "PUBLISH_"))}
    env.update(CREDENTIALS, AWS_ENDPOINT_URL=endpoint, DEPLOY_BUCKET=bucket, DEPLOY_PREFIX=prefix,
               PYTHONPATH=str(ROOT), **{k: str(v) for k, v in extra.items()})
    return env


def run_deploy(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "publish.deploy", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def finalized_copy(built: Path, dest: Path) -> Path:
    """A finalized copy of a built (not yet finalized) site."""
    shutil.copytree(built, dest)
    finalize(dest)
    return dest


def bucket_objects(client, bucket: str, prefix: str = "") -> dict[str, dict]:
    """site path -> {"size", "etag"} of every object under ``prefix``."""
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            found[obj["Key"][len(prefix):]] = {"size": obj["Size"], "etag": obj["ETag"]}
    return found


def broken_references(client, bucket: str, prefix: str = "", known: set[str] | None = None) -> list[str]:
    """Every reference, on a page a visitor can reach now, to an object that
    is not there.

    A visitor starts from a page of the committed live manifest (or a 404
    page) and follows links to pages that exist; a page uploaded by a deploy
    that nothing links to yet is not reachable. Stylesheets are checked too.
    With ``known`` (the files of the site versions involved), only references
    to those count: a link that no version could satisfy is the content's
    problem, not the deploy's."""
    from publish import deploy

    objects = bucket_objects(client, bucket, prefix)
    store = deploy.Store(client, bucket, prefix)
    live = store.get_json(deploy.LIVE)
    release = store.get_json(deploy.release_key(live["release"])) if live else None
    starts = {p for p in (release or {}).get("files", {}) if p.endswith(".html")}
    queue = sorted(p for p in starts | {p for p in objects if p.endswith("404.html")} if p in objects)
    queue += sorted(p for p in objects if p.endswith(".css") and not policy.encoding_of(p))
    seen, problems = set(queue), []
    while queue:
        path = queue.pop(0)
        text = client.get_object(Bucket=bucket, Key=prefix + path)["Body"].read().decode("utf-8")
        folder = posixpath.dirname(path)
        if path.endswith(".html"):
            targets = refs.rewrite_html(text, folder, refs.Site(), {})[1]
        else:
            targets = {refs.resolve(u, folder, refs.Site()) for _, _, u in refs.text_refs(text, ".css")}
        for target in sorted(t for t in targets if t):
            candidates = [target, posixpath.join(target, "index.html")]
            found = [c for c in candidates if c in objects]
            if found:
                page = found[0]
                if page.endswith(".html") and page not in seen:
                    seen.add(page)
                    queue.append(page)
            elif known is None or any(c in known for c in candidates):
                problems.append(f"{path} -> {target}")
    return sorted(problems)
