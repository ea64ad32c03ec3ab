"""Charts of sources: the chain of provenance (who passed whose words to whom) and rubric scores, yours against the instructor's."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..case.tables import require_columns as _need
from ..errors import InputError
from ..reading.text import READER
from ._base import OKABE_ITO, with_description

__all__ = ["provenance_chain", "rubric_comparison", "scores_table"]

_READER_NAME = "you, the reader"


def _levels(links: pd.DataFrame) -> dict[str, int]:
    """Column of each node: 0 for a first source, else one more than the furthest source feeding it."""
    nodes = list(dict.fromkeys([*links["from"], *links["to"]]))
    level = {n: 0 for n in nodes}
    for _ in range(len(nodes)):  # longest-path relaxation; a loop cannot push past len(nodes)
        changed = False
        for a, b in zip(links["from"], links["to"]):
            if level[b] < level[a] + 1:
                level[b] = level[a] + 1
                changed = True
        if not changed:
            break
    return level


def provenance_chain(provenance: pd.DataFrame, sources: pd.DataFrame | None = None) -> alt.LayerChart | alt.FacetChart:
    """The chain of provenance as a left-to-right diagram: first sources on the left, the reader on the right.

    ``provenance`` has ``from``, ``to`` and optionally ``how`` and ``certainty``
    (links marked ``unclear`` are dashed). ``sources`` (source_id, name, type)
    gives the names and colours; the reader node is ``to == "reader"``.

    Example::

        chart = provenance_chain(case.provenance, case.sources)
        print(chart.description)
    """
    _need(provenance, ["from", "to"], "the provenance table")
    if provenance.empty:
        raise InputError("the provenance table is empty; give it at least one row with 'from' and 'to'.")
    links = provenance.copy()
    links["how"] = links.get("how", "")
    links["certainty"] = links["certainty"].fillna("stated") if "certainty" in links else "stated"
    names, types = {READER: _READER_NAME}, {READER: "reader"}
    if sources is not None:
        _need(sources, ["source_id", "name"], "the sources")
        names.update(dict(zip(sources["source_id"], sources["name"])))
        if "type" in sources:
            types.update(dict(zip(sources["source_id"], sources["type"])))
    level = _levels(links)
    rows: dict[int, list[str]] = {}
    for node in level:
        rows.setdefault(level[node], []).append(node)
    tallest = max(len(v) for v in rows.values())
    y = {}
    for members in rows.values():
        offset = (tallest - len(members)) / 2
        for i, node in enumerate(members):
            y[node] = offset + i
    nodes = pd.DataFrame({"node": list(level)})
    nodes["x"], nodes["y"] = nodes["node"].map(level), nodes["node"].map(y)
    nodes["name"] = nodes["node"].map(lambda n: names.get(n, n))
    nodes["type"] = nodes["node"].map(lambda n: str(types.get(n, "other")).replace("_", " "))
    edges = links[["from", "to", "how", "certainty"]].copy()
    edges["x"], edges["y"] = edges["from"].map(level), edges["from"].map(y)
    edges["x2"], edges["y2"] = edges["to"].map(level), edges["to"].map(y)
    edges["link"] = edges["from"].map(lambda n: names.get(n, n)) + " → " + edges["to"].map(lambda n: names.get(n, n))
    type_domain = list(dict.fromkeys(nodes["type"]))
    xs = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-0.5, max(level.values()) + 0.5]))
    ys = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[tallest - 0.5, -0.7]))
    lines = (
        alt.Chart(edges)
        .mark_rule(strokeWidth=2, color="#555555")
        .encode(
            x=xs,
            y=ys,
            x2="x2:Q",
            y2="y2:Q",
            strokeDash=alt.StrokeDash(
                "certainty:N",
                scale=alt.Scale(domain=["stated", "unclear"], range=[[1, 0], [6, 4]]),
                legend=alt.Legend(title="Link", orient="bottom"),
            ),
            tooltip=[alt.Tooltip("link:N", title="Link"), alt.Tooltip("how:N", title="How"), alt.Tooltip("certainty:N", title="Certainty")],
        )
    )
    points = (
        alt.Chart(nodes)
        .mark_circle(size=260, opacity=1)
        .encode(
            x=xs,
            y=ys,
            color=alt.Color(
                "type:N",
                scale=alt.Scale(domain=type_domain, range=OKABE_ITO[: len(type_domain)]),
                legend=alt.Legend(title="Kind of source", orient="bottom"),
            ),
            tooltip=[alt.Tooltip("name:N", title="Source"), alt.Tooltip("type:N", title="Kind")],
        )
    )
    label = alt.Chart(nodes).encode(x=xs, y=ys, text="name:N")
    halo = label.mark_text(dy=-17, fontSize=12, fontWeight="bold", stroke="white", strokeWidth=5, strokeJoin="round")
    labels = label.mark_text(dy=-17, fontSize=12, fontWeight="bold", color="black")
    order = sorted(level, key=lambda n: (level[n], y[n]))
    steps = [
        f"{names.get(a, a)} → {names.get(b, b)} ({h}; {c})"
        for a, b, h, c in sorted(
            zip(edges["from"], edges["to"], edges["how"], edges["certainty"]), key=lambda r: (order.index(r[0]), order.index(r[1]))
        )
    ]
    unclear = int((edges["certainty"] == "unclear").sum())
    text = (
        f"Chain of provenance, {len(edges)} links ({unclear} unclear, drawn dashed), from the first sources on the left "
        f"to the reader on the right: " + "; ".join(steps) + "."
    )
    chart = alt.layer(lines, points, halo, labels, title="How the words reached you: the chain of provenance").properties(
        width=720, height=max(160, 62 * tallest)
    )
    return with_description(chart, text)


def scores_table(scores) -> pd.DataFrame:
    """Scores as a table (source_id, criterion_id, score) from a table or a dict such as {"lund": {"expertise": 2}}.

    Raises InputError with one sentence when a score is not 0, 1 or 2 or the shape is wrong.
    """
    if isinstance(scores, pd.DataFrame):
        _need(scores, ["source_id", "criterion_id", "score"], "the scores")
        df = scores[["source_id", "criterion_id", "score"]].copy()
    elif isinstance(scores, dict):
        rows = []
        for source, marks in scores.items():
            if not isinstance(marks, dict):
                raise InputError(
                    f"the scores for {source!r} should be a dict such as {{'expertise': 2, 'proximity': 0}}; got {type(marks).__name__}."
                )
            rows += [{"source_id": source, "criterion_id": c, "score": s} for c, s in marks.items()]
        df = pd.DataFrame(rows, columns=["source_id", "criterion_id", "score"])
    else:
        raise InputError(f"expected scores as a dict such as {{'lund': {{'expertise': 2}}}} or a table; got {type(scores).__name__}.")
    for _, row in df.iterrows():
        s = row["score"]
        if isinstance(s, bool) or not isinstance(s, int | float) or pd.isna(s) or s not in (0, 1, 2):
            raise InputError(
                f"{row['source_id']} {row['criterion_id']}: the score {s!r} is not 0, 1 or 2; use whole numbers from 0 (weak) to 2 (strong)."
            )
    df["score"] = df["score"].astype(int)
    return df


def rubric_comparison(instructor: pd.DataFrame, learner=None, rubric: pd.DataFrame | None = None) -> alt.Chart:
    """Dot chart of rubric scores per source and criterion: the learner's (filled) next to the instructor's (hollow).

    ``learner`` is a dict ``{source_id: {criterion_id: score}}`` or a table; with
    ``None`` or ``...`` (not scored yet) only the instructor's scores are shown.
    When given, only the sources the learner scored are drawn. ``rubric``
    (criterion_id, name) gives readable criterion names and their order.

    Example::

        rubric_comparison(case.rubric_scores, {"lund": {"expertise": 2}}, case.rubric)
    """
    theirs = scores_table(instructor).assign(who="instructor")
    mine = None if learner is None or learner is Ellipsis else scores_table(learner).assign(who="you")
    names = {}
    if rubric is not None:
        _need(rubric, ["criterion_id", "name"], "the rubric")
        names = dict(zip(rubric["criterion_id"], rubric["name"]))
    known = set(names) or set(theirs["criterion_id"])
    if mine is not None:
        unknown = sorted(set(mine["criterion_id"]) - known)
        if unknown:
            raise InputError(f"{', '.join(map(repr, unknown))} is not a criterion of the rubric; use {', '.join(sorted(known))}.")
        theirs = theirs[theirs["source_id"].isin(mine["source_id"])]
    df = pd.concat([theirs, mine]) if mine is not None else theirs
    criteria = list(names) if names else list(dict.fromkeys(theirs["criterion_id"]))
    df["criterion"] = df["criterion_id"].map(lambda c: names.get(c, c))
    order = [names.get(c, c) for c in criteria]
    base = alt.Chart(df).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[-0.3, 2.3]), axis=alt.Axis(values=[0, 1, 2], format="d", title="Score (0 to 2)")),
        y=alt.Y("criterion:N", sort=order, title=None),
        yOffset=alt.YOffset("who:N", sort=["you", "instructor"]),
        color=alt.Color(
            "who:N",
            scale=alt.Scale(domain=["you", "instructor"], range=[OKABE_ITO[5], OKABE_ITO[4]]),
            legend=alt.Legend(title="Scored by", orient="bottom"),
        ),
        shape=alt.Shape("who:N", scale=alt.Scale(domain=["you", "instructor"], range=["diamond", "circle"])),
        tooltip=["source_id:N", "criterion:N", "who:N", "score:Q"],
    )
    dots = base.mark_point(size=120, filled=True, opacity=0.9)
    sources = list(dict.fromkeys(df["source_id"]))
    chart = dots.properties(width=max(110, 620 // max(1, len(sources))), height=170).facet(
        column=alt.Column("source_id:N", sort=sources, title=None, header=alt.Header(labelFontSize=13, labelFontWeight="bold")),
        title="Source scores: yours against the instructor's",
    )
    text = _comparison_words(theirs, mine, names)
    return with_description(chart, text)


def _comparison_words(theirs: pd.DataFrame, mine: pd.DataFrame | None, names: dict[str, str]) -> str:
    if mine is None:
        totals = theirs.groupby("source_id", sort=False)["score"].agg(["sum", "count"])
        listing = "; ".join(f"{s} {int(r['sum'])} of {2 * int(r['count'])}" for s, r in totals.iterrows())
        return f"Instructor's scores only (you have not scored yet). Totals: {listing}."
    both = mine.merge(theirs, on=["source_id", "criterion_id"], how="left", suffixes=("_you", "_instructor"))
    parts = []
    for source, group in both.groupby("source_id", sort=False):
        agree = int((group["score_you"] == group["score_instructor"]).sum())
        diffs = [
            f"{names.get(c, c)} you {a}, instructor {'none' if pd.isna(b) else int(b)}"
            for c, a, b in zip(group["criterion_id"], group["score_you"], group["score_instructor"])
            if a != b
        ]
        parts.append(f"{source}: you agree on {agree} of {len(group)} criteria" + (f" (differ on {'; '.join(diffs)})" if diffs else ""))
    return "Your scores against the instructor's. " + ". ".join(parts) + "."
