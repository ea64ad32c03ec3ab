"""The actor network chart: actors as points coloured by type, relations as styled lines.

Example::

    import casekit.charts as charts
    chart = charts.actor_network(case.actors, case.relations, sentences=case.sentences)
    chart                                 # the picture
    print(chart.description)              # the same in words

``period=["before-2022", "1990s"]`` draws one panel per period, side by side,
on the same layout, so that a relation that appears or disappears stands out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from ..common.wording import agree
from ..reading.network import ALWAYS, NetworkError, build_graph, label_lines, layout
from ._base import OKABE_ITO, sealed_notice, with_description

__all__ = ["actor_network", "network_description"]

NODE_RADIUS = 7
FONT_SIZE = 10
CHAR_WIDTH = 5.8  # average width of a character at FONT_SIZE, in pixels
LINE_HEIGHT = 11
PARALLEL_GAP = 5  # pixels between two relations of the same pair of actors
# Line patterns for relations (repeated when there are more relations than patterns).
# Relations are styled in the alphabetical order of their names.
DASHES = [[1, 0], [9, 3], [2, 2], [6, 2, 1, 2], [8, 3, 2, 3], [1, 0], [4, 3]]
EDGE_COLOURS = ["#000000", "#0072B2", "#56B4E9", "#999999", "#CC79A7", "#009E73", "#D55E00"]
# Node shapes by actor type (alphabetical), so that type is not shown by colour alone.
SHAPES = ["circle", "square", "diamond", "triangle-up", "triangle-down", "cross", "triangle-right", "triangle-left"]


def _words(value: str) -> str:
    return str(value).replace("_", " ")


def _sentence_texts(sentences: pd.DataFrame | None) -> dict[str, str]:
    if sentences is None:
        return {}
    if not isinstance(sentences, pd.DataFrame) or not {"sentence_id", "text"} <= set(sentences.columns):
        msg = "sentences must be the sentence table (case.sentences), with columns sentence_id and text."
        raise NetworkError(msg)
    return dict(zip(sentences["sentence_id"], sentences["text"]))


def _type_labels(actors: pd.DataFrame, actor_types: pd.DataFrame | None) -> dict[str, str]:
    labels = {t: _words(t) for t in sorted(actors["type"].dropna().unique())}
    if actor_types is not None and {"type", "label"} <= set(actor_types.columns):
        labels.update({t: lab for t, lab in zip(actor_types["type"], actor_types["label"]) if t in labels})
    return labels


def _panels(period) -> list[str | None]:
    if period is None or isinstance(period, str):
        return [period]
    if isinstance(period, Sequence) and period and all(isinstance(p, str) for p in period):
        return list(period)
    msg = f"period must be None (all relations), one period such as '1990s', or a list of periods; got {period!r}."
    raise NetworkError(msg)


def _edges_frame(graph, pos: dict, names: dict, texts: dict, panel: str) -> pd.DataFrame:
    rows = []
    ordered = sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"], e[2]["period"]))
    pairs: dict[tuple, list] = {}
    for u, v, _ in ordered:
        pairs.setdefault(tuple(sorted((u, v))), []).append((u, v))
    seen: dict[tuple, int] = {}
    for u, v, data in ordered:
        (x1, y1), (x2, y2) = pos[u], pos[v]
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1.0
        # parallel relations between the same two actors are drawn side by side, not on top of each other
        pair = tuple(sorted((u, v)))
        j = seen.get(pair, 0)
        seen[pair] = j + 1
        offset = (j - (len(pairs[pair]) - 1) / 2) * PARALLEL_GAP
        px, py = -dy / dist * offset, dx / dist * offset
        if (u, v) != pair:
            px, py = -px, -py
        x1, y1, x2, y2 = x1 + px, y1 + py, x2 + px, y2 + py
        shrink = NODE_RADIUS + 4
        # stop short of the target node so that the arrowhead shows
        ex, ey = x2 - dx / dist * shrink, y2 - dy / dist * shrink
        sid = data.get("sentence_id", "")
        rows.append(
            {
                "panel": panel,
                "source": names[u],
                "target": names[v],
                "relation": _words(data["relation"]),
                "period": data["period"],
                "sentence": sid,
                "evidence": texts.get(sid, ""),
                "x": round(x1, 1),
                "y": round(y1, 1),
                "x2": round(ex, 1),
                "y2": round(ey, 1),
                "angle": round((math.degrees(math.atan2(dy, dx)) + 90) % 360, 1),
            }
        )
    return pd.DataFrame(
        rows, columns=["panel", "source", "target", "relation", "period", "sentence", "evidence", "x", "y", "x2", "y2", "angle"]
    )


def network_description(actors: pd.DataFrame, relations: pd.DataFrame, period=None) -> str:
    """The network in words, for screen readers and for the notebook: counts, then every relation.

    With several periods, it also says which relations appear only in one period.
    """
    lines = []
    names = dict(zip(actors["actor_id"], actors["name"]))
    panels = _panels(period)
    sets = []
    for p in panels:
        graph = build_graph(actors, relations, p)
        when = "all periods" if p is None else f"{p} (with relations that held {ALWAYS})"
        isolated = sorted(names[n] for n in graph.nodes if graph.degree(n) == 0)
        head = f"Actor network, {when}: {graph.number_of_nodes()} actors, {graph.number_of_edges()} relations."
        if isolated:
            head += f" Without any relation: {', '.join(isolated)}."
        lines.append(head)
        edges = sorted((names[u], _words(d["relation"]), names[v], d["sentence_id"]) for u, v, d in graph.edges(data=True))
        sets.append({(s, r, t) for s, r, t, _ in edges})
        lines.extend(f"- {s} {agree(s, r)} {t} ({sid})." for s, r, t, sid in edges)
    if len(panels) == 2:
        first, second = panels
        only_first, only_second = sorted(sets[0] - sets[1]), sorted(sets[1] - sets[0])
        if only_first:
            lines.append(f"Only in {first}: " + "; ".join(f"{s} {agree(s, r)} {t}" for s, r, t in only_first) + ".")
        if only_second:
            lines.append(f"Only in {second}: " + "; ".join(f"{s} {agree(s, r)} {t}" for s, r, t in only_second) + ".")
    return "\n".join(lines)


def actor_network(
    actors: pd.DataFrame,
    relations: pd.DataFrame,
    period=None,
    *,
    sentences: pd.DataFrame | None = None,
    actor_types: pd.DataFrame | None = None,
    width: int = 420,
    height: int = 470,
    seed: int = 7,
) -> alt.TopLevelMixin:
    """The actor network: points coloured by actor type, lines styled by relation, tooltips with the evidence.

    Parameters
    ----------
    actors, relations
        The actor and relation tables (``case.actors``, ``case.relations``).
    period
        None for every relation; one period (``"1990s"``) for the relations of
        that period plus those that held throughout; or a list of periods for
        one panel each, side by side on the same layout.
    sentences
        The sentence table: the tooltip of a relation then shows its sentence.
    actor_types
        The type table (``case.actor_types``): the legend then uses its labels.
    width, height
        Size of one panel in pixels.
    seed
        Seed of the layout; the same seed gives the same picture on every run.

    Returns an Altair chart (change it with ``.properties(...)``); its
    ``description`` holds the network in words.

    Example::

        chart = actor_network(case.actors, case.relations, ["before-2022", "1990s"], sentences=case.sentences)
    """
    notice = sealed_notice(relations, ["relation"], "The actor network") or sealed_notice(actors, ["type"], "The actor network")
    if notice is not None:
        return notice
    panels = _panels(period)
    full = build_graph(actors, relations)  # raises on an unknown actor id
    for p in panels:
        if p is not None and p != ALWAYS and p not in set(relations["period"]):
            known = ", ".join(sorted(set(relations["period"])))
            msg = f"no relation has the period {p!r}; the periods are: {known}."
            raise NetworkError(msg)
    texts = _sentence_texts(sentences)
    type_labels = _type_labels(actors, actor_types)
    names = dict(zip(actors["actor_id"], actors["name"]))
    pos_table = layout(full, width, height, seed=seed)
    pos = {r.actor_id: (r.x, r.y) for r in pos_table.itertuples()}
    cell = float(pos_table["cell_width"].iloc[0]) if len(pos_table) else width
    wrap = max(8, int((cell - 6) // CHAR_WIDTH))

    nodes = []
    for row in actors.sort_values("actor_id").itertuples():
        x, y = pos[row.actor_id]
        nodes.append(
            {
                "actor": row.name,
                "actor_id": row.actor_id,
                "type": type_labels.get(row.type, _words(row.type)),
                "sentences": str(getattr(row, "sentence_ids", "") or "").replace(";", ", "),
                "note": str(getattr(row, "note", "") or ""),
                "x": x,
                "y": y,
                "label": label_lines(row.name, wrap),
            }
        )
    node_df = pd.DataFrame(nodes)
    relation_kinds = sorted({_words(r) for r in relations["relation"]})
    type_domain = [type_labels[t] for t in sorted(type_labels)]
    x_scale = alt.Scale(domain=[0, width], nice=False, zero=False)
    y_scale = alt.Scale(domain=[0, height], nice=False, zero=False, reverse=True)
    type_scale = alt.Scale(domain=type_domain, range=(OKABE_ITO * 2)[: len(type_domain)])
    shape_scale = alt.Scale(domain=type_domain, range=(SHAPES * 2)[: len(type_domain)])
    edge_scale = alt.Scale(domain=relation_kinds, range=(EDGE_COLOURS * 2)[: len(relation_kinds)])
    dash_scale = alt.Scale(domain=relation_kinds, range=(DASHES * 2)[: len(relation_kinds)])
    type_legend = alt.Legend(orient="bottom", columns=3, title="actor type", symbolStrokeColor="#333333")
    edge_legend = alt.Legend(orient="bottom", columns=3, title="relation", symbolType="stroke", symbolStrokeWidth=2.5, symbolSize=300)

    # One table for every mark of every panel, drawn as one layered chart faceted by panel:
    # a much smaller specification than one layered chart per panel (faster to display).
    frames, titles = [], []
    for p in panels:
        title = "all periods" if p is None else (p if p == ALWAYS else f"{p} (+ {ALWAYS})")
        titles.append(title)
        edges = _edges_frame(build_graph(actors, relations, p), pos, names, texts, title).assign(mark="edge")
        frames.extend([edges, node_df.assign(panel=title, mark="node")])
    data = pd.concat([f for f in frames if len(f)], ignore_index=True)
    x = alt.X("x:Q", scale=x_scale, axis=None)
    y = alt.Y("y:Q", scale=y_scale, axis=None)
    edge_colour = alt.Stroke("relation:N", scale=edge_scale, legend=edge_legend)
    tooltip = [alt.Tooltip(f"{c}:N") for c in ("source", "relation", "target", "period", "sentence", "evidence")]
    base = alt.Chart()
    is_edge, is_node = alt.datum.mark == "edge", alt.datum.mark == "node"
    lines = (
        base.mark_rule(strokeWidth=2.2, opacity=0.85)
        .encode(
            x=x,
            y=y,
            x2="x2:Q",
            y2="y2:Q",
            stroke=edge_colour,
            strokeDash=alt.StrokeDash("relation:N", scale=dash_scale, legend=edge_legend),
            tooltip=tooltip,
        )
        .transform_filter(is_edge)
    )
    heads = (
        base.mark_point(shape="triangle-up", size=40, filled=False, strokeWidth=2, opacity=0.9)
        .encode(
            x=alt.X("x2:Q", scale=x_scale, axis=None),
            y=alt.Y("y2:Q", scale=y_scale, axis=None),
            angle=alt.Angle("angle:Q", scale=None),
            stroke=edge_colour,
            tooltip=tooltip,
        )
        .transform_filter(is_edge)
    )
    node_tip = [alt.Tooltip("actor:N"), alt.Tooltip("type:N"), alt.Tooltip("sentences:N", title="mentioned in"), alt.Tooltip("note:N")]
    points = (
        base.mark_point(size=math.pi * NODE_RADIUS**2 * 1.3, filled=True, opacity=1, stroke="#333333", strokeWidth=1)
        .encode(
            x=x,
            y=y,
            fill=alt.Fill("type:N", scale=type_scale, legend=type_legend),
            shape=alt.Shape("type:N", scale=shape_scale, legend=type_legend),
            tooltip=node_tip,
        )
        .transform_filter(is_node)
    )
    text_style: dict[str, Any] = dict(dy=NODE_RADIUS + 3, baseline="top", fontSize=FONT_SIZE, lineHeight=LINE_HEIGHT)
    halo = (
        base.mark_text(stroke="white", strokeWidth=3, strokeOpacity=0.9, **text_style)
        .encode(x=x, y=y, text="label")
        .transform_filter(is_node)
    )
    labels = base.mark_text(color="#111111", **text_style).encode(x=x, y=y, text="label").transform_filter(is_node)
    layer = alt.layer(lines, heads, points, halo, labels, data=data).properties(width=width, height=height)
    chart = layer.facet(
        column=alt.Column("panel:N", sort=titles, title=None, header=alt.Header(labelFontSize=12, labelFontWeight="bold")), spacing=10
    )
    chart = chart.configure_view(stroke=None)
    return with_description(chart, network_description(actors, relations, period))
