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
## on SQLite and on a throwaway PostgreSQL cluster. The two passes run side by side (--output-sync prints
## each pass's output whole when it ends): the SQLite pass in two worker processes (pytest-xdist), the
## shorter PostgreSQL pass in one, which keeps two cores busy to the end.
test: install-dev system-deps lint types
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

WORKERS ?= 2
PG_WORKERS ?= 0

system-deps:
	@tools/ensure-system-deps.sh

lint: install-dev
	$(BIN)/ruff check src tests bench tools

types: install-dev
	$(BIN)/mypy

test-sqlite: install-dev
	XUANREN_INSTANCE=$$(mktemp -d) $(BIN)/pytest -q -p no:cacheprovider -n $(WORKERS)

# The PostgreSQL pass runs what depends on the database: the record's transactions, the stage machine,
# every area's actions with their locks and constraints, the concurrency and crash tests, imports, the
# walk of every page and API operation with every role, and the demo load. What renders pages, documents
# and translations, the pure core and the browser tests run in the SQLite pass only.
PG_TESTS := tests/record tests/accounts/test_login.py tests/accounts/test_users.py \
  tests/people/test_people_import.py tests/campaigns/test_applications.py tests/campaigns/test_stages.py \
  tests/campaigns/test_review.py tests/campaigns/test_importing.py tests/campaigns/test_finalists.py \
  tests/scoring/test_exam.py tests/scoring/test_exam_import.py tests/scoring/test_sheets.py \
  tests/scoring/test_sheets_concurrency.py tests/scoring/test_shortlist.py \
  tests/voting/test_cast.py tests/voting/test_close.py tests/voting/test_codes.py tests/voting/test_faults.py \
  tests/voting/test_faults_kill.py tests/voting/test_secrecy.py tests/voting/test_sessions.py \
  tests/inspection/test_actions.py tests/committee/test_vote.py tests/committee/test_concurrency.py \
  tests/committee/test_secrecy.py tests/committee/test_stage.py tests/notices/test_notices.py \
  tests/notices/test_objections.py tests/notices/test_stage.py tests/appointments/test_appoint.py \
  tests/appointments/test_close.py tests/appointments/test_concurrency.py tests/appointments/test_pool.py \
  tests/appointments/test_probation.py tests/demo/test_loaded.py tests/test_access_matrix.py

test-postgres: install-dev
	XUANREN_INSTANCE=$$(mktemp -d) tools/with-postgres.sh $(BIN)/pytest -q -p no:cacheprovider -n $(PG_WORKERS) \
	  $(PG_TESTS)

## make messages: extract and compile the translations (zh-hans source, English catalogue)
messages: install-dev
	for app in src/xuanren/*/apps.py; do d=$$(dirname $$app); mkdir -p $$d/locale; \
	  (cd $$d && $(CURDIR)/$(BIN)/xuanren manage makemessages -l en --no-obsolete --ignore 'static/*' -v 0); done
	$(BIN)/python tools/compilemessages.py

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
