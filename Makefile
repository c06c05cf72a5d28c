# Trinvis: `make run` serves the app, `make test` runs every test. Both set up what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export TRINVIS_INSTANCE ?= $(CURDIR)/instance
CATALOGUES := $(wildcard translations/*/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: run test setup test-setup system-test-deps catalogues messages check export bench clean

run: setup
	@echo "Trinvis: http://127.0.0.1:$(PORT)/  (instance: $(TRINVIS_INSTANCE))"
	$(BIN)/gunicorn --workers 2 --threads 4 --bind 127.0.0.1:$(PORT) --access-logformat '%(r)s %(s)s %(b)s' 'app:create_app()'

test: test-setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed catalogues
	@$(BIN)/flask --app app db migrate
	@$(BIN)/flask --app app guides check > /dev/null || echo "Some guides have problems: run '$(BIN)/flask --app app guides check'"

test-setup: $(VENV)/.installed-test catalogues system-test-deps

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Trinvis needs Python 3.11 or newer; install python3 (>= 3.11) and python3-venv")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "Could not make a virtual environment: install python3-venv (apt-get install -y python3-venv)"; exit 1; }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

system-test-deps:
	@bash scripts/system-deps.sh

catalogues: $(VENV)/.installed $(COMPILED)

%.mo: %.po
	@$(BIN)/pybabel compile -i $< -o $@ >/dev/null

# For developers: pull new UI strings out of the code into every catalogue.
messages: $(VENV)/.installed
	@for area in translations/*/; do \
	  $(BIN)/pybabel extract -F $$area/babel.cfg -k lazy_gettext -k _l --no-location --sort-output -o $$area/messages.pot . >/dev/null && \
	  $(BIN)/pybabel update -i $$area/messages.pot -d $$area --no-fuzzy-matching --ignore-obsolete >/dev/null; \
	done

check: setup
	$(BIN)/flask --app app guides check

export: setup
	$(BIN)/flask --app app export $(or $(DIR),export)

clean:
	rm -rf $(VENV) build *.egg-info
