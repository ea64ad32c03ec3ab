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
once. It is handed out first, being the longest, so the other worker works
through the other files meanwhile.
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


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, except that tests/browser/ is one unit, handed out first."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class BrowserSuiteFirst(LoadFileScheduling):
        def _split_scope(self, nodeid):
            if nodeid.startswith(BROWSER_SUITE + "/"):
                return BROWSER_SUITE
            return super()._split_scope(nodeid)

        def _assign_work_unit(self, node):
            if BROWSER_SUITE in self.workqueue:
                self.workqueue.move_to_end(BROWSER_SUITE, last=False)
            super()._assign_work_unit(node)

    return BrowserSuiteFirst(config, log)
