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
# make quick's tests only compute (no kernel to wait for), so one worker per core: see QUICK_JOBS's figures below.
QUICK_JOBS ?= 2
# JupyterLab listens on this machine only, asks for its token, and does not query PyPI for extensions.
LAB_FLAGS := --ServerApp.ip=127.0.0.1 --ServerApp.port_retries=50 --LabApp.extension_manager=readonly
# Containers often run as root, where JupyterLab refuses to start without this flag.
ifeq ($(shell id -u),0)
LAB_FLAGS += --allow-root
endif

.PHONY: lab test hub quick lint format browser bench build solutions validate screenshots class-report-screenshot release site clean help

# Times measured on this kit's 2-core machine, warm (caches filled); "roughly" marks a figure not timed here.
help:
	@echo "make help        this list (instant)"
	@echo "make lab         open the lessons in JupyterLab (127.0.0.1, with a token); runs until you stop it"
	@echo "make test        the whole suite: unit, data, integration, notebooks, browser, hub, website (about 150 s; CI: 146-184 s)"
	@echo "make quick       lint, then the unit and data tests, no kernel, server or browser (about 15 s; 30 s on a busy machine)"
	@echo "make lint        ruff (code and notebooks), the import-layer contract, mypy (about 1 s; 25 s with empty caches)"
	@echo "make format      let ruff fix and format the code and the notebooks (about 1 s)"
	@echo "make browser     every lesson and every solution in JupyterLab with headless Chromium (roughly 3 min)"
	@echo "make hub         a real JupyterHub with two learners (tests/hub; roughly 1 min)"
	@echo "make bench       print each lesson's load and estimated time, then the timing figures: imports, notebooks, quick, grading, browser, site, suite (roughly 15 min)"
	@echo "make build       regenerate lessons/ and question banks from solutions/ (about 1 s)"
	@echo "make solutions   re-execute solutions/ and store their outputs, then build (roughly 45 s)"
	@echo "make validate    check every case against its data package and the kit's rules (about 2 s)"
	@echo "make screenshots refresh the README pictures (tools/screenshots.py; about 25 s)"
	@echo "make release     the student bundle, dist/casekit-student.zip (about 1 s)"
	@echo "make site        build the course website: site/student/ and site/instructor/ (offline; roughly 2 min)"
	@echo "make clean       remove caches, test artifacts, dist/, site/ and the hub test's node_modules (instant)"
	@echo "make class-report-screenshot  redraw docs/img/class-report.png (a made-up class, headless Chromium; about 10 s)"

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

# The fast loop: lint, then the unit and data tests; integration tests (kernels, servers, other Pythons, site
# builds: the `integration` marker) and the browser, hub, install and website suites are left to `make test`.
QUICK_PYTEST := -n $(QUICK_JOBS) --doctest-modules casekit tests --ignore=tests/browser --ignore=tests/hub --ignore=tests/install \
	--ignore=tests/test_site.py -m "not integration" -q
quick: lint
	$(TEST_ENV) $(BIN)/python -m pytest $(QUICK_PYTEST)

# ruff covers the whole kit: the package, tests, tools and the notebooks (solutions/ and lessons/, cell by cell).
# Fix a notebook in solutions/ (the single source), then `make build` regenerates its lesson.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

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
	$(TEST_ENV) $(BIN)/python tools/screenshots.py docs/img

class-report-screenshot: $(VENV)/.installed-test
	$(TEST_ENV) $(BIN)/python tools/class_report_screenshot.py

# The website of the course, in two editions; publish site/student/ only (see README, "Publishing the website").
site: $(VENV)/.installed-site
	$(TEST_ENV) $(BIN)/python -m casekit site site

release: $(VENV)/.installed-lab
	$(BIN)/python -m casekit release dist/casekit-student.zip

clean:
	rm -rf .cache test-artifacts dist site .pytest_cache tests/hub/node_modules
