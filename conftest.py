"""Pytest set-up shared by tests/, lessons/ and solutions/.

nbval compares stored outputs for every notebook it collects. Lessons are
committed without outputs, so for them only "runs to the end without error"
is checked; solutions keep their outputs and are compared (see
tests/nbval-sanitize.cfg for what is masked).

Lessons run with static outputs (``CASEKIT_STATIC_OUTPUT=1``: quizzes as
self-check blocks, charts as SVG images), as the course website shows them;
JupyterLab's widgets are the browser suite's to check, in the same lessons.
What each lesson cell printed is kept (``static_lessons``), and the website's
tests build the student edition from it instead of running every lesson again.

Each notebook's kernel gets a progress folder of its own and a fixed learner
name, so saved quiz answers from another run never change what a notebook shows.

Under pytest-xdist with ``--dist loadfile`` (``make test``), the browser suite
(tests/browser/) is one unit of work instead of one per file: one worker runs
all of it with one JupyterLab and one Chromium, which run several notebooks at
once. It is handed out first, being the longest, then the other long files
(``LONG_FIRST``), so the other workers work through them meanwhile and no
long file is left to start last.
"""

import copy
import functools
import os
import tempfile
from pathlib import Path

import nbformat
import pytest

from casekit.common.display import STATIC_ENV

BROWSER_SUITE = "tests/browser"
SITE_TESTS = "tests/test_site.py"
LESSONS_AND_SITE = "lessons/ with tests/test_site.py"
# Lessons nbval has run in this process, with static outputs: {file name: notebook with its outputs}.
STATIC_LESSONS = pytest.StashKey[dict]()


def _isolated(setup, name, static: bool):
    @functools.wraps(setup)
    def wrapper(*args, **kwargs):
        os.environ["CASEKIT_PROGRESS_DIR"] = tempfile.mkdtemp(prefix=f"progress-{name}-")
        os.environ["CASEKIT_LEARNER"] = "student"
        os.environ["CASEKIT_EXPORT_DIR"] = tempfile.mkdtemp(prefix=f"export-{name}-")
        before = os.environ.pop(STATIC_ENV, None)
        if static:  # for this notebook's kernel only, which starts now
            os.environ[STATIC_ENV] = "1"
        try:
            return setup(*args, **kwargs)
        finally:
            os.environ.pop(STATIC_ENV, None)
            if before is not None:
                os.environ[STATIC_ENV] = before

    return wrapper


def pytest_collection_modifyitems(config, items):
    lessons = Path(config.rootpath, "lessons")
    seen = set()
    for item in items:
        parent = getattr(item, "parent", None)
        if parent is None or not hasattr(parent, "compare_outputs") or id(parent) in seen:
            continue
        seen.add(id(parent))
        lesson = lessons in Path(str(item.path)).parents
        if lesson:
            parent.compare_outputs = False
            blank = copy.deepcopy(parent.nb)
            code = [i for i, c in enumerate(parent.nb.cells) if c.cell_type == "code"]
            parent.static_run = {"nb": blank, "index": {id(parent.nb.cells[i]): i for i in code}, "ran": set(), "broken": False}
        parent.setup = _isolated(parent.setup, Path(str(item.path)).stem, static=lesson)
    # The website's tests come after the lessons, so that they build from the lessons' runs (one worker: see below).
    site = [i for i in items if i.nodeid.startswith(SITE_TESTS)]
    if site and any(i.nodeid.startswith("lessons/") for i in items):
        rest = [i for i in items if not i.nodeid.startswith(SITE_TESTS)]
        last = max(n for n, i in enumerate(rest) if i.nodeid.startswith("lessons/"))
        items[:] = rest[: last + 1] + site + rest[last + 1 :]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each lesson cell's outputs as nbval ran it, for the website's tests (``static_lessons``)."""
    report = (yield).get_result()
    run = getattr(item.parent, "static_run", None)
    if run is None or call.when != "call":
        return
    index = run["index"].get(id(getattr(item, "cell", None)))
    if index is None or not report.passed or item.test_outputs is None:
        run["broken"] = True
        return
    cell = run["nb"].cells[index]
    cell.outputs = [nbformat.from_dict(dict(out)) for out in item.test_outputs]
    cell.execution_count = len(run["ran"]) + 1
    run["ran"].add(index)


def pytest_runtest_teardown(item, nextitem):
    run = getattr(item.parent, "static_run", None)
    if run is None or (nextitem is not None and nextitem.parent is item.parent):
        return
    if not run["broken"] and run["ran"] == set(run["index"].values()):
        item.config.stash.setdefault(STATIC_LESSONS, {})[Path(str(item.path)).name] = run["nb"]


@pytest.fixture(scope="session")
def static_lessons(request) -> dict:
    """The lessons nbval ran to the end in this process, with static outputs (``CASEKIT_STATIC_OUTPUT=1``):
    {file name: executed notebook}. Empty when the lessons were not run first (tests/test_site.py alone)."""
    return request.config.stash.get(STATIC_LESSONS, {})


# Long units of work, handed out first, in this order (pytest --durations, make bench): the browser
# suite; then the grading files, which mostly wait on kernels; the hub and the website, which
# start browsers of their own, once the browser suite is well under way. The many short files come
# last, so both workers end together.
LONG_FIRST = (
    BROWSER_SUITE,
    "tests/test_grade.py",
    "tests/test_grade_sandbox.py",
    "tests/test_grade_cases.py",
    "tests/test_grade_written.py",
    "tests/install/test_settings_travel.py",
    LESSONS_AND_SITE,
    "tests/hub/test_real_hub.py",
)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, except that tests/browser/ is one unit, and so are lessons/ with tests/test_site.py
    (which builds the website from the lessons' runs), and the longest units are handed out first."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class LongestFirst(LoadFileScheduling):
        def _split_scope(self, nodeid):
            if nodeid.startswith(BROWSER_SUITE + "/"):
                return BROWSER_SUITE
            if nodeid.startswith(("lessons/", SITE_TESTS)):
                return LESSONS_AND_SITE
            return super()._split_scope(nodeid)

        def _assign_work_unit(self, node):
            for unit in reversed(LONG_FIRST):
                if unit in self.workqueue:
                    self.workqueue.move_to_end(unit, last=False)
            super()._assign_work_unit(node)

    return LongestFirst(config, log)
