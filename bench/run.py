"""`make bench`: build speed of this project against the stock stack, on a
synthetic bilingual site generated outside the repository (bench/synth.py).

Measured in one run (median of ``--runs`` runs each, so that ratios to B,
taken from the same run, cancel out the noise of a shared machine):

- B: the same Markdown built with stock mkdocs-material + mkdocs-static-i18n,
  ``navigation.prune`` and the built-in (lunr) search, none of our hooks;
- ours: the project's full build (every hook, pagefind), cold (every page
  cache empty; the image cache filled: images have their own row), warm
  (nothing changed) and after a one-page edit;
- growth: ours cold at twice the pages per language;
- edit-to-visible under ``make serve`` (tools/serve.py): edit a page, poll
  the served page until it shows the edit; then wait until the full rebuild
  behind it is served (edit to whole site);
- images: bench/images.py (cold with one worker and with all, warm, bytes);
- search: bytes a Chromium visitor downloads for one query per language
  (bench/search_compare.py's visitor), on the sites built above;
- peak memory (maximum resident set of the build process and its children).

Prints a table and writes it, with the machine and the commit, to
bench/RESULTS.md (bench/RESULTS-quick.md with --quick).

    python bench/run.py [--quick] [--pages 1000] [--events 300] [--photos 200] [--runs 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path += [p for p in (str(BENCH), str(ROOT / "tests")) if p not in sys.path]

from search_compare import STOCK_CONFIG  # noqa: E402  (the stock stack's configuration)
from synth import generate  # noqa: E402

# Targets of issue 9 (ratio to B, or absolute).
TARGETS = {
    "cold": ("<=", 0.4, "x B"),
    "warm": ("<=", 0.3, "x B"),
    "growth": ("<=", 2.2, "x ours cold at N"),
    "serve": ("<=", 2.0, "s"),
    "img_cold": ("<=", 0.250, "s/photo, all cores"),
    "img_warm": ("<=", 0.005, "s/photo"),
    "search": ("<=", 300 * 1024, "bytes/query"),
}
# A fixed "now", so that every build of one run sees the same date (events, review dates).
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


def env() -> dict:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": EPOCH, "PYTHONDONTWRITEBYTECODE": "1"}


def timed_run(cmd: list[str], cwd: Path) -> tuple[float, int, float]:
    """Wall seconds, peak resident set (bytes) and CPU seconds (user + system) of
    ``cmd`` and the children it waited for. CPU time barely moves when other work
    shares the cores; wall time does."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({' '.join(cmd)}):\n{out.decode(errors='replace')[-4000:]}")
    return seconds, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def _link_photos(src: str, dst: str) -> None:
    """Photos are shared (hard links); Markdown is copied, since runs edit it."""
    os.link(src, dst) if src.endswith(".jpg") else shutil.copy2(src, dst)


def mkdocs_build(config: Path, site: Path) -> tuple[float, int, float]:
    return timed_run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)], config.parent)


class Sites:
    """The stock and our project around one synthetic docs/ tree."""

    def __init__(self, work: Path, pages: int, events: int, photos: int, photo_size, photo_cache: Path | None):
        self.work = work
        synth = work / "synth"
        docs_src = synth / "docs"
        if photo_cache and photo_cache.is_dir():  # photos made once per run, shared by both sizes
            (docs_src / "pages").mkdir(parents=True, exist_ok=True)
            for photo in photo_cache.glob("photo-*.jpg"):
                os.link(photo, docs_src / "pages" / photo.name)
        generate(synth, pages, events, photos, photo_size)
        # Stock: the same Markdown, without this project's own pieces (data files, search page).
        self.stock = work / "stock"
        shutil.copytree(docs_src, self.stock / "docs", copy_function=_link_photos)
        (self.stock / "mkdocs.yml").write_text(STOCK_CONFIG.format(docs=self.stock / "docs"), encoding="utf-8")
        # Ours: the project's mkdocs.yml, hooks and templates over the same Markdown.
        self.ours = work / "ours"
        shutil.copytree(docs_src, self.ours / "docs", copy_function=_link_photos)
        for name in ("hooks", "overrides", "node_modules"):
            (self.ours / name).symlink_to(ROOT / name)
        shutil.copytree(ROOT / "docs/data", self.ours / "docs/data")
        for search_page in ROOT.glob("docs/search*.md"):
            shutil.copy(search_page, self.ours / "docs" / search_page.name)
        (self.ours / "mkdocs.yml").write_text(json.dumps({
            "INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": "docs", "nav": None,
            # The synthetic pages are not in a hand-written nav and link freely.
            "validation": {"omitted_files": "info", "unrecognized_links": "info"},
        }), encoding="utf-8")
        self.photo_dir = docs_src / "pages"

    def empty_page_caches(self) -> None:
        """Every cache but the images' (they have their own row)."""
        cache = self.ours / ".cache"
        if cache.is_dir():
            for entry in cache.iterdir():
                if entry.name != "images":
                    shutil.rmtree(entry) if entry.is_dir() else entry.unlink()

    def build_stock(self) -> tuple[float, int, float]:
        shutil.rmtree(self.stock / "site", ignore_errors=True)
        return mkdocs_build(self.stock / "mkdocs.yml", self.stock / "site")

    def build_ours(self) -> tuple[float, int, float]:
        return mkdocs_build(self.ours / "mkdocs.yml", self.ours / "site")


def median(values: list[float]) -> float:
    return statistics.median(values)


def repeat(runs: int, before, action, label: str) -> dict:
    seconds, peaks, cpus = [], [], []
    for n in range(runs):
        before(n)
        s, peak, cpu = action()
        seconds.append(s)
        peaks.append(peak)
        cpus.append(cpu)
        print(f"  {label} run {n + 1}/{runs}: {s:.2f} s, CPU {cpu:.2f} s, peak {peak / 2**20:.0f} MiB, "
              f"load {os.getloadavg()[0]:.1f}", flush=True)
    return {"median_s": median(seconds), "runs_s": seconds, "median_cpu_s": median(cpus), "runs_cpu_s": cpus,
            "peak_bytes": max(peaks)}


def edit_page(path: Path, marker: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"\nEdited for the benchmark: {marker}.\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except Exception:  # not up yet, or rebuilding
        return None


def serve_edit_to_visible(sites: Sites, runs: int, timeout: float) -> dict:
    """Start what `make serve` runs (tools/serve.py) on the synthetic site, then
    edit a page and poll the served page until the edit shows, ``runs`` times;
    after each, wait until the full rebuild behind it is served."""
    port = free_port()
    cmd = [sys.executable, str(ROOT / "tools" / "serve.py"), "-f", str(sites.ours / "mkdocs.yml"),
           "--dev-addr", f"127.0.0.1:{port}"]
    log_path = sites.work / "serve.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(cmd, cwd=sites.ours, env=env(), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/pages/p0001/"
    seconds, whole = [], []

    def rebuilds_done() -> int:
        return log_path.read_text(errors="replace").count("Full rebuild done")

    try:
        start = time.perf_counter()
        while fetch(url) is None:
            if proc.poll() is not None or time.perf_counter() - start > timeout:
                tail = log_path.read_text(errors="replace").strip().splitlines()[-3:]
                raise RuntimeError("make serve did not come up: " + " | ".join(tail))
            time.sleep(0.2)
        print(f"  serve: first build served after {time.perf_counter() - start:.1f} s", flush=True)
        time.sleep(1.0)  # let the watcher settle
        for n in range(runs):
            marker = f"serve-edit-{n}-{time.time_ns()}"
            done_before = rebuilds_done()
            start = time.perf_counter()
            edit_page(sites.ours / "docs/pages/p0001.md", marker)
            while True:
                body = fetch(url)
                if body and marker in body:
                    break
                if time.perf_counter() - start > timeout:
                    raise SystemExit(f"the edit did not show within {timeout} s; see {log_path}")
                time.sleep(0.05)
            seconds.append(time.perf_counter() - start)
            while rebuilds_done() == done_before:
                if time.perf_counter() - start > timeout:
                    raise SystemExit(f"the full rebuild did not finish within {timeout} s; see {log_path}")
                time.sleep(0.2)
            whole.append(time.perf_counter() - start)
            print(f"  serve run {n + 1}/{runs}: edit visible after {seconds[-1]:.2f} s, "
                  f"whole site after {whole[-1]:.1f} s", flush=True)
            time.sleep(1.0)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)  # it stops its builds and removes their folders
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    return {"median_s": median(seconds), "runs_s": seconds, "whole_median_s": median(whole), "whole_runs_s": whole}


def images_row(photos: int, size: str) -> dict:
    out = subprocess.run([sys.executable, str(BENCH / "images.py"), "--photos", str(photos), "--size", size, "--json"],
                         check=True, capture_output=True, text=True, env=env())
    return json.loads(out.stdout)


def search_row(sites: Sites) -> dict:
    """Bytes a visitor downloads for one query, per language (max over the queries)."""
    try:
        from browser import CHROMIUM, CHROMIUM_ARGS, serve
        from playwright.sync_api import sync_playwright
        from search_compare import QUERIES, run_query
    except ImportError as exc:
        return {"error": f"not measured: {exc}"}
    if not Path(CHROMIUM).exists():
        return {"error": f"not measured: no Chromium at {CHROMIUM}"}
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for kind, site in (("stock", sites.stock / "site"), ("ours", sites.ours / "site")):
            with serve(site) as base:
                for lang, queries in QUERIES.items():
                    for query in queries:
                        rows.append(run_query(browser, base, lang, query, kind))
        browser.close()
    result = {"queries": rows}
    for kind in ("stock", "ours"):
        for lang in QUERIES:
            mine = [r for r in rows if r["kind"] == kind and r["lang"] == lang]
            result[f"{kind}_{lang}_bytes"] = max(r["bytes"] for r in mine)
            result[f"{kind}_{lang}_results"] = min(r["results_shown"] for r in mine)
    return result


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        mem = f"{kb / 2**20:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass

    def version(pkg: str) -> str:
        from importlib.metadata import PackageNotFoundError, version as v
        try:
            return v(pkg)
        except PackageNotFoundError:
            return "-"

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "hooks", "overrides", "mkdocs.yml"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory": mem, "os": platform.platform(),
        "python": platform.python_version(), "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "versions": {p: version(p) for p in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown",
                                                 "jinja2", "pagefind", "pillow")},
        "commit": commit + (" (hooks/overrides/mkdocs.yml with uncommitted changes)" if dirty else ""),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def verdict(key: str, value: float | None) -> str:
    if value is None:
        return "not measured"
    op, limit, _ = TARGETS[key]
    return "met" if value <= limit else "NOT met"


def _seconds(value: float | None) -> str:
    """CPU seconds: a build's to a tenth, a photo's (under a second) to the millisecond."""
    if value is None:
        return ""
    return f"{value:.3f}" if value < 1 else f"{value:.1f}"


def table(r: dict) -> list[str]:
    b = r["stock"]["median_s"]
    b_cpu = r["stock"].get("median_cpu_s")
    rows = [("measure", "median (wall)", "ratio to B", "CPU s", "CPU ratio to B", "target", "result", "result by CPU")]

    def add(name, shown_text, key=None, ratio=None, shown=None, cpu=None, cpu_ratio=None):
        target = result = cpu_result = ""
        if key:
            op, limit, unit = TARGETS[key]
            target = f"{op} {limit:g} {unit}" if key != "search" else f"{op} {limit // 1024} KB/query"
            by_ratio = key in ("cold", "warm", "growth")
            result = verdict(key, ratio if by_ratio else shown)
            if by_ratio and cpu_ratio is not None:
                cpu_result = verdict(key, cpu_ratio)
        rows.append((name, shown_text, f"{ratio:.2f}" if ratio is not None else "",
                     _seconds(cpu), f"{cpu_ratio:.2f}" if cpu_ratio is not None else "",
                     target, result, cpu_result))

    def build_row(name, fig, key=None, base=None, base_cpu=None):
        base = b if base is None else base
        base_cpu = b_cpu if base_cpu is None else base_cpu
        cpu = fig.get("median_cpu_s")
        add(name, f"{fig['median_s']:.2f} s", key, fig["median_s"] / base, cpu=cpu,
            cpu_ratio=cpu / base_cpu if cpu is not None and base_cpu else None)

    build_row(f"B: stock material + i18n + prune + lunr, 2x{r['pages']}", r["stock"])
    build_row("ours, cold (page caches empty, image cache warm)", r["cold"], "cold")
    build_row("ours, warm (nothing changed)", r["warm"], "warm")
    build_row("ours, after a one-page edit", r["edit"])
    if "growth" in r:
        build_row(f"ours, cold, 2x{r['pages'] * 2} (growth: ratio to ours cold 2x{r['pages']})", r["growth"], "growth",
                  base=r["cold"]["median_s"], base_cpu=r["cold"].get("median_cpu_s"))
        if "stock_growth" in r:
            build_row(f"B at 2x{r['pages'] * 2} (ratio to B at 2x{r['pages']})", r["stock_growth"])
    if "serve" in r and "error" in r["serve"]:
        add(f"edit-to-visible under make serve, 2x{r['pages']}", r["serve"]["error"])
    elif "serve" in r:
        s = r["serve"]["median_s"]
        add(f"edit-to-visible under make serve, 2x{r['pages']}", f"{s:.2f} s", "serve", s / b, shown=s)
        if "whole_median_s" in r["serve"]:
            w = r["serve"]["whole_median_s"]
            add("  the same edit, whole site rebuilt and served", f"{w:.2f} s", None, w / b)
    if "images" in r:
        im = r["images"]
        if "stock_per_photo_s" in im:
            add(f"images, stock Pillow, 1 process ({im['stock_photos']} photos; the target's 640 ms reference)",
                f"{im['stock_per_photo_s'] * 1000:.0f} ms/photo", cpu=im.get("cpu_s_per_photo_stock"))
        add(f"images, cold, 1 worker ({im['photos']} photos {im['size']})",
            f"{im['cold_1_worker_per_photo_s'] * 1000:.0f} ms/photo", cpu=im.get("cpu_s_per_photo_1_worker"))
        add(f"images, cold, {im['workers']} workers", f"{im['cold_all_workers_per_photo_s'] * 1000:.0f} ms/photo",
            "img_cold", shown=im["cold_all_workers_per_photo_s"], cpu=im.get("cpu_s_per_photo_all_workers"))
        add("images, warm", f"{im['warm_per_photo_s'] * 1000:.1f} ms/photo", "img_warm", shown=im["warm_per_photo_s"])
        add("images, bytes out / bytes in",
            f"{im['bytes_out'] / 1e6:.1f} MB / {im['bytes_in'] / 1e6:.1f} MB = {im['out_over_in']:.3f}")
    if "search" in r and "error" not in r["search"]:
        se = r["search"]
        for lang in ("en", "zh"):
            add(f"search, one {lang} query, ours (pagefind)", f"{se[f'ours_{lang}_bytes'] / 1024:.0f} KB", "search",
                se[f"ours_{lang}_bytes"] / se[f"stock_{lang}_bytes"], shown=se[f"ours_{lang}_bytes"])
            add(f"search, one {lang} query, B (lunr)", f"{se[f'stock_{lang}_bytes'] / 1024:.0f} KB", ratio=1.0)
    elif "search" in r:
        add("search", r["search"]["error"])
    add("peak memory, B build", f"{r['stock']['peak_bytes'] / 2**20:.0f} MiB", ratio=1.0)
    add("peak memory, ours cold build", f"{r['cold']['peak_bytes'] / 2**20:.0f} MiB",
        ratio=r["cold"]["peak_bytes"] / r["stock"]["peak_bytes"])
    if "growth" in r:
        add(f"peak memory, ours cold build 2x{r['pages'] * 2}", f"{r['growth']['peak_bytes'] / 2**20:.0f} MiB",
            ratio=r["growth"]["peak_bytes"] / r["stock"]["peak_bytes"])
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return lines


def write_results(path: Path, r: dict, lines: list[str]) -> None:
    m = r["machine"]
    text = [
        f"# Build benchmark ({'QUICK' if r['quick'] else 'full'} run)",
        "",
        "Written by `make bench` (bench/run.py); do not edit by hand. Every figure is the median of "
        f"{r['runs']} runs ({r['growth_runs']} for the 2x2N build), and every ratio is taken within this one run.",
        "",
        f"- date: {m['date']}; commit {m['commit']}",
        f"- machine: {m['cpu']}, {m['cores']} cores, {m['memory']}; {m['os']}; Python {m['python']}",
        f"- load average when the run started: {m['load_before']}; when it ended: {r['load_after']} "
        "(other work shares these cores)",
        "- versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
        f"- synthetic site: {r['pages']} pages per language, {r['events']} events, {r['photos']} photos "
        f"of {r['photo_size']} ({r['image_photos']} in the image row); SOURCE_DATE_EPOCH={EPOCH}",
        "- time per step (s): " + ", ".join(f"{k} {v}" for k, v in r["steps_s"].items()),
        f"- total time of the run: {r['total_s'] / 60:.1f} min",
        "",
        *lines,
        "",
        "Raw figures (every run):",
        "",
        "```json",
        json.dumps({k: v for k, v in r.items() if k not in ("machine",)}, indent=1, ensure_ascii=False, default=str),
        "```",
        "",
    ]
    path.write_text("\n".join(text), encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small run, under two minutes")
    parser.add_argument("--pages", type=int, help="pages per language (default 1000; 60 with --quick)")
    parser.add_argument("--events", type=int, help="events (default 300; 10 with --quick)")
    parser.add_argument("--photos", type=int, help="photos on pages and in the image row (default 200; 3 with --quick)")
    parser.add_argument("--photo-size", default=None, help="default 4000x3000 (1600x1200 with --quick)")
    parser.add_argument("--runs", type=int, help="runs per figure (default 3; 1 with --quick)")
    parser.add_argument("--growth-runs", type=int, help="runs of the 2x2N build (default: --runs)")
    parser.add_argument("--image-photos", type=int, help="photos in the image row (default: --photos)")
    parser.add_argument("--skip", default="", help="comma-separated: growth,stock-growth,serve,images,search")
    parser.add_argument("--out", type=Path, help="results file (default bench/RESULTS.md, RESULTS-quick.md with --quick)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    q = args.quick
    pages = args.pages or (30 if q else 1000)
    events = args.events if args.events is not None else (6 if q else 300)
    photos = args.photos if args.photos is not None else (2 if q else 200)
    photo_size = args.photo_size or ("1200x900" if q else "4000x3000")
    runs = args.runs or (1 if q else 3)
    growth_runs = args.growth_runs or runs
    image_photos = args.image_photos or photos
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    out = args.out or BENCH / ("RESULTS-quick.md" if q else "RESULTS.md")
    size = tuple(int(v) for v in photo_size.lower().split("x"))

    started = time.perf_counter()
    r = {"quick": q, "pages": pages, "events": events, "photos": photos, "photo_size": photo_size, "runs": runs,
         "growth_runs": growth_runs, "image_photos": image_photos, "steps_s": {},
         "machine": machine()}
    work = Path(tempfile.mkdtemp(prefix="zs-bench-"))
    mark = [time.perf_counter()]

    def step(name: str) -> None:
        now = time.perf_counter()
        r["steps_s"][name] = round(now - mark[0], 1)
        mark[0] = now
    print(f"bench: {pages} pages per language, {events} events, {photos} photos {photo_size}, {runs} runs; work in {work}",
          flush=True)
    try:
        print("generating the synthetic site", flush=True)
        sites = Sites(work / "n", pages, events, photos, size, None)
        step("generate")

        print("B: stock build", flush=True)
        r["stock"] = repeat(runs, lambda n: None, sites.build_stock, "B")
        step("stock")

        print("ours: first build (fills the image cache; not counted)", flush=True)
        sites.build_ours()
        step("first build")
        r["cold"] = repeat(runs, lambda n: (sites.empty_page_caches(), shutil.rmtree(sites.ours / "site", ignore_errors=True)),
                           sites.build_ours, "ours cold")
        r["warm"] = repeat(runs, lambda n: None, sites.build_ours, "ours warm")
        r["edit"] = repeat(runs, lambda n: edit_page(sites.ours / "docs/pages/p0002.md", f"build-edit-{n}"),
                           sites.build_ours, "ours one-page edit")
        step("cold, warm, edit")

        if "search" not in skip:
            print("search: one query per language in Chromium", flush=True)
            r["search"] = search_row(sites)
            step("search")
        if "serve" not in skip:
            print("serve: edit-to-visible", flush=True)
            try:
                r["serve"] = serve_edit_to_visible(sites, runs, timeout=600)
            except RuntimeError as exc:  # the other rows are still worth writing
                r["serve"] = {"error": str(exc)}
            step("serve")
        if "growth" not in skip:
            print(f"growth: 2x{pages * 2} pages", flush=True)
            big = Sites(work / "2n", pages * 2, events, photos, size, sites.photo_dir)
            # The image cache is content-addressed: the same photos need no second encoding.
            (big.ours / ".cache").mkdir()
            (big.ours / ".cache/images").symlink_to(sites.ours / ".cache/images")
            r["growth"] = repeat(growth_runs, lambda n: (big.empty_page_caches(), shutil.rmtree(big.ours / "site", ignore_errors=True)),
                                 big.build_ours, "ours cold 2x2N")
            if not q and "stock-growth" not in skip:
                r["stock_growth"] = repeat(1, lambda n: None, big.build_stock, "B 2x2N")
            shutil.rmtree(work / "2n", ignore_errors=True)
            step("growth")
        if "images" not in skip and image_photos:
            print(f"images: bench/images.py --photos {image_photos} --size {photo_size}", flush=True)
            r["images"] = images_row(image_photos, photo_size)
            step("images")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    r["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    r["total_s"] = time.perf_counter() - started
    lines = table(r)
    print("\n".join(lines))
    write_results(out, r, lines)
    print(f"written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
