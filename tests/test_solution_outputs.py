"""The answer key's stored outputs show every check passing: a solution that cannot check its own answer is broken."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

SOLUTIONS = sorted((Path(__file__).resolve().parents[1] / "solutions").glob("*.ipynb"))


def test_there_are_solutions_to_look_at():
    assert len(SOLUTIONS) >= 7


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_no_stored_output_of_a_solution_is_an_error_or_a_failed_check(path):
    bad = []
    for number, cell in enumerate(nbformat.read(path, as_version=4).cells):
        for output in cell.get("outputs", []):
            text = str(output.get("data", {}).get("text/plain", "")) + str(output.get("text", ""))
            if output.get("output_type") == "error" or text.startswith(("Cannot check:", "Not yet:", "Not started yet:")):
                bad.append(f"cell {number}: {text[:80] or output.get('ename')}")
    assert not bad, bad
