"""The class report of a grading run: one self-contained HTML file that opens offline, and the summary printed in the terminal.

No script, no CDN, no web font: a bar chart drawn with HTML and CSS (every bar
also carries its numbers as text, so nothing is said by colour alone), a
learner-by-exercise table, and every row of the grades.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import pandas as pd

from ...common.printable import clean
from ...common.wording import plural
from .outcomes import STATUSES
from .page import page

__all__ = ["report_html", "summary", "write_report"]

# Okabe-Ito colours (distinguishable with colour-blindness); the text says the status too.
COLOURS = dict(zip(STATUSES, ("#009E73", "#E69F00", "#BBBBBB", "#D55E00", "#CC79A7", "#0072B2", "#56B4E9"), strict=True))

CSS = """
body{max-width:70rem;font-size:15px}
.bars{display:grid;grid-template-columns:max-content 1fr max-content;gap:.35rem .75rem;align-items:center}
.bar{display:flex;height:1.2rem;border:1px solid #999;background:#fff;min-width:10rem}
.bar span{display:block;height:100%}
.key span{display:inline-block;width:.9rem;height:.9rem;margin:0 .3rem 0 1rem;vertical-align:middle;border:1px solid #999}
.status,td:not(.msg){white-space:nowrap}.msg{max-width:40rem}
"""


def _bar(counts: dict[str, int], total: int) -> str:
    parts = "".join(
        f'<span style="width:{100 * counts[s] / total:.2f}%;background:{COLOURS[s]}" title="{escape(s)}: {counts[s]}"></span>'
        for s in STATUSES
        if counts.get(s)
    )
    return f'<div class="bar" aria-hidden="true">{parts}</div>'


def report_html(table: pd.DataFrame, title: str = "Class report") -> str:
    """The report as one HTML page (a string), from the table that ``grade`` returns."""
    table = table.fillna("").astype(str)
    learners = table["learner"].nunique()
    notebooks = len(table[["learner", "notebook"]].drop_duplicates()) if len(table) else 0
    counts = table["status"].value_counts()
    head = f"<h1>{escape(title)}</h1><p>{plural(notebooks, 'notebook')} from {plural(learners, 'learner')}; {len(table)} results.</p>"
    totals = "".join(f'<tr><th scope="row">{escape(s)}</th><td class="num">{int(counts.get(s, 0))}</td></tr>' for s in STATUSES)
    parts = [head, "<h2>Results by status</h2>", f"<table><tbody>{totals}</tbody></table>"]

    per = table[(table["exercise"] != "") & (table["status"] != "marked")]
    if len(per):
        stats = []
        for ex, group in per.groupby("exercise"):
            c = group["status"].value_counts().to_dict()
            stats.append((c.get("passed", 0) / len(group), ex, c, len(group)))
        stats.sort(key=lambda s: (s[0], s[1]))
        key = "".join(f'<span style="background:{COLOURS[s]}"></span>{escape(s)}' for s in STATUSES)
        rows = []
        for rate, ex, c, total in stats:
            words = ", ".join(f"{c[s]} {s}" for s in STATUSES if c.get(s))
            rows.append(
                f"<div><strong>{escape(ex)}</strong></div>{_bar(c, total)}"
                f"<div>{c.get('passed', 0)} of {total} passed ({rate:.0%}); {escape(words)}</div>"
            )
        parts += [
            "<h2>Which exercises were hardest</h2>",
            "<p>Exercises ordered from the lowest share passed; each bar shows how every learner's result ended.</p>",
            f'<p class="key">{key}</p>',
            f'<div class="bars">{"".join(rows)}</div>',
        ]

        grid = per.pivot_table(index="learner", columns="exercise", values="status", aggfunc="first").fillna("")
        msgs = per.pivot_table(index="learner", columns="exercise", values="message", aggfunc="first").fillna("")
        header = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in grid.columns)
        body = []
        for learner, row in grid.iterrows():
            cells = "".join(f'<td class="status" title="{escape(msgs.loc[learner, c])}">{escape(v)}</td>' for c, v in row.items())
            body.append(f'<tr><th scope="row">{escape(str(learner))}</th>{cells}</tr>')
        parts += [
            "<h2>Learners by exercise</h2>",
            f'<table><thead><tr><th scope="col">learner</th>{header}</tr></thead><tbody>{"".join(body)}</tbody></table>',
        ]

    detail = "".join(
        "<tr>" + "".join(f'<td class="{"msg" if col == "message" else ""}">{escape(str(r[col]))}</td>' for col in table.columns) + "</tr>"
        for _, r in table.iterrows()
    )
    heads = "".join(f'<th scope="col">{escape(c)}</th>' for c in table.columns)
    parts += ["<h2>Every result</h2>", f"<table><thead><tr>{heads}</tr></thead><tbody>{detail}</tbody></table>"]
    return page(title, "".join(parts), CSS)


def write_report(table: pd.DataFrame, path: str | os.PathLike, title: str = "Class report") -> Path:
    """Write :func:`report_html` to ``path``; return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report_html(table, title), encoding="utf-8")
    return path


def summary(table: pd.DataFrame) -> str:
    """A few lines for the terminal: counts per status and the pass rate of each exercise, hardest first."""
    if table.empty:
        return "Nothing graded (no submissions in this shard)."
    learners = table["learner"].nunique()
    notebooks = len(table[["learner", "notebook"]].drop_duplicates())
    counts = table["status"].value_counts()
    lines = [
        f"Graded {plural(notebooks, 'notebook')} of {plural(learners, 'learner')}: {len(table)} results.",
        "  " + " · ".join(f"{s} {int(counts.get(s, 0))}" for s in STATUSES),
    ]
    per = table[(table["exercise"] != "") & (table["status"] != "marked")]
    if len(per):
        rates = pd.DataFrame(
            {"total": per.groupby("exercise").size(), "passed": per.assign(ok=per["status"] == "passed").groupby("exercise")["ok"].sum()}
        ).astype(int)
        rates["rate"] = rates["passed"] / rates["total"]
        rates = rates.sort_values(["rate", "total"], ascending=[True, False])
        width = max(map(len, rates.index))
        lines.append("Pass rate by exercise (hardest first):")
        lines += [f"  {clean(ex):<{width}}  {int(r.passed)} of {int(r.total)} ({r.rate:.0%})" for ex, r in rates.iterrows()]
    return "\n".join(clean(line) for line in lines)  # a learner's exercise id or name never moves the cursor or forges a line
