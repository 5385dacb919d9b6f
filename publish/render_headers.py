"""The header policy (publish/policy.py) rendered two ways from one set of
rules: a `_headers` file (Cloudflare Pages, Netlify) and nginx directives.

    python -m publish.render_headers nginx --root /srv/site --listen 80 [site]

prints a complete nginx server block for a finalized site (the same
directives finalize wrote to site/_publish/nginx.conf).
"""
from __future__ import annotations

import argparse
import json
import posixpath
import sys
from pathlib import Path

import jinja2

from publish import policy

TEMPLATES = Path(__file__).parent / "templates"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def served_files(files: dict) -> dict:
    """Files a visitor can request (no metadata, no precompressed siblings)."""
    return {p: e for p, e in files.items() if e["kind"] != "meta" and "content_encoding" not in e}


def cache_rules(files: dict) -> list[dict]:
    """Non-overlapping rules for every file whose cache policy is not the HTML
    default: a folder rule where everything below shares one policy, else one
    rule per file. Sorted by path."""
    default = policy.CACHE["html"]
    served = served_files(files)
    below: dict[str, set[str]] = {}
    for path, entry in served.items():
        parts = path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            below.setdefault("/".join(parts[:depth]), set()).add(entry["cache_control"])
    rules: list[dict] = []
    covered: set[str] = set()
    for folder in sorted(below):
        parent = posixpath.dirname(folder)
        if parent and (parent in covered):
            covered.add(folder)
            continue
        values = below[folder]
        if len(values) == 1 and default not in values:
            rules.append({"path": f"/{folder}/", "folder": True, "cache_control": next(iter(values))})
            covered.add(folder)
    for path, entry in sorted(served.items()):
        folder = posixpath.dirname(path)
        if entry["cache_control"] == default or _is_covered(folder, covered):
            continue
        rules.append({"path": f"/{path}", "folder": False, "cache_control": entry["cache_control"]})
    return sorted(rules, key=lambda r: r["path"])


def _is_covered(folder: str, covered: set[str]) -> bool:
    while folder:
        if folder in covered:
            return True
        folder = posixpath.dirname(folder)
    return False


def svg_files(files: dict) -> list[str]:
    return sorted(p for p, e in served_files(files).items() if e["content_type"].startswith("image/svg+xml"))


def render_headers_file(context: dict) -> str:
    files = context["files"]
    rules = [
        {"pattern": r["path"] + ("*" if r["folder"] else ""), "cache_control": r["cache_control"], "svg": False}
        for r in cache_rules(files)
    ]
    rules += [{"pattern": f"/{p}", "cache_control": "", "svg": True} for p in svg_files(files)]
    return _env().get_template("_headers.j2").render(
        security=policy.security_headers(context["csp"]),
        rules=sorted(rules, key=lambda r: (r["pattern"], r["svg"])),
        html_cache=policy.CACHE["html"],
        svg_csp=policy.SVG_CSP,
    )


def _types() -> list[tuple[str, list[str]]]:
    by_type: dict[str, list[str]] = {}
    for suffix, mime in sorted(policy.TYPES.items()):
        by_type.setdefault(mime, []).append(suffix.lstrip("."))
    return sorted(by_type.items())


def nginx_locations(context: dict) -> list[dict]:
    files = context["files"]
    security = policy.security_headers(context["csp"])
    svg_security = [(n, policy.SVG_CSP if n == "Content-Security-Policy" else v) for n, v in security]
    default_lang = context.get("default_language") or ""
    lang_404 = {
        lang: f"/{lang}/404.html"
        for lang in context.get("languages") or []
        if lang != default_lang and f"{lang}/404.html" in files
    }

    def error_page(path: str) -> str:
        top = path.strip("/").split("/", 1)[0]
        return lang_404.get(top, "")

    locations = [{"match": "/", "sort": "/", "cache_control": policy.CACHE["html"],
                  "headers": security, "error_page": ""}]
    for lang, page in sorted(lang_404.items()):
        locations.append({"match": f"/{lang}/", "sort": f"/{lang}/", "cache_control": policy.CACHE["html"],
                          "headers": security, "error_page": page})
    cache_of = {f"/{p}": e["cache_control"] for p, e in files.items()}
    for rule in cache_rules(files):
        match = f"^~ {rule['path']}" if rule["folder"] else f'= "{rule["path"]}"'
        locations.append({"match": match, "sort": rule["path"], "cache_control": rule["cache_control"],
                          "headers": security, "error_page": error_page(rule["path"])})
    for path in svg_files(files):
        locations = [loc for loc in locations if loc["match"] != f'= "/{path}"']
        locations.append({"match": f'= "/{path}"', "sort": f"/{path}", "cache_control": cache_of[f"/{path}"],
                          "headers": svg_security, "error_page": ""})
    return sorted(locations, key=lambda loc: (loc["sort"], loc["match"]))


def render_nginx_include(context: dict) -> str:
    default_lang = context.get("default_language") or ""
    return _env().get_template("nginx-include.conf.j2").render(
        types=_types(),
        text_types=[t for t in policy.TEXT_TYPES if t != "text/html"],
        locations=nginx_locations(context),
        error_page="/404.html",
        default_language=default_lang,
    )


def render_nginx_server(site: Path, listen: str, root: str | None = None,
                        server_name: str = "_", brotli: bool | None = None) -> str:
    """A complete server block for a finalized site."""
    include = (Path(site) / policy.NGINX_CONF).read_text(encoding="utf-8")
    if brotli is None:
        brotli = BROTLI_MODULE.exists()
    return _env().get_template("nginx-server.conf.j2").render(
        listen=listen, root=root or str(Path(site).resolve()), server_name=server_name,
        brotli=brotli, include=include,
    )


def context_from_manifest(site: Path) -> dict:
    manifest = json.loads((Path(site) / policy.MANIFEST).read_text(encoding="utf-8"))
    build = manifest.get("build") or {}
    return {"files": manifest["files"], "csp": manifest["csp"],
            "languages": build.get("languages") or [], "default_language": build.get("default_language") or ""}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Render the header policy of a finalized site.")
    sub = parser.add_subparsers(dest="what", required=True)
    ng = sub.add_parser("nginx", help="print a complete nginx server block")
    ng.add_argument("site", nargs="?", default="site")
    ng.add_argument("--listen", default="80")
    ng.add_argument("--root", default=None, help="the site folder on the server (default: the local one)")
    ng.add_argument("--server-name", default="_")
    ng.add_argument("--brotli", choices=("auto", "yes", "no"), default="auto",
                    help="serve .br siblings (needs nginx's brotli static module)")
    hd = sub.add_parser("headers", help="print the _headers file")
    hd.add_argument("site", nargs="?", default="site")
    args = parser.parse_args(argv)
    if args.what == "nginx":
        brotli = None if args.brotli == "auto" else args.brotli == "yes"
        sys.stdout.write(render_nginx_server(Path(args.site), args.listen, args.root, args.server_name, brotli))
    else:
        sys.stdout.write(render_headers_file(context_from_manifest(Path(args.site))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
