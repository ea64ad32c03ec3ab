"""class-report: a generated class of 30 learners with known wrong answers gives the known counts and misconceptions;
bad files are skipped with one line each; names stay hidden without --names; the page loads nothing from outside."""

import json
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import casekit.records.store as store
from casekit.checks.compact import compact_answer
from casekit.cli import main
from casekit.instructor.insight import case_keys, case_misconceptions, class_report, example_answer, misconception_problems, shows, watch
from casekit.instructor.insight.collect import pseudonym
from casekit.notebook.checking import check
from casekit.quizzes.bank import load_questions
from casekit.records.store import load, record_check, record_quiz

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "assad-fall-2024"
CASE = "assad-fall-2024"
KEY_ATTRIBUTION = ["S01", "S03", "S06", "S10", "S12"]
CANDIDATES = ["S01", "S03", "S04", "S07", "S10", "S12"]  # the search's list copied unchanged: S04, S07 in, S06 out
NAMES = [f"learner{n:02d}_zed" for n in range(30)]


@pytest.fixture(autouse=True)
def _fresh_memory(monkeypatch):
    monkeypatch.setattr(store, "_memory", {})
    monkeypatch.setattr(store, "_warned", set())


def _as(monkeypatch, name: str) -> None:
    monkeypatch.setenv("CASEKIT_LEARNER", name)


def _relative(t02: str) -> pd.DataFrame:
    return pd.DataFrame({"expression_id": ["T02", "T08"], "resolves_to": [t02, "2010-12/2011-12"]})


@pytest.fixture(scope="module")
def _played_class(tmp_path_factory):
    """30 learners played through the notebook's check() and the store once per module: who gave which wrong answer is known."""
    progress = tmp_path_factory.mktemp("class") / "progress"
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("CASEKIT_PROGRESS_DIR", str(progress))
        monkeypatch.setattr(store, "_memory", {})
        _play(monkeypatch)
    return progress / CASE


@pytest.fixture
def klass(_played_class, tmp_path):
    """A copy of the played class's progress folder, for a test to add files to or take them from."""
    return Path(shutil.copytree(_played_class, tmp_path / "played" / CASE))


def _play(monkeypatch) -> None:
    for n, name in enumerate(NAMES):
        _as(monkeypatch, name)
        if n < 12:  # 12 copy the candidate list first
            check("01-attribution", CANDIDATES, DATA)
            check("01-attribution", CANDIDATES, DATA)  # a re-run: not a try
        check("01-attribution", KEY_ATTRIBUTION, DATA)
        if n < 7:  # 7 give the count, not the history
            check("04-relative", _relative("1974"), DATA)
        check("04-relative", _relative("1970/1971"), DATA)
        if n < 10:  # 10 read 'WSJ:' as authorship
            record_quiz(CASE, "01-wsj-prefix", "a", "incorrect", "Not yet.")
        record_quiz(CASE, "01-wsj-prefix", "b", "correct", "Correct.")
        if 20 <= n < 23:  # 3 mark C21 contradicted twice, then ask for the answer
            check(
                "02-verdicts",
                {"C08": "supported", "C10": "supported", "C11": "imprecise", "C17": "supported", "C20": "supported", "C21": "contradicted"},
                DATA,
            )
            check(
                "02-verdicts",
                {"C08": "supported", "C10": "imprecise", "C11": "imprecise", "C17": "supported", "C20": "supported", "C21": "contradicted"},
                DATA,
            )
            check("02-verdicts", None, DATA, reveal=True)
    _as(monkeypatch, "solo_quiet")  # one try only: never singled out
    record_quiz(CASE, "01-wsj-prefix", "a", "incorrect", "Not yet.")


def test_a_try_keeps_its_compact_answer_in_the_history(monkeypatch, progress_dir):
    check("01-attribution", CANDIDATES, DATA)
    check("01-attribution", list(reversed(CANDIDATES)), DATA)  # the same answer in another order: not a try
    check("01-attribution", "S01, S03", DATA)
    data = load(CASE)
    rec = data["checks"]["01-attribution"]
    assert data["version"] == 2 or json.loads(store.progress_file(CASE).read_text())["version"] == 2
    assert rec["attempts"] == 2
    assert [h["answer"] for h in rec["history"]] == [sorted(CANDIDATES), ["S01", "S03"]]
    assert [h["status"] for h in rec["history"]] == ["failed", "failed"]
    assert all(h["time"] and h["revealed"] is False for h in rec["history"])


def test_a_quiz_answer_keeps_the_options_chosen_in_the_history(progress_dir):
    from casekit import quiz

    q = quiz("02-apply-second-source", DATA)
    q.answer("02-apply-second-source", ["c", "a"])
    q.answer("02-apply-second-source", ["a", "b", "c"])
    rec = load(CASE)["quiz"]["02-apply-second-source"]
    assert [(h["answer"], h["status"]) for h in rec["history"]] == [(["c", "a"], "partly"), (["a", "b", "c"], "correct")]


def test_a_version_1_file_is_read_and_takes_version_2_on_its_next_write(progress_dir):
    path = store.progress_file(CASE)
    path.parent.mkdir(parents=True)
    old = {
        "version": 1,
        "case": CASE,
        "learner": "tester",
        "quiz": {},
        "checks": {"01-attribution": {"status": "failed", "attempts": 1, "time": "2026-01-01T00:00:00Z"}},
    }
    path.write_text(json.dumps(old))
    assert load(CASE)["checks"]["01-attribution"]["attempts"] == 1
    rec = record_check(CASE, "01-attribution", "passed", "Passed.", fingerprint="abc", answer=KEY_ATTRIBUTION)
    assert rec["attempts"] == 2 and rec["history"] == [{**rec["history"][0], "answer": KEY_ATTRIBUTION, "status": "passed"}]
    assert json.loads(path.read_text())["version"] == 2


def test_the_history_is_bounded_in_length_and_size(progress_dir):
    for n in range(store.MAX_HISTORY + 5):
        rec = record_check(
            CASE, "01-attribution", "failed", "Not yet.", fingerprint=f"f{n}", answer=[f"S{i:02d}" for i in range(n, n + 200)]
        )
    assert len(rec["history"]) == store.MAX_HISTORY
    assert all(len(json.dumps(h["answer"], ensure_ascii=False)) <= store.MAX_COMPACT_CHARS for h in rec["history"])
    assert rec["history"][-1]["answer"][-1] == "…"


@pytest.mark.parametrize(
    "value,exercise,expected",
    [
        (["S12", "s03 "], {"kind": "ids"}, ["S12", "s03"]),
        ("S03, S12", {"kind": "ids"}, ["S03", "S12"]),
        ({"C16": "analysis", "C01": "framing"}, {"kind": "labels"}, ["C01=framing", "C16=analysis"]),
        (pd.Series({"T03": "relative"}), {"kind": "labels"}, ["T03=relative"]),
        (24.4, {"kind": "number"}, 24.4),
        (..., {"kind": "ids"}, None),
        (
            _relative("1974"),
            {"kind": "table", "reference": {"key": "expression_id", "columns": ["resolves_to"]}},
            ["T02: resolves_to=1974", "T08: resolves_to=2010-12/2011-12"],
        ),
    ],
)
def test_compact_answer_keeps_what_the_learner_gave_in_a_small_form(value, exercise, expected):
    assert compact_answer(value, exercise) == expected


def test_the_generated_class_gives_the_known_counts(klass, tmp_path):
    report = class_report([klass], tmp_path / "class.html", case=DATA)
    items = report.figures.items
    attribution = items["01-attribution"]
    assert (attribution.tried, attribution.passed, attribution.first_try) == (30, 30, 18)
    assert sorted(attribution.tries_to_pass) == [1] * 18 + [2] * 12
    assert attribution.wrong_answers[json.dumps(sorted(CANDIDATES))] == 12
    assert attribution.wrong_items["+S04"] == attribution.wrong_items["+S07"] == attribution.wrong_items["-S06"] == 12
    assert (items["04-relative"].first_try, items["01-wsj-prefix"].first_try) == (23, 20)
    assert items["01-wsj-prefix"].tried == 31
    verdicts = items["02-verdicts"]
    assert (verdicts.tried, verdicts.revealed, verdicts.passed) == (3, 3, 0)
    assert report.learners == 31 and report.skipped == []


def test_the_generated_class_shows_the_named_misconceptions_ranked(klass, tmp_path):
    report = class_report([klass], tmp_path / "class.html", case=DATA)
    ranked = sorted(((len(report.figures.shown(m)), m.id) for m in report.figures.misconceptions), reverse=True)
    assert ranked[:4] == [(12, "cue-as-attribution"), (11, "prefix-as-authorship"), (7, "count-for-start"), (3, "not-found-as-false")]
    assert all(n == 0 for n, _ in ranked[4:])
    html = report.html.read_text(encoding="utf-8")
    opening = html[html.index('id="open"') : html.index('id="stumbled"')]
    assert opening.index("cue-as-attribution") < opening.index("prefix-as-authorship") < opening.index("count-for-start")
    assert "12 (40%)</span> of the 30 learners who tried <code>01-attribution</code>" in opening
    assert "a cue word proposes a candidate, it does not decide".lower() in opening.lower()
    table = pd.read_csv(report.csv)
    row = table.set_index("item").loc["01-attribution"]
    assert (row["tried"], row["first_try"], row["misconceptions"]) == (30, 18, "cue-as-attribution (12)")


def test_no_learner_name_appears_without_names(klass, tmp_path):
    report = class_report([klass], tmp_path / "class.html", case=DATA)
    text = report.html.read_text(encoding="utf-8") + report.csv.read_text(encoding="utf-8")
    assert not any(name in text for name in [*NAMES, "solo_quiet", "zed"])
    assert pseudonym(NAMES[0]) in text
    named = class_report([klass], tmp_path / "named.html", case=DATA, names=True).html.read_text(encoding="utf-8")
    assert NAMES[0] in named


def test_a_learner_with_fewer_tries_than_min_tries_is_not_singled_out(klass, tmp_path):
    html = class_report([klass], tmp_path / "class.html", case=DATA, names=True).html.read_text(encoding="utf-8")
    assert "solo_quiet" not in html
    assert "solo_quiet" in class_report([klass], tmp_path / "all.html", case=DATA, names=True, min_tries=1).html.read_text(encoding="utf-8")


def test_the_page_loads_nothing_from_outside(klass, tmp_path):
    html = class_report([klass], tmp_path / "class.html", case=DATA).html.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html.lower() and "@import" not in html
    assert html.count("<svg") == 2 and "<figcaption" in html


def _bad_files(folder: Path, good: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "corrupt.json").write_text("{not json")
    (folder / "huge.json").write_text(
        '{"version": 2, "case": "assad-fall-2024", "quiz": {}, "checks": {}, "pad": "' + "x" * 2_100_000 + '"}'
    )
    (folder / "foreign.json").write_text('{"name": "a package.json, not progress"}')
    (folder / "other-case.json").write_text(json.dumps({"version": 2, "case": "another-case", "learner": "x", "quiz": {}, "checks": {}}))
    (folder / "future.json").write_text(json.dumps({"version": 99, "case": CASE, "learner": "y", "quiz": {}, "checks": {}}))
    os.symlink(good, folder / "link.json")
    return {
        "corrupt.json": "not a readable progress file",
        "huge.json": "too large",
        "foreign.json": "not a casekit progress file",
        "other-case.json": "of case 'another-case'",
        "future.json": "version 99",
        "link.json": "symbolic link",
    }


def test_bad_files_are_skipped_with_one_line_each_and_the_page_is_still_written(klass, tmp_path):
    expected = _bad_files(klass / "bad", klass / f"{NAMES[0]}.json")
    report = class_report([klass, tmp_path / "missing-folder"], tmp_path / "class.html", case=DATA)
    assert report.learners == 31 and report.html.is_file()
    for name, words in expected.items():
        lines = [s for s in report.skipped if f"/{name}:" in s]
        assert len(lines) == 1 and words in lines[0], (name, report.skipped)
    assert any("missing-folder: no such file or folder" in s for s in report.skipped)
    assert "skipped; the terminal lists them" in report.html.read_text(encoding="utf-8")


def test_the_cli_writes_the_page_and_csv_and_prints_skipped_files(klass, tmp_path, capsys):
    _bad_files(klass / "bad", klass / f"{NAMES[0]}.json")
    grades = tmp_path / "grades.csv"
    grades.write_text("learner,notebook,exercise,status,message,points,possible\nx,01.ipynb,01-attribution,passed,,1,1\n")
    out = tmp_path / "report" / "class.html"
    assert main(["class-report", str(klass), str(grades), "--out", str(out), "--case", str(DATA)]) == 0
    printed = capsys.readouterr()
    assert out.is_file() and out.with_suffix(".csv").is_file()
    assert printed.err.count("Skipped:") == 6 and "31 learners" in printed.out
    assert "1 of 1" in out.read_text(encoding="utf-8")  # the graded column


def test_a_glob_of_home_folders_is_read(klass, tmp_path):
    homes = tmp_path / "home"
    for name in NAMES[:3]:
        target = homes / name / ".local/share/casekit/progress" / CASE
        target.mkdir(parents=True)
        shutil.copy(klass / f"{name}.json", target / f"{name}.json")
    report = class_report([str(homes / "*" / ".local/share/casekit/progress" / CASE / "*.json")], tmp_path / "c.html", case=DATA)
    assert report.learners == 3 and report.figures.items["01-attribution"].tried == 3


def test_watch_rebuilds_the_page_when_a_file_arrives(klass, tmp_path):
    spare = tmp_path / "spare.json"
    shutil.move(klass / f"{NAMES[0]}.json", spare)
    seen = []

    def arrived(report):
        seen.append(report.learners)
        if len(seen) == 1:
            shutil.move(spare, klass / f"{NAMES[0]}.json")

    watch([klass], tmp_path / "class.html", every=0, rounds=3, on_build=arrived, case=DATA)
    assert seen == [30, 31]  # the third look found nothing new
    assert re.search(r'<meta http-equiv="refresh" content="\d+">', (tmp_path / "class.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", ["assad-fall-2024", "white-house-2024-12-08"])
def test_the_cases_misconceptions_are_valid_fit_some_answer_and_none_fits_the_key(case):
    folder = ROOT / "data" / case
    assert misconception_problems(folder) == []
    named = case_misconceptions(folder)
    keys = case_keys(folder)
    questions = load_questions(folder)
    assert named
    for item, ms in named.items():
        key = keys.get(item)
        if key is None and item in questions:
            key = questions[item].answer
        assert key is not None, item
        for m in ms:
            assert not shows(m, key), (item, m.id)
            assert shows(m, example_answer(m, key)), (item, m.id)
            assert re.search(r"\b[A-Z]\d{2}\b", m.note), (item, m.id)  # the note cites the case's own ids


def _with_entry(tmp_path, entry: str) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(DATA, folder)
    path = folder / "checks" / "01-reading-the-article.toml"
    path.write_text(path.read_text(encoding="utf-8") + entry, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "entry,expected",
    [
        ('\n[[exercise.misconception]]\nid = "x-y"\nlabel = { C16 = "analysis" }\n', "needs a note"),
        ('\n[[exercise.misconception]]\nid = "x-y"\noption = "a"\nnote = "a note of several words here"\n', "unknown field(s) option"),
        (
            '\n[[exercise.misconception]]\nid = "Bad Id"\nlabel = { C16 = "analysis" }\nnote = "a note of several words"\n',
            "must be a short slug",
        ),
        ('\n[[exercise.misconception]]\nid = "x-y"\nnote = "a note of several words here"\n', "needs a pattern"),
    ],
)
def test_a_misconception_without_its_parts_is_reported(tmp_path, entry, expected):
    problems = misconception_problems(_with_entry(tmp_path, entry))
    assert len(problems) == 1 and expected in problems[0] and "01-claim-kinds" in problems[0]


def test_odd_records_and_items_of_no_exercise_are_left_out_without_stopping_the_report(klass, tmp_path):
    odd = {
        "version": 2,
        "case": CASE,
        "learner": "odd",
        "quiz": {"01-wsj-prefix": {"history": [{"answer": {"a": [1, {"b": 2}]}, "status": "incorrect"}, "junk"], "attempts": "7"}},
        "checks": {"01-attribution": {"history": "nope", "attempts": -3, "status": ["x"]}},
    }
    made_up = {"version": 2, "case": CASE, "learner": "<b>made</b>", "checks": {"99-made-up": {"attempts": 2, "status": "passed"}}}
    (klass / "odd.json").write_text(json.dumps(odd))
    (klass / "made-up.json").write_text(json.dumps(made_up))
    report = class_report([klass], tmp_path / "class.html", case=DATA, names=True, min_tries=0)
    assert any("odd.json: not a readable progress" in s for s in report.skipped), report.skipped  # a record of the wrong shape: the file
    assert "99-made-up" not in report.figures.items
    assert any("no exercise or question of this case" in s for s in report.skipped)
    assert report.figures.items["01-wsj-prefix"].tried == 31
    html = report.html.read_text(encoding="utf-8")
    assert "<b>made</b>" not in html and "&lt;b&gt;made&lt;/b&gt;" in html


def test_a_folder_under_a_hidden_folder_is_read(klass, tmp_path):
    hidden = tmp_path / ".local" / "share" / "class"
    shutil.copytree(klass, hidden)
    (hidden / ".ipynb_checkpoints").mkdir()
    (hidden / ".ipynb_checkpoints" / "copy.json").write_text("{not json")
    report = class_report([hidden], tmp_path / "class.html", case=DATA)
    assert report.learners == 31 and report.skipped == []


def test_class_report_is_documented_for_instructors_and_in_the_readme():
    assert "class-report" in (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "INSTRUCTORS.md").read_text(encoding="utf-8")
    assert "python -m casekit class-report" in guide and "docs/img/class-report.png" in guide
    assert (ROOT / "docs" / "img" / "class-report.png").is_file()


def test_handed_in_files_with_a_generic_name_inside_are_told_apart_by_their_folder(klass, tmp_path):
    handed = tmp_path / "handed-in"
    for name in NAMES[:4]:
        data = json.loads((klass / f"{name}.json").read_text())
        (handed / name).mkdir(parents=True)
        (handed / name / "progress.json").write_text(json.dumps({**data, "learner": "student"}))
    report = class_report([handed], tmp_path / "class.html", case=DATA, names=True)
    assert report.learners == 4 and set(report.figures.learners) == set(NAMES[:4])
