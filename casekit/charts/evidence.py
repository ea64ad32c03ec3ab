"""The capstone's chart: how much evidence stands behind each explanation, and of what kind."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ._base import OKABE_ITO, with_description

__all__ = ["evidence_description", "evidence_strength"]

VERDICTS = ["supported", "imprecise", "unverifiable", "contradicted", "not checkable"]  # their order and colours; a case's own come after


def _verdicts(evidence: pd.DataFrame) -> list[str]:
    """The verdicts to colour: the usual ones in their order, then any other label the case's data package allows and uses."""
    own = [str(v) for v in dict.fromkeys(evidence["verdict"].dropna()) if str(v) not in VERDICTS]
    return VERDICTS + sorted(own)


def evidence_description(evidence: pd.DataFrame) -> str:
    """The chart in words: per explanation, how many claims and with which verdicts."""
    parts = []
    for explanation, group in evidence.groupby("explanation_id", sort=False):
        counts = group["verdict"].value_counts()
        detail = ", ".join(f"{n} {v}" for v, n in counts.items())
        parts.append(f"{explanation}: {len(group)} claims ({detail})")
    return "Claims behind each explanation, by verdict. " + "; ".join(parts) + "."


def evidence_strength(evidence: pd.DataFrame) -> alt.Chart:
    """Stacked bars: for each explanation, its claims coloured by verdict, with the source's score in the tooltip."""
    data = evidence.assign(source_score=evidence["source_score"].astype("Float64").astype(float))
    domain = _verdicts(data)
    chart = (
        alt.Chart(data)
        .mark_bar(stroke="white")
        .encode(
            y=alt.Y("explanation_id:N", title=None, sort=list(dict.fromkeys(data["explanation_id"]))),
            x=alt.X("count():Q", title="claims in the article", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("verdict:N", scale=alt.Scale(domain=domain, range=(OKABE_ITO * 2)[: len(domain)]), title="verdict"),
            order=alt.Order("verdict:N"),
            tooltip=["explanation_id", "claim_id", "sentence_id", "kind", "source", "source_score", "verdict"],
        )
        .properties(width=560, height=160, title="Evidence behind each explanation")
    )
    return with_description(chart, evidence_description(data))
