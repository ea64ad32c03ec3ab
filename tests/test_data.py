"""The case data: the first article kept byte for byte, and in every case under data/ each row pointing to its evidence.

The kit's data rules live in casekit/case/rules.py (validate applies them); here they run on every case folder,
and each is shown to catch a fault planted in one row of a copy of a case.
"""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from casekit.case import load_case, validate_case
from casekit.case.folder import read_descriptor, read_table
from casekit.case.rules import RULES, CaseTables, independence_problems
from casekit.cli import main
from casekit.instructor.draft.tables import STATUS_FIELD

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "article.txt"
CASES = sorted(p.parent for p in (ROOT / "data").glob("*/case.toml"))


@pytest.fixture(scope="module")
def case():
    return load_case(ROOT / "data" / "assad-fall-2024")


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not beside this checkout")
def test_article_is_the_seed_byte_for_byte():
    assert (ROOT / "data" / "assad-fall-2024" / "article.txt").read_bytes() == SEED.read_bytes()


def test_article_keeps_curly_quotes_and_modifier_apostrophe(case):
    assert "Hay\u02bcat" in case.article
    assert "\u201cBoth Russia" in case.article


def test_sentences_rebuild_the_article_exactly(case):
    paragraphs = case.sentences.groupby("paragraph", sort=True)["text"].agg(" ".join)
    assert "\n".join(paragraphs) == case.article


def test_article_metadata_records_the_undated_publication(case):
    art = case.meta["article"]
    assert art["dateline"] == ""
    assert art["publisher"] and art["byline"] and art["re_reports"]
    assert art["published"] and art["published_basis"]


def _tables(folder: Path) -> CaseTables:
    descriptor = read_descriptor(folder)
    return CaseTables({res["name"]: read_table(folder, res) for res in descriptor["resources"]}, descriptor)


@pytest.mark.parametrize("folder", CASES, ids=[f.name for f in CASES])
def test_every_case_passes_validate(folder):
    assert validate_case(folder) == []


@pytest.mark.parametrize("rule", RULES, ids=[r.__name__ for r in RULES])
@pytest.mark.parametrize("folder", CASES, ids=[f.name for f in CASES])
def test_every_case_keeps_each_data_rule(folder, rule):
    assert rule(_tables(folder)) == []


def test_every_case_under_data_is_checked():
    assert {f.name for f in CASES} >= {"assad-fall-2024", "white-house-2024-12-08"}


def test_the_independence_rule_catches_a_copy_counted_twice():
    """R27 and R28 of the first case re-publish one AFP story: cited together, they are one source."""
    data = _tables(ROOT / "data" / "assad-fall-2024")
    twins = data.tables["references"].query("ref_id in ['R27', 'R28']")
    assert twins["original"].nunique() == 1, "the fixture needs R27 and R28 to re-publish one story"
    claims = data.tables["claims"].copy()
    claims.loc[0, "ref_ids"] = "R27;R28"
    (problem,) = independence_problems(CaseTables({**data.tables, "claims": claims}, data.descriptor))
    assert problem.startswith("claims.csv, row 2, field 'ref_ids' (C01): R27 and R28 rest on one original")


# ---------------------------------------------------------------- each rule catches a fault planted in one row


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    """Writable copies of the cases, restored from data/ before each planted fault."""
    return tmp_path_factory.mktemp("cases")


def _copy(copies: Path, name: str) -> Path:
    target = copies / name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ROOT / "data" / name, target, ignore=shutil.ignore_patterns("quizzes"))
    return target


def _edit(folder: Path, table: str, row_id: str, **cells) -> int:
    """Set ``cells`` in the row of ``table`` whose first column is ``row_id``; the row's number in the file (the header is row 1)."""
    path = folder / f"{table}.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    (index,) = df.index[df.iloc[:, 0] == row_id]
    for column, value in cells.items():
        df.loc[index, column] = value
    df.to_csv(path, index=False)
    return int(index) + 2


def _cell(folder: Path, table: str, row_id: str, column: str) -> str:
    df = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    return df.loc[df.iloc[:, 0] == row_id, column].item()


WH = "white-house-2024-12-08"
DRAFT_ADVICE = "(check each, then set its status to confirmed, or delete the row)."
FIRST = "assad-fall-2024"

PLANTED = [
    ("excerpt not in its sentence", WH, "claims", "C03", {"excerpt": "more than half a centuries of brutal rule"}, "'excerpt' (C03)"),
    (
        "alias in none of its sentences",
        WH,
        "actors",
        "biden",
        {"aliases": "President Biden;Mr Biden"},
        "'aliases' (biden): the alias 'Mr Biden'",
    ),
    ("time expression not in its sentence", WH, "time_expressions", "T02", {"expression": "14 years of civil war"}, "'expression' (T02)"),
    (
        "checkable claim without a verdict",
        WH,
        "claims",
        "C03",
        {"verdict": ""},
        "'verdict' (C03): the claim is checkable but has no verdict",
    ),
    (
        "verdict on a claim that is not checkable",
        WH,
        "claims",
        "C04",
        {"verdict": "supported"},
        "'verdict' (C04): the claim is not checkable",
    ),
    (
        "verdict resting on no reference",
        WH,
        "claims",
        "C03",
        {"ref_ids": ""},
        "'ref_ids' (C03): the verdict 'supported' rests on no reference",
    ),
    (
        "evidence that does not name a reference",
        WH,
        "claims",
        "C03",
        {"ref_ids": "R17;R18;R19;R13;R01"},
        "'evidence' (C03): the evidence does not name R01",
    ),
    (
        "evidence naming a reference that does not exist",
        WH,
        "claims",
        "C03",
        {"evidence": "As R99 shows (R17, R18, R19, R13)."},
        "names R99",
    ),
    ("copy without its original", WH, "references", "R30", {"original": ""}, "'original' (R30): a wire copy must name the original"),
    ("original that is the copy itself", WH, "references", "R30", {"original": "R30"}, "'original' (R30): the original 'R30' is itself"),
    (
        "in-article event without its sentence",
        WH,
        "events",
        "E05",
        {"sentence_id": ""},
        "'sentence_id' (E05): an in-article event cites the sentence",
    ),
    (
        "named source without a card",
        FIRST,
        "sources",
        "caliber",
        {"source_id": "caliber_az"},
        "'named' (caliber_az): a named source has no source card",
    ),
    (
        "copies cited together for a verdict",
        FIRST,
        "claims",
        "C01",
        {"ref_ids": "R27;R28"},
        "'ref_ids' (C01): R27 and R28 rest on one original",
    ),
]


@pytest.mark.parametrize("case,table,row_id,cells,expected", [p[1:] for p in PLANTED], ids=[p[0] for p in PLANTED])
def test_each_rule_names_the_row_of_a_planted_fault(copies, case, table, row_id, cells, expected):
    folder = _copy(copies, case)
    row = _edit(folder, table, row_id, **cells)
    problems = validate_case(folder)
    assert any(p.startswith(f"{table}.csv, row {row}, field ") and expected in p for p in problems), problems
    assert all("datapackage.json: " in p for p in problems if p.startswith(f"{table}.csv, row {row}, field '")), (
        "the column's description is shown"
    )


def test_the_independence_rule_reads_the_references_a_corroboration_reason_names(copies):
    folder = _copy(copies, FIRST)
    scores = pd.read_csv(folder / "rubric_scores.csv", dtype=str, keep_default_na=False)
    (index,) = scores.index[(scores["source_id"] == "wsj") & (scores["criterion_id"] == "corroboration")]
    scores.loc[index, "reason"] = "Two accounts confirm it (R27, R28)."
    scores.to_csv(folder / "rubric_scores.csv", index=False)
    problems = validate_case(folder)
    assert any(
        p.startswith(f"rubric_scores.csv, row {index + 2}, field 'reason' (wsj): R27 and R28 rest on one original") for p in problems
    )


def test_a_copy_whose_original_is_a_row_by_name_is_not_a_second_confirmation(copies):
    """A wire copy whose original is written as the 'Outlet: Title (date)' of another row rests on that row."""
    folder = _copy(copies, WH)
    refs = pd.read_csv(folder / "references.csv", dtype=str, keep_default_na=False).set_index("ref_id")
    _edit(folder, "references", "R30", original=f"{refs.loc['R13', 'outlet']}: {refs.loc['R13', 'title']} (2024-12-08)")
    evidence = _cell(folder, "claims", "C03", "evidence") + " A copy says so too (R30)."
    row = _edit(folder, "claims", "C03", ref_ids="R17;R18;R19;R13;R30", evidence=evidence)
    problems = validate_case(folder)
    assert any(p.startswith(f"claims.csv, row {row}, field 'ref_ids' (C03): R13 and R30 rest on one original (R13)") for p in problems), (
        problems
    )


def test_a_drafted_row_is_counted_not_checked_until_confirmed(copies):
    """A row `casekit draft` proposed waits for the instructor: its table's line counts it instead of listing its faults."""
    folder = _copy(copies, WH)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    claims = next(res for res in descriptor["resources"] if res["name"] == "claims")
    claims["schema"]["fields"].append(STATUS_FIELD)
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    df = pd.read_csv(folder / "claims.csv", dtype=str, keep_default_na=False)
    df["status"] = ["draft" if cid == "C03" else "confirmed" for cid in df["claim_id"]]
    df.to_csv(folder / "claims.csv", index=False)
    row = _edit(folder, "claims", "C03", excerpt="words the sentence does not have")

    lines = validate_case(folder)
    assert lines == ["claims.csv: 1 drafted row waits to be confirmed; 1 cell in them still to fill or fix " + DRAFT_ADVICE]
    _edit(folder, "claims", "C03", status="confirmed")
    assert any(line.startswith(f"claims.csv, row {row}, field 'excerpt' (C03): ") for line in validate_case(folder))


def test_validate_says_why_a_key_is_empty(copies, capsys):
    """An exercise whose query compares with '' selects nothing (empty cells are read as missing): validate says so, and what to write."""
    folder = _copy(copies, WH)
    checks = folder / "checks" / "06-transfer.toml"
    checks.write_text(
        checks.read_text(encoding="utf-8")
        + '\n[[exercise]]\nid = "06-unattributed"\nkind = "ids"\nreference = { table = "claims", query = "attributed_to == \'\'", column = "claim_id" }\n',
        encoding="utf-8",
    )
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "checks/06-transfer.toml, exercise 06-unattributed: the key is empty:" in out
    assert "an empty cell is read as missing" in out and "write attributed_to.isna() instead" in out
