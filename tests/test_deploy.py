"""Issue 7, points 4, 5 and 7: the deploy to S3-compatible storage, against a
real S3 server (moto's) on 127.0.0.1.

Three builds of a small bilingual site: A; B, A with one page's text edited;
C, A with a page removed and a new one linked from the home page.
"""
from __future__ import annotations

import json
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from sitebuild import ROOT, build_fixture, page

sys.path.insert(0, str(ROOT))
from publish import deploy, policy  # noqa: E402
from publish.finalize import finalize  # noqa: E402
from publish.testkit import (  # noqa: E402
    bucket_objects, broken_references, deploy_env, run_deploy, s3_client, s3_server,
)

BUCKET = "zhoushan-site"

PAGES_A = {
    "css/extra.css": ".zs-version { color: #123456; }\n",
    "index.md": page("Home", "See [about](about.md) and [the news](news.md).\n"),
    "index.zh.md": page("首页", "见[关于](about.md)。\n"),
    "about.md": page("About", "The first version of this page.\n"),
    "about.zh.md": page("关于", "关于我们。\n"),
    "news.md": page("News", "A news page that version C removes.\n"),
}
PAGES_B = {**PAGES_A, "about.md": page("About", "The second version of this page, edited.\n")}
PAGES_C = {k: v for k, v in PAGES_A.items() if k != "news.md"}
PAGES_C["index.md"] = page("Home", "See [about](about.md) and [the new page](fresh.md).\n")
PAGES_C["fresh.md"] = page("Fresh", "A page that version C adds.\n")
PAGES_C["css/extra.css"] = ".zs-version { color: #654321; }\n"   # a new stylesheet name in C
CONFIG = {"extra_css": ["assets/site.css", "css/extra.css"]}


# Every file of every version: a reference to one of them must never break.
KNOWN: set[str] = set()


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("deploy")
    out = {}
    versions = (("A", PAGES_A), ("B", PAGES_B), ("C", PAGES_C))
    with ThreadPoolExecutor(3) as pool:
        builds = list(pool.map(lambda v: build_fixture(tmp / v[0], v[1], config=CONFIG,
                                                            env={"SOURCE_DATE_EPOCH": "1700000000"}),
                               versions))
    for (name, _), build in zip(versions, builds):
        assert build.ok, build.output
        out[name] = build.site
        shutil.copytree(build.site, tmp / f"{name}-raw")
        KNOWN.update(finalize(build.site)["files"])
        out[f"{name}-raw"] = tmp / f"{name}-raw"
    return out


@pytest.fixture(scope="module")
def s3():
    with s3_server() as endpoint:
        client = s3_client(endpoint)
        client.create_bucket(Bucket=BUCKET)
        yield endpoint, client


def deploy_cli(s3, prefix, *args, **extra):
    endpoint, _ = s3
    result = run_deploy(deploy_env(endpoint, BUCKET, prefix, **extra), *args)
    return result


def deploy_ok(s3, prefix, tmp_path, *args, **extra) -> dict:
    report = tmp_path / f"report-{len(list(tmp_path.iterdir()))}.json"
    result = deploy_cli(s3, prefix, *args, "--report", str(report), **extra)
    assert result.returncode == 0, result.stderr
    data = json.loads(report.read_text())
    data["stdout"] = result.stdout
    return data


def live(client, prefix) -> dict:
    return json.loads(client.get_object(Bucket=BUCKET, Key=f"{prefix}/_publish/live.json")["Body"].read())


def assert_bucket_serves(client, prefix: str, site) -> None:
    """Every published file of ``site`` is in the bucket, byte for byte, with its headers."""
    manifest = json.loads((site / policy.MANIFEST).read_text())
    for path, entry in deploy.deployable(manifest["files"]).items():
        obj = client.get_object(Bucket=BUCKET, Key=f"{prefix}/{path}")
        assert obj["Body"].read() == (site / path).read_bytes(), path
        assert obj["ContentType"] == entry["content_type"] and obj["CacheControl"] == entry["cache_control"], path
        assert obj.get("ContentEncoding") == entry.get("content_encoding"), path
    assert broken_references(client, BUCKET, f"{prefix}/", KNOWN) == []


# --------------------------------------------------------------------------


def test_refuses_a_site_that_is_not_a_complete_strict_build(s3, sites, tmp_path):
    raw = sites["A-raw"]                     # built but never finalized
    result = deploy_cli(s3, "refuse", str(raw))
    assert result.returncode == 1 and "manifest" in result.stderr
    site = tmp_path / "site"
    shutil.copytree(sites["A"], site)
    (site / "stray.html").write_text("<p>not from the build</p>")
    result = deploy_cli(s3, "refuse", str(site))
    assert result.returncode == 1 and "stray.html" in result.stderr
    (site / "stray.html").unlink()
    (site / "about/index.html").write_text("<p>edited by hand</p>")
    result = deploy_cli(s3, "refuse", str(site))
    assert result.returncode == 1 and "changed after the build" in result.stderr
    assert bucket_objects(s3[1], BUCKET, "refuse/") == {}


def test_dry_run_shows_the_plan_and_writes_nothing(s3, sites, tmp_path):
    data = deploy_ok(s3, "dry", tmp_path, str(sites["A"]), "--dry-run")
    assert data["writes"] == 0 and data["stats"]["put_objects"] == 0
    assert data["steps"] > 0 and "about/" in data["stdout"]
    assert bucket_objects(s3[1], BUCKET, "dry/") == {}


def test_first_deploy_then_unchanged_redeploy_uploads_nothing(s3, sites, tmp_path):
    _, client = s3
    first = deploy_ok(s3, "same", tmp_path, str(sites["A"]))
    assert_bucket_serves(client, "same", sites["A"])
    html = client.head_object(Bucket=BUCKET, Key="same/index.html")
    assert html["ContentType"] == "text/html; charset=utf-8"
    assert html["CacheControl"] == "public, max-age=0, must-revalidate"
    br = client.head_object(Bucket=BUCKET, Key="same/index.html.br")
    assert br["ContentEncoding"] == "br" and br["ContentType"] == "text/html; charset=utf-8"
    asset = next(p for p in json.loads((sites["A"] / policy.MANIFEST).read_text())["files"]
                 if p.startswith("assets/") and p.endswith(".css"))
    assert client.head_object(Bucket=BUCKET, Key=f"same/{asset}")["CacheControl"] == policy.CACHE["asset"]
    assert first["stats"]["put_objects"] > 0
    again = deploy_ok(s3, "same", tmp_path, str(sites["A"]))
    assert again["writes"] == 0 and again["stats"]["put_bytes"] == 0 and again["refresh"] == []
    print(f"\nunchanged redeploy: {again['stats']}")


def test_one_page_edit_uploads_that_page_and_what_lists_it(s3, sites, tmp_path):
    _, client = s3
    deploy_ok(s3, "edit", tmp_path, str(sites["A"]))
    data = deploy_ok(s3, "edit", tmp_path, str(sites["B"]))
    puts = sorted(w.split(" ", 1)[1] for w in data["written"] if w.startswith(("put ", "copy ")))
    content = [p for p in puts if not p.startswith("_publish/")]
    assert {"about/index.html", "about/index.html.br", "about/index.html.gz"} <= set(content)
    # Only the page and the search index that lists its words; no asset, no other page.
    assert not [p for p in content if p.startswith(("assets/", "css/"))]
    assert [p for p in content if not (p.startswith("about/index.html") or p.startswith("pagefind/"))] == []
    assert data["refresh"] == ["http://127.0.0.1:8000/about/"]
    assert "http://127.0.0.1:8000/about/" in data["stdout"]
    assert_bucket_serves(client, "edit", sites["B"])
    print(f"\none-page edit: {data['stats']}, content objects: {content}")


def test_policy_change_updates_headers_without_uploading(s3, sites, tmp_path):
    _, client = s3
    deploy_ok(s3, "policy", tmp_path, str(sites["A"]))
    # The live release was published when pages had another cache policy.
    store = deploy.Store(client, BUCKET, "policy/")
    rid = live(client, "policy")["release"]
    release = store.get_json(deploy.release_key(rid))
    release["files"]["index.html"]["cache_control"] = "max-age=60"
    store.put_json(deploy.release_key(rid), release)
    client.copy_object(Bucket=BUCKET, Key="policy/index.html", CopySource={"Bucket": BUCKET, "Key": "policy/index.html"},
                       MetadataDirective="REPLACE", ContentType="text/html; charset=utf-8", CacheControl="max-age=60",
                       Metadata={"sha256": release["files"]["index.html"]["sha256"]})
    data = deploy_ok(s3, "policy", tmp_path, str(sites["A"]))
    assert "copy index.html" in data["written"]
    assert not [w for w in data["written"] if w.startswith("put ") and not w.startswith("put _publish/")]
    assert client.head_object(Bucket=BUCKET, Key="policy/index.html")["CacheControl"] == policy.CACHE["html"]


def test_removed_files_are_deleted_after_the_grace_period_only(s3, sites, tmp_path):
    _, client = s3
    deploy_ok(s3, "grace", tmp_path, str(sites["A"]))
    a_files = set(deploy.deployable(json.loads((sites["A"] / policy.MANIFEST).read_text())["files"]))
    c_files = set(deploy.deployable(json.loads((sites["C"] / policy.MANIFEST).read_text())["files"]))
    gone = a_files - c_files
    assert "news/index.html" in gone
    data = deploy_ok(s3, "grace", tmp_path, str(sites["C"]))
    objects = bucket_objects(client, BUCKET, "grace/")
    assert gone <= set(objects)                           # still there for cached pages
    assert "http://127.0.0.1:8000/news/" in data["refresh"]
    assert set(live(client, "grace")["retired"]) == gone
    data = deploy_ok(s3, "grace", tmp_path, str(sites["C"]), "--grace-hours", "0")
    objects = bucket_objects(client, BUCKET, "grace/")
    # Pages and the old search index go; A's stylesheet stays while release A
    # is kept for a rollback.
    old_assets = {p for p in gone if policy.policy_for(p).kind == "asset"}
    assert old_assets and old_assets <= set(objects) and not (gone - old_assets) & set(objects)
    assert set(live(client, "grace")["retired"]) == old_assets
    assert_bucket_serves(client, "grace", sites["C"])


def test_rollback_restores_the_previous_release(s3, sites, tmp_path):
    _, client = s3
    deploy_ok(s3, "roll", tmp_path, str(sites["A"]))
    deploy_ok(s3, "roll", tmp_path, str(sites["B"]))
    releases = deploy_cli(s3, "roll", "--releases")
    assert releases.returncode == 0 and len(releases.stdout.splitlines()) == 2
    data = deploy_ok(s3, "roll", tmp_path, "--rollback")
    # Only the live manifest is uploaded: pages come back from blobs by server-side copies.
    assert [w for w in data["written"] if w.startswith("put ")] == ["put _publish/live.json"]
    assert_bucket_serves(client, "roll", sites["A"])
    a_release = json.loads((sites["A"] / policy.MANIFEST).read_text())["release"]
    assert live(client, "roll")["release"] == a_release


def test_plan_orders_assets_then_pages_new_first_then_indexes():
    def entry(kind, sha="1"):
        return {"kind": kind, "sha256": sha, "size": 1, "content_type": "t", "cache_control": policy.CACHE[kind]}
    new = {"release": "r2", "files": {
        "index.html": entry("html", "2"), "fresh/index.html": entry("html"), "sitemap.xml": entry("index", "2"),
        "assets/a.2.css": entry("asset"), "pagefind/pagefind-entry.json": entry("search", "2"),
        "pagefind/index/en_2.pf_index": entry("search"), "_headers": entry("meta", "2"),
    }}
    old = {"release": "r1", "files": {
        "index.html": entry("html"), "old/index.html": entry("html"), "sitemap.xml": entry("index"),
        "assets/a.1.css": entry("asset"), "pagefind/pagefind-entry.json": entry("search"),
    }, "retired": {"gone/index.html": 0.0}}
    plan = deploy.make_plan(new, old, now=100.0, grace_seconds=50.0)
    assert [s.path for s in plan.steps] == [
        "assets/a.2.css", "pagefind/index/en_2.pf_index", "pagefind/pagefind-entry.json",
        "fresh/index.html", "index.html", "sitemap.xml"]
    assert plan.retired == {"gone/index.html": 0.0, "old/index.html": 100.0, "assets/a.1.css": 100.0}
    assert plan.delete == ["gone/index.html"]


# --------------------------------------------------------------------------
# Point 5: kill the deploy at any point, run it again.


def _copy_prefix(client, src: str, dst: str):
    def copy(key):
        client.copy_object(Bucket=BUCKET, Key=dst + key, CopySource={"Bucket": BUCKET, "Key": src + key},
                           MetadataDirective="COPY")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(copy, sorted(bucket_objects(client, BUCKET, src))))


def test_killed_deploys_never_break_the_live_site_and_the_next_run_completes(s3, sites, tmp_path):
    _, client = s3
    deploy_ok(s3, "base", tmp_path, str(sites["A"]))
    # How many writes a full A -> C deploy makes.
    _copy_prefix(client, "base/", "count/")
    total = deploy_ok(s3, "count", tmp_path, str(sites["C"]), "--grace-hours", "0")["writes"]
    assert total > 20
    # First write, early, middle, late, the live manifest commit and the deletes after it.
    points = sorted({0, 1, total // 3, (2 * total) // 3, total - 2, total - 1})
    for point in points:
        prefix = f"kill{point}"
        _copy_prefix(client, "base/", f"{prefix}/")
        killed = deploy_cli(s3, prefix, str(sites["C"]), "--grace-hours", "0",
                            PUBLISH_FAULT_AFTER_WRITES=point)
        assert killed.returncode == 137, (point, killed.stderr[-500:])
        assert broken_references(client, BUCKET, f"{prefix}/", KNOWN) == [], point
        state = live(client, prefix)
        assert state["release"] in {json.loads((sites[s] / policy.MANIFEST).read_text())["release"] for s in "AC"}
        store = deploy.Store(client, BUCKET, f"{prefix}/")
        deploy.run(store, deploy.verify_site(sites["C"]), sites["C"], grace_seconds=0, log=lambda m: None)
        assert store.writes <= total, point
        assert_bucket_serves(client, prefix, sites["C"])
        assert live(client, prefix)["release"] == json.loads((sites["C"] / policy.MANIFEST).read_text())["release"]
