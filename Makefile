# dlnotes: `make lab` opens the notebooks, `make test` runs every test.
# Both create the virtual environment .venv on first use and install everything into it.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
NBVAL_SANITIZE := tests/nbval_sanitize.cfg

.PHONY: venv data lab test unit nbval browser notebooks bench lint voila clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -e .
	touch $(STAMP)

venv: $(STAMP)

## data: find ($DLNOTES_DATA, then data/) or download, and verify, the external course files;
## fails, saying what to do, when one cannot be had
data: venv
	$(PY) -m dlnotes fetch-data

## lab: opens even without the course files (check-data only warns, naming the notebooks that need them)
lab: venv
	$(PY) -m dlnotes check-data
	$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks

## test: unit tests, then nbval over every notebook (then the browser test, skipped without chromium)
test: venv
	$(PY) -m pytest -q tests -m "not browser"
	$(PY) -m pytest -q --nbval --nbval-current-env --nbval-sanitize-with $(NBVAL_SANITIZE) notebooks
	$(PY) -m pytest -q -rs tests -m browser

unit: venv
	$(PY) -m pytest -q tests -m "not browser"

nbval: venv
	$(PY) -m pytest -q --nbval --nbval-current-env --nbval-sanitize-with $(NBVAL_SANITIZE) notebooks

browser: venv
	$(PY) -m pytest -q -rs tests -m browser

## notebooks: re-execute every notebook top to bottom and save its outputs
notebooks: venv
	$(PY) -m dlnotes run-notebooks notebooks

## generated data sets under data/ (the tests check a rebuild reproduces them)
build-data: venv
	$(PY) -m dlnotes build-data

bench: venv
	$(PY) -m bench

voila: venv
	$(VENV)/bin/voila notebooks/explorer.ipynb --no-browser

lint: venv
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
