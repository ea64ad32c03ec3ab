"""The tables a learner is handed hold no exercise's key until it is passed or asked for, in the kernel and in the bundle."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from casekit import check, load_case
from casekit.case import load_case as load_full_case
from casekit.case import validate_case
from casekit.case.folder import case_folders
from casekit.checks.kinds import key_columns
from casekit.checks.registry import load_registry
from casekit.instructor.release import make_release

ROOT = Path(__file__).resolve().parents[1]
MAIN = ROOT / "data" / "assad-fall-2024"


def test_a_labels_exercise_s_column_is_sealed_for_its_rows_until_passed(progress_dir):
    case = load_case(MAIN)
    asked = ["C01", "C05", "C07", "C08", "C13", "C16", "C22"]
    kinds = case.claims.set_index("claim_id")["kind"]
    assert set(kinds[asked]) == {"sealed until 01-claim-kinds"}
    assert kinds["C02"] == load_full_case(MAIN).claims.set_index("claim_id").loc["C02", "kind"], "rows not asked about stay open"
    right = load_full_case(MAIN).claims.set_index("claim_id").loc[asked, "kind"].to_dict()
    assert check("01-claim-kinds", right, case=MAIN).passed, "checks judge by the full case, not the learner's view"
    assert case.claims.set_index("claim_id").loc["C01", "kind"] == right["C01"], "a pass opens the column"


def test_a_reveal_opens_the_column_and_a_date_column_is_empty_while_sealed(progress_dir):
    case = load_case(MAIN)
    late = case.events.set_index("event_id").loc["E12"]
    assert pd.isna(late["date"]) and pd.isna(late["date_start"]) and late["date_basis"] == "sealed until 04-events"
    check("04-events", ..., case=MAIN, reveal=True)
    assert case.events.set_index("event_id").loc["E12", "date"] == load_full_case(MAIN).events.set_index("event_id").loc["E12", "date"]


def test_a_lesson_seals_its_own_exercises_and_leaves_the_others_open(progress_dir):
    assert {"01-claim-kinds", "04-events"} <= set(load_case(MAIN).sealed()["opened_by"])
    lesson = load_case(MAIN, lesson="02")
    assert set(lesson.sealed()["opened_by"]) == {"02-verdicts", "02-unnamed"}
    full = load_full_case(MAIN).events.set_index("event_id")
    assert lesson.events.set_index("event_id").loc["E12", "date_start"] == full.loc["E12", "date_start"], "lesson 02 counts years to it"
    pd.testing.assert_frame_equal(load_case(MAIN, lesson="05").claims, load_full_case(MAIN).claims)
    assert "sealed" in repr(load_case(MAIN, lesson="03"))


def test_an_ids_exercise_seals_the_column_its_query_selects_by(progress_dir):
    voices = load_case(MAIN).actors["voice"]
    assert set(voices) == {"sealed until 03-voices"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "casekit-student.zip"
    make_release(ROOT, out)
    folder = out.parent / "unpacked"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(folder)
    return folder / "casekit-student"


@pytest.mark.integration
@pytest.mark.parametrize("folder", case_folders(ROOT / "data"), ids=lambda f: f.name)
def test_the_bundle_s_tables_hold_no_key_column_in_plain_text(bundle, folder):
    shipped = bundle / "data" / folder.name
    full = load_full_case(folder, validate=False)
    keyed = key_columns(full, load_registry(folder))
    assert keyed, "every case keys some columns"
    for table, column in keyed:
        header = next(csv.reader(io.StringIO((shipped / f"{table}.csv").read_text(encoding="utf-8"))))
        assert column not in header, f"{table}.csv ships {column} in plain text"
    assert validate_case(shipped) == []
    again = load_full_case(shipped)
    for name, df in full.tables.items():
        pd.testing.assert_frame_equal(again.tables[name], df)


def test_a_chart_drawn_from_a_sealed_column_says_which_exercise_opens_it(progress_dir):
    from casekit import charts

    case = load_case(MAIN, lesson="01")
    chart = charts.attribution(case.claims, case.sentences)
    assert chart.description.startswith("This chart of who says so is drawn once you pass 01-attribution")
    assert "25 claims name a source" not in chart.description, "a seal is not a source"
    full = load_full_case(MAIN)
    assert "of 25 claims name a source" in charts.attribution(full.claims, full.sentences).description


def test_an_exercise_whose_rows_are_the_answer_seals_every_row_not_only_those(progress_dir):
    relations = load_case(MAIN, lesson="03").relations
    assert set(relations["relation"]) == {"sealed until 03-edges"}, "sealing only one sentence's rows would point at them"
    kinds = load_case(MAIN, lesson="01").claims.set_index("claim_id")["kind"]
    assert kinds["C01"] == "sealed until 01-claim-kinds" and kinds["C02"] != "sealed until 01-claim-kinds", "named items only"
