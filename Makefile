# talentlib — the two commands a newcomer needs: `make run` and `make test`.
# Works from a fresh clone with only Python 3.11 and make: the first call creates .venv and installs everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SCENARIO ?= default
JOBS ?= 2

.PHONY: run test test-fast lint sync lab bench browser install clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

## Run the default scenario (all notebooks, embedded defaults) and print where the report is.
run: $(STAMP)
	$(BIN)/talentlib run --scenario $(SCENARIO)

## Lint, then the whole test suite: unit, contract, notebooks (nbval), papermill scenarios, CLI, browser.
test: $(STAMP) browser
	$(BIN)/ruff check talentlib tests notebooks benchmarks scripts
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile tests notebooks --nbval-lax --nbval-current-env --nbval-cell-timeout=600 -p no:cacheprovider

## Unit and contract tests only: no kernels, no browser (well under a minute).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n $(JOBS) -m "not notebook and not browser" tests --ignore=tests/system --ignore=tests/browser -p no:cacheprovider -q

lint: $(STAMP)
	$(BIN)/ruff check talentlib tests notebooks benchmarks scripts
	$(BIN)/ruff format --check talentlib tests benchmarks scripts
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_contracts.py -k jupytext

## Bring each notebooks/<name>.ipynb and its jupytext source notebooks/<name>.py in step (the newer one wins).
sync: $(STAMP)
	$(BIN)/jupytext --sync notebooks/*.ipynb

## Headless Chromium for the browser tests (Debian's package; never a browser download).
browser:
	@bash scripts/install_browser.sh

## Open the notebooks in JupyterLab (widgets work live).
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

## Benchmarks: ratios against baselines measured in the same run.
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf outputs/*/ outputs/.staging outputs/.locks
