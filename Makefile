# Everything a fresh Debian machine needs is installed by these targets: Python >= 3.12 is looked up (pyenv's
# included), a virtual environment is made in .venv, Debian packages are installed with apt-get when missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 python3; do \
  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then echo $$p; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

# Debian packages: fonts for the PDFs (fontconfig finds them); the browser, its driver and document tools for the
# tests and the audit.
SITE_DEBS := fonts-noto-cjk fontconfig
TEST_DEBS := $(SITE_DEBS) chromium chromium-driver poppler-utils qpdf zbar-tools librsvg2-bin libreoffice-writer-nogui

.PHONY: help site serve validate test audit bench bench-documents bench-audit clean deps-site deps-test new-plan publish check-external

help:
	@echo "make site      build the complete site into site/ (installs what it needs)"
	@echo "make test      run the whole test suite (installs what it needs)"
	@echo "make serve     preview the site at http://127.0.0.1:8000/"
	@echo "make validate  check the content files and report translation coverage"
	@echo "make audit     accessibility audit of site/ (Taiwan 網站無障礙規範, AA)"
	@echo "make bench     build-speed benchmark on synthetic corpora (README: Performance)"
	@echo "make new-plan AGENCY=<id> YEAR=<民國年> [FROM=<plan id>] [SOURCE=<file>]  scaffold a valid plan draft"
	@echo "make publish DEST=<dir>   build and switch DEST to the new site atomically (keeps KEEP=3 releases)"
	@echo "make check-external      report the external links of site/ (never fails the build)"

$(VENV)/.site: pyproject.toml
	@test -n "$(PYTHON)" || { echo "需要 Python 3.12 以上 / Python >= 3.12 is required (none found)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.test: $(VENV)/.site pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

deps-site:
	@bash scripts/install-debs.sh $(SITE_DEBS)

deps-test:
	@bash scripts/install-debs.sh $(TEST_DEBS)

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Built into .build/ first and moved into place only when the whole build succeeded: a failed build leaves the
# previous site/ as it was.
site: deps-site $(VENV)/.site
	@rm -rf .build/site && mkdir -p .build
	$(PY) -m mkdocs build --quiet --clean -f mkdocs.yml -d .build/site
	@rm -rf site.old && { [ ! -e site ] || mv site site.old; } && mv .build/site site && rm -rf site.old
	@echo "網站已建置於 site/ · site built in site/"

# --dirty: after the first build, MkDocs writes only the pages whose output changed (the kcgplans plugin decides
# which, mkdocs_plugin/incremental.py), so a save shows in seconds on a large archive.
serve: $(VENV)/.site
	$(PY) -m mkdocs serve --dirty -f mkdocs.yml

validate: $(VENV)/.site
	$(PY) scripts/validate.py content

test: deps-test $(VENV)/.test node_modules/axe-core/axe.min.js
	$(PY) -m pytest -n 2 --dist loadgroup -q

# Reports go to reports/; the summary the 無障礙聲明 page is built from is recorded in content/ (commit it).
audit: deps-test $(VENV)/.test node_modules/axe-core/axe.min.js
	@test -d site || $(MAKE) site
	@mkdir -p reports
	$(PY) scripts/audit.py site --report-dir reports $(AUDIT_ARGS); status=$$?; \
	$(PY) scripts/audit_statement.py reports/audit-report.json content/accessibility-audit.json; exit $$status

# 新增計畫草稿 / scaffold a plan file that passes validation (scripts/new_plan.py)
new-plan: $(VENV)/.site
	@test -n "$(AGENCY)" -a -n "$(YEAR)" || { echo "用法 usage: make new-plan AGENCY=<機關識別碼 agency id> YEAR=<民國年度 ROC year> [FROM=<計畫識別碼 plan id>] [SOURCE=<原始文件 source .txt>]"; exit 2; }
	$(PY) scripts/new_plan.py "$(AGENCY)" "$(YEAR)" $(if $(FROM),--from "$(FROM)") $(if $(SOURCE),--source "$(SOURCE)")

# Build into DEST.releases/<ts>.partial, then point the symlink DEST at it in one rename (scripts/publish.py)
publish: deps-site $(VENV)/.site
	@test -n "$(DEST)" || { echo "用法 usage: make publish DEST=<網頁伺服器提供的路徑 the path the web server serves>"; exit 2; }
	$(PY) scripts/publish.py "$(DEST)" --keep "$(or $(KEEP),3)"

# External links of site/: reported, never failing (internal links are checked by every build)
check-external: $(VENV)/.site
	@test -d site || $(MAKE) site
	$(PY) scripts/check_external.py site --site-url "$$($(PY) -c 'import yaml,sys; print(yaml.load(open("mkdocs.yml"), Loader=yaml.BaseLoader).get("site_url",""))')"

$(VENV)/.bench: $(VENV)/.test pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	@touch $@

# Speed and memory figures for 100 and 1,000 synthetic plans, each beside plain MkDocs + Material + i18n.
bench: deps-test $(VENV)/.bench node_modules/axe-core/axe.min.js
	$(PY) scripts/bench.py $(BENCH_ARGS)

# Per-document ODT/PDF cost (CPU per document, sizes) for N synthetic plans: scripts/bench_documents.py
bench-documents: deps-site $(VENV)/.bench
	$(PY) scripts/bench_documents.py --sizes 100

# Audit speed on a built site (SITE=site) and the --changed audit of a one-plan edit: scripts/bench_audit.py
bench-audit: deps-test $(VENV)/.bench node_modules/axe-core/axe.min.js
	@test -d "$(or $(SITE),site)" || $(MAKE) site
	$(PY) scripts/bench_audit.py "$(or $(SITE),site)" --jobs 2 --sample 100

clean:
	rm -rf site site.old .build .cache
