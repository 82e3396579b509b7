# Quick start: `make run` (set up, then ingest -> build -> check -> report on data/reports)
#              `make test` (set up, then the whole test suite)
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test setup lint lock

$(BIN)/xxgk: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(BIN)/xxgk

setup: $(BIN)/xxgk

run: setup
	$(BIN)/xxgk run

# The browser tests need Debian's chromium and chromedriver; install them when missing.
test: setup
	command -v chromedriver >/dev/null && fc-list | grep -qi wqy || bash scripts/install_chromium.sh
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .

lock:
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock
