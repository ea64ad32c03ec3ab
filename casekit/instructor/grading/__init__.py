"""Grading a class's handed-in notebooks: intake, sandboxed runs, checks, written answers, feedback and LMS exports.

By role: ``intake/`` takes submissions in, ``run/`` runs one notebook in its
sandbox, ``written/`` holds the written answers and their marks, ``export/``
writes grades for an LMS; ``grader`` is the pipeline over them.
"""

from .export import export_grades
from .grader import ClassGrades, GradeOptions, grade, grade_class
from .intake.submissions import Submission, find_submissions, in_shard, parse_shard
from .outcomes import COLUMNS, STATUSES
from .report import summary
from .run.limits import Limits
from .run.sandbox import MODES, bwrap_problem

__all__ = [
    "COLUMNS",
    "MODES",
    "STATUSES",
    "ClassGrades",
    "GradeOptions",
    "Limits",
    "Submission",
    "bwrap_problem",
    "export_grades",
    "find_submissions",
    "grade",
    "grade_class",
    "in_shard",
    "parse_shard",
    "summary",
]
