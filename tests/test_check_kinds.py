"""A check kind is one object: registering a new one is all it takes to run, validate, step and reveal it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casekit import check
from casekit.checks import KINDS, CheckKind, key_text, run_check, stepped, validate_checks
from casekit.checks.kinds import COMMON_FIELDS
from casekit.checks.result import CheckResult, result

DATA = Path(__file__).resolve().parents[1] / "data" / "assad-fall-2024"


class YesNoKind(CheckKind):
    """A trivial kind written as a new module would be: a yes/no answer against a literal."""

    name = "yes-no"
    fields = frozenset({"value"})
    general_hint = "Reread the question."

    def build(self, case, ex: dict) -> dict:
        return {"reference": bool(ex["value"])}

    def compare(self, value, reference: bool) -> CheckResult:
        if not isinstance(value, bool):
            return result("error", "expected True or False.")
        return result("passed" if value is reference else "failed", "that is right." if value is reference else "not that one.")

    def key_text(self, spec: dict, ex: dict) -> str:
        return "yes" if spec["reference"] else "no"


@pytest.fixture
def yes_no_case(tmp_path, monkeypatch):
    """A copy of the case with one exercise of the new kind, which is registered by one line."""
    monkeypatch.setitem(KINDS, "yes-no", YesNoKind())  # the one registry line
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    shutil.rmtree(target / "checks")
    (target / "checks.toml").write_text('[[exercise]]\nid = "00-yes"\nkind = "yes-no"\nvalue = true\n', encoding="utf-8")
    return target


def test_a_registered_kind_is_validated_by_its_own_field_list(yes_no_case):
    assert validate_checks(yes_no_case) == []
    (yes_no_case / "checks.toml").write_text('[[exercise]]\nid = "00-yes"\nkind = "yes-no"\nvalue = true\nrows = 3\n', encoding="utf-8")
    (problem,) = validate_checks(yes_no_case)
    assert problem.startswith("checks.toml, exercise 00-yes: unknown field(s) rows. A yes-no check takes value")


def test_a_registered_kind_runs_steps_and_reveals(yes_no_case):
    assert run_check("00-yes", True, yes_no_case).status == "passed"
    assert run_check("00-yes", 3, yes_no_case).status == "error"
    full = run_check("00-yes", False, yes_no_case)
    assert full.status == "failed"
    assert stepped(full, 1, {"kind": "yes-no"}).details == []  # no counts: the kind's own message stands
    assert key_text("00-yes", yes_no_case) == "yes"
    shown = check("00-yes", False, yes_no_case, reveal=True)
    assert shown.revealed and shown.details[0] == "The answer: yes"


def test_every_registered_kind_declares_what_the_others_ask_of_it():
    for name, kind in KINDS.items():
        assert kind.name == name
        assert not kind.fields & {"id", "kind"}, name
        assert kind.verb and kind.key_text.__doc__ and kind.build.__doc__ and kind.compare.__doc__, name
    assert {"hint", "hints", "weight"} <= COMMON_FIELDS
