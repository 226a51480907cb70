# dlnotes: `make lab` opens the notebooks, `make test` runs every test.
# Both create the virtual environment .venv on first use and install everything into it.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
NBVAL_SANITIZE := tests/nbval_sanitize.cfg
# nbval runs the notebooks on NBVAL_WORKERS processes (pytest-xdist; --dist loadscope keeps each notebook's cells in
# one kernel, in order), each with one OpenBLAS thread: two 2-thread BLAS pools on 2 cores would spin against each
# other. The committed outputs (made with 2 threads) must hold with 1 as well: one more check of reproducibility.
# tests/nbval_kernel.py starts a notebook's kernel again when it fails to start (rare: a port race, or no answer).
NBVAL_WORKERS ?= 2
NBVAL = env OPENBLAS_NUM_THREADS=1 $(PY) -m pytest -q -n $(NBVAL_WORKERS) --dist loadscope -p tests.nbval_kernel \
	--nbval --nbval-current-env --nbval-sanitize-with $(NBVAL_SANITIZE)
NOTEBOOKS ?= notebooks
# Another machine's arithmetic on this one: OpenBLAS's Sandybridge kernels and numpy without its SIMD loops
# above the baseline (the names depend on numpy's version, so ask this numpy). Both are read at import, so they
# go into the environment of the process that runs the cells (nbval --nbval-current-env runs them in pytest).
NPY_DISPATCH = $(shell $(PY) -c "import numpy._core._multiarray_umath as m; print(','.join(m.__cpu_dispatch__))")
EMULATED = OPENBLAS_CORETYPE=Sandybridge NPY_DISABLE_CPU_FEATURES=$(NPY_DISPATCH)

.PHONY: venv data lab test unit nbval nbval-native nbval-emulated solutions browser notebooks bench lint voila clean
SOLUTIONS := build/solutions

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

## test: unit tests, then nbval over every notebook twice, natively and as another machine would compute,
## then the solution notebooks built, executed (every check must pass) and checked by nbval the same two ways
## (then the browser test, skipped without chromium)
test: venv
	$(PY) -m pytest -q tests -m "not browser"
	$(NBVAL) notebooks
	env $(EMULATED) $(NBVAL) notebooks
	$(MAKE) --no-print-directory solutions
	$(PY) -m pytest -q -rs tests -m browser

unit: venv
	$(PY) -m pytest -q tests -m "not browser"

## nbval: both runs; the committed outputs must hold with this machine's kernels and with the emulated ones
nbval: nbval-native nbval-emulated

nbval-native: venv
	$(NBVAL) $(NOTEBOOKS)

nbval-emulated: venv
	env $(EMULATED) $(NBVAL) $(NOTEBOOKS)

## solutions: the solution notebooks (exercise cells filled from dlnotes/exercises/solutions/) built into
## build/solutions/, executed (fails unless every check cell says PASSED), then nbval natively and emulated
solutions: venv
	rm -rf $(SOLUTIONS)
	$(PY) -m dlnotes.exercises build-solutions notebooks --out $(SOLUTIONS) --execute
	$(NBVAL) $(SOLUTIONS)
	env $(EMULATED) $(NBVAL) $(SOLUTIONS)

browser: venv
	$(PY) -m pytest -q -rs tests -m browser

## notebooks: re-execute every notebook top to bottom and save its outputs
## (EMULATE=1: with the emulated kernels; NOTEBOOKS=notebooks/NAME.ipynb: only that one)
notebooks: venv
	$(if $(EMULATE),env $(EMULATED)) $(PY) -m dlnotes run-notebooks $(NOTEBOOKS)

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
