# Madafe Academy. `make run` to try it, `make test` to test it.
# Python comes from pyenv through .python-version (3.12); override with PYTHON=...
PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.PHONY: run install test lint format messages clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.12 or newer is needed (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 12) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m madafe.i18n locale
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m madafe.i18n locale >/dev/null
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Update the catalogues from the code (needs GNU gettext), then compile them in pure Python.
messages: $(STAMP)
	$(MANAGE) makemessages --locale ar --locale en --no-obsolete --no-location --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*'
	$(BIN)/python -m madafe.i18n locale

bench: $(STAMP)
	@command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) staticfiles .test-media *.egg-info .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
