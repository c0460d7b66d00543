# `make run` and `make test` work on a fresh clone: each sets up what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format check content-report setup clean audit loadtest bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)
	mkdir -p var

run: setup
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: setup
	DJANGO_DEBUG=1 $(BIN)/python manage.py check

content-report: setup
	DJANGO_DEBUG=1 $(BIN)/python manage.py content_report

# Production-like runs under gunicorn on 127.0.0.1 (see "Load and speed" in the README).
loadtest: setup
	$(BIN)/python -m perf.loadtest

bench: setup
	command -v wrk >/dev/null || apt-get install -y wrk || (apt-get update && apt-get install -y wrk)
	$(BIN)/python -m perf.bench

# Lighthouse 12 (Node 20) from audit/package-lock.json, local to audit/; Chromium is Debian's.
AUDIT_STAMP := audit/node_modules/.installed
$(AUDIT_STAMP): audit/package.json audit/package-lock.json
	cd audit && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $(AUDIT_STAMP)

audit: setup $(AUDIT_STAMP)
	$(BIN)/python audit/lighthouse.py

clean:
	rm -rf $(VENV) var staticfiles audit/node_modules
