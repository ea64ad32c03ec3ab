"""Class insight: a class's progress files read into one offline page (``class-report``) with the misconceptions the case names.

``collect`` gathers the files (bad input skipped, one line each), ``misconceptions`` reads and matches the case's named
misconceptions, ``analysis`` counts per exercise and question, ``report`` writes the page and the CSV.
"""

from .misconceptions import Misconception, case_misconceptions, misconception_problems, shows
from .report import ClassReport, class_report, watch

__all__ = ["ClassReport", "Misconception", "case_misconceptions", "class_report", "misconception_problems", "shows", "watch"]
