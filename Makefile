# The kit's two commands are `make lab` (students) and `make test` (everyone).
# Both create .venv on first use and reinstall only when pyproject.toml or jupyter/overrides.json changes.
# The kit's JupyterLab settings (jupyter/overrides.json) come with the package itself (see pyproject.toml).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Quiz and check results of test runs stay inside the kit, never in your home.
TEST_ENV := CASEKIT_PROGRESS_DIR=$(CURDIR)/.cache/progress CASEKIT_CACHE_DIR=$(CURDIR)/.cache/casekit CASEKIT_LEARNER=student
# pytest workers. Measured on 2 cores (pytest's seconds), after kernels stopped building jsonschema's IRI parsers:
# -n 2 gave 155, 162, 164 and 178; -n 3 gave 147 and 138; -n 4 gave 152. A third worker fills the time the
# others spend waiting (for a kernel, a server, a sandbox); a fourth costs more in start-up than it fills.
JOBS   ?= 3
# JupyterLab listens on this machine only, asks for its token, and does not query PyPI for extensions.
LAB_FLAGS := --ServerApp.ip=127.0.0.1 --ServerApp.port_retries=50 --LabApp.extension_manager=readonly
# Containers often run as root, where JupyterLab refuses to start without this flag.
ifeq ($(shell id -u),0)
LAB_FLAGS += --allow-root
endif

.PHONY: lab test hub quick lint format browser bench build solutions validate screenshots class-report-screenshot release site clean help

help:
	@echo "make lab         open the lessons in JupyterLab (127.0.0.1, with a token)"
	@echo "make test        run the whole test suite (unit, data, notebooks, browser, hub, website)"
	@echo "make quick       lint and the suite without notebooks and browser (seconds)"
	@echo "make lint        ruff (lint and format check) and the import-layer contract"
	@echo "make format      let ruff format the code"
	@echo "make build       regenerate lessons/ and question banks from solutions/"
	@echo "make solutions   re-execute solutions/ and store their outputs"
	@echo "make site        build the course website: site/student/ and site/instructor/ (offline)"
	@echo "make bench       print the timing figures"
	@echo "make screenshots refresh the README pictures"
	@echo "make class-report-screenshot  redraw docs/img/class-report.png (a made-up class, headless chromium)"

$(VENV)/.installed-lab: pyproject.toml jupyter/overrides.json
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml jupyter/overrides.json
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(VENV)/.installed-lab $(VENV)/.installed-site $@

$(VENV)/.installed-site: pyproject.toml jupyter/overrides.json
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[site]'
	@touch $(VENV)/.installed-lab $@

lab: $(VENV)/.installed-lab
	$(BIN)/jupyter lab $(LAB_FLAGS) lessons/00-start-here.ipynb

# JupyterHub's proxy for tests/hub, from npm (pinned by tests/hub/package-lock.json). Without Node
# the hub test is skipped and says why.
HUB_PROXY := tests/hub/node_modules/.installed
$(HUB_PROXY): tests/hub/package.json tests/hub/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/hub --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm is missing: the JupyterHub test (tests/hub) will be skipped"; fi

# Solutions run under nbval here (outputs compared); `make browser` also opens each one in JupyterLab.
# Every case is validated by tests/test_case.py (as `make validate` does it).
test: lint $(HUB_PROXY)
	$(TEST_ENV) $(BIN)/python -m pytest -n $(JOBS) --dist loadfile --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval-sanitize.cfg --doctest-modules casekit tests lessons solutions \
		--ignore=tests/browser/test_solutions.py

hub: $(VENV)/.installed-test $(HUB_PROXY)
	$(TEST_ENV) $(BIN)/python -m pytest tests/hub -v

quick: lint
	$(TEST_ENV) $(BIN)/python -m pytest -n $(JOBS) --doctest-modules casekit tests --ignore=tests/browser --ignore=tests/hub --ignore=tests/install --ignore=tests/test_site.py -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check casekit tests benchmarks conftest.py
	$(BIN)/ruff format --check casekit tests benchmarks conftest.py
	$(BIN)/lint-imports

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix casekit tests benchmarks conftest.py
	$(BIN)/ruff format casekit tests benchmarks conftest.py

# The whole browser suite: every lesson and every solution in JupyterLab.
browser: $(VENV)/.installed-test
	$(TEST_ENV) $(BIN)/python -m pytest tests/browser -v

validate: $(VENV)/.installed-lab
	$(BIN)/python -m casekit validate

build: $(VENV)/.installed-lab
	$(BIN)/python -m casekit build

solutions: $(VENV)/.installed-lab
	$(TEST_ENV) $(BIN)/python -m casekit execute solutions
	$(BIN)/python -m casekit build

bench: $(VENV)/.installed-test
	$(TEST_ENV) $(BIN)/python benchmarks/run.py

screenshots: $(VENV)/.installed-test
	$(TEST_ENV) CASEKIT_SCREENSHOTS=docs/img $(BIN)/python -m pytest tests/browser -k readme -v

class-report-screenshot: $(VENV)/.installed-test
	$(TEST_ENV) $(BIN)/python tools/class_report_screenshot.py

# The website of the course, in two editions; publish site/student/ only (see README, "Publishing the website").
site: $(VENV)/.installed-site
	$(TEST_ENV) $(BIN)/python -m casekit site site

release: $(VENV)/.installed-lab
	$(BIN)/python -m casekit release dist/casekit-student.zip

clean:
	rm -rf .cache test-artifacts dist site .pytest_cache tests/hub/node_modules
