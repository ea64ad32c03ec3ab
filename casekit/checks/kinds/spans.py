"""The ``spans`` kind: words copied from the raw text (claims, actors, time words), matched to the case's spans by overlap.

The learner reads a passage (a few sentences) and copies out the stretches of text the
exercise asks for. Each copied stretch must be in the passage as written (letter case,
quotes, dashes and spaces aside); one that is not is a slip of form, not a try. A stretch
matches an item of the key when most of it lies within one of the item's spans in the same
sentence (``inside``, default 0.6) and it covers enough of that span (``cover``, default
0.3): "12 days ago" finds "Only 12 days ago", "their support collapsed" finds the claim
that starts "over the last week", and a whole sentence finds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ...common.folding import fold, fold_answer
from ...common.ids import split_ids
from ...common.wording import describe, listing, plural
from ..references import source_table
from ..result import CheckResult, result
from .base import CheckKind, Spec, accepted_readings, extras_nameable

__all__ = ["SpansKind", "check_spans"]


def _flat(text: str) -> str:
    """Folded text with runs of spaces made one, so positions compare between the learner's words and the passage."""
    return " ".join(fold(text).split())


@dataclass(frozen=True)
class _Place:
    sentence: str
    start: int
    end: int


def _places(words: str, passage: dict[str, str]) -> list[_Place]:
    """Every place in the passage where ``words`` stand (folded), each as sentence and character range."""
    needle = _flat(words)
    if not needle:
        return []
    pattern = (r"\b" if needle[0].isalnum() else "") + re.escape(needle) + (r"\b" if needle[-1].isalnum() else "")
    found = []
    for sid, text in passage.items():
        for m in re.finditer(pattern, _flat(text)):
            found.append(_Place(sid, m.start(), m.end()))
    return found


def _fit(mine: _Place, theirs: _Place, inside: float, cover: float) -> float:
    """How well a copied stretch fits a span of the key: 0 when it does not, else the share of their union they share."""
    if mine.sentence != theirs.sentence:
        return 0.0
    shared = min(mine.end, theirs.end) - max(mine.start, theirs.start)
    if shared <= 0:
        return 0.0
    if shared < inside * (mine.end - mine.start) or shared < cover * (theirs.end - theirs.start):
        return 0.0
    return shared / (max(mine.end, theirs.end) - min(mine.start, theirs.start))


def _phrases(cell: Any) -> list[str]:
    """The phrases of a cell: a name, or ``;``-separated aliases (an empty cell has none)."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return []
    return [p.strip() for p in str(cell).split(";") if p.strip()]


def _stretches(value: Any) -> tuple[list[str] | None, str | None]:
    """The learner's copied stretches as a list of texts, or a sentence saying what was expected."""
    expect = 'expected a list of the words you copied, each in quotes, such as ["last week", "Iran"]'
    if isinstance(value, str):
        return None, f"{expect}; got one text. Put each stretch in its own quotes inside [ ]."
    if isinstance(value, pd.Series | pd.Index):
        value = value.tolist()
    if not isinstance(value, list | tuple | set | frozenset):
        return None, f"{expect}; got {describe(value)}."
    items = list(value)
    bad = [v for v in items if not isinstance(v, str)]
    if bad:
        return None, f"{expect}; got {describe(bad[0])} in the list."
    return [v.strip() for v in items if v.strip()], None


def check_spans(
    value,
    spans: dict[str, list[_Place]],
    passage: dict[str, str],
    noun: str = "item",
    inside: float = 0.6,
    cover: float = 0.3,
    accept: dict[str, str] | None = None,
    shown: dict[str, str] | None = None,
) -> CheckResult:
    """Compare the stretches a learner copied from ``passage`` (sentence id -> text) with the key's ``spans`` (item -> places).

    A stretch not found in the passage is a slip of form (status ``error``). Each item of the key
    is found when one of the learner's stretches fits one of its places; ``accept`` maps other
    stretches (folded) to the kit's reading of them: they are neither right nor wrong.
    ``shown`` gives each item's text for the full comparison (what a reveal shows).
    """
    accept, shown = accept or {}, shown or {}
    got, problem = _stretches(value)
    if problem or got is None:
        return result("error", problem or "expected a list of texts.")
    where = listing(list(passage)) if len(passage) <= 3 else f"{next(iter(passage))} to {list(passage)[-1]}"
    lost = [g for g in got if not _places(g, passage)]
    if lost:
        more = f" (and {len(lost) - 1} more like it)" if len(lost) > 1 else ""
        return result(
            "error",
            f"{lost[0][:60]!r} is not in {where} as written{more}; copy the words as they stand in the text (letter case does not "
            "matter). Fix that, then run the cell again; this was not counted as a try.",
        )
    if not got:
        return result(
            "failed", f"the list is empty; the passage has {plural(len(spans), noun)} to find.", right=0, total=len(spans), noun=noun
        )
    found: dict[str, str] = {}  # item -> the learner's stretch that found it
    extra, notes, readings = [], [], []
    for stretch in dict.fromkeys(got):
        hits = set()  # the items this stretch finds: one per place it stands (a word may stand in two sentences)
        for mine in _places(stretch, passage):
            fit, item = max(
                ((_fit(mine, theirs, inside, cover), item) for item, places in spans.items() for theirs in places), default=(0.0, "")
            )
            if fit > 0:
                hits.add(item)
        for item in sorted(hits):
            if item in found and fold_answer(found[item]) != fold_answer(stretch):
                notes.append(f"{stretch!r} and {found[item]!r} are the same {noun} (counted once).")
            found.setdefault(item, stretch)
        if hits:
            continue
        if fold_answer(stretch) in accept:
            readings.append(f"{stretch!r} (accepted): {accept[fold_answer(stretch)]}")
        else:
            extra.append(stretch)
    missing = [item for item in spans if item not in found]
    named = extras_nameable(missing=len(missing), mine=len(got), key=len(spans), universe=None)
    parts = {
        "right": len(found),
        "total": len(spans),
        "noun": noun,
        "extra": extra if named else [],
        "unnamed": 0 if named else len(extra),
        "notes": notes,
        "readings": readings,
    }
    details = [f"missing: {shown.get(i, i)}" for i in missing] + [f"not one of the {noun}s: {e!r}" for e in extra] + notes + readings
    if not missing and not extra:
        how = ", with an accepted reading (see below)" if readings else ""
        return result("passed", f"your list finds all {plural(len(spans), noun)} of the key{how}.", details, **parts)
    text = f"{len(found)} of {len(spans)} {noun}s found"
    if missing:
        text += f"; missing: {listing([shown.get(i, i) for i in missing])}"
    if extra:
        text += f"; not in the key: {listing([repr(e) for e in extra])}"
    return result("failed", text + ".", details, **parts)


class SpansKind(CheckKind):
    """Stretches of a passage: ``reference = {table, key, spans, where, sentences}`` (and ``inside``, ``cover``).

    ``sentences`` are the passage's sentence ids; ``where`` is the column that gives each row's
    sentence id (or ``;``-separated ids); ``spans`` the columns holding the words of each row as
    the text has them (a name and its ``;``-separated aliases). The key is every row of the table
    with a span in the passage.
    """

    name = "spans"
    fields = frozenset({"reference", "inside", "cover"})
    verb = "found"
    general_hint = "Read the passage again, one sentence at a time, and copy each stretch that answers the question exactly as it stands."
    second_hint = "Copy one item per stretch, in the text's own words: a few words, not a whole sentence, and not two items run together."

    @staticmethod
    def _passage(case, ref: dict) -> dict[str, str]:
        rows = case.tables["sentences"].set_index("sentence_id")["text"]
        missing = [s for s in ref.get("sentences", []) if s not in rows.index]
        if missing or not ref.get("sentences"):
            msg = f"the passage's sentences {missing or '(none given)'} are not sentence ids of the case."
            raise LookupError(msg)
        return {s: str(rows[s]) for s in ref["sentences"]}

    def build(self, case, ex: dict) -> Spec:
        """The passage, and each item's places in it: every span of its row found in a sentence it cites."""
        ref = ex.get("reference") or {}
        passage = self._passage(case, ref)
        df = source_table(case, {k: v for k, v in ref.items() if k in {"table", "key", "query"}})
        spans: dict[str, list[_Place]] = {}
        shown: dict[str, str] = {}
        for _, row in df.iterrows():
            cited = {s: passage[s] for s in split_ids(row[ref["where"]]) if s in passage}
            words = [w for column in ref["spans"] for w in _phrases(row[column])]
            here = [w for w in words if _places(w, cited)]
            if here:
                item = str(row[ref["key"]])
                spans[item] = [p for w in here for p in _places(w, cited)]
                shown[item] = f"{item} ({here[0]!r})"
        accept = {fold_answer(e["item"]): e["reading"] for e in accepted_readings(ex)}
        return {
            "spans": spans,
            "passage": passage,
            "noun": ex.get("noun", "item"),
            "inside": float(ex.get("inside", 0.6)),
            "cover": float(ex.get("cover", 0.3)),
            "accept": accept,
            "shown": shown,
        }

    def reference_problems(self, spec: Spec, ex: dict) -> list[str]:
        """A passage in which no row of the table has a span: the key would be empty."""
        if spec["spans"]:
            return []
        return ["no row of the table has a span in the passage: check its sentences, where and spans."]

    def compare(self, value, **spec) -> CheckResult:
        """See :func:`check_spans`."""
        return check_spans(value, **spec)

    def key_text(self, spec: Spec, ex: dict) -> str:
        """Each item with the words the text has for it, and the sentence where they stand."""
        return "; ".join(f"{spec['shown'][item]} in {places[0].sentence}" for item, places in spec["spans"].items())

    def key_columns(self, case, ex: dict) -> list[str]:
        """The span columns of the passage's rows; when a row cites several sentences (an actor), the column that places it."""
        ref = ex.get("reference") or {}
        return [ref["where"]] if self._many_places(case, ref) else list(ref.get("spans", []))

    def key_rows(self, case, ex: dict) -> Any:
        """The rows with a span in the passage (one sentence each); every row when rows cite several sentences."""
        ref = ex.get("reference") or {}
        if self._many_places(case, ref):
            return None
        df = case.tables[ref["table"]]
        return df.index[df[ref["where"]].astype(str).isin(ref.get("sentences", []))]

    @staticmethod
    def _many_places(case, ref: dict) -> bool:
        column = case.tables[ref["table"]][ref["where"]].astype(str)
        return bool(column.str.contains(";").any())
