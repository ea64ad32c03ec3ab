"""The ``labels`` kind: a label per id (a claim's kind, an actor's type ...) against the reference column."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...common.folding import fold_label
from ...common.values import is_blank, is_missing
from ...common.wording import describe, listing, plural
from ..references import source_table
from ..result import CheckResult, result
from ..vocab import IdCatalogue, Vocabulary, catalogue_of, reader_of
from .base import CheckKind, Spec, accepted_readings

__all__ = ["LabelsKind", "check_labels"]

Reader = IdCatalogue | Vocabulary


def _label_values(value: Any, example: str) -> tuple[dict[str, Any] | None, str | None]:
    expect = "expected a mapping from id to label (a dict, a Series, or a table with two columns)"
    if isinstance(value, pd.DataFrame):
        if value.shape[1] != 2:
            return None, f"{expect}; got a table (DataFrame) with {value.shape[1]} columns."
        value = dict(zip(value.iloc[:, 0], value.iloc[:, 1]))
    elif isinstance(value, pd.Series):
        value = value.to_dict()
    if not isinstance(value, dict):
        return None, f"{expect}; got {describe(value)}."
    out = {}
    for k, v in value.items():
        if not isinstance(k, str):
            return None, f"expected ids as text, such as {example!r}; got {describe(k)} ({str(k)[:20]}) as a key."
        out[k.strip()] = v
    return out, None


def _read_labels(got: dict[str, Any], keys: IdCatalogue | None, labels: Reader | None, reference: dict[str, str]):
    """(id -> label as the case writes them, notes, slips of form): ids and labels typed any way a person would."""
    canon = {fold_label(k): k for k in reference}
    out: dict[str, Any] = {}
    notes: list[str] = []
    slips: list[str] = []
    for k, v in got.items():
        ident, said = keys.read(k) if keys else (canon.get(fold_label(k), k), "")
        if ident is None:
            slips.append(said)
            continue
        notes += [said] if said else []
        if labels is not None and not is_blank(v):
            found, problem = labels.read(str(v))
            if found is None:
                slips.append(f"{ident}: {problem}")
                continue
            v = found
        out[ident] = v
    return out, notes, slips


def check_labels(
    value,
    reference: dict[str, str],
    explanations: dict[str, str] | None = None,
    noun: str = "id",
    keys: IdCatalogue | None = None,
    labels: Reader | None = None,
    accept: dict[str, tuple[list[str], str]] | None = None,
) -> CheckResult:
    """Compare id -> label with the reference labels; explain each disagreement from ``explanations``.

    Labels are compared ignoring case, and spaces, dashes and underscores are treated alike.
    ``keys`` (the ids of the table) and ``labels`` (the labels the column allows) make an id
    that does not exist, or a label outside the vocabulary, a slip of form (status ``error``).
    ``accept`` maps an id to other labels the exercise takes for it, with the kit's reading.

    >>> check_labels({"C1": "Opinion"}, {"C1": "opinion"}).status
    'passed'
    """
    explanations, accept = explanations or {}, accept or {}
    got, problem = _label_values(value, next(iter(sorted(reference)), "id1"))
    if problem or got is None:
        return result("error", problem or "expected a mapping from id to label.")
    got, notes, slips = _read_labels(got, keys, labels, reference)
    if slips:
        more = f" (and {len(slips) - 1} more like it)" if len(slips) > 1 else ""
        return result("error", f"{slips[0].rstrip('.')}{more}. Fix that, then run the cell again; this was not counted as a try.")
    if not got:
        return result(
            "failed", f"no labels yet; the reference labels {plural(len(reference), noun)}.", right=0, total=len(reference), noun=noun
        )
    details, agree, wrong, readings = [], 0, {}, []
    for k, ref in reference.items():
        if k not in got or is_blank(got[k]):
            details.append(f"{k}: no label yet.")
            wrong[k] = "no label yet"
            continue
        if fold_label(got[k]) == fold_label(ref):
            agree += 1
            continue
        other, reading = accept.get(k, ([], ""))
        if any(fold_label(got[k]) == fold_label(o) for o in other):
            agree += 1
            readings.append(f"{k} (accepted): {reading}")
            continue
        why = explanations.get(k)
        why = f" ({why.rstrip('.')})" if why and not is_missing(why) else ""
        details.append(f"{k}: you said {got[k]}; the key says {ref}{why}.")
        wrong[k] = f"your label {got[k]!r} is not the key's"
    extra = [k for k in got if k not in reference]
    unchecked = f" ({plural(len(extra), 'other id')} not asked about, so not checked)" if extra else ""
    notes += [f"not checked (not among the {noun}s asked about): {listing(extra, 8)}."] if extra else []
    details += notes
    shown = {"right": agree, "total": len(reference), "noun": noun, "wrong": wrong, "notes": notes, "readings": readings}
    if agree == len(reference):
        accepted = " or an accepted one (see below)" if readings else ""
        message = f"all {plural(len(reference), noun)} asked about have the key's label{accepted}{unchecked}."
        return result("passed", message, [*details, *readings], **shown)
    return result("failed", f"{agree} of {len(reference)} labels agree with the key; see the notes below.", details, **shown)


class LabelsKind(CheckKind):
    """A label per id: from a table's ``key`` and ``column`` (``explain``: a column that explains it) or literal ``values``."""

    name = "labels"
    keyed_by_row = True
    fields = frozenset({"reference", "values", "explanations"})
    general_hint = "Reread each item named above in its sentence and ask which definition of the labels it meets."
    second_hint = "Compare your label with the lesson's definitions: which word in the sentence decides it?"

    def build(self, case, ex: dict) -> Spec:
        """The reference labels by id, and the explanation of each."""
        noun = ex.get("noun", "id")
        accept = {}
        for entry in accepted_readings(ex):
            accept[entry["item"]] = ([str(v) for v in entry.get("values", [entry.get("value")]) if v is not None], entry["reading"])
        if "values" in ex:
            reference = {str(k): str(v) for k, v in ex["values"].items()}
            return {"reference": reference, "explanations": dict(ex.get("explanations", {})), "noun": noun, "accept": accept}
        ref = ex.get("reference") or {}
        df = source_table(case, ref)
        keys = df[ref["key"]].astype(str)
        explanations = dict(zip(keys, df[ref["explain"]])) if ref.get("explain") else {}
        return {
            "reference": dict(zip(keys, df[ref["column"]].astype(str))),
            "explanations": explanations,
            "noun": noun,
            "keys": catalogue_of(case, ref["table"]),
            "labels": reader_of(case, ref["table"], ref["column"]),
            "accept": accept,
        }

    def key_columns(self, case, ex: dict) -> list[str]:
        """The labelled column and the column that explains it."""
        ref = ex.get("reference") or {}
        return [] if "values" in ex else [c for c in (ref.get("column"), ref.get("explain")) if c]

    def compare(self, value, **spec) -> CheckResult:
        """See :func:`check_labels`."""
        return check_labels(value, **spec)

    def key_text(self, spec: Spec, ex: dict) -> str:
        """Each id with its label, and why."""
        why = spec.get("explanations") or {}
        return "; ".join(
            f"{k}: {v}" + (f" ({why[k]})" if isinstance(why.get(k), str) and why[k] else "") for k, v in spec["reference"].items()
        )
