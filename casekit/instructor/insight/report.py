"""``class-report``: a class's progress files turned into one offline page and a CSV: where the room stumbled, the common
wrong answers, and the misconceptions the case names, with what to say next lesson.

``class_report(sources, out)`` builds both and returns a :class:`ClassReport`; ``watch`` rebuilds them every few
seconds while the files change (the command line's ``--watch``). Learners appear by pseudonym unless ``names``; a
learner with fewer than ``min_tries`` tries is never singled out. Charts are SVG drawn by vl-convert: no script,
nothing fetched.
"""

from __future__ import annotations

import csv
import datetime as dt
import glob
import io
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ...case.folder import case_folder_and_id
from ...checks.compact import compact_answer
from ...checks.kinds import build_reference
from ...checks.references import cached_case
from ...checks.registry import check_files, load_registry
from ...common.files import write_atomic
from ...common.wording import plural
from ...errors import InputError
from ...quizzes.bank import load_questions
from ..grading.page import page
from .analysis import ClassFigures, ItemFigures, class_figures
from .collect import ClassFiles, gather, pseudonym, pseudonym_salt
from .misconceptions import case_misconceptions

__all__ = ["CSV_COLUMNS", "ClassReport", "case_keys", "class_report", "watch"]

CSV_COLUMNS = [
    "lesson",
    "item",
    "part",
    "tried",
    "passed",
    "first_try",
    "median_tries",
    "revealed",
    "graded",
    "graded_passed",
    "common_wrong_answer",
    "common_wrong_count",
    "misconceptions",
]
_TOP = 5  # wrong answers and items shown per exercise
_CHART_TOP = 12  # misconceptions drawn in the chart (the list below it has them all)
# Okabe & Ito's colour-blind-safe palette, as casekit.charts uses (importing casekit.charts would set up notebook rendering).
_COLOURS = {"first try": "#009E73", "later": "#56B4E9", "after the answer was shown": "#E69F00", "not yet": "#999999"}

CSS = """
.lead{font-size:1.05rem}.muted{color:#555}.chart{margin:1rem 0}.chart svg{max-width:100%;height:auto}
ol.open li{margin-bottom:.75rem}.count{font-weight:bold}.skipped{font-size:.9rem}td.who{white-space:nowrap}
"""


@dataclass
class ClassReport:
    """What ``class_report`` wrote and found: the page and CSV, the class's figures, and the lines of bad input skipped."""

    html: Path
    csv: Path
    figures: ClassFigures
    skipped: list[str] = field(default_factory=list)
    learners: int = 0
    seconds: float = 0.0


# ---------------------------------------------------------------- the case's side


def case_keys(folder: Path) -> dict:
    """Item id -> the key in compact form (exercises and questions); items whose key cannot be built are left out."""
    keys: dict = {}
    try:
        exercises = load_registry(folder)
        case = cached_case(folder)
    except Exception:  # noqa: BLE001 - no key: the report lists answers without comparing them
        exercises, case = [], None
    for ex in exercises:
        if ex.get("kind") not in ("ids", "labels", "table", "number") or case is None:
            continue
        try:
            keys[ex["id"]] = compact_answer(build_reference(case, ex)["reference"], ex)
        except Exception:  # noqa: BLE001
            continue
    try:
        questions = load_questions(folder)
    except Exception:  # noqa: BLE001
        questions = {}
    for q in questions.values():
        if q.type in ("single", "multiple", "matching") and q.answer is not None:
            keys[q.id] = compact_answer(q.answer, {"kind": "labels"} if isinstance(q.answer, dict) else {})
    return keys


def _known(folder: Path) -> set[str] | None:
    """The ids of the case's exercises and questions (None when neither can be read: nothing is left out then)."""
    ids: set[str] = set()
    try:
        ids |= {str(ex.get("id")) for ex in load_registry(folder)}
    except Exception:  # noqa: BLE001 - validate reports a broken registry
        pass
    try:
        ids |= set(load_questions(folder))
    except Exception:  # noqa: BLE001
        pass
    return ids or None


def _lesson_names(folder: Path) -> dict[str, str]:
    names = {p.stem[:2]: p.stem for p in check_files(folder) if p.stem[:2].isdigit()}
    names.update({p.stem[:2]: p.stem for p in sorted((folder / "quizzes").glob("*.toml")) if p.stem[:2].isdigit()})
    return names


# ---------------------------------------------------------------- charts


def _svg(chart) -> str:
    """A chart as inline SVG (vl-convert, offline); the namespace attributes go, as HTML does not need them."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg, count=3)
    return re.sub(r"<svg\b", '<svg role="img" aria-hidden="true"', svg, count=1)


def _outcome_chart(items: list[ItemFigures]) -> tuple[str, str]:
    import altair as alt
    import pandas as pd

    rows = []
    for f in items:
        first = min(f.first_try, f.passed_unaided)
        rows += [
            {"item": f.item, "outcome": "first try", "learners": first},
            {"item": f.item, "outcome": "later", "learners": f.passed_unaided - first},
            {"item": f.item, "outcome": "after the answer was shown", "learners": f.revealed},
            {"item": f.item, "outcome": "not yet", "learners": max(f.tried - f.passed_unaided - f.revealed, 0)},
        ]
    hardest = sorted(items, key=lambda f: (f.first_try / f.tried if f.tried else 1, f.item))
    text = (
        f"A bar per exercise and question ({len(items)}), split by how learners got there: right on the first try, right later, "
        "the answer shown on request, or not yet. Lowest first-try share: "
        + "; ".join(f"{f.item} {f.first_try} of {f.tried}" for f in hardest[:3])
        + "."
    )
    chart = (
        alt.Chart(pd.DataFrame(rows), width=560, height=max(120, 18 * len(items)))
        .mark_bar()
        .encode(
            y=alt.Y("item:N", sort=[f.item for f in items], title=None, axis=alt.Axis(labelLimit=240)),
            x=alt.X("learners:Q", title="learners", stack="zero"),
            color=alt.Color(
                "outcome:N",
                scale=alt.Scale(domain=list(_COLOURS), range=list(_COLOURS.values())),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            order=alt.Order("order:Q"),
        )
        .transform_calculate(order="indexof(['first try','later','after the answer was shown','not yet'], datum.outcome)")
        .properties(description=text)
    )
    return _svg(chart), text


def _misconception_chart(ranked: list[tuple]) -> tuple[str, str]:
    import altair as alt
    import pandas as pd

    rows = [{"misconception": f"{m.id} ({m.item})", "learners": len(who)} for m, who in ranked[:_CHART_TOP]]
    more = f" (the {_CHART_TOP} shown most often of {len(ranked)})" if len(ranked) > _CHART_TOP else ""
    text = f"A bar per named misconception{more}, longest first: how many learners showed it. " + "; ".join(
        f"{r['misconception']}: {r['learners']}" for r in rows[:5]
    )
    chart = (
        alt.Chart(pd.DataFrame(rows), width=480, height=max(60, 20 * len(rows)))
        .mark_bar(color="#D55E00")
        .encode(
            y=alt.Y("misconception:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("learners:Q", title="learners", axis=alt.Axis(tickMinStep=1)),
        )
        .properties(description=text)
    )
    return _svg(chart), text


# ---------------------------------------------------------------- the page


def _pct(part: int, whole: int) -> str:
    return f"{part} ({round(100 * part / whole)}%)" if whole else "0"


def _num(value) -> str:
    return "" if value is None else f"{value:g}"


def _answer(text: str) -> str:
    """A grouped answer (JSON) in a line of text."""
    import json

    value = json.loads(text)
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(nothing)"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in sorted(value.items()))
    return str(value)


def _graded(grades, item: str) -> tuple[int, int]:
    if grades is None:
        return 0, 0
    rows = grades[grades["exercise"] == item]
    return len(rows), int((rows["status"] == "passed").sum())


def _ranked(figures: ClassFigures) -> list[tuple]:
    ranked = [(m, figures.shown(m)) for m in figures.misconceptions]
    return sorted([r for r in ranked if r[1]], key=lambda r: (-len(r[1]), r[0].item, r[0].id))


def _who(learners: Iterable[str], figures: ClassFigures, show: Callable[[str], str], min_tries: int) -> str:
    named = sorted(show(n) for n in learners if figures.learners.get(n, {}).get("tries", 0) >= min_tries)
    return ", ".join(named)


def _body(case_id: str, files: ClassFiles, figures: ClassFigures, lessons: dict, show, names: bool, min_tries: int) -> str:
    items = sorted(figures.items.values(), key=lambda f: (f.lesson, f.part != "checks", f.item))
    ranked = _ranked(figures)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        f"<h1>Class report: {escape(case_id)}</h1>",
        f'<p class="lead">Progress files of {plural(len(files.learners), "learner")} read'
        f"{'; ' + plural(len(files.skipped), 'file or source') + ' skipped (listed at the end)' if files.skipped else ''}. "
        f'<span class="muted">Built {stamp}. A progress file is the learner\'s own record on their machine: a picture of the class, not proof.</span></p>',
        '<nav><a href="#open">How to open the next class</a> · <a href="#stumbled">Where the class stumbled</a> · '
        '<a href="#wrong">Common wrong answers</a> · <a href="#learners">Learners</a></nav>',
        '<section id="open"><h2>How to open the next class</h2>',
    ]
    if ranked:
        svg, text = _misconception_chart(ranked)
        parts.append(f'<figure class="chart">{svg}<figcaption class="note">{escape(text)}</figcaption></figure><ol class="open">')
        for m, who in ranked:
            tried = figures.items[m.item].tried
            who_text = _who(who, figures, show, min_tries)
            parts.append(
                f'<li><span class="count">{_pct(len(who), tried)}</span> of the {plural(tried, "learner")} who tried '
                f"<code>{escape(m.item)}</code> showed <strong>{escape(m.id)}</strong>. {escape(m.note)} "
                f"<em>Revisit: <code>{escape(m.revisit)}</code> (lesson {escape(lessons.get(m.item[:2], m.item[:2]))}).</em>"
                + (f'<br><span class="muted">Learners: {escape(who_text)}</span>' if who_text else "")
                + "</li>"
            )
        parts.append("</ol>")
    else:
        parts.append("<p>No learner's wrong tries fit a misconception the case names (or no file records tries yet).</p>")
    parts.append("</section>")

    parts.append('<section id="stumbled"><h2>Where the class stumbled</h2>')
    if items:
        svg, text = _outcome_chart(items)
        parts.append(f'<figure class="chart">{svg}<figcaption class="note">{escape(text)}</figcaption></figure>')
    for lesson in sorted({f.lesson for f in items}):
        parts.append(f"<h3>Lesson {escape(lessons.get(lesson, lesson))}</h3>")
        head = ["exercise or question", "tried", "passed", "first try", "median tries to pass", "answer shown"]
        if files.grades is not None:
            head.append("graded passed")
        parts.append("<table><thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in head) + "</tr></thead><tbody>")
        for f in (f for f in items if f.lesson == lesson):
            cells = [
                f"<code>{escape(f.item)}</code>" + (" (quiz)" if f.part == "quiz" else ""),
                str(f.tried),
                _pct(f.passed, f.tried),
                _pct(f.first_try, f.tried),
                _num(f.median_tries),
                str(f.revealed),
            ]
            if files.grades is not None:
                graded, ok = _graded(files.grades, f.item)
                cells.append(f"{ok} of {graded}" if graded else "")
            parts.append("<tr>" + "".join(f'<td class="{"num" if i else ""}">{c}</td>' for i, c in enumerate(cells)) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</section>")

    parts.append('<section id="wrong"><h2>Common wrong answers</h2>')
    parts.append(
        '<p class="note">Each wrong try before the answer was shown, grouped; a learner is counted once per distinct answer. '
        "“+S04” is an item given that is not in the key, “−S06” one left out, “C16=analysis” a label or cell that differs.</p>"
    )
    for f in items:
        if not f.wrong_answers:
            continue
        answers = "".join(f"<li><span class='count'>{n}</span> × {escape(_answer(a))}</li>" for a, n in f.wrong_answers.most_common(_TOP))
        diffs = ", ".join(
            f"{escape(d.replace('-', '−', 1) if d.startswith('-') else d)} ({n})" for d, n in f.wrong_items.most_common(_TOP * 2)
        )
        parts.append(
            f"<h3><code>{escape(f.item)}</code></h3><ul>{answers}</ul>" + (f'<p class="note">By item: {diffs}</p>' if diffs else "")
        )
    parts.append("</section>")

    parts.append('<section id="learners"><h2>Learners</h2>')
    listed = {n: v for n, v in figures.learners.items() if v["tries"] >= min_tries}
    hidden = len(figures.learners) - len(listed)
    parts.append(
        f'<p class="note">{"Names as recorded (--names)." if names else "By pseudonym: the same learner keeps the same one on this machine."} '
        f"Learners with fewer than {plural(min_tries, 'try', 'tries')} are not listed ({hidden}).</p>"
    )
    parts.append(
        "<table><thead><tr>"
        + "".join(
            f'<th scope="col">{h}</th>'
            for h in ["learner", "tries", "items", "passed", "first try", "answers shown", "misconceptions shown"]
        )
        + "</tr></thead><tbody>"
    )
    for name, v in sorted(listed.items(), key=lambda kv: (-len(kv[1]["shown"]), -kv[1]["revealed"], show(kv[0]))):
        cells = [v["tries"], v["items"], v["passed"], v["first_try"], v["revealed"]]
        parts.append(
            f'<tr><td class="who">{escape(show(name))}</td>'
            + "".join(f'<td class="num">{c}</td>' for c in cells)
            + f"<td>{escape(', '.join(v['shown']))}</td></tr>"
        )
    parts.append("</tbody></table></section>")

    if files.skipped:
        parts.append('<section id="skipped"><h2>Skipped</h2>')
        if names:
            parts.append('<ul class="skipped">' + "".join(f"<li>{escape(s)}</li>" for s in files.skipped) + "</ul>")
        else:
            parts.append(
                f"<p>{plural(len(files.skipped), 'file or source')} skipped; the terminal lists them (their paths may hold names).</p>"
            )
        parts.append("</section>")
    return "".join(parts)


def _csv_text(figures: ClassFigures, grades, lessons: dict) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for f in sorted(figures.items.values(), key=lambda f: (f.lesson, f.part != "checks", f.item)):
        top = f.wrong_answers.most_common(1)
        graded, ok = _graded(grades, f.item)
        shown = sorted(((m, len(w)) for m, w in f.misconceptions.items()), key=lambda x: (-x[1], x[0]))
        writer.writerow(
            {
                "lesson": lessons.get(f.lesson, f.lesson),
                "item": f.item,
                "part": f.part,
                "tried": f.tried,
                "passed": f.passed,
                "first_try": f.first_try,
                "median_tries": _num(f.median_tries),
                "revealed": f.revealed,
                "graded": graded if grades is not None else "",
                "graded_passed": ok if grades is not None else "",
                "common_wrong_answer": _answer(top[0][0]) if top else "",
                "common_wrong_count": top[0][1] if top else "",
                "misconceptions": "; ".join(f"{m} ({n})" for m, n in shown),
            }
        )
    return buffer.getvalue()


def class_report(
    sources: Iterable[str | Path],
    out: str | Path = "class.html",
    *,
    case=None,
    names: bool = False,
    min_tries: int = 3,
    refresh: int | None = None,
) -> ClassReport:
    """Write the class report page ``out`` and the CSV beside it (``out`` with ``.csv``) from a class's progress files.

    ``sources`` are folders of progress files (searched recursively), globs (``/home/*/.local/share/casekit/progress/<case>/*.json``),
    single files, and graded CSVs (``grades.csv``). Bad input is skipped with one line each (``ClassReport.skipped``); the
    page is written all the same. ``refresh`` (seconds) makes the page reload itself, for ``--watch``.

    Example::

        report = class_report(["collected/"], "class.html")
        report.figures.items["07-dates"].first_try
    """
    started = time.perf_counter()
    if not isinstance(min_tries, int) or min_tries < 0:
        msg = f"--min-tries must be a whole number of tries, 0 or more; received {min_tries!r}."
        raise InputError(msg)
    folder, case_id = case_folder_and_id(case)
    files = gather(list(sources), case_id)
    misconceptions = case_misconceptions(folder)
    figures = class_figures(files.learners, misconceptions, case_keys(folder), known=_known(folder), skipped=files.skipped)
    lessons = _lesson_names(folder)
    salt = None if names else pseudonym_salt()
    show = (lambda n: n) if names else (lambda n: pseudonym(n, salt))
    html = page(f"Class report: {case_id}", _body(case_id, files, figures, lessons, show, names, min_tries), CSS)
    if refresh:
        html = html.replace('<meta charset="utf-8">', f'<meta charset="utf-8"><meta http-equiv="refresh" content="{int(refresh)}">', 1)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, html)
    csv_path = out.with_suffix(".csv")
    write_atomic(csv_path, _csv_text(figures, files.grades, lessons))
    return ClassReport(out, csv_path, figures, files.skipped, len(files.learners), time.perf_counter() - started)


def _signature(sources: list) -> tuple:
    stamps = []
    for source in sources:
        path = Path(source)
        if any(ch in str(source) for ch in "*?["):
            candidates = [Path(p) for p in glob.glob(str(source), recursive=True)]
        else:
            candidates = list(path.rglob("*")) if path.is_dir() else [path]
        for p in candidates:
            try:
                st = p.stat()
            except OSError:
                continue
            stamps.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(sorted(stamps))


def watch(
    sources: Iterable[str | Path],
    out: str | Path = "class.html",
    *,
    every: float = 5.0,
    on_build: Callable[[ClassReport], None] | None = None,
    rounds: int | None = None,
    **options,
) -> None:
    """Rebuild the page every ``every`` seconds while the sources change (stop with Ctrl-C); the page reloads itself.

    ``rounds`` stops after that many looks (tests); ``on_build`` is told of each rebuild.
    """
    sources = list(sources)
    last = None
    n = 0
    while rounds is None or n < rounds:
        n += 1
        now = _signature(sources)
        if now != last:
            report = class_report(sources, out, refresh=max(int(every), 2), **options)
            last = now
            if on_build:
                on_build(report)
        if rounds is None or n < rounds:
            time.sleep(every)
