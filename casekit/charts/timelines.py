"""Timeline charts: events with dates of different precision, and the order a text tells them in.

``timeline(events)`` draws a known day as a dot and a partial or uncertain date
(a month, a year, a range) as a bar over every day it can mean, in a long
view and a detail panel that shows a window of days, marked in the long view.
``narrative_order(events, sentences)`` sets the order in which a text
mentions events against the order in which they happened.

Both take an events table with an EDTF ``date`` column (the case's
``events`` table, or one a learner built) and return an Altair chart with a
text description (``chart.description``).
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from ..case import dates
from ..common.ids import split_ids
from ..common.values import is_missing
from ..common.wording import plural
from ..errors import DateError, TimelineError
from ._base import OKABE_ITO, with_description

__all__ = ["KIND_COLOURS", "narrative_order", "timeline", "timeline_table"]

# in-article: blue; context: orange (Okabe-Ito). Unknown kinds get the next colours.
KIND_COLOURS = {"in-article": OKABE_ITO[4], "context": OKABE_ITO[0]}
KIND_TITLES = {"in-article": "in the article", "context": "context (not in the article)"}
_KIND_WORDS = {"in-article": "in the article", "context": "context events not in the article"}
LABEL_WORDS = 7


def _short(text: str, words: int = LABEL_WORDS) -> str:
    parts = str(text).split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _evidence(row: pd.Series) -> str:
    sentence = row.get("sentence_id")
    refs = split_ids(row.get("ref_ids"))
    parts = []
    if isinstance(sentence, str) and sentence.strip():
        parts.append(f"sentence {sentence.strip()}")
    if refs:
        parts.append("refs " + ", ".join(refs))
    return "; ".join(parts) or "no evidence given"


def timeline_table(events: pd.DataFrame, *, date: str = "date", label: str = "summary") -> pd.DataFrame:
    """The events as the timeline draws them: one row per dated event, earliest first.

    Columns: event_id, kind, row (the y-axis label), start and end (ISO days
    of the earliest and latest possible day), mid (noon of a single day),
    single (True when the date is one day), qualified (approximate or
    uncertain), when, precision, evidence, summary. Rows whose date is not
    EDTF raise TimelineError naming the row and the fix.
    """
    if not isinstance(events, pd.DataFrame):
        msg = f"events must be a table (DataFrame) with a {date!r} column of EDTF dates, such as case.events; received {type(events).__name__}."
        raise TimelineError(msg)
    need = [date, label]
    missing = [c for c in need if c not in events.columns]
    if missing:
        have = ", ".join(map(str, events.columns[:8])) or "none"
        msg = f"events has no column {', '.join(map(repr, missing))}; it needs {date!r} (EDTF) and {label!r} (you have: {have})."
        raise TimelineError(msg)
    if events.empty:
        msg = "events is empty: add at least one row with a date and a summary."
        raise TimelineError(msg)
    rows, undated = [], []
    for position, (_, ev) in enumerate(events.iterrows(), start=1):
        text = ev[date]
        eid = str(ev["event_id"]) if "event_id" in events.columns and isinstance(ev["event_id"], str) else f"row {position}"
        if is_missing(text):  # no date (yet): left out, and the description says so
            undated.append(eid)
            continue
        try:
            lo, hi = dates.bounds(text)
            precision, when = dates.precision(text), dates.label(text)
        except DateError as exc:
            msg = f"{eid}: {exc}"
            raise TimelineError(msg) from None
        lo, hi = lo or hi, hi or lo  # an open end is drawn as its known day; 'when' says "or later"
        if lo is None or hi is None:  # both ends open
            msg = f"{eid}: {text!r} has no known end at all; give at least one end, such as 2024-12-08/.."
            raise TimelineError(msg)
        kind = ev["kind"] if "kind" in events.columns and isinstance(ev["kind"], str) else "in-article"
        tag = ev["sentence_id"] if kind == "in-article" and isinstance(ev.get("sentence_id"), str) else kind
        rows.append(
            {
                "event_id": eid,
                "kind": kind,
                "row": f"{eid} ({tag}) {_short(ev[label])}",
                "start": lo.isoformat(),
                "end": (hi + dt.timedelta(days=1)).isoformat(),
                "mid": f"{lo.isoformat()}T12:00:00",
                "single": lo == hi,
                "qualified": "approximate" in precision or "uncertain" in precision,
                "when": when,
                "precision": precision,
                "evidence": _evidence(ev),
                "summary": str(ev[label]),
            }
        )
    if not rows:
        msg = f"no event has a date in {date!r} ({len(undated)} left empty or sealed until an exercise is passed); give at least one an EDTF date."
        raise TimelineError(msg)
    table = pd.DataFrame(rows).sort_values(["start", "end", "event_id"], kind="stable").reset_index(drop=True)
    table.insert(0, "order", range(1, len(table) + 1))
    table.attrs["undated"] = undated
    return table


def _colour(kinds: list[str]) -> alt.Color:
    domain = [k for k in KIND_COLOURS if k in kinds] + sorted(k for k in set(kinds) if k not in KIND_COLOURS)
    spare = iter(c for c in OKABE_ITO if c not in KIND_COLOURS.values())
    rng = [KIND_COLOURS.get(k) or next(spare, "#999999") for k in domain]
    return alt.Color(
        "kind:N", title="Event", scale=alt.Scale(domain=domain, range=rng), legend=alt.Legend(orient="top", labelExpr=_legend_expr(domain))
    )


def _legend_expr(domain: list[str]) -> str:
    cases = " : ".join(f"datum.label === '{k}' ? '{KIND_TITLES[k]}'" for k in domain if k in KIND_TITLES)
    return f"{cases} : datum.label" if cases else "datum.label"


TOOLTIP = [
    alt.Tooltip("summary:N", title="Event"),
    alt.Tooltip("when:N", title="When"),
    alt.Tooltip("precision:N", title="Precision"),
    alt.Tooltip("evidence:N", title="Evidence"),
    alt.Tooltip("kind:N", title="Kind"),
]


def _marks(
    base: alt.Chart, y: alt.Y, colour: alt.Color, x, *, size: int, shown: pd.DataFrame, clip: bool = False
) -> alt.LayerChart | alt.FacetChart:
    """Bars for ranges, filled dots for known days, hollow dots for approximate or uncertain days.

    ``x`` builds the x encoding for a field name, so every layer shares its scale and axis;
    ``shown`` holds the events the panel draws, so a kind of mark none of them needs is left out.
    """
    ranges = (
        base.transform_filter("!datum.single")
        .mark_rule(strokeWidth=size, strokeCap="round", opacity=0.75, clip=clip)
        .encode(x=x("start:T"), x2="end:T", y=y, color=colour, tooltip=TOOLTIP)
    )
    exact = (
        base.transform_filter("datum.single && !datum.qualified")
        .mark_point(filled=True, size=size * 9, opacity=1, clip=clip)
        .encode(x=x("mid:T"), y=y, color=colour, tooltip=TOOLTIP)
    )
    rough = (
        base.transform_filter("datum.single && datum.qualified")
        .mark_point(filled=False, size=size * 9, strokeWidth=2, opacity=1, clip=clip)
        .encode(x=x("mid:T"), y=y, color=colour, tooltip=TOOLTIP)
    )
    # A layer with no events would draw an empty, unlabelled mark group that screen readers announce.
    needed = (~shown["single"], shown["single"] & ~shown["qualified"], shown["single"] & shown["qualified"])
    return alt.layer(*([layer for layer, rows in zip((ranges, exact, rough), needed) if rows.any()] or [ranges]))


def _day(text: str) -> dt.date:
    lo, _ = dates.bounds(text)
    if lo is None:
        msg = f"{text!r} has no first day; give a day, month or year, such as 2024-11-25."
        raise TimelineError(msg)
    return lo


def _describe_timeline(table: pd.DataFrame, zoom: tuple[dt.date, dt.date]) -> str:
    counts = table["kind"].value_counts()
    kinds = ", ".join(f"{n} {_KIND_WORDS.get(k, k)}" for k, n in counts.items())
    single = int(table["single"].sum())
    rough = int((table["single"] & table["qualified"]).sum())
    first = table["start"].min()[:4]
    last = (dt.date.fromisoformat(table["end"].max()) - dt.timedelta(days=1)).year
    in_zoom = table[(table["end"] > zoom[0].isoformat()) & (table["start"] <= zoom[1].isoformat())]
    lines = [
        f"Timeline of {len(table)} events ({kinds}), from {first} to {last}.",
        f"{single} are dated to a single day (dots; {rough} of them only approximately, hollow dots); "
        f"{len(table) - single} have only a month, a year or a range (bars over every day they can mean).",
        f"The lower panel shows {zoom[0].day} {zoom[0]:%B %Y} to {zoom[1].day} {zoom[1]:%B %Y}, with {len(in_zoom)} events, in order:",
    ]
    lines += [f"  {r.event_id} · {r.when} · {_short(r.summary, 12)}" for r in in_zoom.itertuples()]
    undated = table.attrs.get("undated") or []
    if undated:
        lines.append(f"Not drawn, having no date here (empty, or sealed until an exercise is passed): {', '.join(undated)}.")
    return "\n".join(lines)


def timeline(
    events: pd.DataFrame,
    *,
    zoom: tuple[str, str] = ("2024-11-25", "2024-12-09"),
    date: str = "date",
    label: str = "summary",
    width: int = 540,
) -> alt.VConcatChart:
    """A timeline of events: a long view above a detail panel of a window of days (two linked panels).

    Parameters
    ----------
    events : DataFrame
        One row per event with an EDTF ``date`` column and a ``summary``;
        ``kind`` (in-article or context), ``event_id``, ``sentence_id`` and
        ``ref_ids`` are used when present.
    zoom : (str, str)
        The first and last day of the detail panel (EDTF days); the long
        view marks where that window lies.
    width : int
        Width of both panels' plot areas in pixels (the labels add about 320).

    Returns
    -------
    alt.VConcatChart
        The chart; ``chart.description`` holds its text description.

    Example::

        chart = timeline(case.events)
        print(chart.description)
    """
    table = timeline_table(events, date=date, label=label)
    try:
        zoom_days = (_day(zoom[0]), _day(zoom[1]))
    except (DateError, TypeError, IndexError):
        msg = f"zoom must be two EDTF days, such as ('2024-11-25', '2024-12-09'); received {zoom!r}."
        raise TimelineError(msg) from None
    colour = _colour(table["kind"].tolist())
    first, after = zoom_days[0].isoformat(), (zoom_days[1] + dt.timedelta(days=1)).isoformat()
    base = alt.Chart(table)

    lanes = alt.Y("kind:N", title=None, sort=list(KIND_COLOURS), axis=alt.Axis(labelExpr=_legend_expr(list(KIND_COLOURS)), labelLimit=200))

    def long_x(field: str) -> alt.X:
        return alt.X(field, title=None, axis=alt.Axis(format="%Y", tickCount=12))

    # Where the lower panel sits in the long view: a marker, hidden from screen readers (the description says it).
    window = alt.Chart(pd.DataFrame({"mid": [(zoom_days[0] + (zoom_days[1] - zoom_days[0]) / 2).isoformat()], "text": ["window below"]}))
    marker = window.mark_rule(color="#000000", strokeWidth=3, opacity=0.6, aria=False).encode(x=alt.X("mid:T"))
    marker_label = window.mark_text(align="right", dx=-6, dy=-38, fontSize=11, aria=False).encode(x=alt.X("mid:T"), text="text:N")
    overview = alt.layer(_marks(base, lanes, colour, long_x, size=8, shown=table), marker, marker_label).properties(
        width=width, height=90, title=alt.Title("All events", subtitle="The black line marks the window shown in the lower panel.")
    )

    overlap = f"time(datum.end) > time('{first}') && time(datum.start) < time('{after}')"
    rows = alt.Y(
        "row:N",
        title=None,
        sort=alt.EncodingSortField("order", op="min", order="ascending"),
        axis=alt.Axis(labelLimit=300, labelFontSize=11),
    )

    def detail_x(field: str) -> alt.X:
        return alt.X(
            field,
            title=None,
            scale=alt.Scale(domain=[first, after]),
            axis=alt.Axis(format="%d %b", tickCount=8, labelAngle=0, labelOverlap=True, grid=True),
        )

    in_window = table[(table["end"] > first) & (table["start"] < after)]
    detail = _marks(base.transform_filter(overlap), rows, colour, detail_x, size=10, shown=in_window, clip=True).properties(
        width=width,
        height=alt.Step(20),
        title=alt.Title(
            f"{zoom_days[0].day} {zoom_days[0]:%B} to {zoom_days[1].day} {zoom_days[1]:%B %Y}",
            subtitle="Dot: a known day (hollow: approximate). Bar: every day a month, year or range can mean.",
        ),
    )
    chart = alt.vconcat(overview, detail, spacing=24).resolve_scale(x="independent")
    return with_description(chart, _describe_timeline(table, zoom_days))


def narrative_order(
    events: pd.DataFrame, sentences: pd.DataFrame, *, date: str = "date", label: str = "summary", width: int = 520
) -> alt.LayerChart | alt.FacetChart:
    """Where each event is mentioned (sentence, left to right) against when it happened (earliest at the bottom).

    Only events with a ``sentence_id`` are drawn. The line follows the
    reading order, so every drop of the line is a jump back in time.

    Example::

        chart = narrative_order(case.events, case.sentences)
        print(chart.description)
    """
    if not isinstance(sentences, pd.DataFrame) or "sentence_id" not in sentences.columns:
        msg = "sentences must be a table with a 'sentence_id' column, such as case.sentences."
        raise TimelineError(msg)
    if not isinstance(events, pd.DataFrame) or "sentence_id" not in events.columns:
        msg = "events needs a 'sentence_id' column: the sentence that mentions each event."
        raise TimelineError(msg)
    mentioned = events[events["sentence_id"].notna()]
    if mentioned.empty:
        msg = "no event has a sentence_id, so there is no reading order to draw."
        raise TimelineError(msg)
    order = list(sentences["sentence_id"])
    unknown = sorted(set(mentioned["sentence_id"]) - set(order))
    if unknown:
        msg = f"sentence {', '.join(unknown)} is not in the sentences table; use ids such as {order[0]}."
        raise TimelineError(msg)
    table = timeline_table(mentioned, date=date, label=label)
    sentence_of = dict(zip(mentioned.get("event_id", pd.Series(dtype=str)).astype(str), mentioned["sentence_id"]))
    table["sentence_id"] = table["event_id"].map(sentence_of)
    table["time_rank"] = range(1, len(table) + 1)
    table["time_row"] = [f"{_compact(r.when)} · {_short(r.summary, 5)}" for r in table.itertuples()]
    table["position"] = table["sentence_id"].map({s: i for i, s in enumerate(order, start=1)})
    table = table.sort_values(["position", "time_rank"], kind="stable").reset_index(drop=True)
    table["reading_step"] = range(1, len(table) + 1)

    x = alt.X(
        "sentence_id:O",
        title="Where the article mentions it (sentence, in reading order)",
        scale=alt.Scale(domain=order),
        axis=alt.Axis(labelAngle=0),
    )
    y = alt.Y("time_row:N", title=None, sort=alt.EncodingSortField("time_rank", order="descending"), axis=alt.Axis(labelLimit=300))
    base = alt.Chart(
        table[["event_id", "sentence_id", "time_rank", "time_row", "reading_step", "when", "precision", "evidence", "summary", "kind"]]
    )
    path = base.mark_line(color="#999999", strokeWidth=1.5, point=False).encode(x=x, y=y, order="reading_step:Q")
    dots = base.mark_point(filled=True, size=90, color=OKABE_ITO[4], opacity=1).encode(
        x=x, y=y, tooltip=[alt.Tooltip("reading_step:Q", title="Mentioned"), *TOOLTIP[:4]]
    )
    steps = base.mark_text(dx=9, dy=-8, fontSize=10, color="#444444").encode(x=x, y=y, text="reading_step:Q")
    chart = alt.layer(path, dots, steps).properties(
        width=width,
        height=alt.Step(22),
        title=alt.Title(
            "Reading order against time order",
            subtitle=[
                "Up: later in time (earliest at the bottom). Right: later in the article.",
                "Numbers give the order of mention; each drop of the grey line is a jump back in time.",
            ],
        ),
    )
    return with_description(chart, _describe_order(table))


_MONTH_ABBR = {
    m: m[:3]
    for m in ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
}


def _compact(when: str) -> str:
    """A short form of a date label for axis labels: '29 Nov 2024 to 30 Nov 2024', 'about 2011' -> '~2011'."""
    for month, abbr in _MONTH_ABBR.items():
        when = when.replace(month, abbr)
    return when.replace(" (uncertain)", "?").replace("about ", "~")


def _describe_order(table: pd.DataFrame) -> str:
    ranks = table["time_rank"].tolist()
    back = [(i, ranks[i - 1] - ranks[i]) for i in range(1, len(ranks)) if ranks[i] < ranks[i - 1]]
    lines = [
        f"The article mentions {len(table)} dated events in {table['sentence_id'].nunique()} sentences.",
        f"Reading from the first sentence to the last, it jumps back in time {plural(len(back), 'time')}.",
    ]
    if back:
        i, _ = max(back, key=lambda b: b[1])
        a, b = table.iloc[i - 1], table.iloc[i]
        lines.append(
            f"The largest jump goes from {a.event_id} ({a.when}, {a.sentence_id}) back to {b.event_id} ({b.when}, {b.sentence_id})."
        )
    first = table.sort_values("time_rank").iloc[0]
    lines.append(f"The earliest event, {first.event_id} ({first.when}), is mentioned in {first.sentence_id}.")
    return "\n".join(lines)
