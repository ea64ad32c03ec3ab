"""A table exercise accepts another name for a key value, and an extra row, each with the kit's reading."""

from __future__ import annotations

import pandas as pd

from casekit.checks.kinds.table import check_table
from casekit.checks.steps import stepped

REFERENCE = pd.DataFrame({"source": ["bank", "bank"], "target": ["acme", "beta"], "relation": ["owns", "lends_to"]})
KEY = ["source", "target"]


def compare(rows, accept):
    return check_table(pd.DataFrame(rows, columns=["source", "target", "relation"]), REFERENCE, KEY, ["relation"], accept=accept)


def test_another_name_for_a_key_value_is_read_as_the_key_with_the_kits_reading():
    accept = {("acme", "target"): (["acme_board"], "the board stands for the firm here.")}
    res = compare([("bank", "acme board", "owns"), ("bank", "beta", "lends to")], accept)
    assert res.passed and "accepted for acme" in res.readings[0]


def test_an_accepted_extra_row_is_not_counted_as_extra_and_only_with_the_values_it_names():
    accept = {("bank gamma", "relation"): (["opposes"], "a defensible reading of the last clause.")}
    rows = [("bank", "acme", "owns"), ("bank", "beta", "lends_to"), ("bank", "gamma", "opposes")]
    assert compare(rows, accept).passed
    rows[2] = ("bank", "gamma", "owns")
    res = compare(rows, accept)
    assert res.status == "failed" and res.unnamed == 1  # counted, not named: the list holds the whole key


def test_without_an_accepted_reading_the_other_name_is_a_wrong_row_and_the_view_names_no_key():
    res = compare([("bank", "acme_board", "owns"), ("bank", "beta", "lends_to")], {})
    shown = stepped(res, 1, {"kind": "table"})
    assert res.status == "failed" and "acme" not in shown.message.replace("acme_board", "")
