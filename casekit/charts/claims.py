"""Charts of an article's statements: the kinds of claim through the text, and which are attributed to a source."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..case.tables import require_columns as _need
from ._base import OKABE_ITO, sealed_notice, with_description

__all__ = ["attribution", "claim_kinds", "claims_by_paragraph"]

# Okabe-Ito without its yellow, which is hard to see as a thin bar on white.
_COLOURS = [c for c in OKABE_ITO if c != "#F0E442"]


def _paragraph_labels(sentences: pd.DataFrame) -> dict[int, str]:
    """'3 body' for each paragraph: its number and the part of the text its first sentence belongs to."""
    first = sentences.sort_values("sentence_id").drop_duplicates("paragraph").set_index("paragraph")
    part = first["part"] if "part" in first else pd.Series("", index=first.index)
    return {int(p): f"{int(p)} {part[p]}".strip() for p in sorted(first.index)}


def claims_by_paragraph(claims: pd.DataFrame, sentences: pd.DataFrame, by: str) -> pd.DataFrame:
    """Count claims per paragraph and per value of ``by`` (a column of the claims); every paragraph appears.

    Example::

        claims_by_paragraph(case.claims, case.sentences, "kind")
    """
    _need(claims, ["sentence_id", by], "the claims")
    _need(sentences, ["sentence_id", "paragraph"], "the sentences")
    labels = _paragraph_labels(sentences)
    df = claims.merge(sentences[["sentence_id", "paragraph"]], on="sentence_id", how="left")
    counts = df.groupby(["paragraph", by]).size().rename("claims").reset_index()
    counts["paragraph"] = counts["paragraph"].astype(int)
    counts["label"] = counts["paragraph"].map(labels)
    return counts.sort_values(["paragraph", by]).reset_index(drop=True)


def _bars(counts: pd.DataFrame, labels: dict[int, str], colour: str, domain: list[str], title: str, legend: str) -> alt.Chart:
    return (
        alt.Chart(counts, title=title)
        .mark_bar()
        .encode(
            x=alt.X(
                "label:N",
                sort=list(labels.values()),
                scale=alt.Scale(domain=list(labels.values())),
                axis=alt.Axis(labelAngle=0, title="Paragraph (number and part of the text)"),
            ),
            y=alt.Y("sum(claims):Q", axis=alt.Axis(title="Number of claims", tickMinStep=1)),
            color=alt.Color(
                f"{colour}:N",
                scale=alt.Scale(domain=domain, range=_COLOURS[: len(domain)]),
                legend=alt.Legend(title=legend, orient="right"),
            ),
            order=alt.Order(f"{colour}:N"),
            tooltip=[
                alt.Tooltip("label:N", title="Paragraph"),
                alt.Tooltip(f"{colour}:N", title=legend),
                alt.Tooltip("claims:Q", title="Claims"),
            ],
        )
        .properties(width=640, height=260)
    )


def _words(counts: pd.DataFrame, labels: dict[int, str], colour: str) -> str:
    parts = []
    for paragraph, label in labels.items():
        here = counts[counts["paragraph"] == paragraph]
        if here.empty:
            parts.append(f"{label}: none")
        else:
            parts.append(f"{label}: " + ", ".join(f"{n} {str(v).replace('_', ' ')}" for v, n in zip(here[colour], here["claims"])))
    return "; ".join(parts) + "."


def claim_kinds(claims: pd.DataFrame, sentences: pd.DataFrame, kinds: list[str] | None = None) -> alt.Chart:
    """A stacked bar chart of the kinds of claim in each paragraph, in reading order.

    ``kinds`` fixes the order and colours of the kinds (default: as they first
    appear in the claims). The chart's description says the same in words.

    Example::

        chart = claim_kinds(case.claims, case.sentences)
        print(chart.description)
    """
    _need(claims, ["sentence_id", "kind"], "the claims")
    notice = sealed_notice(claims, ["kind"], "This chart of the kinds of claim")
    if notice is not None:
        return notice
    domain = kinds or list(dict.fromkeys(claims["kind"].dropna()))
    counts, labels = claims_by_paragraph(claims, sentences, "kind"), _paragraph_labels(sentences)
    counts["kind"] = pd.Categorical(counts["kind"], categories=domain)
    counts = counts.sort_values(["paragraph", "kind"]).astype({"kind": str})
    text = f"Kinds of claim by paragraph ({len(claims)} claims). " + _words(counts, labels, "kind")
    chart = _bars(counts, labels, "kind", domain, "Kinds of claim through the article", "Kind of claim")
    return with_description(chart, text)


def attribution(claims: pd.DataFrame, sentences: pd.DataFrame, column: str = "attributed_to") -> alt.Chart:
    """A stacked bar chart of claims attributed to a source versus claims with no source, per paragraph.

    Example::

        chart = attribution(case.claims, case.sentences)
    """
    _need(claims, ["sentence_id", column], "the claims")
    notice = sealed_notice(claims, [column], "This chart of who says so")
    if notice is not None:
        return notice
    df = claims.assign(source=claims[column].notna().map({True: "attributed to a source", False: "no source given"}))
    domain = ["attributed to a source", "no source given"]
    counts, labels = claims_by_paragraph(df, sentences, "source"), _paragraph_labels(sentences)
    n_attr = int(df[column].notna().sum())
    text = f"Attributed and unattributed claims by paragraph: {n_attr} of {len(df)} claims name a source. " + _words(
        counts, labels, "source"
    )
    chart = _bars(counts, labels, "source", domain, "Who says so? Claims with and without a source", "Claim")
    chart = chart.encode(
        color=alt.Color(
            "source:N", scale=alt.Scale(domain=domain, range=[OKABE_ITO[4], OKABE_ITO[0]]), legend=alt.Legend(title="Claim", orient="right")
        )
    )
    return with_description(chart, text)
