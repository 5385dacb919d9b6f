# Zhoushan English Channel. `make serve` and `make test` work on a fresh machine.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export NO_MKDOCS_2_WARNING := true
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install install-test system-deps serve build deploy rollback test bench audit clean lock \
	check new-event new-sister-city new-page translation-status translation-refresh

help:
	@echo "make serve   build and serve on http://127.0.0.1:$(PORT)/ with live reload"
	@echo "make build   strict build into site/, then content-hashed, precompressed, with its manifest"
	@echo "make deploy  upload site/ to DEPLOY_BUCKET (S3-compatible, AWS_ENDPOINT_URL); DRY_RUN=1 shows the plan"
	@echo "make rollback  restore the previous release in DEPLOY_BUCKET (TO=<release id> for another)"
	@echo "make test    every test (installs Chromium and fonts when missing)"
	@echo "make audit   Lighthouse scores (mobile, desktop; both languages) of five pages served by nginx -> audit/results.md"
	@echo "make bench   build speed against stock mkdocs-material on a synthetic site (bench/RESULTS.md); QUICK=1: a small run"
	@echo "make check   check docs/ in seconds: one 'file:line: message' per problem (CONTRIBUTING.md)"
	@echo "make new-event ID=2027-short-name | new-sister-city ID=city | new-page PAGE=section/name  (SOURCE=zh if Chinese comes first)"
	@echo "make translation-status | translation-refresh PAGE=docs/x.zh.md (ALL=1: every unrecorded translation)"

# The virtual environment is rebuilt when a requirements file changes.
# requirements.lock pins the transitive packages too (pip -c).
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock
$(BIN)/.installed: requirements.txt requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed requirements-test.txt requirements.lock
	$(PIP_INSTALL) -r requirements-test.txt
	touch $@

# npm packages pinned in package-lock.json: data read by the build (world-atlas: the sister-city
# map's outline) and test tools (html-validate, axe-core; lighthouse for `make audit`).
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

install: $(BIN)/.installed node_modules/.package-lock.json
install-test: $(BIN)/.installed-test node_modules/.package-lock.json system-deps

# Debian's Chromium (Playwright cannot download its own browser here) and a CJK
# font (without it Chinese renders as boxes); nginx for the serving tests.
SYSTEM_PACKAGES := chromium fonts-wqy-microhei nginx libnginx-mod-http-brotli-static
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq $$missing >/dev/null; \
	fi

# tools/serve.py: MkDocs' live-reload server; an edited page shows in about a second,
# the full rebuild follows in the background (FULL=1: every change waits for it).
serve: install
	$(BIN)/python -m tools.serve --dev-addr 127.0.0.1:$(PORT) $(if $(FULL),--full)

# The strict build, then publish/finalize.py (hashed asset names, .br/.gz,
# _headers, nginx conf and the manifest that `make deploy` requires).
# "Now" for the build (feeds' lastBuildDate, upcoming vs past events) is
# SOURCE_DATE_EPOCH; unless set, it is today 00:00 UTC, so that two builds of
# the same sources on the same day are byte-identical and a redeploy sends nothing.
build: install
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(date -u -d "$$(date -u +%F)" +%s)} $(BIN)/mkdocs build --strict
	$(BIN)/python -m publish.finalize site

# Environment: DEPLOY_BUCKET, optional DEPLOY_PREFIX, AWS_ENDPOINT_URL for a
# store other than AWS (OSS, MinIO...), AWS credentials the usual way.
deploy: install
	$(BIN)/python -m publish.deploy site $(if $(DRY_RUN),--dry-run)

rollback: install
	$(BIN)/python -m publish.deploy --rollback $(if $(TO),--to $(TO)) $(if $(DRY_RUN),--dry-run)

test: install-test
	$(BIN)/python -m pytest

# Build speed on a synthetic bilingual site made outside the repository (bench/run.py):
# the stock stack (B), our cold/warm/one-page-edit builds, growth, edit-to-visible
# under serve, images, search bytes, memory. Writes bench/RESULTS.md (RESULTS-quick.md).
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--pages 500 --runs 5".
$(BIN)/.installed-bench: $(BIN)/.installed-test bench/requirements.txt
	$(PIP_INSTALL) -r bench/requirements.txt
	touch $@

bench: $(BIN)/.installed-bench node_modules/.package-lock.json system-deps
	$(BIN)/python bench/run.py $(if $(QUICK),--quick) $(BENCH_ARGS)

# Lighthouse over the finalized site served by nginx (tools/audit.py): slow, so not part of `make test`.
audit: install-test
	$(BIN)/python -m tools.audit

clean:
	rm -rf site .cache .pytest_cache

# Re-pin every transitive dependency from a clean environment.
lock:
	rm -rf .lock-venv && $(PY) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.txt -r requirements-test.txt
	{ echo "# Every package the build and the tests install, transitive ones included, pinned: used as"; \
	  echo "# constraints (pip -c) by the Makefile. Regenerate with \`make lock\` after changing requirements*.txt."; \
	  .lock-venv/bin/pip freeze; } > requirements.lock
	rm -rf .lock-venv

# Editors (CONTRIBUTING.md): the content check, templates, translation status (tools/).
check: install
	$(BIN)/python -m tools.check

new-event: install
	@test -n "$(ID)" || { echo "Say which event: make new-event ID=2027-short-name"; exit 2; }
	$(BIN)/python -m tools.new event "$(ID)" $(if $(SOURCE),--source $(SOURCE))

new-sister-city: install
	@test -n "$(ID)" || { echo "Say which city: make new-sister-city ID=city-name"; exit 2; }
	$(BIN)/python -m tools.new sister-city "$(ID)"

new-page: install
	@test -n "$(PAGE)" || { echo "Say which page: make new-page PAGE=section/page-name"; exit 2; }
	$(BIN)/python -m tools.new page "$(PAGE)" $(if $(SOURCE),--source $(SOURCE))

translation-status: install
	$(BIN)/python -m tools.translation status

translation-refresh: install
	@test -n "$(PAGE)$(ALL)" || { echo "Say which translation: make translation-refresh PAGE=docs/about/index.zh.md (or ALL=1)"; exit 2; }
	$(BIN)/python -m tools.translation refresh $(PAGE) $(if $(SOURCE),--source $(SOURCE)) $(if $(ALL),--all)
