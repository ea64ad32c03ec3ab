"""Small guards for tables handed to casekit functions by learners or by the case folder."""

from __future__ import annotations

import pandas as pd

from ..errors import InputError

__all__ = ["require_columns"]


def require_columns(table, columns: list[str], what: str, error: type[Exception] = InputError) -> pd.DataFrame:
    """Return ``table`` if it is a DataFrame with ``columns``; otherwise raise ``error`` with one plain sentence.

    ``what`` names the table for the reader ("the sentences table", "the claims").
    """
    if not isinstance(table, pd.DataFrame):
        msg = f"expected {what} (a DataFrame); got {type(table).__name__}."
        raise error(msg)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        msg = (
            f"{what} has no column {', '.join(map(repr, missing))}; it needs {', '.join(columns)}"
            f" (it has {', '.join(map(str, table.columns)) or 'none'})."
        )
        raise error(msg)
    return table
