"""Write docs/img/class-report.png: the class report of a made-up class of 30 learners, in headless Chromium.

    PYTHONPATH=$PWD .venv/bin/python tools/class_report_screenshot.py   (or: make class-report-screenshot)

The class comes from benchmarks/bench_class.py (answers built from the case's keys and its named
misconceptions); the names are made up and the page shows pseudonyms. Needs Playwright and Debian's chromium.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_class import CASE_DIR, make_class  # noqa: E402

from casekit.instructor.insight import class_report  # noqa: E402


def main(out: Path = ROOT / "docs" / "img" / "class-report.png") -> Path:
    """Build the report of a class of 30 and screenshot its top (the misconceptions and where the class stumbled)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="casekit-class-report-") as tmp:
        make_class(Path(tmp) / "class", learners=30, seed=3)
        report = class_report([Path(tmp) / "class"], Path(tmp) / "class.html", case=CASE_DIR)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.goto(report.html.as_uri())
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out), full_page=False)
            browser.close()
    return out


if __name__ == "__main__":
    print(f"Wrote {main()}")
