"""Weighing evidence for the capstone: which claims bear on each explanation, and how strong their sources are."""

from __future__ import annotations

import pandas as pd

from ..common.ids import split_ids

__all__ = ["evidence_table", "linked_rows"]


def linked_rows(table: pd.DataFrame, ids_cell, key: str) -> pd.DataFrame:
    """The rows of ``table`` whose ``key`` is among the ``;``-separated ids in ``ids_cell``, in that order."""
    ids = split_ids(ids_cell)
    return table.set_index(key).loc[[i for i in ids if i in set(table[key])]].reset_index()


def evidence_table(explanations: pd.DataFrame, claims: pd.DataFrame, scores: pd.DataFrame, unattributed: str | None = None) -> pd.DataFrame:
    """One row per explanation and claim: the claim's kind, verdict and source, and the source's mean rubric score (0-2).

    Claims attributed to nobody speak in the publisher's voice: pass its source id as ``unattributed``.
    """
    pairs = explanations.assign(claim_id=explanations["claim_ids"].map(split_ids)).explode("claim_id")
    merged = pairs[["explanation_id", "claim_id"]].merge(claims, on="claim_id", how="left")
    merged["source"] = merged["attributed_to"].fillna(unattributed) if unattributed else merged["attributed_to"]
    strength = scores.groupby("source_id")["score"].mean().round(1).rename("source_score")
    merged = merged.merge(strength, left_on="source", right_index=True, how="left")
    merged["verdict"] = merged["verdict"].fillna("not checkable")
    columns = ["explanation_id", "claim_id", "sentence_id", "kind", "source", "source_score", "verdict"]
    return merged[columns].reset_index(drop=True)
