"""Publishing: turn a strict MkDocs build in site/ into CDN-ready output and
deploy it to S3-compatible object storage (or serve it with nginx).

- finalize.py: content-hashed asset names, .br/.gz siblings, CSP hashes, the
  manifest (run by `make build` after the strict build);
- policy.py: the one header policy (kinds of file, cache rules, content types,
  security headers);
- render_headers.py: that policy as a `_headers` file and an nginx server block;
- deploy.py: the incremental, crash-safe deploy, its plan and rollback.
"""
