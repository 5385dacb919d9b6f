"""Lighthouse audit of the real site as production serves it (issue 8, point 3).

    make audit                     (or: .venv/bin/python -m tools.audit [--out audit/results.md])

Builds the site into a temporary folder (SITE_URL set to the local server, so
canonical and hreflang URLs are the audited ones), finalizes it like
`make build` (hashed asset names, .br/.gz siblings), serves it with nginx and the
generated server block on 127.0.0.1, and runs npm's Lighthouse with Debian's
Chromium over the home page, the events listing, one event, the sister-city
directory and one partner page, in English and Chinese, with the mobile and
the desktop settings. Scores go to audit/results.md with the date, the commit,
the tool versions, and for every score under its target the audits that cost
points. Slow (a minute or more per page pair), so it is not part of `make test`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publish.finalize import finalize  # noqa: E402
from publish.render_headers import BROTLI_MODULE, render_nginx_server  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
MEDIAN_RUN = ROOT / "tools" / "lighthouse_median.mjs"
# Lighthouse's own advice for scores that vary from run to run is several runs
# and the median run (Lighthouse CI runs 3 by default); a single run on a shared
# two-core machine moves mobile performance by several points.
RUNS = 3
CHROMIUM = "/usr/bin/chromium"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CHROME_FLAGS = "--headless=new --no-sandbox"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {("performance", "mobile"): 95, ("performance", "desktop"): 95,
           **{(c, f): 100 for c in CATEGORIES[1:] for f in ("mobile", "desktop")}}
# (label, English path); the Chinese page is zh/ + the same path. The event and
# the partner page fall back to the first one built if these go away.
PAGES = (
    ("Home", ""),
    ("Events listing", "events/"),
    ("One event", "events/2023-islands-marathon/"),
    ("Sister-city directory", "sister-cities/"),
    ("One partner page", "sister-cities/richmond/"),
)
FORM_FACTORS = ("mobile", "desktop")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pick_pages(site: Path) -> list[tuple[str, str]]:
    """PAGES, with a missing event or partner page replaced by the first built one."""
    chosen = []
    for label, path in PAGES:
        if not (site / path / "index.html").is_file():
            section = path.split("/")[0]
            candidates = sorted(p.parent.relative_to(site).as_posix() + "/"
                                for p in (site / section).glob("*/index.html")
                                if p.parent.name not in {"archive", "category", "by-country", "by-side",
                                                         "by-tier", "by-year"})
            if not candidates:
                raise SystemExit(f"tools/audit.py: no page to audit for {label!r} under {section}/")
            path = candidates[0]
        chosen.append((label, path))
    return chosen


def nginx_conf(site: Path, tmp: Path, port: int) -> str:
    temp = "\n".join(f"    {n}_temp_path {tmp / n};" for n in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    load = f"load_module {BROTLI_MODULE};\n" if BROTLI_MODULE.exists() else ""
    server = render_nginx_server(site, listen=f"127.0.0.1:{port}")
    return (f"{load}daemon off;\nmaster_process off;\npid {tmp / 'nginx.pid'};\n"
            f"error_log {tmp / 'error.log'} warn;\nevents {{ worker_connections 64; }}\n"
            f"http {{\n    access_log off;\n{temp}\n{server}\n}}\n")


def start_nginx(site: Path, tmp: Path, port: int) -> subprocess.Popen:
    conf = tmp / "nginx.conf"
    conf.write_text(nginx_conf(site, tmp, port), encoding="utf-8")
    args = [NGINX, "-c", str(conf), "-p", str(tmp), "-e", str(tmp / "error.log")]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"tools/audit.py: nginx did not start: {proc.stderr.read().decode()}")
            time.sleep(0.05)
    proc.terminate()
    raise SystemExit("tools/audit.py: nginx did not answer within 10 s")


def run_lighthouse(url: str, form_factor: str, out: Path) -> dict:
    args = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
            f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}"]
    if form_factor == "desktop":
        args.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode != 0 or not out.is_file():
        raise SystemExit(f"tools/audit.py: lighthouse failed on {url} ({form_factor}):\n{proc.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def median_run(paths: list[Path]) -> int:
    """Index of the median run among the reports at paths, chosen by
    Lighthouse's own computeMedianRun (closest to the median FCP and TTI)."""
    if len(paths) == 1:
        return 0
    proc = subprocess.run(["node", str(MEDIAN_RUN), *map(str, paths)], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"tools/audit.py: could not choose the median run:\n{proc.stderr[-2000:]}")
    return int(proc.stdout.strip())


def audit_page(url: str, form_factor: str, tmp: Path, runs: int) -> dict:
    """The summary of the median of `runs` Lighthouse runs, with the
    performance score of every run."""
    paths = [tmp / f"report-{i}.json" for i in range(runs)]
    results = [summarize(run_lighthouse(url, form_factor, path)) for path in paths]
    result = results[median_run(paths)]
    result["performance_runs"] = [r["scores"]["performance"] for r in results]
    return result


def summarize(report: dict) -> dict:
    """Scores (0-100), a few measurements and the audits that cost points."""
    audits = report["audits"]
    scores, lost = {}, {}
    for cid in CATEGORIES:
        category = report["categories"][cid]
        scores[cid] = None if category["score"] is None else round(category["score"] * 100)
        lost[cid] = sorted(
            audits[ref["id"]]["title"] for ref in category["auditRefs"]
            if ref.get("weight", 0) > 0 and audits[ref["id"]].get("score") is not None
            and audits[ref["id"]]["score"] < 1
        )
    numeric = {k: audits[k].get("numericValue") for k in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift", "total-byte-weight")}
    return {"scores": scores, "lost": lost, "numeric": numeric,
            "runtime_error": (report.get("runtimeError") or {}).get("message")}


def versions() -> dict:
    lighthouse = json.loads((ROOT / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "docs", "overrides", "hooks", "mkdocs.yml"],
                           capture_output=True, text=True, cwd=ROOT).stdout.strip()
    return {"lighthouse": lighthouse, "chromium": chromium, "commit": commit + (" (with uncommitted changes)" if dirty else "")}


def render(rows: list[dict], info: dict, when: str, runs: int = 1) -> str:
    lines = [
        "# Lighthouse audit",
        "",
        f"Measured {when} on commit {info['commit']} with `make audit` (tools/audit.py): Lighthouse "
        f"{info['lighthouse']}, {info['chromium']}, the finalized site (hashed assets, brotli) served by "
        "nginx with the generated server block on 127.0.0.1. Mobile uses Lighthouse's default mobile "
        "settings (simulated slow 4G and 4x CPU slowdown); desktop uses `--preset=desktop`.",
        "",
        *([f"Every page was audited {runs} times; the table shows the median run, chosen as Lighthouse "
           "chooses it (closest to the median first contentful paint and time to interactive), and the "
           "last column the performance score of every run.", ""] if runs > 1 else []),
        "Targets (issue 8): performance at least 95 on mobile, accessibility, best practices and SEO 100. "
        "A score under its target is marked with `*`.",
        "",
        "| Page | Language | Form factor | Performance | Accessibility | Best practices | SEO | LCP (s) | TBT (ms) | CLS | Transfer (KB) | Performance of each run |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    misses = []
    for row in rows:
        s, n = row["result"]["scores"], row["result"]["numeric"]
        cells = []
        for cid in CATEGORIES:
            target = TARGETS[(cid, row["form_factor"])]
            score = s[cid]
            mark = "" if score is not None and score >= target else "*"
            cells.append(f"{score}{mark}")
            if mark:
                misses.append((row, cid, score, target))
        lines.append(
            f"| {row['label']} (`/{row['path']}`) | {row['lang']} | {row['form_factor']} | " + " | ".join(cells)
            + f" | {n['largest-contentful-paint'] / 1000:.2f} | {n['total-blocking-time']:.0f} | "
            f"{n['cumulative-layout-shift']:.3f} | {n['total-byte-weight'] / 1024:.0f} | "
            + ", ".join(str(x) for x in row["result"].get("performance_runs", [s["performance"]])) + " |"
        )
    lines += ["", "## Scores under target", ""]
    if not misses:
        lines.append("None: every score is at or above its target.")
    for row, cid, score, target in misses:
        lost = "; ".join(row["result"]["lost"][cid]) or "no single audit (the score is a weighted metric mix)"
        lines.append(f"- {row['label']}, {row['lang']}, {row['form_factor']}: {cid} {score} (target {target}). "
                     f"Audits that cost points: {lost}.")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "audit" / "results.md"))
    parser.add_argument("--runs", type=int, default=RUNS, help=f"Lighthouse runs per page and form factor (default {RUNS}); the median run is reported")
    args = parser.parse_args(argv)
    # Stopped with SIGTERM, still stop nginx and remove the temporary site.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for tool in (LIGHTHOUSE, Path(CHROMIUM), Path(NGINX)):
        if not tool.exists():
            raise SystemExit(f"tools/audit.py: {tool} is missing: run `make install-test`")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="zs-audit-") as tmp_name:
        tmp = Path(tmp_name)
        site = tmp / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "SITE_URL": f"http://127.0.0.1:{port}/"}
        env.pop("SITE_ENV", None)
        build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
                               cwd=ROOT, env=env, capture_output=True, text=True)
        if build.returncode != 0:
            raise SystemExit(f"tools/audit.py: the build failed:\n{build.stdout}{build.stderr}")
        finalize(site)
        server = start_nginx(site, tmp, port)
        rows = []
        try:
            for label, path in pick_pages(site):
                for lang, prefix in (("English", ""), ("Chinese", "zh/")):
                    for form_factor in FORM_FACTORS:
                        url = f"http://127.0.0.1:{port}/{prefix}{path}"
                        result = audit_page(url, form_factor, tmp, args.runs)
                        rows.append({"label": label, "path": prefix + path, "lang": lang,
                                     "form_factor": form_factor, "result": result})
                        print(f"{prefix}{path or '(home)'} {form_factor}: {result['scores']} "
                              f"(performance of each run: {result['performance_runs']})", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(rows, versions(), when, args.runs), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
