"""Two or more texts' explanations side by side: which actors each explanation names, and which texts share them."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..case.tables import require_columns as _need
from ..common.ids import split_ids
from ..common.wording import plural
from ..errors import InputError
from ._base import OKABE_ITO, with_description

__all__ = ["compare_explanations", "comparison_description", "explanation_actors"]

_COLUMNS = ["explanation_id", "statement", "actor_ids"]
_SHARED, _ONLY = "named by every text", "named by this text only"


def explanation_actors(texts: dict[str, pd.DataFrame], same: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per text, explanation and actor it names, with whether every text names that actor.

    Parameters
    ----------
    texts
        The explanation tables by the name the reader knows each text by
        (``{"report": one.explanations, "speech": two.explanations}``).
    same
        Actor ids that differ between the texts for one actor, mapped to one id
        (``{"rebel_groups": "rebels"}``); other ids are matched as they are.

    Returns columns ``text``, ``explanation_id``, ``statement``, ``claims`` (the
    number of claim ids), ``actor_id`` and ``named_by`` (every text, or this one only).
    """
    if not isinstance(texts, dict) or len(texts) < 2:
        msg = f"expected a dict of at least two explanation tables by text name, such as {{'report': ..., 'speech': ...}}; got {type(texts).__name__}."
        raise InputError(msg)
    same = same or {}
    rows = []
    for name, table in texts.items():
        _need(table, _COLUMNS, f"the explanations of {name!r}")
        for row in table.itertuples(index=False):
            claims = len(split_ids(getattr(row, "claim_ids", "")))
            for actor in dict.fromkeys(same.get(a, a) for a in split_ids(row.actor_ids)):
                rows.append(
                    {
                        "text": str(name),
                        "explanation_id": row.explanation_id,
                        "statement": row.statement,
                        "claims": claims,
                        "actor_id": actor,
                    }
                )
    long = pd.DataFrame(rows, columns=["text", "explanation_id", "statement", "claims", "actor_id"])
    texts_per_actor = long.groupby("actor_id")["text"].nunique()
    shared = set(texts_per_actor[texts_per_actor == len(texts)].index)
    return long.assign(named_by=[_SHARED if a in shared else _ONLY for a in long["actor_id"]])


def _actor_order(long: pd.DataFrame) -> list[str]:
    """Actors every text names first, then the others, each group alphabetical."""
    shared = sorted(set(long.loc[long["named_by"] == _SHARED, "actor_id"]))
    return shared + sorted(set(long["actor_id"]) - set(shared))


def comparison_description(long: pd.DataFrame) -> str:
    """The comparison in words: the actors all texts name, each text's own, and each explanation's actors."""
    texts = list(dict.fromkeys(long["text"]))
    shared = sorted(set(long.loc[long["named_by"] == _SHARED, "actor_id"]))
    lines = [
        f"Explanations of {len(texts)} texts compared by the actors they name: "
        + "; ".join(f"{t}, {plural(long.loc[long['text'] == t, 'explanation_id'].nunique(), 'explanation')}" for t in texts)
        + ".",
        f"Named in the explanations of every text: {', '.join(shared) or 'no actor'}.",
    ]
    for t in texts:
        own = sorted(set(long.loc[(long["text"] == t) & (long["named_by"] == _ONLY), "actor_id"]))
        lines.append(f"Only in {t}: {', '.join(own) or 'no actor'}.")
    for (t, explanation), group in long.groupby(["text", "explanation_id"], sort=False):
        lines.append(f"{t}, {explanation} ({plural(int(group['claims'].iloc[0]), 'claim')}): {', '.join(group['actor_id'])}.")
    return "\n".join(lines)


def compare_explanations(texts: dict[str, pd.DataFrame], same: dict[str, str] | None = None, *, width: int = 170) -> alt.HConcatChart:
    """One panel per text: its explanations (columns) against the actors they name (rows, the same in every panel).

    A square marks an actor an explanation names, coloured by whether every
    text names that actor somewhere; an empty row in one panel is an actor that
    text's explanations leave out. The tooltip gives the statement and its number of claims.

    Example::

        chart = compare_explanations({"report": one.explanations, "speech": two.explanations})
        print(chart.description)
    """
    long = explanation_actors(texts, same)
    order = _actor_order(long)
    color = alt.Color("named_by:N", scale=alt.Scale(domain=[_SHARED, _ONLY], range=[OKABE_ITO[4], OKABE_ITO[0]]), title=None)
    panels = []
    for name in dict.fromkeys(long["text"]):
        data = long[long["text"] == name]
        panels.append(
            alt.Chart(data, title=str(name))
            .mark_square(size=180)
            .encode(
                x=alt.X("explanation_id:N", title=None, sort=list(dict.fromkeys(data["explanation_id"])), axis=alt.Axis(labelAngle=-40)),
                y=alt.Y("actor_id:N", title=None, scale=alt.Scale(domain=order), sort=order),
                color=color,
                tooltip=["text", "explanation_id", "statement", "claims", "actor_id", "named_by"],
            )
            .properties(width=width, height=18 * len(order))
        )
    chart = alt.hconcat(*panels).properties(title="Who each explanation names, text by text").configure_legend(orient="bottom")
    return with_description(chart, comparison_description(long))
