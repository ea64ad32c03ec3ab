"""casekit.progress: one JSON file per case per learner, written safely."""

import json
import os
import threading
import warnings
from pathlib import Path

import pytest

import casekit.records.store as progress_module
from casekit import progress
from casekit.notebook.progress_table import report
from casekit.records.store import (
    learner_name,
    load,
    progress_dir,
    progress_file,
    quiz_record,
    record_check,
    record_quiz,
    record_reveal,
    try_number,
)
from casekit.records.summary import QuizScore, quiz_scores, summarise_dir

DATA = Path(__file__).resolve().parents[1] / "data" / "assad-fall-2024"


@pytest.fixture(autouse=True)
def _fresh_memory(monkeypatch):
    monkeypatch.setattr(progress_module, "_memory", {})
    monkeypatch.setattr(progress_module, "_warned", set())


# ---------------------------------------------------------------- where


@pytest.mark.parametrize(
    "env,expected",
    [
        ({"CASEKIT_PROGRESS_DIR": "/srv/p"}, Path("/srv/p")),
        ({"XDG_DATA_HOME": "/home/x/data"}, Path("/home/x/data/casekit/progress")),
        ({"HOME": "/home/y"}, Path("/home/y/.local/share/casekit/progress")),
    ],
)
def test_progress_dir_follows_the_environment(monkeypatch, env, expected):
    for name in ("CASEKIT_PROGRESS_DIR", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert progress_dir() == expected


@pytest.mark.parametrize(
    "name,expected",
    [("ada", "ada"), ("Ada Lovelace", "Ada_Lovelace"), ("../../etc/passwd", "etc_passwd"), ("", "tester"), ("ü/..", "learner")],
)
def test_learner_name_is_a_safe_file_name(name, expected):
    assert learner_name(name or None) == expected


def test_the_file_is_per_case_and_learner(progress_dir):
    assert progress_file("case-a", "ada") == progress_dir / "case-a" / "ada.json"


# ---------------------------------------------------------------- writing


def test_records_are_saved_as_documented(progress_dir):
    record_quiz("case-a", "00-q", "b", "correct", "Correct. Yes.")
    record_check("case-a", "00-x", "failed", "Not yet: 1 of 2.")
    data = json.loads((progress_dir / "case-a" / "tester.json").read_text())
    assert set(data) == {"version", "case", "learner", "quiz", "checks"}
    assert data["quiz"]["00-q"]["answer"] == "b" and data["quiz"]["00-q"]["attempts"] == 1
    assert data["checks"]["00-x"]["status"] == "failed"
    assert data["quiz"]["00-q"]["time"].endswith("Z")


def test_write_is_atomic_and_leaves_no_temporary_files(progress_dir, monkeypatch):
    record_quiz("case-a", "00-q", "a", "incorrect", "Not yet.")
    path = progress_dir / "case-a" / "tester.json"
    before = path.read_text()

    def crash(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(progress_module.os, "replace", crash)
    with pytest.warns(UserWarning, match="cannot save your progress"):
        record_quiz("case-a", "00-q", "b", "correct", "Correct.")
    assert path.read_text() == before  # the old file is intact
    assert sorted(p.name for p in path.parent.iterdir()) == ["tester.json", "tester.json.lock"]


def test_a_quiz_answer_with_a_fingerprint_tried_before_is_not_another_try(progress_dir):
    assert try_number("case-a", "quiz", "00-q", "f1") == 1
    record_quiz("case-a", "00-q", "a", "incorrect", "Not yet. A is mixed.", fingerprint="f1")
    assert try_number("case-a", "quiz", "00-q", "f1") == 1 and try_number("case-a", "quiz", "00-q", "f2") == 2
    record_reveal("case-a", "quiz", "00-q")
    record_quiz("case-a", "00-q", "a", "incorrect", "Not yet. A is mixed.", fingerprint="f1")
    rec = quiz_record("case-a", "00-q")
    assert rec["attempts"] == 1 and rec["tried"] == ["f1"] and rec["revealed"] is True and "fingerprint" not in rec
    record_quiz("case-a", "00-q", "b", "correct", "Correct.", fingerprint="f2")
    assert quiz_record("case-a", "00-q")["attempts"] == 2 and quiz_record("case-a", "00-q")["tried"] == ["f1", "f2"]


def test_attempts_count_up(progress_dir):
    for answer in ("a", "b", "c"):
        record_quiz("case-a", "00-q", answer, "incorrect", "Not yet.")
    assert quiz_record("case-a", "00-q")["attempts"] == 3
    assert quiz_record("case-a", "00-q")["answer"] == "c"


def test_huge_answers_are_stored_shortened(progress_dir):
    record_quiz("case-a", "00-q", "x" * 1_000_000, "incorrect", "Not yet.")
    assert (progress_dir / "case-a" / "tester.json").stat().st_size < 10_000


def test_two_writers_interleaved_lose_no_records(progress_dir):
    def writer(tag):
        for i in range(25):
            record_quiz("case-a", f"00-{tag}-{i}", i, "correct", "Correct.")
            record_check("case-a", f"01-{tag}-{i}", "passed", "Passed.")

    threads = [threading.Thread(target=writer, args=(tag,)) for tag in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    data = load("case-a")
    assert len(data["quiz"]) == 50 and len(data["checks"]) == 50


def test_a_second_kernel_writing_in_between_is_merged(progress_dir):
    record_quiz("case-a", "00-one", "a", "correct", "Correct.")
    path = progress_dir / "case-a" / "tester.json"
    other = json.loads(path.read_text())
    other["quiz"]["00-other"] = {"answer": "z", "status": "incorrect", "message": "x", "time": "2024-01-01T00:00:00Z", "attempts": 1}
    path.write_text(json.dumps(other))  # as another kernel would
    record_quiz("case-a", "00-two", "b", "correct", "Correct.")
    assert set(load("case-a")["quiz"]) == {"00-one", "00-other", "00-two"}


@pytest.mark.parametrize("content", ["{not json", "", "[1, 2]", '{"quiz": []}', "\xff\xfe"])
def test_a_corrupt_file_is_set_aside_with_a_warning(progress_dir, content):
    path = progress_dir / "case-a" / "tester.json"
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="latin-1")
    with pytest.warns(UserWarning, match=r"could not be read, so it was moved to tester\.corrupt-.*\.json and a fresh one was started\."):
        record_quiz("case-a", "00-q", "a", "correct", "Correct.")
    assert json.loads(path.read_text())["quiz"]["00-q"]["status"] == "correct"
    (aside,) = path.parent.glob("tester.corrupt-*.json")
    assert aside.read_text(encoding="latin-1") == content


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"quiz": []}', '{"checks": "passed"}', "\xff\xfe"])
def test_the_store_the_class_summary_and_the_grader_agree_on_what_is_not_a_progress_file(progress_dir, tmp_path, content):
    """One reader (records/reading.py): a file the store sets aside is one the summary skips and the grader's quiz scores leave out."""
    class_dir = tmp_path / "collected" / "case-a"
    class_dir.mkdir(parents=True)
    (class_dir / "ada.json").write_text(json.dumps({"learner": "ada", "quiz": {"00-q": {"status": "correct"}}}))
    (class_dir / "bo.json").write_text(content, encoding="latin-1")
    with pytest.warns(UserWarning, match="bo.json: not a readable progress file, so it was skipped."):
        assert list(summarise_dir(tmp_path / "collected")["learner"]) == ["ada"]
    scores = quiz_scores([("ada", class_dir / "ada.json"), ("bo", class_dir / "bo.json")], {"00": ["00-q", "00-r"]})
    assert scores == {("ada", "00"): QuizScore(answered=1, correct=1, questions=2)}
    path = progress_dir / "case-a" / "tester.json"
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="latin-1")
    with pytest.warns(UserWarning, match="could not be read, so it was moved"):
        assert load("case-a")["quiz"] == {}


def test_an_unwritable_place_warns_once_and_keeps_results_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CASEKIT_PROGRESS_DIR", str(blocker))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        record_quiz("case-a", "00-q", "a", "incorrect", "Not yet.")
        record_quiz("case-a", "00-q", "b", "correct", "Correct.")
        record_check("case-a", "00-x", "passed", "Passed.")
    assert len(caught) == 1 and "results are kept in memory for this session only" in str(caught[0].message)
    assert quiz_record("case-a", "00-q")["attempts"] == 2
    assert load("case-a")["checks"]["00-x"]["status"] == "passed"


# ---------------------------------------------------------------- summaries


def test_progress_shows_a_table_per_lesson(progress_dir):
    case_id = "assad-fall-2024"
    record_quiz(case_id, "00-byline", "b", "correct", "Correct.")
    record_quiz(case_id, "00-whose-words", "a", "incorrect", "Not yet.")
    record_check(case_id, "00-analysts", "passed", "Passed.")
    view = progress(DATA)
    text = str(view)
    assert text.splitlines()[1].split() == [
        "lesson",
        "questions",
        "answered",
        "answered",
        "correctly",
        "checks",
        "passed",
        "answers",
        "shown",
    ]
    assert text.splitlines()[2].split() == ["00", "2", "of", "3", "1", "1", "of", "1", "0"]
    bundle = view._repr_mimebundle_()
    assert "<caption>Progress per lesson</caption>" in bundle["text/html"]
    assert list(view.table.columns) == ["lesson", "questions", "answered", "correct", "checks", "passed", "revealed"]


def test_report_says_when_nothing_is_recorded(progress_dir):
    assert report("some-case", "ada").endswith("Nothing recorded yet: answer a quiz or run a check, then look again.")


def test_summarise_dir_gives_one_row_per_learner_per_lesson(progress_dir):
    record_quiz("case-a", "00-q", "a", "correct", "Correct.", learner="ada")
    record_quiz("case-a", "01-q", "a", "incorrect", "Not yet.", learner="ada")
    record_check("case-a", "01-x", "failed", "Not yet.", learner="bo")
    (progress_dir / "case-a" / "broken.json").write_text("{")
    with pytest.warns(UserWarning, match="broken.json: not a readable progress file, so it was skipped."):
        table = summarise_dir(progress_dir)
    assert table.to_dict("records") == [
        {
            "case": "case-a",
            "learner": "ada",
            "lesson": "00",
            "answered": 1,
            "correct": 1,
            "checks_passed": 0,
            "checks_failed": 0,
            "answers_shown": 0,
        },
        {
            "case": "case-a",
            "learner": "ada",
            "lesson": "01",
            "answered": 1,
            "correct": 0,
            "checks_passed": 0,
            "checks_failed": 0,
            "answers_shown": 0,
        },
        {
            "case": "case-a",
            "learner": "bo",
            "lesson": "01",
            "answered": 0,
            "correct": 0,
            "checks_passed": 0,
            "checks_failed": 1,
            "answers_shown": 0,
        },
    ]


def test_progress_never_writes_outside_its_folder(progress_dir):
    record_quiz("../../escape", "00-q", "a", "correct", "Correct.", learner="../../x")
    written = [p for p in progress_dir.rglob("*") if p.is_file()]
    assert written and all(progress_dir in p.parents for p in written)
    assert not os.path.exists(progress_dir.parent.parent / "x.json")


def test_the_notebook_view_leaves_out_the_machine_specific_path_but_the_report_gives_it(progress_dir):
    record_quiz("assad-fall-2024", "00-byline", "b", "correct", "Correct.")
    assert str(progress_dir) not in str(progress(DATA))
    assert str(progress_dir) in report("assad-fall-2024")


def test_learner_name_uses_the_hub_user_when_no_learner_is_set(monkeypatch):
    monkeypatch.delenv("CASEKIT_LEARNER", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "ana-89")
    assert progress_module.learner_name() == "ana-89"


# ---------------------------------------------------------------- hostile progress files (hand-edited, links, pipes)

HAND_EDITED = ['{"quiz": {"01-wsj-prefix": "correct"}}', '{"checks": {"01-x": {"attempts": "many"}}}', '"text"', "42", "[]"]


@pytest.mark.parametrize("content", HAND_EDITED)
def test_a_hand_edited_record_is_skipped_by_the_summary_and_the_grader_in_one_line(tmp_path, content):
    folder = tmp_path / "collected"
    folder.mkdir()
    (folder / "ada.json").write_text(json.dumps({"learner": "ada", "quiz": {"00-q": {"status": "correct"}}}))
    (folder / "bo.json").write_text(content)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert list(summarise_dir(folder)["learner"]) == ["ada"]
    assert len(caught) == 1 and "bo.json: not a readable progress file, so it was skipped" in str(caught[0].message)
    skipped: list[str] = []
    scores = quiz_scores([("ada", folder / "ada.json"), ("bo", folder / "bo.json")], {"00": ["00-q"]}, skipped)
    assert list(scores) == [("ada", "00")]
    assert len(skipped) == 1 and skipped[0].startswith("bo's bo.json: not a progress file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_pipes_devices_and_links_in_a_class_folder_are_never_read(tmp_path):
    folder = tmp_path / "collected"
    folder.mkdir()
    (folder / "ada.json").write_text(json.dumps({"learner": "ada", "quiz": {"00-q": {"status": "correct"}}}))
    os.mkfifo(folder / "pipe.json")  # reading it would wait forever
    (folder / "zero.json").symlink_to("/dev/zero")  # reading it would fill the memory
    (folder / "peer.json").symlink_to(folder / "ada.json")
    (folder / "elsewhere").symlink_to(tmp_path)  # a loop: never entered
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert list(summarise_dir(folder)["learner"]) == ["ada"]
    said = sorted(str(w.message).split("skipped ")[1] for w in caught)
    assert said == ["(it is a link).", "(it is a link).", "(it is a named pipe)."]


@pytest.mark.parametrize("content", HAND_EDITED)
def test_a_learners_own_damaged_record_is_kept_aside_and_progress_and_answers_go_on(progress_dir, content):
    path = progress_dir / "assad-fall-2024" / "tester.json"
    path.parent.mkdir(parents=True)
    path.write_text(content)
    with pytest.warns(UserWarning, match="moved to tester.corrupt-"):
        shown = progress(learner="tester")
    assert shown.rows and all(row["answered"] == 0 and row["passed"] == 0 for row in shown.rows)
    assert quiz_record("assad-fall-2024", "01-q", learner="tester") is None
    record_quiz("assad-fall-2024", "01-q", "a", "correct", "Correct.", learner="tester")
    assert load("assad-fall-2024", "tester")["quiz"]["01-q"]["status"] == "correct"
    (aside,) = path.parent.glob("tester.corrupt-*.json")
    assert aside.read_text() == content  # nothing lost


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("kind", ["pipe", "device", "link"])
def test_a_learners_progress_file_that_is_a_pipe_device_or_link_is_set_aside_unread(progress_dir, tmp_path, kind):
    path = progress_dir / "case-a" / "tester.json"
    path.parent.mkdir(parents=True)
    if kind == "pipe":
        os.mkfifo(path)
    else:
        target = Path("/dev/zero") if kind == "device" else tmp_path / "elsewhere.json"
        if kind == "link":
            target.write_text(json.dumps({"quiz": {"00-q": {"status": "correct"}}}))
        path.symlink_to(target)
    with pytest.warns(UserWarning, match="moved to tester.corrupt-"):
        assert load("case-a", "tester")["quiz"] == {}
    assert not path.exists() and not path.is_symlink()


def test_the_progress_command_shows_the_case_named_with_case(progress_dir, monkeypatch, capsys):
    from casekit.cli import main

    monkeypatch.chdir(DATA.parents[1])
    record_check("assad-fall-2024", "00-analysts", "passed", "Passed.", learner="ada")
    record_check("white-house-2024-12-08", "06-sources", "passed", "Passed.", learner="ada")
    assert main(["progress", "--learner", "ada", "--case", "white-house-2024-12-08"]) == 0
    rows = [line.split()[0] for line in capsys.readouterr().out.splitlines()[2:] if line[:2].isdigit()]
    assert rows == ["06"]
    assert main(["progress", "--learner", "ada"]) == 0
    rows = [line.split()[0] for line in capsys.readouterr().out.splitlines()[2:] if line[:2].isdigit()]
    assert rows[0] == "00" and "06" not in rows  # the main case's lessons


def test_the_progress_command_refuses_a_case_that_is_not_there(progress_dir, monkeypatch, capsys):
    from casekit.cli import main

    monkeypatch.chdir(DATA.parents[1])
    assert main(["progress", "--case", "nowhere"]) == 1
    assert capsys.readouterr().err.startswith("Error: nowhere: no datapackage.json here")
