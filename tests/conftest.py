"""Shared fixtures: keep every test away from the real home folder."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


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
