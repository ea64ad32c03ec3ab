"""EDTF dates: what the library finds for each string is remembered in the cache folder, and gives the same answers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from casekit.case import dates
from casekit.errors import DateError

SAMPLES = [
    "2024-12-08",
    "2024-12",
    "2024",
    "2021-06-15~",
    "2024-12-08?",
    "1970/1971",
    "2021-06-15/..",
    "../2021",
    "2024-11-27/2024-12-08",
    "2021-21",
]


@pytest.fixture
def fresh_cache(monkeypatch, tmp_path):
    """An empty cache folder, and nothing remembered in this process."""
    monkeypatch.setenv("CASEKIT_CACHE_DIR", str(tmp_path / "cache"))
    dates._memo_at.cache_clear()
    yield tmp_path / "cache"
    dates._memo_at.cache_clear()


def _from_the_library(text: str):
    d = dates.parse(text)
    return (*dates._bounds_of(d), dates._precision_of(d), dates._label_of(d))


def test_remembered_dates_read_back_as_the_library_finds_them(fresh_cache):
    dates.remember(SAMPLES)
    assert len(list(fresh_cache.glob("edtf-*.json"))) == 1
    dates._memo_at.cache_clear()  # as a new kernel: read from the file
    for text in SAMPLES:
        assert (*dates.bounds(text), dates.precision(text), dates.label(text)) == _from_the_library(text), text
    assert dates.label("2021-06-15~") == "about 15 June 2021"
    assert dates.label("2021-06-15/..") == "15 June 2021 or later"
    assert [d.isoformat() for d in dates.bounds("1970/1971")] == ["1970-01-01", "1971-12-31"]


@pytest.mark.integration
def test_a_new_process_answers_from_the_cache_without_the_parser(fresh_cache):
    dates.remember(SAMPLES)
    code = (
        "import sys\nfrom casekit.case import dates\n"
        f"print([dates.label(t) for t in {SAMPLES!r}] == {[dates.label(t) for t in SAMPLES]!r}, 'edtf' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["True", "False"]


def test_a_damaged_cache_file_is_parsed_again(fresh_cache):
    dates.remember(SAMPLES[:2])
    (memo,) = fresh_cache.glob("edtf-*.json")
    memo.write_text('{"2024-12-08": ["2099-01-01", null, 7, "a wrong label"], "2024-12": "junk"}', encoding="utf-8")
    dates._memo_at.cache_clear()
    assert dates.label("2024-12-08") == "8 December 2024"
    assert dates.bounds("2024-12")[1].isoformat() == "2024-12-31"
    memo.write_text("not json", encoding="utf-8")
    dates._memo_at.cache_clear()
    assert dates.precision("2024-12-08") == "day"


def test_a_bad_date_still_gets_the_plain_sentence(fresh_cache):
    with pytest.raises(DateError, match=r"'2021-13-45' is not an EDTF date; write it like 2021-06-15"):
        dates.remember(["2024-12-08", "2021-13-45"])
    with pytest.raises(DateError, match="is not an EDTF date"):
        dates.label("")


def test_a_cache_folder_that_cannot_be_written_only_costs_a_parse(monkeypatch, tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CASEKIT_CACHE_DIR", str(blocked / "cache"))
    dates._memo_at.cache_clear()
    try:
        dates.remember(["2024-12-08"])
        assert dates.label("2024-12-08") == "8 December 2024"
    finally:
        dates._memo_at.cache_clear()
