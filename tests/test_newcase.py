"""Cases side by side in data/, and `casekit new-case`: a folder from a plain text that validate then explains."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from casekit.case import load_case
from casekit.case.folder import case_folders, find_case, main_case
from casekit.case.sentences import rebuild, sentence_table, split_sentences
from casekit.cli import main
from casekit.instructor.banks import build_kit_banks
from casekit.instructor.newcase import TEMPLATE, new_case
from casekit.instructor.vocabularies import apply_vocabulary

DATA = Path(__file__).resolve().parents[1] / "data"
MAIN = main_case(DATA)
UNSEEN = """Remarks on the harbour project
Good afternoon. Mr. Jones of Harrisburg, Pa., met Gov. Smith on Nov. 3 in the U.S. capital. He said, "We will build it." Then they left.
The work starts in 2026. J. R. Doe will lead it!
By A. Writer
"""


@pytest.mark.parametrize("case", [f.name for f in case_folders(DATA)])
def test_the_splitter_gives_the_curated_sentences_of_every_case(case):
    text = (DATA / case / "article.txt").read_text(encoding="utf-8")
    curated = pd.read_csv(DATA / case / "sentences.csv", dtype={"paragraph": int})
    pd.testing.assert_frame_equal(sentence_table(text), curated, check_dtype=False)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("He left. She stayed.", ["He left.", "She stayed."]),
        ("Mr. Smith met Dr. Jones in Pa. on Nov. 3.", ["Mr. Smith met Dr. Jones in Pa. on Nov. 3."]),
        ("The U.S. and the U.N. agreed. Talks ended.", ["The U.S. and the U.N. agreed.", "Talks ended."]),
        ("J. R. R. Tolkien wrote it. It sold.", ["J. R. R. Tolkien wrote it.", "It sold."]),
        ('She said: "No." Then she left.', ['She said: "No."', "Then she left."]),
        ("“Go home,” he said. “Now!” They went.", ["“Go home,” he said.", "“Now!”", "They went."]),
        ("Is it over? Yes. 2024 ended.", ["Is it over?", "Yes.", "2024 ended."]),
        ("By A. Writer", ["By A. Writer"]),
    ],
)
def test_sentences_end_at_their_stops_but_not_after_abbreviations_initials_or_inside_quotes(text, expected):
    assert [s for _, s in split_sentences(text)] == expected


def test_new_case_makes_a_folder_that_rebuilds_the_text_byte_for_byte(tmp_path, capsys):
    (tmp_path / "speech.txt").write_text(UNSEEN, encoding="utf-8")
    folder = tmp_path / "harbour"
    assert main(["new-case", str(folder), "--text", str(tmp_path / "speech.txt"), "--title", "Harbour", "--date", "2026-11"]) == 0
    assert (folder / "article.txt").read_bytes() == UNSEEN.encode()
    sentences = pd.read_csv(folder / "sentences.csv")
    assert rebuild(sentences) == UNSEEN.rstrip("\n")
    assert sentences["part"].tolist() == ["headline", "lede", "lede", "lede", "lede", "body", "body", "byline"]
    assert "validate" in capsys.readouterr().out and (folder / "README.md").is_file()
    descriptor = json.loads((folder / "datapackage.json").read_text())
    for res in descriptor["resources"]:
        header = (folder / res["path"]).read_text().splitlines()[0].split(",")
        assert header == [f["name"] for f in res["schema"]["fields"]]


def test_validate_on_a_new_case_lists_what_is_still_missing_one_line_each(tmp_path, capsys):
    (tmp_path / "speech.txt").write_text(UNSEEN, encoding="utf-8")
    main(["new-case", str(tmp_path / "harbour"), "--text", str(tmp_path / "speech.txt")])
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "harbour")]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert "claims.csv: no rows yet; fill it in (see the case folder's README)." in lines
    assert not any("sentences.csv" in line for line in lines), "the split sentences are complete"
    assert "Traceback" not in out + err and "problems in" in err


@pytest.mark.parametrize(
    "make,args,expected",
    [
        (lambda d: (d / "busy").mkdir() or (d / "busy" / "x").write_text("x"), ["busy"], "already holds files"),
        (lambda d: (d / "speech.txt").write_bytes(b"\xff\xfe bad"), ["new"], "not UTF-8 text"),
        (lambda d: None, ["new", "--text", "nowhere.txt"], "cannot be read"),
        (lambda d: (d / "speech.txt").write_text("A text."), ["new", "--date", "8 Dec 2024"], "is not an EDTF date"),
    ],
)
def test_new_case_refuses_bad_input_in_one_sentence(tmp_path, capsys, monkeypatch, make, args, expected):
    monkeypatch.chdir(tmp_path)
    make(tmp_path)
    if "--text" not in args:
        args = [*args[:1], "--text", "speech.txt", *args[1:]]
    assert main(["new-case", *args]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def test_a_conflict_case_has_the_tables_and_columns_of_the_main_case_and_a_general_one_no_acled_columns():
    kit = json.loads((MAIN / "datapackage.json").read_text(encoding="utf-8"))
    fields = lambda d: {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in d["resources"]}  # noqa: E731
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    assert fields(apply_vocabulary(template, "conflict")) == fields(kit)
    general = fields(apply_vocabulary(template, "general"))
    assert general["actor_types"] == [c for c in fields(kit)["actor_types"] if c not in {"acled_equivalent", "how_we_differ"}]
    assert {k: v for k, v in general.items() if k != "actor_types"} == {k: v for k, v in fields(kit).items() if k != "actor_types"}


@pytest.fixture
def two_cases(tmp_path):
    """A kit whose data/ holds the main case and a second one, named by data/cases.toml."""
    data = tmp_path / "kit" / "data"
    shutil.copytree(MAIN, data / "first", ignore=shutil.ignore_patterns("quizzes", "checks"))
    (tmp_path / "speech.txt").write_text(UNSEEN, encoding="utf-8")
    main(["new-case", str(data / "second"), "--text", str(tmp_path / "speech.txt")])
    (data / "cases.toml").write_text('main = "first"\n', encoding="utf-8")
    return data


def test_cases_sit_side_by_side_and_the_main_one_is_the_default(two_cases, monkeypatch):
    monkeypatch.chdir(two_cases.parent)
    assert [f.name for f in case_folders(two_cases)] == ["first", "second"]
    assert find_case() == (two_cases / "first").resolve() == find_case(two_cases)
    assert find_case("second") == (two_cases / "second").resolve()
    assert load_case().id == load_case(MAIN).id


def test_each_case_gets_the_banks_of_its_own_folder(two_cases):
    quizzes = two_cases.parent / "solutions" / "quizzes"
    (quizzes / "second").mkdir(parents=True)
    bank = (Path(__file__).parent / "fixtures" / "bank-98.toml").read_text(encoding="utf-8")
    (quizzes / "98-every-type.toml").write_text(bank, encoding="utf-8")
    (quizzes / "second" / "98-every-type.toml").write_text(bank, encoding="utf-8")
    assert build_kit_banks(quizzes, two_cases) == ["first/quizzes/98-every-type.toml", "second/quizzes/98-every-type.toml"]
    assert (two_cases / "second" / "quizzes" / "98-every-type.toml").is_file()
    assert build_kit_banks(quizzes, two_cases, check=True) == []


def test_a_title_then_a_byline_keeps_the_first_body_paragraph_as_the_lede():
    text = "Mill reopens\nBy Ana Writer and Tom Roe\nThe mill reopened on Monday. Workers cheered.\nIt had closed in 2019.\n"
    table = sentence_table(text)
    assert table["part"].tolist() == ["headline", "byline", "lede", "lede", "body"]
    assert table.loc[table["part"] == "lede", "text"].iloc[0] == "The mill reopened on Monday."


def test_a_paragraph_that_opens_with_by_and_a_month_is_not_a_byline():
    table = sentence_table("Sales\nBy March, sales had doubled. Profits rose.\n")
    assert table["part"].tolist() == ["headline", "lede", "lede"]


def test_new_case_ships_common_time_patterns_that_keep_a_us_date_whole(tmp_path):
    from casekit.reading.timeexpr import find_time_expressions

    text = "Mill reopens\nIt reopened on November 1, 2024, and on 3 March 2025 it hired; in 2011 it closed, 12 days ago it sold, for years it lost.\n"
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    new_case(tmp_path / "mill", tmp_path / "t.txt")
    patterns = pd.read_csv(tmp_path / "mill" / "time_patterns.csv")
    assert {"year", "month_year", "us_date", "eu_date", "weekday", "ago", "relative_day", "duration"} <= set(patterns["pattern_id"])
    found = find_time_expressions(pd.read_csv(tmp_path / "mill" / "sentences.csv"), patterns)
    assert found["expression"].tolist() == ["November 1, 2024", "3 March 2025", "2011", "12 days ago", "for years"]
