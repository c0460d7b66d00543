# `make run` and `make test` work on a fresh clone: each sets up what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/dev.txt
STAMP := $(VENV)/.installed
CHROMIUM := $(or $(CHROMIUM_PATH),/usr/bin/chromium)
REQUIRE := scripts/require-package
# pip-compile reads only PyPI, whatever this machine's pip configuration adds.
PIP_COMPILE := env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE=/dev/null \
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)

.PHONY: messages run test screenshots lint format check content-report setup browser nginx stack lock audit-deps clean audit loadtest bench

# The virtual environment holds exactly the lock: every package pinned, every file hashed.
$(STAMP): $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null || { \
		echo "Python 3.11 is needed (Django 5.2 LTS); $(PYTHON) is not it. Run make PYTHON=python3.11." >&2; exit 1; }
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || $(REQUIRE) python3-venv /usr/lib/python3.11/ensurepip/__init__.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--require-hashes --no-deps -r $(LOCK)
	$(BIN)/pip-sync --quiet $(LOCK)
	touch $(STAMP)

setup: $(STAMP) messages
	mkdir -p var

# The interface's translations: each committed .po file built into the .mo file Django reads
# (with GNU gettext's msgfmt, installed when missing), again whenever the .po file changes.
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po consultations/locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)
messages: $(MO_FILES)

%.mo: %.po
	@$(REQUIRE) gettext /usr/bin/msgfmt
	msgfmt --check --output-file=$@ $<

# Debian's Chromium for the browser tests; installed when missing (root or passwordless sudo).
browser:
	@$(REQUIRE) chromium $(CHROMIUM)

# Debian's nginx for the deploy tests and `make stack`, and openssl for their self-signed
# certificate; installed when missing (root or passwordless sudo).
nginx:
	@$(REQUIRE) nginx /usr/sbin/nginx
	@$(REQUIRE) openssl /usr/bin/openssl

# The production stack on this machine until Ctrl-C: nginx on https://127.0.0.1:8443 in front of
# two gunicorn instances and the task worker (README.md, "Deploying").
stack: setup nginx
	$(BIN)/python -m deploy.stack

# The site on SQLite with DEBUG on, and the task worker that sends its emails (to this terminal).
run: setup
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	scripts/run-dev

# Bytecode caches on (whatever the shell says): pytest's rewritten test modules and the project's
# own modules are then compiled once, not again in every worker and every process a test starts.
test: setup browser nginx
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest --numprocesses=auto --maxprocesses=4

# Full-page screenshots of every page type at 375 and 1280 px into var/screenshots/, to look at.
screenshots: setup browser
	SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser/test_accessibility.py tests/browser/test_look.py

# After editing dependencies in pyproject.toml: pin them, and everything they need, with hashes.
# `make lock UPGRADE=1` moves every pin to the newest release allowed.
lock: $(STAMP)
	$(PIP_COMPILE) --extra content --extra staff --extra dev -o requirements/dev.txt pyproject.toml
	$(PIP_COMPILE) -c requirements/dev.txt -o requirements/runtime.txt pyproject.toml

# Fails on any known vulnerability in the Python lock; prints npm's audit of the Lighthouse tools.
audit-deps: setup
	$(BIN)/python scripts/audit-dependencies
	@echo "npm audit of audit/package-lock.json (Lighthouse tooling, never served; for information):"
	-cd audit && npm audit --package-lock-only 2>&1 | tail -n 20

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

# Both tables, then fail if either missed a target: the pages from gunicorn against WhiteNoise's
# static file, then through nginx (its micro-cache against nginx's own static file).
bench: setup nginx
	@$(REQUIRE) wrk /usr/bin/wrk
	@$(BIN)/python -m perf.bench; direct=$$?; $(BIN)/python -m perf.bench_nginx; proxied=$$?; \
		test $$direct -eq 0 -a $$proxied -eq 0

# Lighthouse 12 (Node 20) from audit/package-lock.json, local to audit/; Chromium is Debian's.
AUDIT_STAMP := audit/node_modules/.installed
$(AUDIT_STAMP): audit/package.json audit/package-lock.json
	cd audit && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $(AUDIT_STAMP)

audit: setup browser $(AUDIT_STAMP)
	$(BIN)/python audit/lighthouse.py

clean:
	rm -rf $(VENV) var staticfiles audit/node_modules
