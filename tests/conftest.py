"""Shared fixtures: keep every test away from the real home folder. Integration tests are marked here too."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "assad-fall-2024"
# Integration tests start a Jupyter kernel, a server, another Python or a website build: `make quick` leaves
# them out (-m "not integration"), `make test` runs them all. A test says so with @pytest.mark.integration;
# a test of the grader (tests/test_grade*.py) that uses one of these fixtures (each grades notebooks in real
# kernels, once per module) is marked here.
KERNEL_FIXTURES = frozenset({"graded", "hostile", "written", "marked"})


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name.startswith("test_grade") and KERNEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def _cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _private_dirs(monkeypatch, tmp_path_factory, _cache_dir):
    """Progress and cache files go to temporary folders; the learner has a fixed name."""
    monkeypatch.setenv("CASEKIT_PROGRESS_DIR", str(tmp_path_factory.mktemp("progress")))
    monkeypatch.setenv("CASEKIT_CACHE_DIR", str(_cache_dir))
    monkeypatch.setenv("CASEKIT_LEARNER", "tester")
    monkeypatch.delenv("CASEKIT_CASE", raising=False)


@pytest.fixture
def progress_dir(monkeypatch, tmp_path):
    """A fresh progress folder for this test, returned for inspection."""
    folder = tmp_path / "progress"
    monkeypatch.setenv("CASEKIT_PROGRESS_DIR", str(folder))
    return folder


BANK_TEXT = (Path(__file__).parent / "fixtures" / "bank-98.toml").read_text(encoding="utf-8")


@pytest.fixture
def case_dir(tmp_path):
    """A minimal case folder holding the sealed test bank (one question of every type)."""
    from casekit.instructor.banks import seal_bank

    folder = tmp_path / "case"
    (folder / "quizzes").mkdir(parents=True)
    (folder / "datapackage.json").write_text("{}", encoding="utf-8")
    (folder / "case.toml").write_text('[case]\nid = "test-case"\n', encoding="utf-8")
    (folder / "quizzes" / "98-every-type.toml").write_text(seal_bank(BANK_TEXT, "98-every-type.toml"), encoding="utf-8")
    return folder
