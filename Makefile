# Set-up lives here so that a fresh clone needs one command for each job.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint compat acceptance bench mutation clean

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

## test: lint, the whole test suite, the third-party client job, then the built wheel installed plainly
test: lint
	$(BIN)/python -m pytest -q --ignore=tests/compat
	$(MAKE) --no-print-directory compat
	PYTHON=$(BIN)/python tests/install/plain_install.sh

## compat: toggl-python and toggl-api-wrapper, pinned, each in its own venv (.venv-compat/), against the sandbox
compat: $(BIN)/toggl-reconciler
	$(BIN)/python -m pytest -q tests/compat

## acceptance: the contract tests against a live workspace (TOGGL_ACCEPTANCE=1 ...); without them, a clean skip
acceptance: $(BIN)/toggl-reconciler
	$(BIN)/python tests/contract/run_acceptance.py

## bench: request counts, time and memory at S/M/L scale (prints a table, writes JSON)
bench: $(BIN)/toggl-reconciler
	$(BIN)/python benchmarks/run.py

## mutation: small deliberate bugs in the core modules, each run against the fast tests that
## reach it; prints the survivors and the score (minutes; not part of `make test`)
mutation: $(BIN)/toggl-reconciler
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,mutation]'
	$(BIN)/mutmut run --max-children 2 $(MUTANTS)
	$(BIN)/mutmut results
	$(BIN)/mutmut export-cicd-stats
	@$(BIN)/python -c 'import json; s = json.load(open("mutants/mutmut-cicd-stats.json")); \
	  caught, tested, survived = s["killed"] + s["timeout"], s["total"] - s["skipped"], s["survived"]; \
	  print(f"Mutation score: {caught} of {tested} mutants caught ({caught / tested:.1%}), {survived} survived")'

clean:
	rm -rf $(VENV) .venv-compat .pytest_cache .mypy_cache .ruff_cache mutants
