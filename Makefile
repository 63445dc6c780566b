# LearnHub: `make run` starts the site, `make test` runs every test. See README.md.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
export FLASK_APP := wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
# The address printed under each certificate's QR code: the one the site is served on,
# unless LEARNHUB_PUBLIC_URL names the public one (set it whenever others will scan them).
export LEARNHUB_PUBLIC_URL ?= http://$(HOST):$(PORT)

.PHONY: run serve install translations messages browser axe test lint security bench bench-load clean

## Install, migrate, load demo data and serve on http://127.0.0.1:5000
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load
	$(BIN)/flask run --host $(HOST) --port $(PORT)

## Production-style server (several processes)
serve: install
	$(BIN)/flask db upgrade
	$(BIN)/gunicorn --workers 4 --bind $(HOST):$(PORT) wsgi:app

install: $(VENV)/.installed translations

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

## Compile the th and en catalogs (the .mo files are built, never committed)
translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations 2>&1 | grep -v "^compiling" || true
	@test -f translations/th/LC_MESSAGES/messages.mo

## Extract new messages from code and templates into the catalogs
messages: $(VENV)/.installed
	$(BIN)/python scripts/i18n.py update
	$(BIN)/python scripts/i18n.py missing

## Debian's Chromium for the browser tests (never a browser download)
browser:
	@bash scripts/ensure-chromium.sh

## axe-core for the browser tests' accessibility checks, pinned in tests/e2e/axe/package-lock.json
AXE := tests/e2e/axe/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE): tests/e2e/axe/package.json tests/e2e/axe/package-lock.json
	@command -v npm >/dev/null || bash scripts/ensure-npm.sh
	cd tests/e2e/axe && npm ci --no-audit --no-fund --silent
	@touch $@

## The whole suite: lint, security checks, unit, integration and real-browser tests
## in two workers (2 cores), each with its own database; TEST_WORKERS=0 runs one process.
TEST_WORKERS ?= 2
test: install browser axe security
	$(BIN)/ruff check .
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

lint: install security
	$(BIN)/ruff check .
	$(BIN)/ruff format --check learnhub tests

## Static security checks: bandit over the code, failing on any medium or high finding (each
## accepted one carries "# nosec BXXX" and its reason), and the dependency audit when it can
## reach its data
security: install
	$(BIN)/bandit -q -ll -r learnhub -x learnhub/migrations/versions
	$(BIN)/python scripts/audit-dependencies.py

bench: install
	$(BIN)/python -m pytest tests/bench -s -p no:cacheprovider

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

## Load benchmark (issue 17): seeds PostgreSQL, starts gunicorn (4 workers) and drives each
## hot path with wrk for 10 s; see tests/bench/load.py. LEARNHUB_DATABASE_URL and
## LEARNHUB_REDIS_URL choose the database and Redis.
bench-load: install
	@command -v wrk >/dev/null 2>&1 || { SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python tests/bench/load.py
