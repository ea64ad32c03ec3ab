"""The lessons' load (benchmarks/lesson_load.py): every core fits a session, and each header bills at least its estimate."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import lesson_load  # noqa: E402


def test_every_lesson_core_fits_a_75_minute_session():
    over = [f"{x.lesson}: {x.minutes:.0f} min" for x in lesson_load.measure_all() if x.minutes > lesson_load.LIMIT_MINUTES]
    assert not over, f"lessons whose core is over {lesson_load.LIMIT_MINUTES} minutes (trim, or mark parts 'If time allows'): {over}"


def test_each_lesson_header_bills_at_least_its_estimated_core_time():
    loads = lesson_load.measure_all()
    assert len(loads) == len(list((ROOT / "lessons").glob("*.ipynb")))
    for x in loads:
        assert x.billed, f"{x.lesson}: its header gives no '**Time:** N minutes'"
        top = int(x.billed.split("-")[-1])
        assert top + 5 >= x.minutes, f"{x.lesson}: the header bills {x.billed} min, the estimate is {x.minutes:.0f} min"


def test_marked_parts_are_counted_apart_from_the_core():
    transfer = next(x for x in lesson_load.measure_all() if x.lesson == "06-transfer")
    assert transfer.optional > 0 and transfer.homework > 0
