"""The actors of a case as a network: a networkx graph, its measures, and a fixed layout.

Example::

    from casekit.reading.network import build_graph, measures, brokers
    G = build_graph(case.actors, case.relations)
    measures(G)              # degree and betweenness per actor
    brokers(G)               # who bridges whom

Relations carry a ``period``; ``build_graph(..., period="1990s")`` keeps the
relations of that period and those marked ``throughout`` (they held in every
period). Nothing here knows any particular case: actor ids, types, relations
and periods all come from the tables.
"""

from __future__ import annotations

import math
import textwrap

import networkx as nx
import pandas as pd

from ..case.tables import require_columns
from ..errors import NetworkError

__all__ = [
    "ALWAYS",
    "NetworkError",
    "agency",
    "brokers",
    "build_graph",
    "label_lines",
    "layout",
    "measures",
]

ALWAYS = "throughout"  # the period value of a relation that held in every period
ACTOR_COLUMNS = ["actor_id", "name", "type"]
RELATION_COLUMNS = ["source", "target", "relation", "period", "sentence_id"]


def _periods(period) -> set[str] | None:
    if period is None:
        return None
    if isinstance(period, str):
        return {period, ALWAYS}
    msg = f"period must be one period as text, such as '1990s', or None for all; got {type(period).__name__}."
    raise NetworkError(msg)


def build_graph(actors: pd.DataFrame, relations: pd.DataFrame, period: str | None = None) -> nx.MultiDiGraph:
    """A directed multigraph: one node per actor, one edge per relation.

    Every actor becomes a node, also one without relations, so the picture
    shows who is mentioned but not connected. ``period`` keeps the relations
    of that period and those that held ``throughout``; None keeps them all.
    Node attributes: every column of ``actors``. Edge attributes: every column
    of ``relations``. Raises NetworkError when a relation names an actor id
    that is not in ``actors``, naming the row.

    Example::

        G = build_graph(case.actors, case.relations, period="1990s")
        G.number_of_nodes(), G.number_of_edges()
    """
    require_columns(actors, ACTOR_COLUMNS, "the actors table", NetworkError)
    require_columns(relations, RELATION_COLUMNS, "the relations table", NetworkError)
    keep = _periods(period)
    known = list(actors["actor_id"])
    if len(set(known)) != len(known):
        twice = sorted({a for a in known if known.count(a) > 1})
        msg = f"actor id {', '.join(map(repr, twice))} appears more than once in the actors table; ids must be unique."
        raise NetworkError(msg)
    graph = nx.MultiDiGraph()
    for row in actors.sort_values("actor_id").to_dict("records"):
        graph.add_node(row["actor_id"], **row)
    known_set = set(known)
    for number, row in enumerate(relations.to_dict("records"), start=1):
        for end in ("source", "target"):
            if row[end] not in known_set:
                listing = ", ".join(sorted(known_set))
                msg = f"relations row {number}: {end} {row[end]!r} is not an actor id; known ids: {listing}."
                raise NetworkError(msg)
        if keep is not None and row["period"] not in keep:
            continue
        graph.add_edge(row["source"], row["target"], key=f"{row['relation']}|{row['period']}", **row)
    return graph


def _simple(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph behind a multigraph (for distances and betweenness)."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in graph.edges() if u != v}))
    return simple


def measures(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Degree and betweenness of every actor, most connected first.

    ``degree``: relations touching the actor. ``partners``: distinct actors it is
    linked to. ``betweenness``: share of shortest paths between other actors that
    pass through it (0 to 1, undirected), a measure of who bridges parts of the map.
    """
    simple = _simple(graph)
    between = nx.betweenness_centrality(simple, normalized=True)
    rows = [
        {
            "actor_id": n,
            "name": graph.nodes[n].get("name", n),
            "type": graph.nodes[n].get("type", ""),
            "degree": graph.degree(n),
            "partners": simple.degree(n),
            "betweenness": round(between[n], 3),
        }
        for n in graph.nodes
    ]
    table = pd.DataFrame(rows, columns=["actor_id", "name", "type", "degree", "partners", "betweenness"])
    return table.sort_values(["degree", "betweenness", "actor_id"], ascending=[False, False, True]).reset_index(drop=True)


def brokers(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Who bridges whom: actors that are the only link between a group of actors and the rest of the map.

    One row per (broker, group): taking the broker out would cut the group off
    from the rest of its part of the map (the largest remaining part). The
    biggest groups come first; actors that bridge nothing are left out.
    """
    simple = _simple(graph)
    name = lambda n: graph.nodes[n].get("name", n)  # noqa: E731
    rows = []
    for broker in sorted(nx.articulation_points(simple)):
        rest = simple.copy()
        rest.remove_node(broker)
        groups = [sorted(c) for c in nx.connected_components(rest) if any(simple.has_edge(broker, m) for m in c)]
        groups.sort(key=lambda g: (-len(g), g))
        for group in groups[1:]:
            rows.append({"broker": broker, "broker_name": name(broker), "cuts_off": ", ".join(name(m) for m in group), "size": len(group)})
    table = pd.DataFrame(rows, columns=["broker", "broker_name", "cuts_off", "size"])
    return table.sort_values(["size", "broker", "cuts_off"], ascending=[False, True, True]).reset_index(drop=True)


def agency(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """For each actor: relations it is the subject of (acts) and the object of (acted upon).

    A relation ``source -> target`` makes the source the one who acts ("A
    supports B") and the target the one acted upon. Sorted by acts, then name.
    """
    rows = [
        {
            "actor_id": n,
            "name": graph.nodes[n].get("name", n),
            "acts": graph.out_degree(n),
            "acted_upon": graph.in_degree(n),
        }
        for n in graph.nodes
    ]
    table = pd.DataFrame(rows, columns=["actor_id", "name", "acts", "acted_upon"])
    return table.sort_values(["acts", "acted_upon", "actor_id"], ascending=[False, False, True]).reset_index(drop=True)


def label_lines(text: str, width: int = 16) -> list[str]:
    """A label broken into lines of at most ``width`` characters (long words are kept whole)."""
    return textwrap.wrap(str(text), width=width, break_long_words=False, break_on_hyphens=False) or [""]


def _spring(graph: nx.MultiDiGraph, seed: int) -> dict[str, tuple[float, float]]:
    simple = _simple(graph)
    if simple.number_of_nodes() == 1:
        return {n: (0.5, 0.5) for n in simple.nodes}
    k = 1.6 / math.sqrt(max(simple.number_of_nodes(), 1))
    pos = nx.spring_layout(simple, seed=seed, k=k, iterations=200)
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def _near_segment(point, a, b, tolerance: float = 0.3) -> bool:
    """Whether ``point`` lies within ``tolerance`` (grid units) of the segment a-b, away from its ends."""
    (px, py), (ax, ay), (bx, by) = point, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return False
    s = ((px - ax) * dx + (py - ay) * dy) / length2
    if s <= 0.05 or s >= 0.95:
        return False
    return math.hypot(ax + s * dx - px, ay + s * dy - py) < tolerance


def layout(
    graph: nx.MultiDiGraph, width: int = 420, height: int = 480, *, columns: int | None = None, seed: int = 7, margin: int = 50
) -> pd.DataFrame:
    """Fixed pixel positions for every node: the same picture on every run.

    A seeded spring layout places linked actors near each other; each actor is
    then moved to the nearest free cell of a staggered grid, so that nodes
    (and the labels drawn under them, one cell wide) never overlap. The grid
    has ``columns`` cells across (default: as many as fit 105 px each).
    Returns one row per actor: actor_id, x, y (pixels, y down), and the
    ``cell_width`` a label may use.
    """
    nodes = sorted(graph.nodes)
    if not nodes:
        return pd.DataFrame(columns=["actor_id", "x", "y", "cell_width"])
    usable_w, usable_h = max(width - 2 * margin, 1), max(height - 2 * margin, 1)
    columns = columns or max(2, min(len(nodes), int(usable_w // 105) + 1, math.ceil(len(nodes) * 1.35 / 5)))
    rows = max(2, math.ceil(len(nodes) * 1.35 / columns))
    spring = _spring(graph, seed)
    xs = [p[0] for p in spring.values()]
    ys = [p[1] for p in spring.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    # spring positions scaled to grid units
    target = {n: ((spring[n][0] - min(xs)) / span_x * (columns - 1), (spring[n][1] - min(ys)) / span_y * (rows - 1)) for n in nodes}
    cells = [(c, r) for r in range(rows) for c in range(columns)]
    free = set(cells)
    order = sorted(nodes, key=lambda n: (-graph.degree(n), n))
    simple = _simple(graph)
    chosen: dict[str, tuple[int, int]] = {}
    at = lambda cr: (cr[0] + (0.5 if cr[1] % 2 else 0), float(cr[1]))  # noqa: E731 - staggered grid point

    def crossings(n, cr) -> int:
        """Placed nodes that a line from this cell to a placed partner would run through, and vice versa."""
        p = at(cr)
        hits = 0
        for m in simple.neighbors(n):
            if m in chosen:
                q = at(chosen[m])
                hits += sum(_near_segment(at(c), p, q) for o, c in chosen.items() if o != m)
        for a, b in simple.edges():
            if a in chosen and b in chosen and n not in (a, b):
                hits += _near_segment(p, at(chosen[a]), at(chosen[b]))
        return hits

    for n in order:
        tx, ty = target[n]
        cell = min(free, key=lambda cr: ((at(cr)[0] - tx) ** 2 + (at(cr)[1] - ty) ** 2 + 3 * crossings(n, cr), cr[1], cr[0]))
        free.discard(cell)
        chosen[n] = cell
    step_x = usable_w / (columns - 0.5)
    step_y = usable_h / (rows - 1)
    out = []
    for n in nodes:
        c, r = chosen[n]
        x = margin + (c + (0.5 if r % 2 else 0)) * step_x
        y = margin + r * step_y
        out.append({"actor_id": n, "x": round(x, 1), "y": round(y, 1), "cell_width": round(step_x, 1)})
    return pd.DataFrame(out, columns=["actor_id", "x", "y", "cell_width"])
