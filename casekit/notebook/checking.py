"""The learner's ``check("07-dates", dates)``: run the exercise's check, record the try, and say what fits this try.

Help grows with each try (``checks.steps``); the answer shows only when asked for:
``check("07-dates", dates, reveal=True)``, or the "Show the answer" button offered
after two tries. A reveal is recorded in the learner's progress.
"""

from __future__ import annotations

from collections.abc import Callable

from ..case.folder import case_folder_and_id
from ..checks.compact import compact_answer
from ..checks.kinds import KINDS
from ..checks.registry import load_registry
from ..checks.result import CheckResult
from ..checks.run import key_text, run_check
from ..checks.steps import stepped
from ..checks.tries import counts_as_try, fingerprint
from ..records.store import record_check, record_reveal, try_number

__all__ = ["CheckFeedback", "check"]


class CheckFeedback(CheckResult):
    """A check result as a learner sees it; after enough tries it shows a "Show the answer" button in JupyterLab."""

    _reveal: Callable[[], CheckFeedback] | None = None  # set by check(): shows and records the answer

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = {"text/plain": str(self), "text/html": self._repr_html_()}
        reveal = self._reveal
        if not self.can_reveal or self.revealed or reveal is None:
            return bundle
        try:
            import ipywidgets as w
        except ImportError:  # no widgets: the text says how to reveal
            return bundle
        view = w.HTML(self._repr_html_())
        button = w.Button(description="Show the answer", tooltip=f"Show the answer to {self.exercise_id} and why")

        def show(_button=None) -> None:
            view.value = reveal()._repr_html_()
            button.layout.display = "none"

        button.on_click(show)
        box = w.VBox([view, button])
        widget = box._repr_mimebundle_(include=include, exclude=exclude) or {}
        return {**bundle, **{k: v for k, v in widget.items() if k != "text/plain"}}


def _exercise(exercise_id, case) -> dict:
    try:
        return next((e for e in load_registry(case) if e.get("id") == exercise_id), {})
    except Exception:  # noqa: BLE001 - a broken registry shows as the check's own error
        return {}


def _case_id(case) -> str | None:
    try:
        return case_folder_and_id(case)[1]
    except Exception:  # noqa: BLE001 - no case: nothing is saved, the result still shows
        return None


def _as_feedback(res: CheckResult) -> CheckFeedback:
    return CheckFeedback(**{f: getattr(res, f) for f in res.__dataclass_fields__})


def check(exercise_id: str, value, case=None, *, reveal: bool = False) -> CheckFeedback:
    """Check an exercise result, record the try in the learner's progress, and give the help this try deserves.

    The first wrong try says how many are right and which of your items are not, with a
    hint; later tries add a hint per item; ``reveal=True`` shows the answer and why
    (and records that you asked). A try is a new, well-formed answer: running the same
    answer again, a blank answer or a slip of form (a wrong type, an id that does not
    exist) is not counted.

    Example::

        check("07-dates", dates)
        Not yet: 9 of 11 dates right.
    """
    full = run_check(exercise_id, value, case)
    ex = _exercise(exercise_id, case)
    case_id = _case_id(case) if ex else None
    attempt = 1
    answer_print = fingerprint(value) if counts_as_try(full) else None
    if case_id and answer_print:
        attempt = _safely(lambda: try_number(case_id, "checks", exercise_id, answer_print), 1)

    kind = KINDS.get(str(ex.get("kind")))
    explains = bool(kind and kind.explains_on_pass(ex))

    def show(with_answer: bool) -> CheckFeedback:
        earned = with_answer or (full.passed and explains)  # the reasons are shown on a pass or a reveal, never before
        answer = key_text(exercise_id, case) if earned else ""
        return _as_feedback(stepped(full, attempt, ex, answer=answer, reveal=with_answer))

    shown = show(reveal)
    if case_id and answer_print:
        compact = _safely(lambda: compact_answer(value, ex), None)
        _safely(lambda: record_check(case_id, exercise_id, full.status, shown.message, fingerprint=answer_print, answer=compact), None)
    if case_id and reveal:
        _safely(lambda: record_reveal(case_id, "checks", exercise_id), None)
    if shown.can_reveal and not reveal and case_id:

        def reveal_now() -> CheckFeedback:
            _safely(lambda: record_reveal(case_id, "checks", exercise_id), None)
            return show(True)

        shown._reveal = reveal_now
    return shown


def _safely(action, default):
    """The action's result, or ``default`` when saving or reading progress fails (it must never hide the result)."""
    try:
        return action()
    except Exception:  # noqa: BLE001 - progress is a comfort; the check's answer comes first
        return default
