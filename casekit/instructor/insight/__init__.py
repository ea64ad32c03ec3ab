"""Class insight: a class's progress files read into one offline page (``class-report``) with the misconceptions the case names.

``collect`` gathers the files (bad input skipped, one line each), ``misconceptions`` reads and matches the case's named
misconceptions, ``analysis`` counts per exercise and question, ``report`` writes the page and the CSV.
"""

from .misconceptions import Misconception, case_misconceptions, example_answer, misconception_problems, shows
from .report import ClassReport, case_keys, class_report, watch

__all__ = [
    "ClassReport",
    "Misconception",
    "case_keys",
    "case_misconceptions",
    "class_report",
    "example_answer",
    "misconception_problems",
    "shows",
    "watch",
]
