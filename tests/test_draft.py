"""`python -m casekit draft`: rows proposed from a case's text, marked as drafts, merged without touching the instructor's rows."""

import json

import pandas as pd
import pytest

from casekit.case.dates import parse
from casekit.case.validate import validate_case
from casekit.cli import main
from casekit.instructor.draft import draft_case
from casekit.instructor.draft.times import anchor_of, resolve
from casekit.instructor.newcase import new_case

# An invented business story: every name in it is made up.
STORY = """Norvale Corp. opens battery plant in Ohio
By Jana Petrov
Norvale Corp. said on Monday that it would open a battery plant in Dayton, Ohio, in the first half of 2025, creating 1,200 jobs.
“This is the biggest bet we have made,” said Dana Whitlock, the company’s chief executive.
“We expect the plant to pay for itself.”
Whitlock founded the firm in 2011 and took it public on November 1, 2024, according to filings with the Securities and Exchange Commission (SEC).
Prof. Omar Haddad of the Brightwater Institute told reporters that battery prices had fallen 40 percent since March 2019.
Norvale shares rose 12 days ago, officials said.
"""


@pytest.fixture
def story(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    folder = tmp_path / "plant"
    new_case(folder, tmp_path / "story.txt", title="A battery plant", publisher="An invented outlet", date="2024-12-11")
    return folder


def _table(folder, name):
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def _sentence(folder, start):
    sentences = _table(folder, "sentences")
    return sentences.loc[sentences["text"].str.startswith(start), "sentence_id"].iloc[0]


def _actor(actors, name):
    rows = actors[actors["name"] == name]
    assert len(rows) == 1, f"{name} drafted {len(rows)} times: {actors['name'].tolist()}"
    return rows.iloc[0]


def test_draft_finds_the_people_and_organisations_with_their_aliases(story):
    draft_case(story)
    actors = _table(story, "actors")
    whitlock = _actor(actors, "Dana Whitlock")
    assert "Whitlock" in whitlock["aliases"].split(";")
    assert whitlock["sentence_ids"] == ";".join([_sentence(story, "“This is"), _sentence(story, "Whitlock founded")])
    haddad = _actor(actors, "Omar Haddad")
    assert {"Prof. Omar Haddad", "Haddad"} <= set(haddad["aliases"].split(";")) and haddad["type"] == "expert"
    norvale = _actor(actors, "Norvale Corp.")
    assert {"Norvale", "the company"} <= set(norvale["aliases"].split(";"))
    sec = _actor(actors, "Securities and Exchange Commission")
    assert "SEC" in sec["aliases"].split(";")
    assert _actor(actors, "Brightwater Institute")["type"] == "institution"
    assert _actor(actors, "Ohio")["sentence_ids"]
    assert not actors["name"].isin(["Monday", "November", "Prof", "This"]).any()


def test_draft_finds_the_speakers_and_carries_a_quote_to_the_next_paragraph(story):
    draft_case(story)
    sources = _table(story, "sources").set_index("name")
    quoted, carried = _sentence(story, "“This is"), _sentence(story, "“We expect")
    assert sources.loc["Dana Whitlock", "sentence_ids"] == f"{quoted};{carried}"
    assert sources.loc["Dana Whitlock", "role"] == "quoted"
    assert sources.loc["Omar Haddad", "sentence_ids"] == _sentence(story, "Prof. Omar")
    assert sources.loc["Omar Haddad", "type"] == "expert"
    assert sources.loc["Norvale Corp.", "sentence_ids"] == _sentence(story, "Norvale Corp. said")
    assert sources.loc["unnamed officials", "named"] == "false" and sources.loc["unnamed officials", "type"] == "unnamed"
    assert sources.loc["Jana Petrov", "role"] == "byline" and sources.loc["Jana Petrov", "type"] == "journalist"
    claims = _table(story, "claims").set_index("sentence_id")
    assert claims.loc[_sentence(story, "Prof. Omar"), "attributed_to"] == sources.loc["Omar Haddad", "source_id"]


def test_draft_writes_dates_at_their_precision_and_resolves_relative_ones_from_the_publication_date(story):
    draft_case(story)
    times = _table(story, "time_expressions")
    found = dict(zip(times["expression"], times["resolves_to"]))
    assert found["2011"] == "2011"  # a year stays a year
    assert found["March 2019"] == "2019-03"
    assert found["November 1, 2024"] == "2024-11-01"  # one expression, not a date and a year
    assert "2024" not in found and "November 1" not in found
    assert found["the first half of 2025"] == "2025-01/2025-06"
    assert found["on Monday"] == "2024-12-09"  # the Monday before Wednesday 11 December 2024
    assert found["12 days ago"] == "2024-11-29"
    assert set(times["kind"]) <= {"absolute", "relative", "implicit"}
    for value in times["resolves_to"]:
        parse(value)
    assert times["basis"].str.startswith("draft: ").all()


def test_relative_dates_without_a_publication_date_are_left_empty_and_marked(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    new_case(tmp_path / "undated", tmp_path / "story.txt")
    draft_case(tmp_path / "undated")
    times = _table(tmp_path / "undated", "time_expressions").set_index("expression")
    assert times.loc["12 days ago", "resolves_to"] == ""
    assert "unresolved" in times.loc["12 days ago", "basis"] and "no publication date" in times.loc["12 days ago", "basis"]
    assert times.loc["November 1, 2024", "resolves_to"] == "2024-11-01"


@pytest.mark.parametrize(
    "expression,expected",
    [
        ("2011", "2011"),
        ("March 2011", "2011-03"),
        ("November 1, 2024", "2024-11-01"),
        ("1 November 2024", "2024-11-01"),
        ("Nov. 1, 2024", "2024-11-01"),
        ("the first half of 2025", "2025-01/2025-06"),
        ("the 1990s", "199X"),
        ("from 2011 to 2014", "2011/2014"),
        ("Monday", "2024-12-09"),
        ("last week", "2024-12-02/2024-12-08"),
        ("yesterday", "2024-12-10"),
        ("last year", "2023"),
        ("3 months ago", "2024-09"),
        ("13 years of war", "2010-12-11/2011-12-11"),
        ("for years", "../2024-12-11"),
    ],
)
def test_resolve_keeps_the_precision_written(expression, expected):
    value, basis = resolve(expression, anchor_of("2024-12-11"))
    assert value == expected and basis
    parse(value)


def test_drafted_rows_are_marked_and_the_data_package_knows_the_status_column(story):
    draft_case(story)
    descriptor = json.loads((story / "datapackage.json").read_text(encoding="utf-8"))
    for name in ("actors", "sources", "time_expressions", "claims", "actor_types"):
        table = _table(story, name)
        assert len(table) and (table["status"] == "draft").all(), name
        resource = next(r for r in descriptor["resources"] if r["name"] == name)
        status = next(f for f in resource["schema"]["fields"] if f["name"] == "status")
        assert status["constraints"] == {"enum": ["draft", "confirmed"]}


def test_running_draft_again_adds_nothing_and_keeps_the_instructors_rows(story):
    lede = _sentence(story, "Norvale Corp. said")
    actors = _table(story, "actors")
    actors.loc[0] = ["norvale", "Norvale", "Norvale;Norvale Corp.", "company", lede, "described", "typed by hand"]
    actors.to_csv(story / "actors.csv", index=False)
    times = _table(story, "time_expressions")
    times.loc[0] = ["T07", lede, "on Monday", "relative", "2024-12-09", "", "", "typed by hand"]
    times.to_csv(story / "time_expressions.csv", index=False)
    first = draft_case(story)
    actors, times = _table(story, "actors"), _table(story, "time_expressions")
    assert actors.iloc[0].tolist() == ["norvale", "Norvale", "Norvale;Norvale Corp.", "company", lede, "described", "typed by hand", ""]
    assert not actors["name"].eq("Norvale Corp.").any(), "an actor the instructor wrote is not drafted again"
    assert times.iloc[0]["expression_id"] == "T07" and times.iloc[0]["basis"] == "typed by hand"
    assert times["expression_id"].iloc[1:].tolist() == [f"T{n:02d}" for n in range(8, 8 + len(times) - 1)]
    assert not (times.iloc[1:]["expression"] == "on Monday").any()
    before = {name: (story / f"{name}.csv").read_text(encoding="utf-8") for name in ("actors", "sources", "time_expressions", "claims")}
    second = draft_case(story)
    assert all(m.added == 0 for m in second.tables)
    assert before == {name: (story / f"{name}.csv").read_text(encoding="utf-8") for name in before}
    assert sum(m.added for m in first.tables) > 0


def test_validate_reports_the_drafts_waiting_in_each_table(story):
    draft_case(story)
    problems = validate_case(story)
    actors = len(_table(story, "actors"))
    assert any(
        p.startswith(f"actors.csv: {actors} drafted rows wait to be confirmed") and "set its status to confirmed" in p for p in problems
    )
    assert any(p.startswith("claims.csv: ") and "drafted row" in p for p in problems)
    assert not any(p.startswith("sources.csv, row") for p in problems), "a draft's empty cells are counted, not listed"
    sources = _table(story, "sources")
    sources["status"] = "confirmed"
    sources.to_csv(story / "sources.csv", index=False)
    problems = validate_case(story)
    assert not any(p.startswith("sources.csv: ") and "drafted" in p for p in problems)
    assert any(p.startswith("sources.csv, row 2, column 'access' is empty") for p in problems), "a confirmed row is checked like any other"


def test_draft_on_the_command_line_prints_one_line_per_table_and_what_to_do_next(story, capsys):
    assert main(["draft", str(story)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out[:5]] == [
        "sources.csv",
        "actors.csv",
        "actor_types.csv",
        "time_expressions.csv",
        "claims.csv",
    ]
    assert out[-1].startswith("Next: ") and "validate" in out[-1]


def test_draft_without_sentences_says_to_start_with_new_case(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "datapackage.json").write_text('{"resources": []}', encoding="utf-8")
    (tmp_path / "empty" / "case.toml").write_text('[case]\nid = "empty"\n', encoding="utf-8")
    assert main(["draft", str(tmp_path / "empty")]) == 1
    err = capsys.readouterr().err
    assert "new-case" in err and "Traceback" not in err


def test_an_installed_spacy_pipeline_adds_its_entities_and_none_is_downloaded(monkeypatch):
    import sys
    import types

    from casekit.instructor.draft.actors import find_actors

    asked = []

    class Ent:
        def __init__(self, text, start, label):
            self.text, self.start_char, self.label_ = text, start, label

    def load(name, disable=()):
        asked.append(name)
        return types.SimpleNamespace(pipe=lambda texts: [types.SimpleNamespace(ents=[Ent("acme", 9, "ORG")]) for _ in texts])

    fake = types.ModuleType("spacy")
    fake.util = types.SimpleNamespace(is_package=lambda name: name == "en_core_web_sm")
    fake.load = load
    monkeypatch.setitem(sys.modules, "spacy", fake)
    sentences = pd.DataFrame({"sentence_id": ["S01"], "text": ["We asked acme about it."]})
    assert [(a.name, a.kind) for a in find_actors(sentences)] == [("acme", "organisation")]
    assert asked == ["en_core_web_sm"]
    fake.util = types.SimpleNamespace(is_package=lambda name: False)
    asked.clear()
    assert find_actors(sentences) == [] and asked == []


def test_draft_leaves_the_data_package_alone_when_it_already_has_the_status_field(story):
    draft_case(story)
    before = (story / "datapackage.json").read_bytes()
    draft_case(story)
    assert (story / "datapackage.json").read_bytes() == before


def test_a_weekday_is_the_last_one_unless_the_sentence_speaks_of_the_future():
    anchor = anchor_of("2024-12-11")  # a Wednesday
    assert resolve("on Friday", anchor, "The board met on Friday.")[0] == "2024-12-06"
    assert resolve("on Friday", anchor, "The board will meet on Friday.")[0] == "2024-12-13"
    assert resolve("next Monday", anchor)[0] == "2024-12-16"
