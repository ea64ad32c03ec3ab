"""The grades table's columns and statuses, shared by the grader, its summary, the class report and the exports."""

__all__ = ["CHECKED", "COLUMNS", "STATUSES", "WORDS"]

COLUMNS = ["learner", "notebook", "exercise", "status", "message", "points", "possible"]
STATUSES = ("passed", "failed", "not-started", "error", "timeout", "invalid", "marked")
CHECKED = STATUSES[:-1]  # the statuses of checked exercises; "marked" is a written answer the instructor marked

# What a learner reads for each status (feedback pages).
WORDS = {
    "passed": "Passed",
    "failed": "Not yet",
    "not-started": "Not started yet",
    "error": "Cannot check",
    "timeout": "Ran out of time",
    "invalid": "Not a usable notebook",
    "marked": "Marked",
}
