"""Profile one full build of the synthetic site (cProfile) and write a summary:
own time grouped by where the code lives (each hook, Markdown, Material's
templates, YAML, pagefind...), then the top functions.

    python bench/profile_build.py [--pages 300] [--events 100] [--out bench/profile-ours-2x300.txt] [--stock] [--warm]

--stock profiles B (stock material + i18n + prune + lunr) instead; --warm
profiles a second build with nothing changed (the Markdown cache filled).
The languages are built one after the other (ZS_PARALLEL_LANGUAGES=0): cProfile
sees one process, and a language built in a process of its own would be missing.
"""
from __future__ import annotations

import argparse
import io
import json
import pstats
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "bench"))

from run import Sites, env  # noqa: E402


def area(filename: str, function: str) -> str:
    f = filename.replace("\\", "/")
    if "/hooks/sitekit/" in f:
        return "hooks/sitekit/" + f.rsplit("/", 1)[1]
    if "/hooks/" in f:
        return "hooks/" + f.rsplit("/", 1)[1]
    if "material/templates/partials/nav" in f:
        return "Material templates: navigation"
    if "material/templates" in f:
        return "Material templates: other"
    if f.startswith("overrides/") or "/overrides/" in f:
        return "overrides/ templates"
    for key, name in (("/jinja2/", "Jinja2 runtime"), ("/markdown/", "Python-Markdown"), ("/pymdownx/", "pymdown-extensions"),
                      ("/yaml/", "PyYAML"), ("/mkdocs_static_i18n/", "mkdocs-static-i18n"), ("/mkdocs/", "MkDocs core"),
                      ("/material/plugins/search", "Material search plugin (lunr index)"), ("/jieba/", "jieba"),
                      ("/material/", "Material plugins"), ("/bs4/", "BeautifulSoup"), ("/lxml/", "lxml"),
                      ("/PIL/", "Pillow"), ("/babel/", "Babel"), ("/pygments/", "Pygments")):
        if key in f:
            return name
    if "select.poll" in function or "waitpid" in function:
        return "waiting for subprocesses (pagefind)"
    if f == "~":
        return "builtins (str, re, io: attributed to callers above)"
    if "/python3." in f:
        return "Python standard library"
    return "other"


def summarise(stats_path: Path, title: str, wall: float) -> str:
    stats = pstats.Stats(str(stats_path))
    total = stats.total_tt
    groups: dict[str, float] = defaultdict(float)
    for (filename, _line, function), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        groups[area(filename, function)] += tt
    out = [title, f"wall time under cProfile: {wall:.1f} s; profiled own time: {total:.1f} s", "",
           "own time by area (cProfile tottime):"]
    for name, tt in sorted(groups.items(), key=lambda kv: -kv[1]):
        if tt >= 0.005 * total:
            out.append(f"  {tt:7.2f} s {100 * tt / total:5.1f}%  {name}")
    # Cumulative time of each phase of the build and of each hook event (summed over both languages).
    phases = {
        ("build.py", "_populate_page"): "MkDocs: read + convert Markdown (every page, hooks' page events included)",
        ("build.py", "_build_page"): "MkDocs: render every page's template (theme + hooks' context events)",
        ("pages.py", "render"): "  of which Python-Markdown conversion (Page.render)",
        ("nav.html", "root"): "  of which Material's navigation partial",
        ("nav-item.html", "macro"): "  of which Material's nav items (largest macro frame)",
        ("build.py", "_build_theme_template"): "MkDocs: theme templates (404, sitemap)",
        ("structure/files.py", "get_files"): "MkDocs: scan docs/",
    }
    cumulative = []
    for (filename, _line, function), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        f = filename.replace("\\", "/")
        for (suffix, name), label in phases.items():
            if f.endswith(suffix) and function == name:
                cumulative.append((ct, label))
        if "/hooks/" in f and "/sitekit/" not in f and function.startswith("on_"):
            cumulative.append((ct, f"hook {f.rsplit('/', 1)[1]}:{function}"))
    seen = set()
    out += ["", "cumulative time by build phase and by hook event (both languages):"]
    for ct, label in sorted(cumulative, key=lambda x: -x[0]):
        if label in seen or ct < 0.002 * total:
            continue
        seen.add(label)
        out.append(f"  {ct:7.2f} s {100 * ct / total:5.1f}%  {label}")
    buf = io.StringIO()
    pstats.Stats(str(stats_path), stream=buf).strip_dirs().sort_stats("cumulative").print_stats(45)
    out += ["", "top functions by cumulative time:", buf.getvalue().split("\n", 6)[-1]]
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--stock", action="store_true")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--warm", action="store_true")
    args = parser.parse_args(argv)
    kind = "stock" if args.stock else "ours-warm" if args.warm else "ours"
    out = args.out or ROOT / "bench" / f"profile-{kind}-2x{args.pages}.txt"
    build_env = {**env(), "ZS_PARALLEL_LANGUAGES": "0"}
    with tempfile.TemporaryDirectory(prefix="zs-profile-") as tmp:
        sites = Sites(Path(tmp), args.pages, args.events, 0, (0, 0), None)
        project = sites.stock if args.stock else sites.ours
        prof = Path(tmp) / "build.prof"
        build = ["-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]
        if args.warm:
            subprocess.run([sys.executable, *build], cwd=project, env=build_env, check=True)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), *build], cwd=project, env=build_env, check=True)
        wall = time.perf_counter() - start
        what = "B (stock)" if args.stock else "full (ours, warm)" if args.warm else "full (ours, cold)"
        title = (f"cProfile of one {what} build, languages one after the other: synthetic site, "
                 f"{args.pages} pages per language, {args.events} events, no photos. Written by bench/profile_build.py.")
        out.write_text(summarise(prof, title, wall) + "\n", encoding="utf-8")
    print(out.read_text(encoding="utf-8")[:3000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
