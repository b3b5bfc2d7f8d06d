# The two commands of the README:
#   make lab    open the course in JupyterLab (creates .venv and installs on first use)
#   make test   run every test: unit, property, gradient checks, grader, nbval, browser
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test test-fast notebooks exercises bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,instructor]"
	touch $(STAMP)

# (--allow-root only when run as root, e.g. in a container: Jupyter refuses root otherwise)
lab: $(STAMP)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/00_start_here.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax --nbval-current-env \
	    --doctest-modules course_nn tests notebooks solutions

# package tests only (no notebooks, no browser): seconds
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 tests --ignore=tests/notebooks --ignore=tests/browser course_nn --doctest-modules

# re-execute every notebook in place and store its outputs (after editing one)
notebooks: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py notebooks/*.ipynb solutions/*/*.ipynb

# regenerate exercises/ from solutions/ with nbgrader
exercises: $(STAMP)
	$(BIN)/python tools/generate_exercises.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache
