"""How much of a curated case `python -m casekit draft` finds from the text alone: recall and precision per table.

For each case of data/, its article.txt goes through `new-case` into a temporary
folder (with the case's case.toml), `draft` runs there, and the drafted rows are
compared with the curated tables:

- actors: a drafted actor matches a curated one when their names and aliases
  share a spelling (folded: case, quotes and dashes alike; a leading "the" dropped);
- attributed sentences: the sentence ids that some source row names;
- time expressions: the same sentence and overlapping words of it (all curated
  rows, and the explicit ones alone, since implicit ones have no words to find).

Run: ``python benchmarks/bench_draft.py`` (or as part of ``make bench``).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from casekit.case.folder import case_folders  # noqa: E402
from casekit.common.folding import fold  # noqa: E402
from casekit.instructor.draft import draft_case  # noqa: E402
from casekit.instructor.newcase import new_case  # noqa: E402


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def _spellings(row) -> set[str]:
    names = [row["name"], *str(row.get("aliases", "")).split(";")]
    return {fold(n.strip()).removeprefix("the ") for n in names if n.strip()}


def _ratio(hit: int, total: int) -> float:
    return hit / total if total else float("nan")


def actors_match(curated: pd.DataFrame, drafted: pd.DataFrame) -> tuple[float, float]:
    """Recall (curated actors found) and precision (drafted actors that are curated ones)."""
    cur = [_spellings(r) for _, r in curated.iterrows()]
    dra = [_spellings(r) for _, r in drafted.iterrows()]
    found = sum(any(c & d for d in dra) for c in cur)
    right = sum(any(c & d for c in cur) for d in dra)
    return _ratio(found, len(cur)), _ratio(right, len(dra))


def _sentence_set(sources: pd.DataFrame) -> set[str]:
    return {s for cell in sources["sentence_ids"] for s in str(cell).split(";") if s}


def attributions_match(curated: pd.DataFrame, drafted: pd.DataFrame) -> tuple[float, float]:
    """Recall and precision of the sentence ids that have a source."""
    cur, dra = _sentence_set(curated), _sentence_set(drafted)
    return _ratio(len(cur & dra), len(cur)), _ratio(len(cur & dra), len(dra))


def _span(sentences: dict[str, str], sid: str, expression: str) -> tuple[int, int] | None:
    at = sentences.get(sid, "").find(expression)
    return None if at < 0 else (at, at + len(expression))


def times_match(curated: pd.DataFrame, drafted: pd.DataFrame, sentences: pd.DataFrame) -> tuple[float, float, float]:
    """Recall over all curated expressions, recall over the explicit ones, and precision; by sentence and overlapping words."""
    text = dict(zip(sentences["sentence_id"], sentences["text"]))

    def spans(table):
        return [(r["sentence_id"], _span(text, r["sentence_id"], r["expression"]), r["kind"]) for _, r in table.iterrows()]

    cur, dra = spans(curated), spans(drafted)

    def overlaps(a, b):
        return a[0] == b[0] and a[1] and b[1] and a[1][0] < b[1][1] and b[1][0] < a[1][1]

    found = [any(overlaps(c, d) for d in dra) for c in cur]
    explicit = [f for f, c in zip(found, cur) if c[2] != "implicit"]
    right = sum(any(overlaps(c, d) for c in cur) for d in dra)
    return _ratio(sum(found), len(cur)), _ratio(sum(explicit), len(explicit)), _ratio(right, len(dra))


def measure(case: Path) -> dict[str, float]:
    """Draft the case's text afresh and compare with its curated tables."""
    meta = tomllib.loads((case / "case.toml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="casekit-bench-draft-") as tmp:
        folder = Path(tmp) / case.name
        new_case(folder, case / "article.txt", title=meta["case"].get("title", ""), date=meta["article"].get("published", ""))
        shutil.copy(case / "case.toml", folder / "case.toml")
        t = time.perf_counter()
        draft_case(folder)
        seconds = time.perf_counter() - t
        drafted = {name: _read(folder, name) for name in ("actors", "sources", "time_expressions")}
    ar, ap = actors_match(_read(case, "actors"), drafted["actors"])
    sr, sp = attributions_match(_read(case, "sources"), drafted["sources"])
    tr, te, tp = times_match(_read(case, "time_expressions"), drafted["time_expressions"], _read(case, "sentences"))
    return {
        "actors recall": ar,
        "actors precision": ap,
        "attributed sentences recall": sr,
        "attributed sentences precision": sp,
        "time expressions recall": tr,
        "time expressions recall (explicit)": te,
        "time expressions precision": tp,
        "seconds": seconds,
        "drafted actors": len(drafted["actors"]),
        "drafted time expressions": len(drafted["time_expressions"]),
    }


def figures() -> list[tuple[str, str]]:
    """(label, value) per case, as run.py prints them: recall / precision of each table, and the time taken."""
    out = []
    for case in case_folders(ROOT / "data"):
        f = measure(case)

        def pct(*names: str, f: dict = f) -> str:
            return " / ".join(f"{f[n]:.0%}" for n in names)

        out += [
            (f"draft {case.name}: actors R / P", pct("actors recall", "actors precision")),
            (f"draft {case.name}: attributions R / P", pct("attributed sentences recall", "attributed sentences precision")),
            (
                f"draft {case.name}: times R / R expl. / P",
                pct("time expressions recall", "time expressions recall (explicit)", "time expressions precision"),
            ),
            (
                f"draft {case.name}: time (rows)",
                f"{f['seconds']:.2f} s ({f['drafted actors']} actors, {f['drafted time expressions']} times)",
            ),
        ]
    return out


if __name__ == "__main__":
    for label, value in figures():
        print(f"  {label:<52} {value:>18}")
