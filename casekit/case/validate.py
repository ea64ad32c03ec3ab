"""Check a case folder against its data package and the kit's own rules; one line per problem."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pandas as pd

from ..common.ids import split_ids
from ..common.wording import plural
from ..errors import CaseError, DateError
from . import dates
from .folder import find_case, read_descriptor, read_meta, read_table
from .rules import rule_problems
from .sealed import restore_sealed
from .sentences import paragraph_separator, rebuild

__all__ = ["validate_case"]


def _frictionless_problems(folder: Path) -> list[str]:
    """Frictionless's findings in plain sentences, each naming the file, row and column, and what the column holds."""
    from frictionless import validate

    report = validate(str(folder / "datapackage.json"))
    problems = [f"datapackage.json: {e.message}" for e in report.errors]
    columns = {
        str(r.get("name")): {str(f.get("name")): f for f in (r.get("schema") or {}).get("fields", []) if isinstance(f, dict)}
        for r in read_descriptor(folder).get("resources", [])
        if isinstance(r, dict)
    }
    for task in report.tasks:
        name = Path(task.place).name if task.place else task.name
        fields = columns.get(task.name, {})
        duplicate_rows = {e.row_number for e in task.errors if e.type == "unique-error"}
        for e in task.errors:
            if e.type == "primary-key" and e.row_number in duplicate_rows:
                continue  # already reported as a duplicate id
            where = [name]
            row = getattr(e, "row_number", None)
            if row is not None:
                where.append(f"row {row}")
            fname = getattr(e, "field_name", None)
            if fname:
                where.append(f"column '{fname}'")
            problems.append(_plain(e, ", ".join(where), fields.get(fname or _foreign_key_column(e), {})))
    return problems


_NOT_OF_TYPE = {
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "date": "a date written YYYY-MM-DD",
    "datetime": "a date and time",
    "year": "a year",
}


def _foreign_key_column(error) -> str:
    m = re.search(r'for "([^"]+)"', getattr(error, "note", "") or "")
    return m.group(1).split(",")[0].strip() if m else ""


def _holds(field: dict) -> str:
    """ " It holds: <the column's description>." from the data package, or "" when it has none."""
    description = str(field.get("description", "") or "").strip().rstrip(".")
    return f" It holds: {description}." if description else ""


def _plain(error, where: str, field: dict | None = None) -> str:
    """One line for a Frictionless error: where (file, row, column), what is wrong in plain words, and what the column holds."""
    field = field or {}
    note = (getattr(error, "note", "") or "").rstrip(".")
    cell = getattr(error, "cell", None)
    kind = error.type
    holds = _holds(field)
    constraint = re.match(r'constraint "(\w+)" is "(.*)"$', note, re.DOTALL)
    if kind == "constraint-error" and constraint:
        name, value = constraint.groups()
        if name == "required":
            return f"{where} is empty, and it is required.{holds}"
        if name == "enum":
            allowed = re.search(r"\[(.*)\]", value)
            options = allowed.group(1).replace("'", "") if allowed else value
            return f"{where}: {cell!r} is not allowed; use one of: {options} (or add it to the column's enum in datapackage.json).{holds}"
        if name == "pattern":
            return f"{where}: {cell!r} is not written in the form the column expects (the pattern {value}).{holds}"
        if name in {"minimum", "maximum"}:
            return f"{where}: {cell!r} is {'below the minimum' if name == 'minimum' else 'above the maximum'} of {value}.{holds}"
        if name in {"minLength", "maxLength"}:
            return f"{where}: {cell!r} is {'shorter' if name == 'minLength' else 'longer'} than {value} characters allows.{holds}"
        if name == "unique":
            return f"{where}: {cell!r} appears twice; each value of this column must be unique.{holds}"
    if kind == "foreign-key":
        m = re.search(r'for "([^"]+)": values "([^"]+)" not found in the lookup table "([^"]+)" as "([^"]+)"', note)
        if m:
            column = f" Column '{m.group(1)}'{holds.removeprefix(' It')}" if holds else ""
            return f"{where}: {m.group(2)!r} does not match any {m.group(4)} in {m.group(3)}.csv.{column}"
        return f"{where}: points to an id that does not exist ({note})."
    if kind == "type-error":
        expected = str(field.get("type", "") or "")
        wanted = _NOT_OF_TYPE.get(expected, f"of the type {expected}" if expected else "of the column's type")
        return f"{where}: {cell!r} is not {wanted}.{holds}"
    if kind in {"primary-key", "unique-error"}:
        return f"{where}: duplicate id {cell!r}: ids must be unique." if cell else f"{where}: duplicate key: {note}."
    if kind == "missing-label":
        return f"{where}: a column is missing from the header ({note})."
    if kind == "encoding-error":
        return f"{where}: the file is not UTF-8 text; save it again as UTF-8."
    if kind in {"source-error", "format-error", "scheme-error"}:
        return f"{where}: cannot be read as CSV ({note or error.message})."
    return f"{where}: {error.title.lower()}: {note}.{holds}" if note else f"{where}: {error.message}"


def _file_problems(folder: Path, descriptor: dict) -> list[str]:
    """Problems Frictionless reports poorly: missing, empty or non-UTF-8 files."""
    problems = []
    for res in descriptor.get("resources", []):
        path = folder / res.get("path", "")
        if not path.is_file():
            problems.append(f"{path.name}: the file is missing; the data package lists it.")
            continue
        raw = path.read_bytes()
        if not raw.strip():
            problems.append(f"{path.name}: the file is empty; it needs at least a header row.")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"{path.name}: the file is not UTF-8 text (byte {exc.start}); save it again as UTF-8.")
            continue
        expected = [fld["name"] for fld in res.get("schema", {}).get("fields", [])]
        header = next(csv.reader(text.lstrip("\ufeff").splitlines()[:1]), [])
        if header != expected:
            missing = [name for name in expected if name not in header]
            extra = [name for name in header if name not in expected]
            if missing and len(extra) == len(header):
                problems.append(f"{path.name}: the first line is not the expected CSV header; it should be: {', '.join(expected)}.")
            elif missing:
                problems.append(
                    f"{path.name}: column {', '.join(map(repr, missing))} is missing; the header should be: {', '.join(expected)}."
                )
            elif extra:
                problems.append(
                    f"{path.name}: unexpected column {', '.join(map(repr, extra))}; the header should be: {', '.join(expected)}."
                )
            else:
                problems.append(f"{path.name}: the columns are out of order; the header should be: {', '.join(expected)}.")
    return problems


def _case_problems(folder: Path, descriptor: dict, raw: dict[str, pd.DataFrame], meta: dict) -> list[str]:
    """Rules of the kit on top of the data package: id lists, EDTF dates, the article rebuild."""
    problems = []
    for res in descriptor["resources"]:
        df = raw.get(res["name"])
        if df is None:
            continue
        fname = Path(res["path"]).name
        for fld in res["schema"]["fields"]:
            name = fld["name"]
            if name not in df:
                continue
            target = fld.get("casekit:list_of")
            if target:
                table, column = target.split(".")
                known = set(raw[table][column].dropna()) if table in raw and column in raw[table] else set()
                for i, cell in enumerate(df[name], start=2):
                    for ident in split_ids(cell):
                        if ident not in known:
                            problems.append(f"{fname}, row {i}, field '{name}': {ident!r} is not an id in {table}.")
            if fld.get("casekit:format") == "edtf":
                for i, cell in enumerate(df[name], start=2):
                    if isinstance(cell, str):
                        try:
                            dates.parse(cell)
                        except DateError as exc:
                            problems.append(f"{fname}, row {i}, field '{name}': {exc}")
    article_file = meta.get("article", {}).get("file", "article.txt")
    if "sentences" in raw and (folder / article_file).is_file():
        text = (folder / article_file).read_text(encoding="utf-8")
        rebuilt = rebuild(raw["sentences"], paragraph_separator(text))
        if raw["sentences"].empty:
            problems.append(f"sentences.csv: no sentences yet; `python -m casekit new-case` splits {article_file} for you.")
        elif rebuilt != text.rstrip("\n"):
            problems.append(f"sentences.csv: the sentences do not rebuild {article_file} exactly; compare them with the article text.")
    problems += [
        f"{Path(r['path']).name}: no rows yet; fill it in (see the case folder's README)."
        for r in descriptor["resources"]
        if r["name"] != "sentences" and r["name"] in raw and raw[r["name"]].empty
    ]
    return problems


def _draft_problems(descriptor: dict, raw: dict[str, pd.DataFrame], problems: list[str]) -> list[str]:
    """Rows marked ``status = draft`` (by ``python -m casekit draft``): one line per table that has them.

    A drafted row is checked once it is confirmed: until then the problems in
    its cells (an empty required cell, a type not yet in actor_types.csv) are
    counted on the table's line instead of listed one by one.
    """
    lines, hidden = [], set()
    for res in descriptor.get("resources", []):
        df = raw.get(res["name"])
        if df is None or "status" not in df:
            continue
        rows = [i for i, v in enumerate(df["status"], start=2) if isinstance(v, str) and v.strip() == "draft"]
        if not rows:
            continue
        fname = Path(res["path"]).name
        mine = [p for p in problems if any(p.startswith((f"{fname}, row {r},", f"{fname}, row {r}:")) for r in rows)]
        hidden.update(mine)
        to_fill = f"; {plural(len(mine), 'cell')} in them still to fill or fix" if mine else ""
        wait = "waits" if len(rows) == 1 else "wait"
        lines.append(
            f"{fname}: {plural(len(rows), 'drafted row')} {wait} to be confirmed{to_fill} "
            "(check each, then set its status to confirmed, or delete the row)."
        )
    return [p for p in problems if p not in hidden] + lines


def validate_case(path: str | os.PathLike | None = None) -> list[str]:
    """Check a case folder against its data package; return one line per problem (empty when valid).

    Rows that ``python -m casekit draft`` proposed and nobody has confirmed yet
    make a case not yet valid: one line per table says how many wait.
    """
    folder = find_case(path)
    descriptor = read_descriptor(folder)
    try:
        meta = read_meta(folder)
    except CaseError as exc:
        return exc.problems
    problems = _file_problems(folder, descriptor)
    if problems:
        return problems
    problems = _frictionless_problems(folder)
    raw = {}
    for res in descriptor["resources"]:
        try:
            raw[res["name"]] = read_table(folder, res)
        except (pd.errors.ParserError, ValueError) as exc:
            problems.append(f"{Path(res['path']).name}: cannot be read as CSV ({exc}).")
    try:
        descriptor, raw = restore_sealed(folder, descriptor, raw)
    except CaseError as exc:
        return problems + exc.problems
    return _draft_problems(descriptor, raw, problems + _case_problems(folder, descriptor, raw, meta) + rule_problems(raw, descriptor))
