"""The ``text`` kind: a piece of writing within a word range that cites ids, every one of which exists.

It checks length and citations, never the quality of the argument (the rubric is for that).
"""

from __future__ import annotations

import re

from ...common.wording import listing, plural
from ..references import ids_at, source_table
from ..result import CheckResult, result
from .base import CheckKind, Spec

__all__ = ["TextKind", "check_text"]


_WORD = re.compile(r"\b\w[\w'’-]*\b")
_SENTENCE_END = re.compile(r"[.!?…]+(?:\s|$)")


def filler_problems(text: str, pattern: str, low: int) -> list[str]:
    r"""Why a text is not yet writing: too few sentences, or words repeated to reach the length (ids set aside).

    >>> filler_problems("S01 S02 S03 " + "word " * 150, r"\bS\d\d\b", 150)
    ['it has 1 sentence of five words or more; write at least 3 (a list of ids is not a sentence).', 'it repeats words to reach the length: write your own sentences.']
    """
    prose = re.sub(pattern, " ", text)
    sentences = [part for part in _SENTENCE_END.split(prose) if len(_WORD.findall(part)) >= 5]
    words = [w.casefold() for w in _WORD.findall(prose)]
    needed = low // 50
    problems = []
    if len(sentences) < needed:
        problems.append(
            f"it has {plural(len(sentences), 'sentence')} of five words or more; write at least {needed} (a list of ids is not a sentence)."
        )
    if len(words) >= 20 and (len(set(words)) < 0.3 * len(words) or max(map(words.count, set(words))) > 0.25 * len(words) + 2):
        problems.append("it repeats words to reach the length: write your own sentences.")
    return problems


def check_text(
    value,
    words: tuple[int, int],
    pattern: str,
    valid: set[str],
    min_cites: int = 1,
    groups: dict[str, set[str]] | None = None,
    what: str = "ids of this case",
) -> CheckResult:
    """A text within ``words`` (low, high) that cites at least ``min_cites`` ids matching ``pattern``, all in ``valid``.

    It must be writing (sentences, not ids and repeated words); with ``groups`` (the ids of
    each text a comparison draws on, by prefix) it must cite every one of them. ``what`` names,
    for the learner, what counts as a citation (a pattern with a group cites that group).
    """
    if not isinstance(value, str):
        return result("error", f"expected your text as a string in quotes; got {type(value).__name__}.")
    text = value.strip()
    count = len(_WORD.findall(text))
    canon = {v.casefold(): v for v in valid}
    cited = list(dict.fromkeys(canon.get(c.casefold(), c) for c in re.findall(pattern, text)))
    details = []
    low, high = words
    if count < low:
        details.append(f"{count} words; write at least {low}.")
    elif count > high:
        details.append(f"{count} words; cut to at most {high}.")
    details += filler_problems(text, pattern, low)
    bad = [c for c in cited if c not in valid]
    if bad:
        details.append(f"cites {listing(bad)}, which do not exist in this case.")
    good = [c for c in cited if c in valid]
    if len(good) < min_cites:
        details.append(f"cites {plural(len(good), 'existing id')}; cite at least {min_cites} ({what}).")
    uncited = [prefix for prefix, ids in (groups or {}).items() if not any(c in ids for c in good)]
    if uncited and len(groups or {}) > 1:
        details.append(f"cites nothing with {listing(uncited)}: a comparison cites both texts.")
    if details:
        return result("failed", "the text is not in shape yet; see below.", details)
    return result(
        "passed",
        f"{count} words, citing {len(good)} existing ids. (This checks length and citations, not the quality of the argument: use the rubric for that.)",
    )


class TextKind(CheckKind):
    """Writing of ``words = [low, high]`` that ``cites`` ids (``exist_in``, ``prefixed`` by another case, ``pattern``, ``min``, ``what``).

    A ``reference`` (``table``, ``query`` picking one row by its id, ``key``, ``column``) names a model answer
    in the case's tables: it is sealed for learners, and shown beside theirs once their own text passes.
    """

    name = "text"
    fields = frozenset({"cites", "words", "reference"})
    open_work = True
    keyed_by_row = True
    earned = "A model answer, to set beside yours (one good answer among many, not the only one)"

    def build(self, case, ex: dict) -> Spec:
        """The word range, the pattern of a cited id, the ids that exist, and how many must be cited."""
        cites = ex.get("cites", {})
        valid: set[str] = set()
        for target in cites.get("exist_in", []):
            valid |= ids_at(case, target)
        groups = {
            prefix: {f"{prefix}{i}" for target in targets for i in ids_at(case, target)}
            for prefix, targets in cites.get("prefixed", {}).items()
        }
        for ids in groups.values():
            valid |= ids
        low, high = ex.get("words", [0, 10**6])
        return {
            "words": (int(low), int(high)),
            "pattern": cites.get("pattern", r"\b\w+\d+\b"),
            "valid": valid,
            "min_cites": int(cites.get("min", 1)),
            "groups": groups,
            "what": str(cites.get("what", "ids of this case")),
            "model": self.model(case, ex),
        }

    def model(self, case, ex: dict) -> str:
        """The model answer the exercise's ``reference`` names, or an empty text."""
        ref = ex.get("reference") or {}
        if not ref:
            return ""
        rows = source_table(case, ref)
        return " ".join(str(v) for v in rows[ref["column"]] if str(v).strip())

    def explains_on_pass(self, ex: dict) -> bool:
        """A text with a model answer shows it on a pass."""
        return bool(ex.get("reference"))

    def key_columns(self, case, ex: dict) -> list[str]:
        """The model answer's column."""
        ref = ex.get("reference") or {}
        return [ref["column"]] if ref.get("column") else []

    def key_text(self, spec: Spec, ex: dict) -> str:
        """The model answer, when the exercise has one; else a pointer to the rubric."""
        return spec.get("model") or super().key_text(spec, ex)

    def compare(self, value, **spec) -> CheckResult:
        """See :func:`check_text`."""
        return check_text(value, **{k: v for k, v in spec.items() if k != "model"})
