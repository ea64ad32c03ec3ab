"""Grading submitted notebooks: ``casekit.instructor.grading`` and ``python -m casekit grade``.

The tests grade against a tiny case folder of their own (three sentences, two
exercises), so they prove that the grader knows no case and do not move when
the kit's own exercises change. One module-scoped run per sandbox mode
(bwrap where it works, and none) grades a class of honest, broken and hostile
submissions; the tests then read its rows.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import casekit
from casekit.cli import main
from casekit.errors import GradeError
from casekit.instructor import grading as G
from casekit.instructor.grading.intake.scan import check_calls
from casekit.instructor.grading.run.transport import KERNEL_DUMP, decode_value

CASEKIT_DIR = Path(casekit.__file__).resolve().parent
TIMEOUT = 12  # seconds per notebook: the endless loop waits this long once

ARTICLE = "A headline?\nFirst claim here. Analyst Smith said so.\nBy A. Writer"
SENTENCES = [
    ("S01", 1, "headline", "A headline?"),
    ("S02", 2, "body", "First claim here."),
    ("S03", 2, "body", "Analyst Smith said so."),
    ("S04", 3, "byline", "By A. Writer"),
]
CHECKS = """
[[exercise]]
id = "00-ids"
kind = "ids"
description = "The sentence that quotes the analyst."
noun = "sentence"
values = ["S03"]

[[exercise]]
id = "00-count"
kind = "number"
description = "How many sentences."
value = 4
unit = "sentences"
"""


def make_kit(root: Path) -> Path:
    """A kit with a minimal, valid case folder and one lesson, 00-start-here."""
    data = root / "data"
    data.mkdir(parents=True)
    (data / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (data / "case.toml").write_text('[case]\nid = "tiny"\ntitle = "A tiny case"\n\n[article]\nfile = "article.txt"\n', encoding="utf-8")
    pd.DataFrame(SENTENCES, columns=["sentence_id", "paragraph", "part", "text"]).to_csv(data / "sentences.csv", index=False)
    fields = [
        {"name": "sentence_id", "type": "string"},
        {"name": "paragraph", "type": "integer"},
        {"name": "part", "type": "string"},
        {"name": "text", "type": "string"},
    ]
    package = {
        "name": "tiny-case",
        "resources": [
            {
                "name": "sentences",
                "path": "sentences.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": "sentence_id"},
            }
        ],
    }
    (data / "datapackage.json").write_text(json.dumps(package, indent=1), encoding="utf-8")
    (data / "checks.toml").write_text(CHECKS, encoding="utf-8")
    (root / "lessons").mkdir()
    nbformat.write(
        notebook("ids = ...\ncheck('00-ids', ids)", "count = ...\ncheck('00-count', count)"), root / "lessons" / "00-start-here.ipynb"
    )
    return root


SETUP = "from casekit import load_case, check\ncase = load_case()"


def notebook(*cells: str, setup: bool = True) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# 00 · Start here")]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in ((SETUP,) if setup else ()) + cells]
    return nb


RIGHT = ("ids = ['S03']\ncheck('00-ids', ids)", "count = 4\ncheck('00-count', count)")

HOSTILE_FILES = """
import os, shutil, pathlib, casekit
shutil.rmtree('../data', ignore_errors=True)
pathlib.Path(casekit.__file__).parent.joinpath('_tampered.py').write_text('x = 1')
for start in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents][:4] + [pathlib.Path(os.environ.get(k, '/nonexistent')) for k in ('PWD', 'OLDPWD')]:
    for nb in list(start.glob('*.ipynb')) + list(start.glob('*/*.ipynb')):
        try:
            nb.write_text('overwritten')
        except OSError:
            pass
    try:
        (start / 'hacked.txt').write_text('hacked')
    except OSError:
        pass
"""

TAMPER_CHECK = """
import casekit.checks
from casekit.checks import CheckResult
casekit.checks.run_check = lambda *a, **k: CheckResult('passed', 'Passed: all good.')
def check(*args, **kwargs):
    print('Passed: your answer is right.')
    return 'passed'
"""

CLASS = {
    "alice-00-start-here.ipynb": notebook(*RIGHT),
    "bob/00-start-here.ipynb": notebook("ids = ['S02', 'S03', 'S04']\ncheck('00-ids', ids)", "count = 3\ncheck('00-count', count)"),
    "carol-00-start-here.ipynb": notebook("ids = ...\ncheck('00-ids', ids)", "count = ...\ncheck('00-count', count)"),
    # Endless, but asleep: the wall-clock limit stops it (a loop that burns CPU meets --cpu: test_grade_sandbox).
    "dan-00-start-here.ipynb": notebook(RIGHT[0], "import time\nwhile True:\n    time.sleep(0.2)", RIGHT[1]),
    "erin-00-start-here.ipynb": notebook("1 / 0", *RIGHT),
    "frank-00-start-here.ipynb": notebook(TAMPER_CHECK, "ids = ['S01']\ncheck('00-ids', ids)", "count = 99\ncheck('00-count', count)"),
    "gina-00-start-here.ipynb": notebook(HOSTILE_FILES, *RIGHT),
    "ivan-00-start-here.ipynb": '{"cells": [{"cell_type": "code", "source": "x = 1"',
    "jack-00-start-here.ipynb": notebook("class Mine:\n    pass\nids = Mine()\ncheck('00-ids', ids)", RIGHT[1]),
    "kate-00-start-here.ipynb": notebook(RIGHT[0]),
    "leo-00-start-here.ipynb": notebook(RIGHT[0], "import os\nos._exit(1)", RIGHT[1]),
    "mia.ipynb": notebook(
        "%time ids = ['S03']\ncheck('00-ids', ids)", "import pandas as pd\ncount = pd.Series([4]).iloc[0]\ncheck('00-count', count)"
    ),
    "hana.ipynb": "Dear teacher, here is my homework.",
}


def write_class(folder: Path, items: dict) -> Path:
    for name, content in items.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            nbformat.write(content, path)
    return folder


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class graded once, in the sandbox this machine gives (``auto``: bubblewrap where it runs).

    The hostile set, and a check that every learner is reported, run in both modes: test_grade_sandbox.py.
    """
    base = tmp_path_factory.mktemp("grading")
    kit = make_kit(base / "kit")
    subs = write_class(base / "submissions", CLASS)
    before = {"subs": tree_digest(subs), "data": tree_digest(kit / "data")}
    out = base / "out" / "grades.csv"
    options = G.GradeOptions(timeout=TIMEOUT, jobs=4, report=base / "out" / "report.html", root=kit, progress=False, say=lambda _: None)
    run = G.grade_class([subs], out, options)
    after = {"subs": tree_digest(subs), "data": tree_digest(kit / "data")}
    return {
        "table": run.table,
        "run": run,
        "out": out,
        "report": base / "out" / "report.html",
        "before": before,
        "after": after,
        "kit": kit,
        "subs": subs,
    }


def row(table: pd.DataFrame, learner: str, exercise: str) -> pd.Series:
    rows = table[(table["learner"] == learner) & (table["exercise"] == exercise)]
    assert len(rows) == 1, f"expected one row for {learner}/{exercise}, got {len(rows)}:\n{table}"
    return rows.iloc[0]


def hardest_first(table: pd.DataFrame) -> list[str]:
    """The exercises ordered by share passed, lowest first (as the report and summary must show them)."""
    per = table[table["exercise"] != ""]
    rates = per.assign(ok=per["status"] == "passed").groupby("exercise")["ok"].mean().sort_values()
    assert rates.iloc[0] < rates.iloc[-1], "the class must make one exercise harder than the other"
    return list(rates.index)


# ---------------------------------------------------------------- the class run


def test_grade_writes_csv_with_the_documented_columns(graded):
    written = pd.read_csv(graded["out"], dtype=str, keep_default_na=False)
    assert list(written.columns) == ["learner", "notebook", "exercise", "status", "message", "points", "possible"]
    assert set(written["status"]) <= set(G.STATUSES)
    pd.testing.assert_frame_equal(written, graded["table"])


@pytest.mark.parametrize(
    "learner,exercise,status,fragment",
    [
        ("alice", "00-ids", "passed", "match the reference"),
        ("alice", "00-count", "passed", "4 sentences matches"),
        ("bob", "00-ids", "failed", "not in the reference: S02, S04"),
        ("bob", "00-count", "failed", "too low"),
        ("carol", "00-ids", "not-started", "replace ..."),
        ("dan", "00-ids", "passed", f"cell 4 ran past the {TIMEOUT} s limit"),
        ("dan", "00-count", "timeout", "cell 4 was still running"),
        ("erin", "00-ids", "passed", "cell 3 of 5 raised ZeroDivisionError: division by zero"),
        ("erin", "00-count", "passed", "the other cells ran"),
        ("frank", "00-ids", "failed", "not in the reference: S01"),
        ("frank", "00-count", "failed", "too high"),
        ("gina", "00-ids", "passed", "match the reference"),
        ("ivan", "00-ids", "invalid", "ivan-00-start-here.ipynb is damaged: its JSON breaks at line 1"),
        ("ivan", "00-count", "invalid", "re-save it from JupyterLab"),
        ("jack", "00-ids", "error", "the value of ids is a __main__.Mine, which the grader cannot read"),
        ("jack", "00-count", "passed", "matches"),
        ("kate", "00-count", "not-started", 'No check("00-count", ...) cell in the notebook'),
        ("leo", "00-ids", "passed", "the kernel stopped at cell 4"),
        ("leo", "00-count", "error", "The kernel stopped at cell 4"),
        ("mia", "00-ids", "passed", "match the reference"),
        ("mia", "00-count", "passed", "matches"),
    ],
)
def test_grade_gives_each_submission_its_status_and_message(graded, learner, exercise, status, fragment):
    got = row(graded["table"], learner, exercise)
    assert (got["status"], fragment in got["message"]) == (status, True), got["message"]


def test_the_run_gives_its_figures_beside_the_table(graded):
    """What the benchmark reads: every notebook counted, the sandbox it ran in, the largest notebook's memory, the CPU time."""
    run = graded["run"]
    assert run.notebooks == len(CLASS)
    assert run.sandbox in G.MODES and run.sandbox != "auto"
    assert run.peak_memory > 10 * 2**20 and run.cpu > 0
    assert run.table.attrs == {}


def test_learner_comes_from_the_folder_when_the_file_is_named_after_the_lesson(graded):
    assert set(graded["table"].query("learner == 'bob'")["notebook"]) == {"00-start-here"}


def test_lesson_is_inferred_from_check_ids_when_the_name_does_not_say(graded):
    assert set(graded["table"].query("learner == 'mia'")["notebook"]) == {"00-start-here"}


def test_not_a_notebook_is_invalid_with_a_plain_message(graded):
    got = row(graded["table"], "hana", "")
    assert got["status"] == "invalid"
    assert got["message"] == "hana.ipynb is not a notebook (not JSON); ask the learner to re-save it from JupyterLab."


def test_redefined_check_and_patched_casekit_do_not_change_the_grade(graded):
    frank = graded["table"].query("learner == 'frank'")
    assert list(frank["status"]) == ["failed", "failed"]


def test_grading_leaves_submissions_data_and_casekit_unchanged(graded):
    assert graded["after"]["subs"] == graded["before"]["subs"]
    assert graded["after"]["data"] == graded["before"]["data"]
    # the hostile notebook wrote into the casekit it imported: the kernel's copy, not the grader's package
    assert not (CASEKIT_DIR / "_tampered.py").exists()
    assert not (graded["subs"] / "hacked.txt").exists()


def test_report_is_one_offline_html_file_naming_the_hardest_exercise(graded):
    html = graded["report"].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    for remote in ("<script", 'src="http', 'href="http', "@import", "url("):
        assert remote not in html
    assert "Which exercises were hardest" in html
    start = html.index("Which exercises were hardest")
    harder, easier = hardest_first(graded["table"])
    assert html.index(harder, start) < html.index(easier, start)
    assert "hana.ipynb is not a notebook" in html


def test_summary_counts_every_status_and_ranks_exercises(graded):
    text = G.summary(graded["table"])
    counts = graded["table"]["status"].value_counts()
    assert f"passed {counts['passed']}" in text
    assert "Pass rate by exercise (hardest first):" in text
    harder, easier = hardest_first(graded["table"])
    assert text.index(f"  {harder} ") < text.index(f"  {easier} ")


# ---------------------------------------------------------------- shards


@pytest.mark.integration
def test_shards_together_equal_one_full_run(tmp_path):
    kit = make_kit(tmp_path / "kit")
    items = {f"{name}-00-start-here.ipynb": "not json" for name in ("ann", "ben", "cat", "dov", "eli", "fox", "gus")}
    items |= {"hal-00-start-here.ipynb": notebook(*RIGHT), "ida/00-start-here.ipynb": notebook(RIGHT[1])}
    subs = write_class(tmp_path / "subs", items)
    full = G.grade([subs], tmp_path / "full.csv", timeout=TIMEOUT, jobs=2, root=kit, progress=False)
    parts = []
    for i in (1, 2, 3):
        assert (
            main(
                [
                    "grade",
                    str(subs),
                    "--out",
                    str(tmp_path / f"shard{i}.csv"),
                    "--shard",
                    f"{i}/3",
                    "--root",
                    str(kit),
                    "--jobs",
                    "2",
                    "--timeout",
                    str(TIMEOUT),
                    "--quiet",
                ]
            )
            == 0
        )
        parts.append(pd.read_csv(tmp_path / f"shard{i}.csv", dtype=str, keep_default_na=False))
    learners = [set(p["learner"]) for p in parts]
    assert all(a.isdisjoint(b) for a, b in [(learners[0], learners[1]), (learners[0], learners[2]), (learners[1], learners[2])])
    joined = pd.concat(parts).sort_values(G.COLUMNS).reset_index(drop=True)
    pd.testing.assert_frame_equal(joined, full.sort_values(G.COLUMNS).reset_index(drop=True))


def test_shard_rule_is_stable_and_covers_every_learner():
    learners = [f"learner{i}" for i in range(200)]
    for n in (1, 2, 5):
        owners = [[i for i in range(1, n + 1) if G.in_shard(name, (i, n))] for name in learners]
        assert all(len(o) == 1 for o in owners)
    assert G.in_shard("alice", (int(hashlib.sha256(b"alice").hexdigest(), 16) % 4 + 1, 4))


@pytest.mark.parametrize(
    "text,expected_msg",
    [
        ("2", "--shard must look like 2/4 (this run grades shard 2 of 4); received '2'."),
        ("0/3", "--shard 0/3: the shard must be between 1 and 3."),
        ("4/3", "--shard 4/3: the shard must be between 1 and 3."),
        ("a/b", "--shard must look like 2/4"),
    ],
)
def test_bad_shard_gets_one_plain_sentence(text, expected_msg):
    with pytest.raises(GradeError) as exc:
        G.parse_shard(text)
    assert str(exc.value).startswith(expected_msg)


# ---------------------------------------------------------------- names, calls, values (no kernel)


@pytest.mark.parametrize(
    "path,learner,lesson",
    [
        ("class/alice-02-source-evaluation.ipynb", "alice", "02-source-evaluation"),
        ("class/alice_00-start-here.ipynb", "alice", "00-start-here"),
        ("class/bob/02-source-evaluation.ipynb", "bob", "02-source-evaluation"),
        ("class/bob/00-start-here-Copy1.ipynb", "bob", "00-start-here"),
        ("class/carol.ipynb", "carol", None),
        ("class/dan-03-actor-mapping.ipynb", "dan-03-actor-mapping", None),
    ],
)
def test_learner_and_lesson_are_read_from_the_file_name(tmp_path, path, learner, lesson):
    target = tmp_path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("{}")
    (sub,) = G.find_submissions([target], ["00-start-here", "02-source-evaluation"])
    assert (sub.learner, sub.lesson) == (learner, lesson)


def test_folders_are_searched_without_hidden_folders_or_checkpoints(tmp_path):
    for name in ("alice/00-start-here.ipynb", "alice/.ipynb_checkpoints/00-start-here-checkpoint.ipynb", "bob.ipynb", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    subs = G.find_submissions([tmp_path], ["00-start-here"])
    assert [(s.learner, s.notebook) for s in subs] == [("alice", "00-start-here"), ("bob", "bob.ipynb")]


def test_check_calls_are_found_with_their_value_expressions():
    nb = notebook(
        "x = 1\ncheck('00-a', x)",
        'import casekit\ncasekit.check("00-b", df.head(3))',
        "%time check('00-c', y)",
        "check(value=z, exercise_id='00-d')",
        "def f(:\n  check('00-e', w)",
        setup=False,
    )
    assert [(c.exercise, c.cell, c.expression) for c in check_calls(nb)] == [
        ("00-a", 1, "x"),
        ("00-b", 2, "df.head(3)"),
        ("00-c", 3, "y"),
        ("00-d", 4, "z"),
        ("00-e", 5, "w"),
    ]


def test_values_travel_from_kernel_to_grader_as_plain_data(tmp_path):
    """The extraction code (run here instead of in a kernel) and the decoder give back equal values."""
    import numpy as np

    values = {
        "ids": ["S03", "S12"],
        "set": {"a", "b"},
        "tuple": ("x", 1),
        "none": None,
        "todo": ...,
        "big": 2**70,
        "nan": float("nan"),
        "npint": np.int64(7),
        "mapping": {"C01": "fact", 2: "x"},
        "frame": pd.DataFrame({"event_id": ["E1", "E2"], "n": [1, 2], "when": ["2024-12-08", None]}).set_index("event_id"),
        "series": pd.Series(["a", "b"], index=["C1", "C2"], name="kind"),
    }
    namespace = dict(values)
    path = tmp_path / "values.json"
    code = KERNEL_DUMP.replace("__PATH__", repr(str(path))).replace("__EXPRS__", repr({k: k for k in values}))
    exec(compile(code, "<grader>", "exec"), namespace)
    got = {k: decode_value(v["value"]) for k, v in json.loads(path.read_text()).items()}
    assert got["ids"] == ["S03", "S12"] and got["set"] == {"a", "b"} and got["tuple"] == ("x", 1)
    assert got["none"] is None and got["todo"] is Ellipsis and got["big"] == 2**70 and got["npint"] == 7
    assert got["nan"] != got["nan"] and got["mapping"] == {"C01": "fact", 2: "x"}
    pd.testing.assert_frame_equal(got["frame"], values["frame"], check_dtype=False)
    pd.testing.assert_series_equal(got["series"], values["series"], check_dtype=False)


# ---------------------------------------------------------------- the command line


@pytest.mark.integration
def test_cli_grade_prints_summary_and_writes_csv_and_report(tmp_path, capsys):
    kit = make_kit(tmp_path / "kit")
    subs = write_class(tmp_path / "subs", {"hana.ipynb": "hello", "ivan-00-start-here.ipynb": "{"})
    code = main(["grade", str(subs), "--out", str(tmp_path / "g.csv"), "--root", str(kit), "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Graded 2 notebooks of 2 learners" in out and "invalid 3" in out
    assert (tmp_path / "g.csv").is_file() and (tmp_path / "g.html").is_file()


@pytest.mark.parametrize(
    "args,expected_msg",
    [
        (["missing-folder"], "Error: missing-folder: no such file or folder; give notebooks or folders of notebooks."),
        (["EMPTY"], "Error: no notebooks (*.ipynb) found in"),
        (["EMPTY", "--lesson", "09-nothing"], "Error: --lesson '09-nothing' is not a lesson of this kit; the lessons are: 00-start-here."),
        (["EMPTY", "--shard", "5/2"], "Error: --shard 5/2: the shard must be between 1 and 2."),
    ],
)
def test_cli_grade_errors_are_one_line_without_traceback(tmp_path, capsys, monkeypatch, args, expected_msg):
    kit = make_kit(tmp_path / "kit")
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    args = [str(tmp_path / "empty") if a == "EMPTY" else a for a in args]
    assert main(["grade", *args, "--root", str(kit), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(expected_msg)
    assert "Traceback" not in err


def test_cli_progress_all_summarises_a_folder_of_progress_files(tmp_path, capsys, monkeypatch):
    from casekit.records import store

    collected = tmp_path / "collected"
    for learner, status in (("alice", "passed"), ("bob", "failed")):
        monkeypatch.setenv("CASEKIT_PROGRESS_DIR", str(collected / learner))
        store.record_check("tiny", "00-ids", status, "message", learner=learner)
    assert main(["progress", "--all", str(collected)]) == 0
    out = capsys.readouterr().out
    assert "alice" in out and "bob" in out and "00" in out
