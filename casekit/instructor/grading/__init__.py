"""Grading a class's handed-in notebooks: submissions, scan, value transport, runner, grader and the class report."""

from .grader import grade, grade_notebook, summary
from .statuses import COLUMNS, STATUSES
from .submissions import Submission, find_submissions, in_shard, parse_shard

__all__ = ["COLUMNS", "STATUSES", "Submission", "find_submissions", "grade", "grade_notebook", "in_shard", "parse_shard", "summary"]
