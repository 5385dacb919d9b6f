"""Compare the two search candidates on the same bilingual Markdown:

- stock: Material's built-in search (lunr; jieba segments Chinese at build time)
  with mkdocs-static-i18n, as a skilled user would set it up;
- ours: this project's build (pagefind, one index per language).

For each, a real Chromium visitor runs one query per language and the script
records the bytes the browser downloaded for it (index, scripts, chunks), the
result count, and whether results stay in the query's language.

    python bench/search_compare.py --pages 1000 [--real]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]

from browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from synth import generate  # noqa: E402

# URL parts of the files each search downloads (index, engine, worker, UI).
SEARCH_FILES = ("search_index.json", "/lunr/", "/workers/", "/pagefind/", "/assets/search.js")
QUERIES = {"en": ["Zhoushan", "archipelago"], "zh": ["舟山", "友好城市"]}

STOCK_CONFIG = """
site_name: Stock
site_url: http://127.0.0.1:8000/
docs_dir: {docs}
theme:
  name: material
  font: false
  features: [navigation.prune]
plugins:
  - search:
      lang: [en, zh]
  - i18n:
      docs_structure: suffix
      languages:
        - {{locale: en, name: English, default: true}}
        - {{locale: zh, name: 中文}}
"""


def build(config: Path, site: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                   check=True, env={"NO_MKDOCS_2_WARNING": "true", "PATH": "/usr/bin:/bin"})
    return time.perf_counter() - start


def stock_site(docs: Path, work: Path) -> Path:
    # The same Markdown without this project's own pieces (search page template, data files).
    stock_docs = work / "stock-docs"
    shutil.copytree(docs, stock_docs, ignore=shutil.ignore_patterns("search.md", "search.*.md", "data"))
    config = work / "stock.yml"
    config.write_text(STOCK_CONFIG.format(docs=stock_docs), encoding="utf-8")
    build(config, work / "stock-site")
    return work / "stock-site"


def our_site(docs: Path, work: Path) -> Path:
    config = work / "ours.yml"
    for name in ("hooks", "overrides"):
        (work / name).symlink_to(ROOT / name)
    # This project's own pieces the synthetic Markdown lacks: data files and the search pages.
    shutil.copytree(ROOT / "docs/data", docs / "data", dirs_exist_ok=True)
    for search_page in ROOT.glob("docs/search*.md"):
        if not (docs / search_page.name).exists():
            shutil.copy(search_page, docs / search_page.name)
    config.write_text(json.dumps({"INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": str(docs), "nav": None,
                                  "validation": {"omitted_files": "info", "unrecognized_links": "info"}}),
                      encoding="utf-8")
    build(config, work / "our-site")
    return work / "our-site"


# Material's search has answered when its count line shows one of its own
# "none", "one" or "# matching" texts (read from the page's configuration, so
# the Chinese pages' texts count too); Material writes counts over 999 as "1.2k".
STOCK_DONE = r"""() => {
  const t = JSON.parse(document.getElementById("__config").textContent).translations;
  const meta = document.querySelector(".md-search-result__meta");
  const text = meta ? meta.textContent.trim() : "";
  const escape = s => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const many = new RegExp("^" + escape(t["search.result.other"]).replace("#", "[0-9.]+k?") + "$");
  return text === t["search.result.none"] || text === t["search.result.one"] || many.test(text);
}"""


def run_query(browser, base: str, lang: str, query: str, kind: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    prefix = "" if lang == "en" else "zh/"
    sizes: dict[str, int] = {}

    def on_response(response):
        try:
            sizes[response.url] = len(response.body())
        except Exception:  # redirects and aborted requests have no body
            pass

    page.on("response", on_response)
    if kind == "stock":
        page.goto(base + prefix)
        page.wait_for_load_state("networkidle")
        page.locator("label.md-header__button[for='__search']").first.dispatch_event("click")
        page.locator("input.md-search__input").focus()
        page.keyboard.type(query)
        page.keyboard.press("End")  # CJK text arrives as insertText; Material searches on keyup
        # Done when the count line says how many matched (none is an answer too).
        page.wait_for_function(STOCK_DONE, timeout=60000)
        page.wait_for_load_state("networkidle")
        links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
        count_text = page.locator(".md-search-result__meta").inner_text()
    else:
        page.goto(base + prefix + "search/")
        page.wait_for_load_state("networkidle")
        page.locator("#zs-q").fill(query)
        # Done when the status names the query and the results are shown (aria-busy is
        # true from the first keystroke until the first page of results is in).
        page.locator("#zs-search[aria-busy=false] .zs-search-status", has_text=query).wait_for(timeout=60000)
        page.wait_for_load_state("networkidle")
        links = page.eval_on_selector_all(".zs-search-result-link", "els => els.map(e => e.href)")
        count_text = page.locator(".zs-search-status").inner_text()
    paths = [urlsplit(h).path for h in links]
    in_lang = [p for p in paths if p.startswith("/zh/") == (lang == "zh")]
    context.close()
    search_bytes = sum(n for url, n in sizes.items() if any(k in url for k in SEARCH_FILES))
    return {"kind": kind, "lang": lang, "query": query, "bytes": search_bytes, "visit_bytes": sum(sizes.values()),
            "requests": len(sizes), "results_shown": len(paths), "results_in_language": len(in_lang),
            "message": count_text.strip()}


def measure(docs: Path, work: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    sites = {"stock": stock_site(docs, work), "ours": our_site(docs, work)}
    index_bytes = {
        "stock": (sites["stock"] / "search/search_index.json").stat().st_size,
        "ours": sum(p.stat().st_size for p in (sites["ours"] / "pagefind").rglob("*") if p.is_file()),
    }
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for kind, site in sites.items():
            with serve(site) as base:
                for lang, queries in QUERIES.items():
                    for query in queries:
                        row = run_query(browser, base, lang, query, kind)
                        row["index_total_bytes"] = index_bytes[kind]
                        rows.append(row)
        browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--real", action="store_true", help="measure the project's own docs/ instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.real:
            docs = work / "docs"
            shutil.copytree(ROOT / "docs", docs)
        else:
            docs = generate(work / "synth", args.pages)
        rows = measure(docs, work)
    print(f"{'variant':7} {'lang':4} {'query':12} {'search KB':>10} {'visit KB':>9} {'requests':>8} {'shown':>5} {'in lang':>7} {'index KB':>9}")
    for r in rows:
        print(f"{r['kind']:7} {r['lang']:4} {r['query']:12} {r['bytes'] / 1024:10.1f} {r['visit_bytes'] / 1024:9.1f} {r['requests']:8} "
              f"{r['results_shown']:5} {r['results_in_language']:7} {r['index_total_bytes'] / 1024:9.1f}   {r['message']}")
    print(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
