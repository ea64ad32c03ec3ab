"""Pytest set-up shared by tests/, lessons/ and solutions/.

nbval compares stored outputs for every notebook it collects. Lessons are
committed without outputs, so for them only "runs to the end without error"
is checked; solutions keep their outputs and are compared (see
tests/nbval-sanitize.cfg for what is masked).
"""

from pathlib import Path


def pytest_collection_modifyitems(config, items):
    lessons = Path(config.rootpath, "lessons")
    for item in items:
        parent = getattr(item, "parent", None)
        if parent is not None and hasattr(parent, "compare_outputs") and lessons in Path(str(item.path)).parents:
            parent.compare_outputs = False
