# The two commands a newcomer needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app webapp
DEV_ENV := APP_ENV=development

.PHONY: run test lint unit e2e bench chromium translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

translations: $(VENV)/.installed
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
	  $(BIN)/pybabel compile -d translations >/dev/null; fi

run: $(VENV)/.installed translations
	$(DEV_ENV) $(FLASK) db upgrade
	$(DEV_ENV) $(FLASK) demo load
	@echo ""
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl+C to stop)"
	$(DEV_ENV) PORT=$(PORT) $(FLASK) run --host 127.0.0.1 --port $(PORT)

# Debian's Chromium for the browser tests; Playwright cannot download browsers here.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium with apt-get ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install -y chromium', then 'make test' again."; \
	    exit 1; \
	  fi; \
	fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(VENV)/.installed-dev translations
	$(BIN)/python -m pytest tests

e2e: $(VENV)/.installed-dev translations chromium
	$(BIN)/python -m pytest e2e

test: lint unit e2e

bench: $(VENV)/.installed-dev translations
	$(BIN)/python -m webapp.bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
