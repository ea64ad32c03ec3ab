"""The grades table's columns and statuses, shared by the grader, its summary and the class report."""

__all__ = ["COLUMNS", "STATUSES"]

COLUMNS = ["learner", "notebook", "exercise", "status", "message"]
STATUSES = ("passed", "failed", "not-started", "error", "timeout", "invalid")
