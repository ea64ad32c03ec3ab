"""Written answers collected for review, the instructor's marks merged back, and one feedback page per learner and lesson.

A kit of its own: the tiny case of ``test_grade`` with a labels exercise, a
text exercise (a short brief) and two answer cells, a solution notebook with
sample answers, and weights in ``grading.toml``. Three learners hand in: ana
(mostly right), ben (wrong, unanswered, a deleted cell), and cy (a renamed
file, an answer cell moved and duplicated). The feedback pages are then
scanned for every piece of the key a learner did not give.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from test_grade import SETUP, make_kit, row

from casekit.cli import main
from casekit.errors import GradeError
from casekit.instructor import grading as G
from casekit.instructor.build import MD_PLACEHOLDER
from casekit.instructor.grading.page import markdown_html
from casekit.instructor.grading.written.answers import collect, slots_for

EXTRA_CHECKS = """
[[exercise]]
id = "00-parts"
kind = "labels"
description = "The part of the article each sentence is in."
noun = "sentence"
values = { S01 = "headline", S02 = "body", S04 = "byline" }

[[exercise]]
id = "00-brief"
kind = "text"
description = "A short brief citing a sentence."
words = [5, 40]
cites = { pattern = "\\\\bS\\\\d{2}\\\\b", exist_in = ["sentences.sentence_id"], min = 1 }
"""
PROMPT_1 = "**Who speaks?** In one sentence, say who is quoted, and cite the sentence id."
PROMPT_2 = "Explain in two sentences what the last line of the article tells a reader."
CHECKLIST = "Write a short brief (5 to 40 words). Check it before you hand it in:\n\n- it cites a sentence id\n- it stays neutral"
SAMPLE = "SAMPLE-ANSWER-FROM-THE-SOLUTIONS"  # in solutions/ only: it must never reach a page


def _lesson(answers: dict[str, str] | None = None, sample: bool = False) -> nbformat.NotebookNode:
    """The lesson 00 of this kit; ``answers`` replaces the invitation of an answer cell (by cell id)."""
    answers = answers or {}

    def md(cell_id, text):
        cell = nbformat.v4.new_markdown_cell(text)
        cell["id"] = cell_id
        return cell

    def code(cell_id, text):
        cell = nbformat.v4.new_code_cell(text)
        cell["id"] = cell_id
        return cell

    fill = (lambda i: f"<!-- BEGIN SOLUTION -->\n{SAMPLE}\n<!-- END SOLUTION -->") if sample else (lambda i: answers.get(i, MD_PLACEHOLDER))
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        md("c00", "# 00 · Start here"),
        code("c01", SETUP),
        code("c02", "ids = ...\ncheck('00-ids', ids)"),
        md("c03", f"{PROMPT_1}\n\n{fill('c03')}"),
        code("c04", "parts = ...\ncheck('00-parts', parts)"),
        md("c05", PROMPT_2),
        md("c06", f"**Your answer:**\n\n{fill('c06')}"),
        md("c07", CHECKLIST),
        code("c08", "brief = ...\ncheck('00-brief', brief)"),
    ]
    return nb


def _submission(values: dict[str, str], answers: dict[str, str]) -> nbformat.NotebookNode:
    nb = _lesson(answers)
    for cell in nb.cells:
        for name, value in values.items():
            if cell.cell_type == "code" and cell.source.startswith(f"{name} = ..."):
                cell.source = cell.source.replace(f"{name} = ...", f"{name} = {value}")
    return nb


def make_written_kit(root: Path) -> Path:
    kit = make_kit(root)
    (kit / "data" / "checks.toml").write_text((kit / "data" / "checks.toml").read_text() + EXTRA_CHECKS, encoding="utf-8")
    (kit / "data" / "grading.toml").write_text('[weights]\n"00-brief" = 2\n"00-written-1" = 2\n', encoding="utf-8")
    nbformat.write(_lesson(), kit / "lessons" / "00-start-here.ipynb")
    (kit / "solutions").mkdir()
    nbformat.write(_lesson(sample=True), kit / "solutions" / "00-start-here.ipynb")
    return kit


def _class(folder: Path) -> Path:
    ana = _submission(
        {
            "ids": "['S03']",
            "parts": "{'S01': 'headline', 'S02': 'byline', 'S04': 'byline'}",
            "brief": "'Analyst Smith is quoted in S03, and nobody else.'",
        },
        {"c03": "Analyst Smith is quoted (S03).", "c06": "It names the writer, A. Writer."},
    )
    ben = _submission({"ids": "['S02', 'S04']", "parts": "{'S01': 'body'}", "brief": "'Too short S99'"}, {})
    ben.cells = [c for c in ben.cells if c.get("id") != "c06"]  # the second answer cell deleted
    cy = _submission({"ids": "['S03', 'S02']"}, {"c03": "Smith speaks, in S03."})
    moved = cy.cells.pop(3)  # the answer cell moved to the end, and copied (a new id, as JupyterLab gives)
    copy = nbformat.v4.new_markdown_cell(f"{PROMPT_1}\n\nAlso: only one voice.")
    cy.cells += [moved, copy]
    folder.mkdir(parents=True)
    nbformat.write(ana, folder / "ana-00-start-here.ipynb")
    nbformat.write(ben, folder / "ben-00-start-here.ipynb")
    (folder / "cy").mkdir()
    nbformat.write(cy, folder / "cy" / "Cy - 00 Start Here (1).ipynb")
    record = {"version": 1, "case": "tiny", "learner": "jovyan", "quiz": {"00-q1": {"answer": "SECRET-QUIZ-ANSWER", "status": "correct"}}}
    record["quiz"]["00-q2"] = {"answer": "b", "status": "incorrect"}
    (folder / "ana.json").write_text(json.dumps(record), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    base = tmp_path_factory.mktemp("written")
    kit = make_written_kit(base / "kit")
    subs = _class(base / "subs")
    lines: list[str] = []
    out = base / "out"
    table = G.grade([subs], out / "grades.csv", root=kit, progress=False, timeout=40, jobs=2, review=out / "review", say=lines.append)
    return {"base": base, "kit": kit, "subs": subs, "out": out, "table": table, "lines": lines}


# ---------------------------------------------------------------- answers and the review


def test_answer_slots_come_from_the_lesson_with_their_prompts(written):
    slots = slots_for(written["kit"], "00-start-here", ["00-brief"])
    assert [s.answer for s in slots] == ["00-written-1", "00-written-2", "00-written-brief"]
    assert slots[0].prompt == PROMPT_1
    assert slots[1].prompt == f"{PROMPT_2}\n\n**Your answer:**"  # a bare "Your answer" gets the cell above it
    assert slots[2].prompt == CHECKLIST and slots[2].exercise == "00-brief"
    assert all(SAMPLE not in s.prompt for s in slots)


def test_answers_are_found_by_id_or_by_their_prompt_and_unanswered_is_said(written):
    slots = slots_for(written["kit"], "00-start-here", ["00-brief"])
    nb = nbformat.read(written["subs"] / "cy" / "Cy - 00 Start Here (1).ipynb", as_version=4)
    got = {a.answer: a for a in collect(nb, slots, "cy", {})}
    assert got["00-written-1"].text == "Smith speaks, in S03.\n\nAlso: only one voice."
    assert got["00-written-1"].note == "written in 2 cells"
    assert got["00-written-2"].text == "" and got["00-written-brief"].text == ""
    ben = nbformat.read(written["subs"] / "ben-00-start-here.ipynb", as_version=4)
    got = {a.answer: a for a in collect(ben, slots, "ben", {"00-brief": "Too short S99"})}
    assert got["00-written-1"].text == ""  # the invitation is still there
    assert got["00-written-2"].note == "the answer cell is not in the notebook (deleted?)"
    assert got["00-written-brief"].text == "Too short S99"


def test_the_review_page_shows_each_question_then_every_learner(written):
    html = (written["out"] / "review" / "00-start-here.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    for remote in ("<script", "src=", "http", "@import", "url("):
        assert remote not in html
    assert html.index("00-written-1") < html.index("00-written-2") < html.index("00-written-brief")
    section = html[html.index('id="00-written-1"') : html.index('id="00-written-2"')]
    assert "<strong>Who speaks?</strong>" in section and "2 of 3 learners answered" in section
    assert section.index(">ana<") < section.index(">ben<") < section.index(">cy ")
    assert "Analyst Smith is quoted (S03)." in section and "Unanswered." in section
    assert "<li>it cites a sentence id</li>" in html  # the brief's checklist, beside the briefs
    assert "Analyst Smith is quoted in S03, and nobody else." in html
    assert SAMPLE not in html


def test_learner_text_is_escaped_on_the_review_page(tmp_path):
    from casekit.instructor.grading.written.answers import Answer, Slot
    from casekit.instructor.grading.written.review import review_html

    html = review_html(
        "00-x",
        [Slot("00-x", "00-written-1", "Say it.")],
        [Answer("eve", "00-x", "00-written-1", "<script>alert(1)</script>![t](http://x/p.png)")],
    )
    assert "<script>" not in html and "&lt;script&gt;" in html and "<img" not in html


def test_the_marks_file_lists_every_learner_and_answer_with_its_weight(written):
    rows = list(csv.DictReader((written["out"] / "review" / "00-start-here-marks.csv").open(encoding="utf-8")))
    assert list(rows[0]) == ["learner", "lesson", "answer", "answered", "points", "out_of", "comment"]
    assert len(rows) == 9
    ana = {r["answer"]: r for r in rows if r["learner"] == "ana"}
    assert ana["00-written-1"]["out_of"] == "2" and ana["00-written-2"]["out_of"] == "1"
    assert ana["00-written-1"]["answered"] == "yes" and all(r["points"] == "" for r in rows)
    assert any("Wrote" in line and "00-start-here-marks.csv" in line for line in written["lines"])


def test_intake_said_the_renamed_file_in_one_line(written):
    assert "Cy - 00 Start Here (1).ipynb: read as cy's 00-start-here (the name is spelled differently)." in written["lines"]


def test_grades_carry_points_from_the_weights(written):
    t = written["table"]
    assert tuple(row(t, "ana", "00-brief")[["status", "points", "possible"]]) == ("passed", "2", "2")
    assert tuple(row(t, "ben", "00-brief")[["status", "points", "possible"]]) == ("failed", "0", "2")
    assert tuple(row(t, "ana", "00-ids")[["points", "possible"]]) == ("1", "1")


# ---------------------------------------------------------------- marks back, and feedback


@pytest.fixture(scope="module")
def marked(written):
    src = written["out"] / "review" / "00-start-here-marks.csv"
    rows = list(csv.DictReader(src.open(encoding="utf-8")))
    for r in rows:
        if (r["learner"], r["answer"]) == ("ana", "00-written-1"):
            r.update(points="2", comment="Clear and cited.")
        if (r["learner"], r["answer"]) == ("ben", "00-written-1"):
            r.update(points="0", comment="Please answer this one.")
    marks = written["base"] / "marks.csv"
    with marks.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    lines: list[str] = []
    out = written["out"] / "marked"
    table = G.grade(
        [written["subs"]],
        out / "grades.csv",
        root=written["kit"],
        progress=False,
        timeout=40,
        jobs=2,
        marks=[marks],
        feedback=out / "feedback",
        say=lines.append,
    )
    return {**written, "table": table, "lines": lines, "feedback": out / "feedback", "marks": marks}


def test_marks_are_merged_into_the_grades(marked):
    got = row(marked["table"], "ana", "00-written-1")
    assert (got["status"], got["points"], got["possible"]) == ("marked", "2", "2")
    assert got["message"] == "Marked 2 of 2 by the instructor. Comment: Clear and cited."
    assert "7 written answers in the marks files have no points yet; they are left out." in marked["lines"]
    assert "marked 2" in G.summary(marked["table"])


def test_bad_marks_are_one_plain_sentence_before_anything_runs(tmp_path, written):
    bad = tmp_path / "bad.csv"
    bad.write_text("learner,lesson,answer,answered,points,out_of,comment\nana,00-start-here,00-written-1,yes,3,2,\n", encoding="utf-8")
    with pytest.raises(GradeError, match=r"bad.csv, line 2: 3 points is more than the 2 the answer is out of\."):
        G.grade([written["subs"]], None, root=written["kit"], progress=False, marks=[bad])
    bad.write_text("who,points\nana,1\n", encoding="utf-8")
    with pytest.raises(GradeError, match="the columns learner, answer are missing"):
        G.grade([written["subs"]], None, root=written["kit"], progress=False, marks=[bad])


def _pages(marked) -> dict[str, str]:
    """Each learner's feedback page on 00-start-here; fails when none was written (a scan of no page proves nothing)."""
    pages = {p.parent.name: p.read_text(encoding="utf-8") for p in marked["feedback"].glob("*/00-start-here.html")}
    assert sorted(pages) == ["ana", "ben", "cy"], f"feedback pages written: {sorted(pages)}"
    return pages


def test_one_feedback_page_per_learner_and_lesson(marked):
    assert sorted(_pages(marked)) == ["ana", "ben", "cy"]


def test_feedback_pages_are_offline_and_accessible(marked):
    for html in _pages(marked).values():
        assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html and "<title>Feedback on 00-start-here for" in html
        for remote in ("<script", "src=", "http", "@import", "url(", "<link"):
            assert remote not in html
        levels = [int(h) for h in re.findall(r"<h([1-6])", html)]
        assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels  # no skipped heading level
        assert html.count("<h1") == 1 and '<th scope="col">' in html and "<caption" in html
        assert "<main>" in html


def _words(html: str) -> set[str]:
    """The words a reader sees (the style sheet's selectors, such as body, are no words of the page)."""
    visible = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return set(re.findall(r"[A-Za-z0-9_]+", re.sub(r"<[^>]+>", " ", visible)))


def test_feedback_pages_hold_no_answer_key(marked):
    """Scan every page for each part of the key the learner did not give: ids, the key's labels, sample answers, quiz answers."""
    pages = _pages(marked)
    key_ids = {"S03"}  # 00-ids
    key_labels = {"S01": "headline", "S02": "body", "S04": "byline"}  # 00-parts
    given = {
        "ana": {"ids": {"S03"}, "labels": {"S01": "headline", "S02": "byline", "S04": "byline"}},
        "ben": {"ids": {"S02", "S04"}, "labels": {"S01": "body"}},
        "cy": {"ids": {"S03", "S02"}, "labels": {}},
    }
    for learner, html in pages.items():
        words = _words(html)
        assert SAMPLE not in html and "SECRET" not in html
        for missing in key_ids - given[learner]["ids"]:
            assert missing not in words, f"{learner}'s page names the missing id {missing}"
        theirs = given[learner]["labels"]
        for item, label in key_labels.items():
            if theirs.get(item) != label and label not in theirs.values():
                assert label not in words, f"{learner}'s page shows the key's label {label!r} of {item}"
            if item not in theirs and item not in given[learner]["ids"]:
                assert item not in words, f"{learner}'s page names {item}, an item they did not label"
        assert "the key says" not in html and "the reference has" not in html and "missing:" not in html


def test_feedback_says_how_many_are_right_and_which_of_your_own_are_not(marked):
    ben = _pages(marked)["ben"]
    assert (
        "0 of 1 sentence found; not in the answer: S02, S04." in ben
        and "<li>S02: not in the answer.</li><li>S04: not in the answer.</li>" in ben
    )
    assert "0 of 3 sentences right." in ben and "S01: your label &#x27;body&#x27; is not the key&#x27;s." in ben
    assert "cites S99, which do not exist in this case." in ben
    ana = _pages(marked)["ana"]
    assert "2 of 3 sentences right." in ana and "S02: your label &#x27;byline&#x27; is not the key&#x27;s." in ana


def test_feedback_shows_quiz_counts_marks_and_comments(marked):
    ana, ben = _pages(marked)["ana"], _pages(marked)["ben"]
    assert "You answered 2 questions; 1 was right at your last try (from the progress file you handed in)." in ana
    assert "No progress file was handed in" in ben
    assert "<strong>Mark:</strong> 2 of 2." in ana and "Clear and cited." in ana
    assert "Please answer this one." in ben and "Not marked yet." in ana
    assert "Analyst Smith is quoted (S03)." in ana  # the learner's own answer


def test_cli_grade_feedback_and_marks_options(tmp_path, marked, capsys):
    out = tmp_path / "g.csv"
    args = ["grade", str(marked["subs"]), "--out", str(out), "--root", str(marked["kit"]), "--quiet", "--timeout", "40"]
    assert main([*args, "--marks", str(marked["marks"]), "--feedback", str(tmp_path / "fb")]) == 0
    err = capsys.readouterr().err
    assert "Wrote 3 feedback pages in" in err
    assert (tmp_path / "g-review" / "00-start-here.html").is_file()
    assert row(pd.read_csv(out, dtype=str, keep_default_na=False), "ana", "00-written-1")["status"] == "marked"


def test_prompt_markdown_is_rendered_safely():
    html = markdown_html("## Part\n\n| a | b |\n|---|---|\n| 1 | **2** |\n\n[link](http://x) `code`")
    assert html == (
        '<h4>Part</h4><table><thead><tr><th scope="col">a</th><th scope="col">b</th></tr></thead>'
        "<tbody><tr><td>1</td><td><strong>2</strong></td></tr></tbody></table><p>link <code>code</code></p>"
    )


def test_feedback_pages_word_a_result_as_the_notebook_shows_a_first_try():
    """The real checks' results in the one learner-safe view: counts and the learner's own wrong items, nothing of the key."""
    from casekit.checks.kinds import check_ids, check_labels, check_table
    from casekit.checks.result import result
    from casekit.checks.steps import stepped

    ref = pd.DataFrame({"event_id": ["E1", "E2", "E3"], "date": ["2024-01-01", "2024-02-01", "2024-03-01"]})
    mine = pd.DataFrame({"event_id": ["E1", "E2", "E9"], "date": ["2024-01-01", "1999-01-01", "2024-03-01"]})
    shown = stepped(check_table(mine, ref, key="event_id", columns=["date"], dates=["date"]), 1, {"kind": "table"})
    text = str(shown)
    assert shown.message == "Not yet: 1 of 3 rows right; not in the answer: E9." and "E2: date not right yet." in shown.details
    assert "E3" not in text and "2024-02-01" not in text and "1999" not in text

    labels = {"C1": "fact", "C2": "opinion", "C3": "analysis"}
    shown = stepped(check_labels({"C1": "opinion", "C2": "opinion"}, labels, {"C1": "it is checkable"}), 1, {"kind": "labels"})
    text = str(shown)
    assert shown.message == "Not yet: 1 of 3 ids right." and "C1: your label 'opinion' is not the key's." in shown.details
    assert "fact" not in text and "analysis" not in text and "checkable" not in text

    shown = stepped(check_ids(["S2", "S3"], ["S1", "S4", "S5"]), 1, {"kind": "ids"})
    assert shown.message == "Not yet: 0 of 3 ids found; not in the answer: S2, S3." and "S1" not in str(shown)

    slip = result("error", "expected ids as text, such as 'S01'; got a number (3).")
    assert stepped(slip, 1, {"kind": "ids"}).message == slip.message
