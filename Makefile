# Two commands do all set-up: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := helpboard

.PHONY: run test install install-test browser lint e2e unit bench screenshot clean

$(BIN)/activate:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test browser

## run: install, create or upgrade the database, seed the demo board once, serve it
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo --if-empty
	$(BIN)/flask run --host $(HOST) --port $(PORT)

## browser: Debian's Chromium where apt is available, else Playwright's own download
browser:
	@if [ -x /usr/bin/chromium ] || [ -n "$$HELPBOARD_CHROMIUM" ]; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else $(BIN)/playwright install chromium; fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check helpboard tests bench

## test: install what tests need (Chromium included), lint, run everything
test: install-test lint
	@echo "== tests on SQLite"
	env -u HELPBOARD_TEST_DATABASE_URL $(BIN)/pytest -q -p no:cacheprovider
	@if [ -n "$$HELPBOARD_TEST_DATABASE_URL" ]; then \
		echo "== tests on $$HELPBOARD_TEST_DATABASE_URL"; \
		$(BIN)/pytest -q -p no:cacheprovider; \
	fi

unit: install-test
	$(BIN)/pytest -q -m "not e2e"

e2e: install-test
	$(BIN)/pytest -q -m e2e

bench: install-test
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/outbox_sync.py

screenshot: install-test
	$(BIN)/python bench/screenshot.py

clean:
	rm -rf $(VENV) *.egg-info
