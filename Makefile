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

# Debian packages: fonts for the PDFs; the browser, its driver and document tools for the tests and the audit.
SITE_DEBS := fonts-noto-cjk
TEST_DEBS := $(SITE_DEBS) chromium chromium-driver poppler-utils qpdf zbar-tools librsvg2-bin libreoffice-writer-nogui

.PHONY: help site serve validate test audit clean deps-site deps-test

help:
	@echo "make site      build the complete site into site/ (installs what it needs)"
	@echo "make test      run the whole test suite (installs what it needs)"
	@echo "make serve     preview the site at http://127.0.0.1:8000/"
	@echo "make validate  check the content files and report translation coverage"
	@echo "make audit     accessibility audit of site/ (Taiwan 網站無障礙規範, AA)"

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

serve: $(VENV)/.site
	$(PY) -m mkdocs serve -f mkdocs.yml

validate: $(VENV)/.site
	$(PY) scripts/validate.py content

test: deps-test $(VENV)/.test node_modules/axe-core/axe.min.js
	$(PY) -m pytest -n 2 --dist loadgroup -q

audit: deps-test $(VENV)/.test node_modules/axe-core/axe.min.js
	@test -d site || $(MAKE) site
	$(PY) scripts/audit.py site

clean:
	rm -rf site site.old .build .cache
