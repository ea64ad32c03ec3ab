"""Pytest set-up shared by tests/, lessons/ and solutions/.

nbval compares stored outputs for every notebook it collects. Lessons are
committed without outputs, so for them only "runs to the end without error"
is checked; solutions keep their outputs and are compared (see
tests/nbval-sanitize.cfg for what is masked).

Each notebook's kernel gets a progress folder of its own and a fixed learner
name, so saved quiz answers from another run never change what a notebook shows.

Under pytest-xdist with ``--dist loadfile`` (``make test``), the browser suite
(tests/browser/) is one unit of work instead of one per file: one worker runs
all of it with one JupyterLab and one Chromium, which run several notebooks at
once. It is handed out first, being the longest, then the other long files
(``LONG_FIRST``), so the other workers work through them meanwhile and no
long file is left to start last.
"""

import functools
import os
import tempfile
from pathlib import Path

import pytest

BROWSER_SUITE = "tests/browser"


def _isolated(setup, name):
    @functools.wraps(setup)
    def wrapper(*args, **kwargs):
        os.environ["CASEKIT_PROGRESS_DIR"] = tempfile.mkdtemp(prefix=f"progress-{name}-")
        os.environ["CASEKIT_LEARNER"] = "student"
        os.environ["CASEKIT_EXPORT_DIR"] = tempfile.mkdtemp(prefix=f"export-{name}-")
        return setup(*args, **kwargs)

    return wrapper


def pytest_collection_modifyitems(config, items):
    lessons = Path(config.rootpath, "lessons")
    seen = set()
    for item in items:
        parent = getattr(item, "parent", None)
        if parent is None or not hasattr(parent, "compare_outputs") or id(parent) in seen:
            continue
        seen.add(id(parent))
        if lessons in Path(str(item.path)).parents:
            parent.compare_outputs = False
        parent.setup = _isolated(parent.setup, Path(str(item.path)).stem)


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
    "tests/test_site.py",
    "tests/hub/test_real_hub.py",
)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, except that tests/browser/ is one unit, and the longest units are handed out first."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class LongestFirst(LoadFileScheduling):
        def _split_scope(self, nodeid):
            if nodeid.startswith(BROWSER_SUITE + "/"):
                return BROWSER_SUITE
            return super()._split_scope(nodeid)

        def _assign_work_unit(self, node):
            for unit in reversed(LONG_FIRST):
                if unit in self.workqueue:
                    self.workqueue.move_to_end(unit, last=False)
            super()._assign_work_unit(node)

    return LongestFirst(config, log)
