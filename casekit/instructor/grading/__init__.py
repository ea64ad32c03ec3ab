"""Grading a class's handed-in notebooks: intake, sandboxed runs, checks, written answers, feedback and LMS exports."""

from .export import export_grades
from .grader import grade, grade_notebook
from .intake.submissions import Submission, find_submissions, in_shard, parse_shard
from .report import summary
from .run.limits import Limits
from .run.sandbox import MODES, bwrap_problem
from .statuses import COLUMNS, STATUSES

__all__ = [
    "COLUMNS",
    "MODES",
    "STATUSES",
    "Limits",
    "Submission",
    "bwrap_problem",
    "export_grades",
    "find_submissions",
    "grade",
    "grade_notebook",
    "in_shard",
    "parse_shard",
    "summary",
]
