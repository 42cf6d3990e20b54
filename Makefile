# Two commands on a fresh machine: `make run` (app on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Two stamps: `make run` needs the app's own dependencies only (a third of the download and install
# time); the test and lint targets add the dev tool chain on top.
RUNTIME := $(VENV)/.runtime
STAMP := $(VENV)/.installed

.PHONY: run test test-pg lint bench clean translations

# The venv's own pip is used as it comes (no `pip install --upgrade pip`: a second bootstrap that
# downloads pip again for nothing).
$(RUNTIME): pyproject.toml
	./scripts/system-deps.sh --runtime
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	./scripts/system-deps.sh
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(RUNTIME)
	$(BIN)/flask --app advisor db upgrade
	$(BIN)/flask --app advisor run --debug

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/advisor rules check rules
	$(BIN)/advisor rules test rules
	$(BIN)/advisor i18n check

# SQLite first; then the database-facing tests again on PostgreSQL when TEST_POSTGRES_URL is set
# (CI sets it; `make test-pg` does it by hand).
# Branch coverage of advisor/ is measured on the SQLite run; one line states the total.
test: lint
	$(BIN)/pytest -n auto --cov=advisor --cov-branch --cov-report= --cov-fail-under=90
	@if [ -n "$$TEST_POSTGRES_URL" ]; then $(MAKE) --no-print-directory test-pg; fi

test-pg: $(STAMP)
	DATABASE_URL=$${TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
	  $(BIN)/pytest -n auto -m "not browser" tests/web tests/workspace

# The catalogue templates: every wrapped string of advisor/ and templates/, and the rule prose (see
# translations/README.md). A test and `advisor i18n check` fail when translations/*.pot is older than the code.
translations: $(STAMP)
	$(BIN)/advisor i18n extract

bench: $(STAMP)
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/caseload.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .coverage
