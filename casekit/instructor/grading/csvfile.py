"""CSV files in and out: one an instructor hands the grader (a roster, a marks file) read whole, with one sentence when it cannot be; rows written atomically.

Every CSV the kit writes goes through :func:`write_csv`: a cell a spreadsheet would run as a formula (one that
starts with = + - @, a tab or a carriage return; a learner chooses file names and exercise ids) gets a leading
single quote, as OWASP advises; :func:`read_csv` and :func:`read_table` take it off again.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from ...common.files import write_atomic
from ...common.printable import cell, uncell
from ...errors import GradeError

__all__ = ["read_csv", "read_table", "write_csv"]


def read_csv(path: Path, what: str, fix: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of ``path`` (UTF-8, with or without a byte-order mark, as spreadsheets save it).

    ``what`` names the file in the message ("the roster"); ``fix`` says what to do when it is not
    CSV in UTF-8. Cells beyond the header are dropped, missing cells read as "".
    """
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = [h for h in (reader.fieldnames or []) if h is not None]
            rows = [{k: uncell(v or "") for k, v in r.items() if k is not None} for r in reader]
    except OSError as exc:
        msg = f"{path}: {what} cannot be read ({exc.strerror or exc})."
        raise GradeError(msg) from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        msg = f"{path}: {what} is not a CSV file in UTF-8 ({type(exc).__name__}); {fix}"
        raise GradeError(msg) from exc
    return header, rows


def write_csv(path: str | os.PathLike, rows: Iterable[Sequence[str]], line_end: str = "\r\n") -> Path:
    """Write ``rows`` (the header first) to ``path`` in UTF-8, through a temporary file; return the path.

    ``line_end`` is ``"\r\n"`` as RFC 4180 and the LMS imports have it, or ``"\n"`` for a file an instructor edits.
    """
    buf = io.StringIO()
    csv.writer(buf, lineterminator=line_end).writerows([cell(c) for c in row] for row in rows)
    return write_atomic(path, buf.getvalue())


def read_table(path: str | os.PathLike) -> pd.DataFrame:
    """A CSV the kit wrote (the grades) as a table of text, the quotes :func:`write_csv` put before formulas taken off."""
    return pd.read_csv(path, dtype=str, keep_default_na=False).map(uncell)
