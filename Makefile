# The commands of the README:
#   make lab                 open the course in JupyterLab (creates .venv on first use)
#   make grade NB=path.ipynb grade one exercise notebook (no NB: every notebook in exercises/)
#   make test                run every test: unit, property, gradient checks, grader, nbval, browser
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# .installed-lab: what a learner needs (.[lab]); .installed: also the tests and nbgrader
LAB_STAMP := $(VENV)/.installed-lab
STAMP     := $(VENV)/.installed
NB        ?= exercises
GRADE_ARGS ?=
LAB_FLAGS ?=

.PHONY: lab grade test test-fast notebooks exercises bench clean

$(LAB_STAMP): pyproject.toml
	@echo "course-nn: installing the course into $(VENV)/ (a minute or two on the first run)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[lab]"
	@touch $(LAB_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,instructor]"
	touch $(STAMP) $(LAB_STAMP)

# The student's JupyterLab, rooted at the repository (notebooks/ and exercises/), opening
# 00_start_here, without the instructor tools (nbgrader) and quiet: see jupyter_config/lab.py.
# The browser test (tests/browser/) runs exactly this target.
lab: $(LAB_STAMP)
	@$(BIN)/python jupyter_config/lab.py $(LAB_FLAGS)

# grades on a copy in a fresh kernel; your notebook is never changed
# (e.g. make grade NB=exercises/01_neuron/01_neuron.ipynb GRADE_ARGS="--json report.json")
grade: $(LAB_STAMP)
	@$(BIN)/python -m course_nn.grade $(NB) $(GRADE_ARGS)

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
