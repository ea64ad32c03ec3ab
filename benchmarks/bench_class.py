"""Benchmark of ``class-report``: a class's progress files (300 learners) turned into the page and CSV.

``make_class`` writes a made-up class's progress files (version 2, with a history of tries) for a case:
each learner tries every exercise and question of the case; some first show one of the misconceptions
the case names (an answer built from the key by ``example_answer``), some give another wrong answer, a few
ask for the answer. The screenshot of the report (``tools/class_report_screenshot.py``) uses the same class.
Run directly for a quick look::

    python benchmarks/bench_class.py
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE_DIR = ROOT / "data" / "assad-fall-2024"
FIRST_NAMES = ["Ana", "Ben", "Chen", "Dara", "Eli", "Femi", "Gita", "Hugo", "Ines", "Jon", "Kai", "Lena", "Mo", "Nia", "Omar", "Pia"]


def _other_wrong(key, rng: random.Random):
    """A plain wrong answer near the key: an item dropped, or a number off."""
    if isinstance(key, list) and key:
        return sorted(key[:-1] if len(key) > 1 else [*key, "X99"])
    if isinstance(key, dict):
        return {**key, next(iter(key)): "?"}
    if isinstance(key, float | int):
        return round(float(key) * rng.choice([0.5, 2.0]), 2)
    return "a" if key != "a" else "c"  # another option


def make_class(folder: Path, learners: int = 300, case_dir: Path = CASE_DIR, seed: int = 7) -> list[str]:
    """Write ``learners`` progress files for ``case_dir`` into ``folder``; return the learners' names (made up)."""
    from casekit.case.folder import case_folder_and_id
    from casekit.instructor.insight import case_keys, case_misconceptions, example_answer

    rng = random.Random(seed)
    _, case_id = case_folder_and_id(case_dir)
    keys = case_keys(case_dir)
    named = case_misconceptions(case_dir)
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for n in range(learners):
        name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} Sample{n:03d}"
        names.append(name)
        data = {"version": 2, "case": case_id, "learner": name, "quiz": {}, "checks": {}}
        clock = 0
        for item, key in keys.items():
            part = "checks" if _is_check(item, case_dir) else "quiz"
            ok, bad = ("passed", "failed") if part == "checks" else ("correct", "incorrect")
            tries = []
            for m in named.get(item, []):
                if rng.random() < 0.25:
                    tries.append((example_answer(m, key), bad))
            if rng.random() < 0.2:
                tries.append((_other_wrong(key, rng), bad))
            revealed = len(tries) >= 2 and rng.random() < 0.3
            if not revealed or rng.random() < 0.5:
                tries.append((key, ok))
            if rng.random() < 0.05:
                continue  # never tried this one
            history = []
            for answer, status in tries:
                clock += rng.randint(20, 400)
                stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1767600000 + clock))
                history.append({"answer": answer, "status": status, "revealed": revealed and status == ok, "time": stamp})
            rec = {
                "status": history[-1]["status"],
                "message": "",
                "time": history[-1]["time"],
                "attempts": len(history),
                "history": history,
            }
            if part == "quiz":
                rec["answer"] = history[-1]["answer"]
            if revealed:
                rec["revealed"] = True
            data[part][item] = rec
        (folder / f"{name.replace(' ', '_')}.json").write_text(json.dumps(data), encoding="utf-8")
    return names


_CHECK_IDS: dict[Path, set[str]] = {}


def _is_check(item: str, case_dir: Path) -> bool:
    if case_dir not in _CHECK_IDS:
        from casekit.checks.registry import load_registry

        _CHECK_IDS[case_dir] = {ex["id"] for ex in load_registry(case_dir)}
    return item in _CHECK_IDS[case_dir]


def bench_class_report(learners: int = 300) -> float:
    """Seconds to build the class report (page, CSV, charts) from ``learners`` progress files. Target: < 10 s on 2 cores."""
    from casekit.instructor.insight import class_report

    with tempfile.TemporaryDirectory(prefix="casekit-bench-class-") as tmp:
        make_class(Path(tmp) / "class", learners)
        t = time.perf_counter()
        class_report([Path(tmp) / "class"], Path(tmp) / "class.html", case=CASE_DIR)
        return time.perf_counter() - t


if __name__ == "__main__":
    print(f"class-report, 300 learners: {bench_class_report():.2f} s")
