# Set-up lives here so that a fresh clone needs one command for each job.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/toggl-reconciler: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

## demo: plan and apply the shipped example against an embedded sandbox (no token, no network)
demo: $(BIN)/toggl-reconciler
	$(BIN)/toggl-reconciler demo

## lint: ruff (lint and format) and mypy
lint: $(BIN)/toggl-reconciler
	$(BIN)/ruff check reconciler toggl_sandbox action tests benchmarks
	$(BIN)/ruff format --check reconciler toggl_sandbox action tests benchmarks
	$(BIN)/mypy reconciler toggl_sandbox action

## test: lint, the whole test suite, then the built wheel installed plainly (no extras)
test: lint
	$(BIN)/python -m pytest -q
	PYTHON=$(BIN)/python tests/install/plain_install.sh

## bench: request counts, time and memory at S/M/L scale (prints a table, writes JSON)
bench: $(BIN)/toggl-reconciler
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
