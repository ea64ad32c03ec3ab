"""Vocabularies that fit any story: `new-case --vocabulary`, the labels a case allows, validate's messages, draft within the labels.

The two texts in tests/fixtures (invented-takeover.txt, invented-study.txt) are invented for these
tests: every company, person, place and quotation in them is made up.
"""

import json
from pathlib import Path

import pandas as pd
import pytest

from casekit.case.folder import case_folders
from casekit.case.validate import validate_case
from casekit.charts import evidence_strength
from casekit.cli import main
from casekit.instructor.draft import draft_case
from casekit.instructor.newcase import new_case
from casekit.instructor.vocabularies import LABELS, case_labels, vocabulary_names

FIXTURES = Path(__file__).parent / "fixtures"
DATA = Path(__file__).resolve().parents[1] / "data"
STORY_COLUMNS = [("actors", "type"), ("relations", "relation"), ("sources", "type")]
WAR_LABELS = {"state", "state_armed_force", "non_state_armed_group", "political_leader", "civilians", "fights", "withdrew_support_from"}
KEPT = {"sentences", "time_patterns", "actor_types", "actors", "relations", "sources"}  # the tables these stories fill

# A few rows an instructor writes by hand for each story, with the general vocabulary's labels.
ROWS = {
    "invented-takeover.txt": {
        "actor_types": [
            ["company", "company", "A business.", ""],
            ["person", "person", "A person acting in their own right.", ""],
            ["government", "government", "A public authority acting as one.", ""],
        ],
        "actors": [
            ["kestrel", "Kestrel Foods", "Kestrel Foods;Kestrel", "company", "S01;S03;S08", "paraphrased", "The buyer."],
            ["hollin_dairy", "Hollin Dairy", "Hollin Dairy", "company", "S01;S03", "described", "The cheesemaker being bought."],
            ["verey", "Tomas Verey", "Tomas Verey", "person", "S04", "quoted", "Chief executive of the buyer."],
            ["greta_hollin", "Greta Hollin", "Greta Hollin", "person", "S06", "described", "Owner of the dairy."],
            ["board", "Regional Competition Board", "Regional Competition Board", "government", "S05", "described", "Reviews the deal."],
        ],
        "relations": [
            ["verey", "kestrel", "leads", "throughout", "S04", "Kestrel's chief executive"],
            ["greta_hollin", "hollin_dairy", "owns", "throughout", "S06", "Hollin's owner"],
            ["board", "kestrel", "regulates", "throughout", "S05", "the deal still needs the approval"],
        ],
        "sources": [
            [
                "kestrel_foods",
                "Kestrel Foods",
                "company",
                "announces the deal",
                "S03",
                "true",
                "Its own deal.",
                "Whether a filing gives the price.",
            ],
            ["verey", "Tomas Verey", "company", "speaks for the buyer", "S04", "true", "Runs the buyer.", "What he gains from the deal."],
            ["quill", "Mara Quill", "journalist", "wrote the story", "S02", "true", "What she was told.", "Who told her."],
        ],
    },
    "invented-study.txt": {
        "actor_types": [
            ["institution", "institution", "A university or research centre.", ""],
            ["expert", "expert", "A person cited for what they know.", ""],
            ["government", "government", "A public authority acting as one.", ""],
        ],
        "actors": [
            ["tarnby", "University of Tarnby", "University of Tarnby", "institution", "S03", "described", "Where the study was done."],
            ["strand", "Helena Strand", "Helena Strand;Dr. Helena Strand", "expert", "S04", "quoted", "Led the study."],
            [
                "water_authority",
                "Orrin Valley Water Authority",
                "Orrin Valley Water Authority;the authority",
                "government",
                "S05;S06",
                "paraphrased",
                "Paid for the study.",
            ],
            ["bell", "Jonah Bell", "Jonah Bell;Professor Jonah Bell", "expert", "S07", "paraphrased", "Not involved in the study."],
        ],
        "relations": [["water_authority", "tarnby", "funds", "throughout", "S05", "The work was funded by"]],
        "sources": [
            ["strand", "Helena Strand", "expert", "led the study", "S04", "true", "Her own data.", "Whether the study was reviewed."],
            ["spokesperson", "A spokesperson for the authority", "unnamed", "speaks for the funder", "S06", "false", "The plant.", "Who."],
            ["bell", "Jonah Bell", "expert", "comments", "S07", "true", "Not first-hand.", "His field."],
        ],
    },
}


def _new(tmp_path: Path, story: str, *options: str) -> Path:
    folder = tmp_path / Path(story).stem
    assert main(["new-case", str(folder), "--text", str(FIXTURES / story), "--date", "2025-03", *options]) == 0
    return folder


def _descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def _enum(descriptor: dict, table: str, column: str) -> list[str]:
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    return next(f for f in resource["schema"]["fields"] if f["name"] == column).get("constraints", {}).get("enum", [])


def _fill(folder: Path, rows: dict[str, list[list[str]]]) -> None:
    """Write the hand-filled rows and leave the unused tables out of the data package, as docs/new-case.md says."""
    descriptor = _descriptor(folder)
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in KEPT]
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    for resource in descriptor["resources"]:
        if resource["name"] in rows:
            columns = [f["name"] for f in resource["schema"]["fields"]]
            pd.DataFrame(rows[resource["name"]], columns=columns).to_csv(folder / resource["path"], index=False)


@pytest.mark.parametrize("story", sorted(ROWS))
def test_a_business_or_science_story_validates_with_general_labels_and_no_war_vocabulary(tmp_path, story, capsys):
    folder = _new(tmp_path, story, "--vocabulary", "general")
    descriptor = _descriptor(folder)
    for table, column in STORY_COLUMNS:
        assert _enum(descriptor, table, column) and not WAR_LABELS & set(_enum(descriptor, table, column))
    assert "acled" not in json.dumps(descriptor).casefold()
    assert (folder / "actor_types.csv").read_text(encoding="utf-8").splitlines()[0] == "type,label,description,ref_ids"
    assert 'vocabulary = "general"' in (folder / "case.toml").read_text(encoding="utf-8")
    _fill(folder, ROWS[story])
    assert validate_case(folder) == []
    capsys.readouterr()
    assert main(["validate", str(folder)]) == 0
    assert ": valid (" in capsys.readouterr().out


def test_general_is_the_default_vocabulary(tmp_path):
    new_case(tmp_path / "plain", FIXTURES / "invented-takeover.txt")
    assert {"company", "person", "government"} <= set(_enum(_descriptor(tmp_path / "plain"), "actors", "type"))
    assert {"owns", "works_for", "opposes"} <= set(_enum(_descriptor(tmp_path / "plain"), "relations", "relation"))


def test_the_conflict_vocabulary_gives_the_war_lists_and_the_acled_columns(tmp_path):
    folder = _new(tmp_path, "invented-takeover.txt", "--vocabulary", "conflict")
    descriptor = _descriptor(folder)
    assert _enum(descriptor, "actors", "type") == [
        "state",
        "state_armed_force",
        "non_state_armed_group",
        "political_leader",
        "civilians",
        "analyst",
        "research_institution",
        "news_outlet",
    ]
    assert _enum(descriptor, "relations", "relation") == [
        "supports",
        "withdrew_support_from",
        "fights",
        "leads",
        "quotes",
        "reports_on",
        "part_of",
    ]
    assert _enum(descriptor, "sources", "type") == [
        "news_outlet",
        "journalist",
        "analyst",
        "research_institution",
        "unnamed",
        "official",
        "government",
    ]
    header = (folder / "actor_types.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "type,label,description,acled_equivalent,how_we_differ,ref_ids"
    for case in case_folders(DATA):  # every label the kit's own cases use is in it
        theirs = _descriptor(case)
        for table, column in STORY_COLUMNS:
            assert set(_enum(theirs, table, column)) <= set(_enum(descriptor, table, column)), (case.name, table, column)


def test_a_conflict_case_says_what_an_empty_acled_column_holds(tmp_path):
    folder = _new(tmp_path, "invented-takeover.txt", "--vocabulary", "conflict")
    (folder / "actor_types.csv").write_text(
        "type,label,description,acled_equivalent,how_we_differ,ref_ids\nstate,state,A country as one actor.,State Forces,,\n",
        encoding="utf-8",
    )
    problems = validate_case(folder)
    assert (
        "actor_types.csv, row 2, column 'how_we_differ' is empty, and it is required. It holds: Where and why the kit's type differs from ACLED's."
        in problems
    )


def test_a_label_outside_the_vocabulary_names_the_allowed_labels_and_what_the_column_holds(tmp_path):
    folder = _new(tmp_path, "invented-takeover.txt")
    _fill(folder, ROWS["invented-takeover.txt"])
    actors = pd.read_csv(folder / "actors.csv", dtype=str, keep_default_na=False)
    actors.loc[0, "type"] = "state_armed_force"
    actors.to_csv(folder / "actors.csv", index=False)
    problem = next(p for p in validate_case(folder) if p.startswith("actors.csv, row 2, column 'type'"))
    allowed = ", ".join(_enum(_descriptor(folder), "actors", "type"))
    assert f"'state_armed_force' is not allowed; use one of: {allowed}" in problem
    assert "enum in datapackage.json" in problem
    assert problem.endswith("It holds: Actor type, one of the types in actor_types.csv (which says what each means).")


def test_an_empty_required_cell_and_a_badly_written_one_say_what_the_column_holds(tmp_path):
    folder = _new(tmp_path, "invented-takeover.txt")
    rows = json.loads(json.dumps(ROWS["invented-takeover.txt"]))
    rows["actor_types"][1][2] = ""
    rows["actors"][2][4] = "S4"
    rows["sources"][0][5] = "maybe"
    _fill(folder, rows)
    problems = validate_case(folder)
    assert "actor_types.csv, row 3, column 'description' is empty, and it is required. It holds: What actors of this type are." in problems
    assert any(
        p.startswith("actors.csv, row 4, column 'sentence_ids': 'S4' is not written in the form the column expects")
        and p.endswith("It holds: Sentences that mention the actor, separated by ';'.")
        for p in problems
    )
    assert "sources.csv, row 2, column 'named': 'maybe' is not true or false. It holds: Whether the article names the source." in problems
    assert not any("constraint" in p or "see the case folder" in p for p in problems)


def test_a_label_added_to_the_case_package_is_accepted(tmp_path):
    folder = _new(tmp_path, "invented-takeover.txt")
    rows = json.loads(json.dumps(ROWS["invented-takeover.txt"]))
    rows["relations"].append(["kestrel", "hollin_dairy", "buys", "throughout", "S03", "agreed to buy"])
    _fill(folder, rows)
    assert any("'buys' is not allowed" in p for p in validate_case(folder))
    descriptor = _descriptor(folder)  # what docs/new-case.md says to do: add the label to the column's enum
    relation = next(
        f for r in descriptor["resources"] if r["name"] == "relations" for f in r["schema"]["fields"] if f["name"] == "relation"
    )
    relation["constraints"]["enum"].append("buys")
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    assert validate_case(folder) == []


def test_new_case_refuses_an_unknown_vocabulary_naming_those_there_are(tmp_path, capsys):
    assert main(["new-case", str(tmp_path / "x"), "--text", str(FIXTURES / "invented-study.txt"), "--vocabulary", "war"]) == 1
    err = capsys.readouterr().err
    assert f"there is no vocabulary 'war'; use one of: {', '.join(vocabulary_names())}." in err and "Traceback" not in err
    assert not (tmp_path / "x").exists()


def test_the_vocabulary_command_lists_each_columns_labels_with_their_meanings(tmp_path, capsys):
    folder = _new(tmp_path, "invented-study.txt")
    capsys.readouterr()
    assert main(["vocabulary", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "'general' vocabulary" in out
    assert "relations.relation: Kind of relation.\n  supports: Backs, helps or speaks for the target." in out
    assert "  company: A business: a firm, bank, corporation or start-up." in out
    assert "To add a label, add it to the column's enum" in out
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "- `type` (required): Actor type" in readme and "  - `expert`: A person the text cites" in readme


def test_a_case_without_label_meanings_takes_them_from_its_table_of_types():
    main_case = next(c for c in case_folders(DATA) if LABELS not in (c / "datapackage.json").read_text(encoding="utf-8"))
    columns = {(c.table, c.column): c for c in case_labels(main_case)}
    types = pd.read_csv(main_case / "actor_types.csv", dtype=str)
    assert dict(columns["actors", "type"].labels) == dict(zip(types["type"], types["description"]))
    assert [label for label, _ in columns["relations", "relation"].labels] == _enum(_descriptor(main_case), "relations", "relation")


@pytest.mark.parametrize("story", sorted(ROWS))
def test_draft_on_a_general_case_proposes_only_the_cases_own_labels(tmp_path, story):
    folder = _new(tmp_path, story)
    draft_case(folder)
    descriptor = _descriptor(folder)
    for table, column in [("actors", "type"), ("sources", "type"), ("claims", "kind"), ("actor_types", "type")]:
        allowed = set(_enum(descriptor, "actors" if table == "actor_types" else table, column))
        used = set(pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)[column]) - {""}
        assert used and used <= allowed, (table, used - allowed)
    actors = pd.read_csv(folder / "actors.csv", dtype=str, keep_default_na=False).set_index("name")["type"]
    types = pd.read_csv(folder / "actor_types.csv", dtype=str, keep_default_na=False).set_index("type")
    meanings = next(f for r in descriptor["resources"] if r["name"] == "actors" for f in r["schema"]["fields"] if f["name"] == "type")[
        LABELS
    ]
    assert all(types.loc[t, "description"] == meanings[t] for t in types.index), "a drafted type comes with its meaning"
    expected = {
        "invented-takeover.txt": {"Kestrel Foods": "company", "Tomas Verey": "person", "Regional Competition Board": "government"},
        "invented-study.txt": {"University of Tarnby": "institution", "Jonah Bell": "expert", "Orrin Valley Water Authority": "government"},
    }[story]
    assert {name: actors[name] for name in expected} == expected


def test_draft_on_a_conflict_case_uses_the_war_labels(tmp_path):
    folder = _new(tmp_path, "invented-study.txt", "--vocabulary", "conflict")
    draft_case(folder)
    actors = pd.read_csv(folder / "actors.csv", dtype=str, keep_default_na=False).set_index("name")["type"]
    assert actors["University of Tarnby"] == "research_institution" and actors["Jonah Bell"] == "analyst"
    assert set(actors) - {""} <= set(_enum(_descriptor(folder), "actors", "type"))


def test_the_evidence_chart_colours_a_verdict_the_case_added():
    evidence = pd.DataFrame(
        {
            "explanation_id": ["cost", "cost"],
            "claim_id": ["C01", "C02"],
            "sentence_id": ["S03", "S05"],
            "kind": ["factual_claim", "factual_claim"],
            "source": ["a", "b"],
            "source_score": [1, 2],
            "verdict": ["supported", "disputed"],
        }
    )
    scale = evidence_strength(evidence).to_dict()["encoding"]["color"]["scale"]
    assert "disputed" in scale["domain"] and len(scale["range"]) == len(scale["domain"])
