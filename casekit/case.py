"""Load a case folder into typed pandas tables, after checking it against its data package.

A case folder holds ``case.toml`` (what the article is), the article text,
CSV tables and ``datapackage.json`` (a Frictionless Data Package that
describes every table). Two extensions to the data package are read here:

* ``"casekit:list_of": "table.field"`` on a field whose cells hold ids
  separated by ``;``: every id must exist in ``table.field``.
* ``"casekit:format": "edtf"`` on a date field: every value must be EDTF; the
  loaded table gains ``<field>_start``, ``<field>_end``, ``<field>_precision``
  and ``<field>_label`` columns.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import dates
from .errors import CaseError, DateError

__all__ = ["Case", "load_case", "find_case", "validate_case", "split_ids"]

SEP = ";"


def split_ids(cell) -> list[str]:
    """Split a ``;``-separated cell into ids; an empty cell gives an empty list."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return []
    return [part.strip() for part in str(cell).split(SEP) if part.strip()]


def find_case(path: str | os.PathLike | None = None) -> Path:
    """Find the case folder: ``path`` if given, else ``$CASEKIT_CASE``, else ``data/`` here or in a parent folder."""
    if path is None:
        path = os.environ.get("CASEKIT_CASE")
    if path is not None:
        folder = Path(path)
        if not (folder / "datapackage.json").is_file():
            raise CaseError([f"{folder}: no datapackage.json here; give the path of the case folder (the one with datapackage.json)."])
        return folder.resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "datapackage.json").is_file():
            return folder / "data"
    raise CaseError([f"no case folder found from {here}: run from the kit's folder or one of its subfolders, or pass load_case(path=...)."])


@dataclass
class Case:
    """A loaded case: its metadata, the article, and one typed DataFrame per table.

    Tables are reached as attributes (``case.events``) or by name (``case.tables["events"]``).
    """

    path: Path
    meta: dict
    article: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"the case has no table {name!r}; its tables are: {', '.join(tables)}.")

    def __dir__(self):
        return [*super().__dir__(), *self.tables]

    @property
    def id(self) -> str:
        """The case's short id (from case.toml)."""
        return self.meta["case"]["id"]

    def sentence(self, sentence_id: str) -> str:
        """The text of one sentence, by id (``case.sentence("S05")``)."""
        rows = self.tables["sentences"].set_index("sentence_id")["text"]
        if sentence_id not in rows.index:
            raise CaseError([f"there is no sentence {sentence_id!r}; ids run from {rows.index[0]} to {rows.index[-1]}."])
        return rows[sentence_id]

    def show_article(self):
        """The article paragraph by paragraph with sentence ids (HTML in JupyterLab, text elsewhere)."""
        from .views import show_article

        return show_article(self)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name} ({len(df)})" for name, df in self.tables.items())
        return f"<Case {self.id!r} from {self.path.name}/: {sizes}>"


# ---------------------------------------------------------------- reading


def _read_descriptor(folder: Path) -> dict:
    try:
        return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CaseError([f"datapackage.json: cannot be read as JSON ({exc}); restore it from git."]) from exc


def _read_meta(folder: Path) -> dict:
    try:
        return tomllib.loads((folder / "case.toml").read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CaseError(["case.toml: missing; the case folder needs it to name its article."]) from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CaseError([f"case.toml: not valid TOML ({exc})."]) from exc


def _read_csv(folder: Path, resource: dict) -> pd.DataFrame:
    """Read one table as strings; empty cells become missing values."""
    return pd.read_csv(folder / resource["path"], dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")


def _typed(df: pd.DataFrame, resource: dict) -> pd.DataFrame:
    df = df.copy()
    for fld in resource["schema"]["fields"]:
        name, kind = fld["name"], fld.get("type", "string")
        if name not in df:
            continue
        if kind == "integer":
            df[name] = pd.to_numeric(df[name]).astype("Int64")
        elif kind == "number":
            df[name] = pd.to_numeric(df[name]).astype("Float64")
        elif kind == "boolean":
            df[name] = df[name].str.lower().map({"true": True, "false": False}).astype("boolean")
        if fld.get("casekit:format") == "edtf":
            spans = [dates.bounds(v) for v in df[name]]
            df[f"{name}_start"] = pd.to_datetime([lo for lo, _ in spans]).as_unit("s")
            df[f"{name}_end"] = pd.to_datetime([hi for _, hi in spans]).as_unit("s")
            df[f"{name}_precision"] = [dates.precision(v) for v in df[name]]
            df[f"{name}_label"] = [dates.label(v) for v in df[name]]
    return df


# ---------------------------------------------------------------- validation


def _frictionless_problems(folder: Path) -> list[str]:
    from frictionless import validate

    report = validate(str(folder / "datapackage.json"))
    problems = [f"datapackage.json: {e.message}" for e in report.errors]
    for task in report.tasks:
        name = Path(task.place).name if task.place else task.name
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
                where.append(f"field '{fname}'")
            problems.append(f"{', '.join(where)}: {_plain(e)}")
    return problems


def _plain(error) -> str:
    """One short sentence for a Frictionless error."""
    note = (getattr(error, "note", "") or "").rstrip(".")
    cell = getattr(error, "cell", None)
    kind = error.type
    if kind == "constraint-error" and "enum" in note:
        allowed = re.search(r"\[(.*)\]", note)
        options = allowed.group(1).replace("'", "") if allowed else note
        return f"{cell!r} is not allowed; use one of: {options}."
    if kind == "foreign-key":
        m = re.search(r'for "([^"]+)": values "([^"]+)" not found in the lookup table "([^"]+)" as "([^"]+)"', note)
        if m:
            return f"{m.group(2)!r} does not match any {m.group(4)} in {m.group(3)}.csv."
    if kind == "type-error":
        return f"{cell!r} has the wrong type ({note})."
    if kind in {"primary-key", "unique-error"}:
        return f"duplicate id {cell!r}: ids must be unique." if cell else f"duplicate key: {note}."
    if kind == "foreign-key":
        return f"points to an id that does not exist ({note})."
    if kind == "missing-label":
        return f"a column is missing from the header ({note})."
    if kind == "encoding-error":
        return "the file is not UTF-8 text; save it again as UTF-8."
    if kind in {"source-error", "format-error", "scheme-error"}:
        return f"cannot be read as CSV ({note or error.message})."
    return f"{error.title.lower()}: {note}." if note else error.message


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
                problems.append(f"{path.name}: column {', '.join(map(repr, missing))} is missing; the header should be: {', '.join(expected)}.")
            elif extra:
                problems.append(f"{path.name}: unexpected column {', '.join(map(repr, extra))}; the header should be: {', '.join(expected)}.")
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
        rebuilt = "\n".join(" ".join(g["text"]) for _, g in raw["sentences"].groupby("paragraph", sort=False))
        if rebuilt != (folder / article_file).read_text(encoding="utf-8"):
            problems.append(f"sentences.csv: the sentences do not rebuild {article_file} exactly; compare them with the article text.")
    return problems


def _signature(folder: Path, descriptor: dict) -> str:
    digest = hashlib.sha256()
    from . import __version__

    digest.update(__version__.encode())
    files = ["datapackage.json", "case.toml", *(r.get("path", "") for r in descriptor.get("resources", []))]
    for name in files:
        path = folder / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


def _cache_dir() -> Path:
    base = os.environ.get("CASEKIT_CACHE_DIR") or os.path.join(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "casekit")
    return Path(base)


def validate_case(path: str | os.PathLike | None = None) -> list[str]:
    """Check a case folder against its data package; return one line per problem (empty when valid)."""
    folder = find_case(path)
    descriptor = _read_descriptor(folder)
    try:
        meta = _read_meta(folder)
    except CaseError as exc:
        return exc.problems
    problems = _file_problems(folder, descriptor)
    if problems:
        return problems
    problems = _frictionless_problems(folder)
    raw = {}
    for res in descriptor["resources"]:
        try:
            raw[res["name"]] = _read_csv(folder, res)
        except (pd.errors.ParserError, ValueError) as exc:
            problems.append(f"{Path(res['path']).name}: cannot be read as CSV ({exc}).")
    return problems + _case_problems(folder, descriptor, raw, meta)


def load_case(path: str | os.PathLike | None = None, *, validate: bool = True) -> Case:
    """Load a case folder as typed tables, after validating it against its data package.

    Raises CaseError (one line per problem) when the folder is not valid. A
    successful validation is remembered (by a hash of the files) in the
    user's cache folder, so later loads of the same files skip it.

    >>> case = load_case()          # finds data/ from a lesson folder too
    >>> case.sentences.head()
    """
    folder = find_case(path)
    descriptor = _read_descriptor(folder)
    meta = _read_meta(folder)
    if validate:
        stamp = _cache_dir() / f"valid-{_signature(folder, descriptor)}"
        if not stamp.exists():
            problems = validate_case(folder)
            if problems:
                raise CaseError(problems)
            try:
                stamp.parent.mkdir(parents=True, exist_ok=True)
                stamp.touch()
            except OSError:
                pass  # a read-only home only costs a re-validation next time
    tables = {res["name"]: _typed(_read_csv(folder, res), res) for res in descriptor["resources"]}
    article = (folder / meta["article"].get("file", "article.txt")).read_text(encoding="utf-8")
    return Case(path=folder, meta=meta, article=article, tables=tables)
