"""The quiz a notebook shows: ``quiz("07-warmup")``, a widget in JupyterLab and readable text elsewhere.

A try is a new, well-formed answer: a blank answer, an answer in the wrong form
(an option that does not exist, a wrong type) and the same answer run again are
answered but not counted, and do not bring the offer of the answer closer
(``answer_fingerprint``, ``try_number``). The text view letters options and items
as the widget does, and ``answer`` takes those letters; ``hint`` shows a hint.
"""

from __future__ import annotations

from ..case.folder import case_folder_and_id
from ..common.display import static_output
from ..common.tries import REVEAL_AFTER
from ..common.wording import describe, did_you_mean, plural
from ..errors import QuestionNotFound
from ..quizzes.bank import load_questions
from ..quizzes.marking import answer_fingerprint, mark_answer, quiz_answer_text, resolved_answer, score_line
from ..quizzes.model import Marking, Question
from ..quizzes.types import question_type
from ..records.store import quiz_record, record_quiz, record_reveal, try_number
from .quiz_static import quiz_html

__all__ = ["Quiz", "Shown", "Try", "quiz"]

NOT_COUNTED = "You gave this answer before, so it is not counted as a new try."


class Shown(str):
    """Text for the learner (a hint, an answer): shown as it is at the end of a cell, without quotes."""

    def __repr__(self) -> str:
        return str(self)


class Try:
    """What one answer was: its marking, the try it counts as (0 when it is not a try) and whether it was given before."""

    def __init__(self, marking: Marking, number: int = 0, repeated: bool = False):
        self.marking = marking
        self.number = number
        self.repeated = repeated

    @property
    def counted(self) -> bool:
        """True for a new, well-formed answer."""
        return self.number > 0 and not self.repeated


class Quiz:
    """One question or a set, ready to show: a widget in a notebook, readable text elsewhere.

    ``quiz.answer(question_id, value)`` marks and records an answer without widgets;
    ``quiz.hint(question_id)`` shows a hint and ``quiz.reveal(question_id)`` the answer.
    """

    def __init__(self, title: str, questions: list[Question], case_id: str, learner: str | None = None):
        self.title = title
        self.questions = questions
        self.case_id = case_id
        self.learner = learner

    def __len__(self) -> int:
        return len(self.questions)

    def question(self, question_id: str | int) -> Question:
        """One question of the quiz, by id or position."""
        if isinstance(question_id, int) and not isinstance(question_id, bool):
            if -len(self.questions) <= question_id < len(self.questions):
                return self.questions[question_id]
            msg = (
                f"this quiz has {plural(len(self.questions), 'question')}; give a position from 0 to {len(self.questions) - 1} "
                f"or an id: {', '.join(q.id for q in self.questions)}."
            )
            raise QuestionNotFound(msg)
        for q in self.questions:
            if q.id == question_id:
                return q
        msg = f"this quiz has no question {question_id!r}; its questions are {', '.join(q.id for q in self.questions)}."
        raise QuestionNotFound(msg)

    def record(self, question_id: str) -> dict | None:
        """The learner's last saved answer to a question, or None."""
        try:
            return quiz_record(self.case_id, question_id, self.learner)
        except Exception:  # noqa: BLE001 - progress must never break a quiz
            return None

    def attempt(self, question_id: str | int, value) -> Try:
        """Mark an answer and, when it is a well-formed answer, record it with the message the learner is shown.

        The record counts it as a try only when it is new (its fingerprint was not tried before).
        """
        q = self.question(question_id)
        fb = mark_answer(q, value)
        if fb.status in ("empty", "invalid"):
            return Try(fb)
        answer_print = answer_fingerprint(q, value)
        before = self.record(q.id) or {}
        attempts = int(before.get("attempts", 0) or 0) if str(before.get("attempts", "0")).isdigit() else 0
        try:
            number = try_number(self.case_id, "quiz", q.id, answer_print, self.learner)
        except Exception:  # noqa: BLE001 - progress must never break a quiz
            number = attempts + 1
        try:
            record_quiz(self.case_id, q.id, resolved_answer(q, value), fb.status, fb.message, self.learner, fingerprint=answer_print)
        except Exception:  # noqa: BLE001 - keep the feedback even if saving fails
            pass
        return Try(fb, number, repeated=number <= attempts)

    def answer(self, question_id: str | int, value) -> Marking:
        """Mark an answer and save it in the learner's progress (a new, well-formed answer counts as a try).

        The options and items may be named by the letters the text shows (a matching item by
        its number). Under the marking: whether this answer was given before, and the help on
        offer (the hint after a first wrong try, the answer after enough tries).

        Example::

            quiz("07-warmup").answer("07-sources", "b")
        """
        q = self.question(question_id)
        done = self.attempt(q.id, value)
        fb = done.marking
        notes = [NOT_COUNTED] if done.repeated else []
        if done.number and fb.status != "correct":
            if self.can_reveal(q.id):
                notes.append(f"Stuck? {self._call('reveal', q)} shows the answer and why.")
            elif q.hint:
                notes.append(f"{self._call('hint', q)} gives a hint.")
        if not notes:
            return fb
        return Marking(fb.correct, fb.status, "\n".join([fb.message, *notes]), fb.marks)

    def hint(self, question_id: str | int | None = None) -> Shown:
        """The hint of a question (by id or position; the only question when the quiz has one)."""
        if question_id is None and len(self.questions) == 1:
            question_id = 0
        if question_id is None:
            msg = f"say which question's hint to show, such as {self._call('hint', self.questions[0])}."
            raise QuestionNotFound(msg)
        q = self.question(question_id)
        return Shown(f"Hint: {q.hint}" if q.hint else f"Question {q.id} has no hint; its feedback says what to look at.")

    def _call(self, method: str, q: Question, argument: str = "") -> str:
        """How to call one of this quiz's methods for a question, as the learner would type it."""
        return f'quiz("{self.title}").{method}("{q.id}"{", " + argument if argument else ""})'

    def can_reveal(self, question_id: str | int) -> bool:
        """True once the learner has tried a question enough times without getting it right to be offered its answer."""
        rec = self.record(self.question(question_id).id) or {}
        return rec.get("status") not in (None, "correct") and int(rec.get("attempts", 0) or 0) >= REVEAL_AFTER

    def reveal(self, question_id: str | int) -> Shown:
        """The answer to a question and why, recorded in the learner's progress as asked for."""
        q = self.question(question_id)
        try:
            record_reveal(self.case_id, "quiz", q.id, self.learner)
        except Exception:  # noqa: BLE001 - the answer is shown even if saving fails
            pass
        return Shown(f"The answer: {quiz_answer_text(q)}")

    def score(self) -> str:
        """The score line, e.g. '2 of 3 correct; 1 not answered yet'."""
        statuses = [(self.record(q.id) or {}).get("status") for q in self.questions]
        return score_line(statuses)

    def text(self) -> str:
        """The quiz as readable text: prompts, lettered options, hints and earlier answers."""
        lines = [f"Quiz {self.title}: {plural(len(self.questions), 'question')} ({self.score()})"]
        for n, q in enumerate(self.questions, start=1):
            lines += ["", f"{n}. {q.prompt}  [{q.id}]"]
            kind = question_type(q)
            lines += [f"   {line}" for instruction, options in kind.answer_parts(q) for line in (instruction, *options)]
            lines.append(f"   Answer with {self._call('answer', q, kind.answer_example(q))}")
            if q.hint:
                lines.append(f"   Hint available: {self._call('hint', q)}")
            rec = self.record(q.id)
            if rec and rec.get("status"):
                message = str(rec.get("message", "")).replace("\n", "\n   ")
                lines.append(f"   Your earlier answer: {kind.show_answer(q, rec.get('answer'))}. {message}")
            if self.can_reveal(q.id):
                lines.append(f"   Stuck? {self._call('reveal', q)} shows the answer and why.")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()

    def widget(self):
        """The ipywidgets view of this quiz (built on each call)."""
        from .quiz_widgets import QuizView  # ipywidgets only when a quiz is shown

        return QuizView(self)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        try:
            text = self.text()
        except Exception as exc:  # noqa: BLE001 - rendering must never raise
            text = f"Quiz {self.title} (cannot show its text: {type(exc).__name__})."
        bundle = {"text/plain": text}
        if static_output():  # a page of the course website: a self-check block, no widget
            heading = next((q.bank_title for q in self.questions if q.bank_title), self.title)
            bundle["text/html"] = quiz_html(heading, self.questions)
            return bundle
        try:
            view = self.widget().box._repr_mimebundle_(include=include, exclude=exclude) or {}
            bundle.update({k: v for k, v in view.items() if k != "text/plain"})
        except Exception:  # noqa: BLE001 - no widgets: the text is enough
            pass
        return bundle


def quiz(question_id: str, case=None, *, path=None, learner: str | None = None) -> Quiz:
    """Show one question, or every question of a set, from the case's question banks.

    Parameters
    ----------
    question_id : a question id ("07-sources") or a set id ("07-warmup").
    case, path : the case folder (a Case or a path); found from the current folder when omitted.
    learner : whose progress to read and write; defaults to ``$CASEKIT_LEARNER`` or the user name.

    Raises QuestionNotFound (one sentence, with close matches) for an unknown id.

    Example::

        quiz("07-warmup")
    """
    folder, case_id = case_folder_and_id(case if case is not None else path)
    questions = load_questions(folder)
    if not isinstance(question_id, str):
        msg = f"quiz() needs a question or set id as text, such as {next(iter(questions), '07-warmup')!r}; got {describe(question_id)}."
        raise QuestionNotFound(msg)
    qid = question_id.strip()
    if qid in questions:
        return Quiz(qid, [questions[qid]], case_id, learner)
    members = [q for q in questions.values() if q.set == qid]
    if members:
        return Quiz(qid, members, case_id, learner)
    known = sorted({*questions, *(q.set for q in questions.values() if q.set)})
    hint = did_you_mean(qid, known, 0.8) or (
        f"the ids start with a lesson number, such as {known[0]!r}." if known else "this case has no question banks yet."
    )
    msg = f"There is no question or set {qid[:60]!r} in {folder.name}/quizzes; {hint}"
    raise QuestionNotFound(msg)
