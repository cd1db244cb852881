# Welcome Hub: `make demo` installs and starts the demo; `make test` installs and runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE ?= config.settings.base

.PHONY: demo serve test lint messages install system-deps browser-deps check-messages

$(BIN)/welcomehub: pyproject.toml
	./scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/welcomehub messages

messages: $(BIN)/welcomehub
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity=0

demo: install
	$(BIN)/welcomehub demo --port $(or $(PORT),8000)

browser-deps:
	./scripts/system-deps.sh --browser
	npm ci --no-audit --no-fund --loglevel=error  # axe-core for the accessibility tests

lint: $(BIN)/welcomehub
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -r welcomehub config -ll -q
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/mypy .
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test: install browser-deps lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -n 2 -q
