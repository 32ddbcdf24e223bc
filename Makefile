# xuanren — two commands: `make run` (set up and serve) and `make test` (set up and check everything).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export XUANREN_INSTANCE ?= $(CURDIR)/instance

.PHONY: run test install install-dev system-deps lint types test-sqlite test-postgres messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: virtual environment, dependencies, migrations, demo data when empty, then serve on :8000
run: install
	$(BIN)/xuanren migrate
	$(BIN)/xuanren demo load --if-empty
	@echo
	@echo "  选任 xuanren  →  http://127.0.0.1:8000/   (演示账号见上 / demo accounts above)"
	@echo
	$(BIN)/xuanren serve --bind 127.0.0.1:8000

## make test: dev dependencies, PostgreSQL and Chromium from Debian when missing, lint, types, tests
## on SQLite and on a throwaway PostgreSQL cluster. The two passes run side by side (each is one
## process, mostly on one core); --output-sync prints each pass's output whole when it ends.
test: install-dev system-deps lint types
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

system-deps:
	@tools/ensure-system-deps.sh

lint: install-dev
	$(BIN)/ruff check src tests bench tools

types: install-dev
	$(BIN)/mypy

test-sqlite: install-dev
	XUANREN_INSTANCE=$$(mktemp -d) $(BIN)/pytest -q -p no:cacheprovider

# The pure core (tests/rules) touches no database, so it runs once, in the SQLite pass; so do the
# browser tests, which drive the views that the view tests check on both databases.
test-postgres: install-dev
	XUANREN_INSTANCE=$$(mktemp -d) tools/with-postgres.sh $(BIN)/pytest -q -p no:cacheprovider \
	  --ignore=tests/rules --ignore=tests/browser

## make messages: extract and compile the translations (zh-hans source, English catalogue)
messages: install-dev
	for app in src/xuanren/*/apps.py; do d=$$(dirname $$app); mkdir -p $$d/locale; \
	  (cd $$d && $(CURDIR)/$(BIN)/xuanren manage makemessages -l en --no-obsolete --ignore 'static/*' -v 0); done
	$(BIN)/python tools/compilemessages.py

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
