"""casekit.case: loading typed tables and reporting a broken case folder clearly."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from casekit.case import find_case, load_case, split_ids, validate_case
from casekit.cli import main
from casekit.errors import CaseError

DATA = Path(__file__).resolve().parents[1] / "data" / "assad-fall-2024"


@pytest.fixture
def case_copy(tmp_path):
    """A writable copy of the case folder to break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def test_load_case_gives_typed_tables():
    case = load_case(DATA)
    assert str(case.sentences["paragraph"].dtype) == "Int64"
    assert str(case.claims["checkable"].dtype) == "boolean"
    assert case.sentences["sentence_id"].iloc[0] == "S01"


def test_events_gain_edtf_bounds_precision_and_label():
    events = load_case(DATA).events
    for column in ("date_start", "date_end", "date_precision", "date_label"):
        assert column in events
    assert pd.api.types.is_datetime64_any_dtype(events["date_start"])
    assert (events["date_start"] <= events["date_end"]).all()


def test_case_attribute_error_lists_tables():
    with pytest.raises(AttributeError, match="its tables are: sentences"):
        _ = load_case(DATA).no_such_table


def test_sentence_lookup_explains_unknown_id():
    with pytest.raises(CaseError, match="there is no sentence 'S99'"):
        load_case(DATA).sentence("S99")


def test_find_case_from_a_lesson_folder(monkeypatch):
    monkeypatch.delenv("CASEKIT_CASE", raising=False)
    monkeypatch.chdir(DATA.parents[1] / "lessons")
    assert find_case() == DATA


def test_split_ids_ignores_blanks():
    assert split_ids("S01; S02;") == ["S01", "S02"]
    assert split_ids(None) == []


def test_the_real_case_is_valid():
    assert validate_case(DATA) == []


def test_every_case_of_the_kit_is_valid_with_its_banks_and_checks(capsys, monkeypatch):
    """What `python -m casekit validate` says of the kit (make test relies on this test, not on a step of its own)."""
    monkeypatch.chdir(DATA.parent.parent)
    assert main(["validate"]) == 0, capsys.readouterr()
    lines = capsys.readouterr().out.splitlines()
    cases = sorted(p.parent.name for p in DATA.parent.glob("*/case.toml"))
    assert sorted(line.split(":")[0] for line in lines) == cases and all(": valid (" in line for line in lines)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture needs {old!r} in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _missing_column(d):
    df = pd.read_csv(d / "claims.csv", dtype=str, keep_default_na=False)
    df.drop(columns=["kind"]).to_csv(d / "claims.csv", index=False)


def _bad_date(d):
    df = pd.read_csv(d / "events.csv", dtype=str, keep_default_na=False)
    df.loc[2, "date"] = "7th Dec"
    df.to_csv(d / "events.csv", index=False)


BROKEN = [
    ("missing column", _missing_column, "claims.csv: column 'kind' is missing; the header should be: claim_id,"),
    ("bad date", _bad_date, "events.csv, row 4, field 'date': '7th Dec' is not an EDTF date; write it like 2021-06-15 (a day)"),
    ("duplicate id", lambda d: _replace(d / "actors.csv", "iran,Iran,", "russia,Iran,"), "duplicate id 'russia'"),
    (
        "dangling foreign key",
        lambda d: _replace(d / "relations.csv", "russia,assad,supports", "russia,asad,supports"),
        "relations.csv, row 2: 'asad' does not match any actor_id in actors.csv.",
    ),
    (
        "dangling id in a list",
        lambda d: _replace(d / "actors.csv", "iran,Iran,Iran,state,S01;", "iran,Iran,Iran,state,S66;"),
        "'S66' is not an id in sentences",
    ),
    (
        "value outside its enumeration",
        lambda d: _replace(d / "claims.csv", ",framing,", ",opinionated,"),
        "claims.csv, row 2, column 'kind': 'opinionated' is not allowed; use one of: factual_claim, attributed_opinion",
    ),
    (
        "non-UTF-8 file",
        lambda d: (d / "sources.csv").write_bytes((d / "sources.csv").read_text(encoding="utf-8").encode("utf-16")),
        "sources.csv: the file is not UTF-8 text",
    ),
    ("empty file", lambda d: (d / "relations.csv").write_text("", encoding="utf-8"), "relations.csv: the file is empty"),
    (
        "binary file instead of CSV",
        lambda d: (d / "actors.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        "actors.csv: the file is not UTF-8 text",
    ),
    (
        "text file that is not CSV",
        lambda d: (d / "actors.csv").write_text('{"actors": ["Russia", "Iran"]}\n', encoding="utf-8"),
        "actors.csv: the first line is not the expected CSV header",
    ),
    ("missing file", lambda d: (d / "events.csv").unlink(), "events.csv: the file is missing"),
    (
        "sentences that no longer rebuild the article",
        lambda d: _replace(d / "sentences.csv", "moment of crisis?", "moment of crisis"),
        "do not rebuild article.txt",
    ),
    ("broken case.toml", lambda d: (d / "case.toml").write_text("[case\n", encoding="utf-8"), "case.toml: not valid TOML"),
]


@pytest.mark.parametrize("breakage,expected", [(b, e) for _, b, e in BROKEN], ids=[n for n, _, _ in BROKEN])
def test_validate_reports_each_broken_fixture(case_copy, breakage, expected, capsys):
    breakage(case_copy)
    problems = validate_case(case_copy)
    assert any(expected in line for line in problems), problems
    assert main(["validate", str(case_copy)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert expected in out.out + out.err


def test_load_case_refuses_a_broken_folder_with_its_problems(case_copy):
    _bad_date(case_copy)
    with pytest.raises(CaseError) as info:
        load_case(case_copy)
    assert "7th Dec" in str(info.value)


def test_validate_cli_summarises_a_valid_case(capsys):
    assert main(["validate", str(DATA)]) == 0
    assert "valid" in capsys.readouterr().out
