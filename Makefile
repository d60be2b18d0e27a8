# Two commands on a fresh machine:
#   make run    create .venv, install the project, refresh the warehouse under ./data (offline-capable)
#   make test   create .venv, install the project with its test extras, run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install clean-venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/bottlenecks refresh

test: $(STAMP)
	$(BIN)/pytest

clean-venv:
	rm -rf $(VENV)
