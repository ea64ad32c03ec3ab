"""The labels a case allows: the named vocabularies a new case starts from, and a case's own labels listed.

A vocabulary is data, one JSON file in ``templates/vocabularies/`` (``general.json``
for any story, ``conflict.json`` for a story of armed conflict). It gives, for the
columns whose labels depend on the story (``actors.type``, ``relations.relation``,
``sources.type``), the labels and what each means; it may set a table's or a
column's description, and add a column the kit's template leaves out (the
conflict vocabulary adds ``actor_types.acled_equivalent`` and ``how_we_differ``).

``python -m casekit new-case --vocabulary NAME`` writes the chosen labels into the
new case's ``datapackage.json``: each as the column's ``enum`` constraint, with
their meanings in the column's ``casekit:labels``. From then on the case's own
data package is the authority: a label is added there, and ``python -m casekit
vocabulary CASE`` (``case_labels``) lists what a case allows.
"""

from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..case.folder import find_case, read_descriptor, read_meta, read_table
from ..errors import CaseError, NewCaseError

__all__ = [
    "DEFAULT",
    "LABELS",
    "VOCABULARIES",
    "Column",
    "apply_vocabulary",
    "case_labels",
    "labels_text",
    "read_vocabulary",
    "vocabulary_names",
]

VOCABULARIES = Path(__file__).with_name("templates") / "vocabularies"
DEFAULT = "general"
LABELS = "casekit:labels"  # a column's labels and what each means, beside its enum constraint


def vocabulary_names() -> list[str]:
    """The vocabularies the kit ships: ``['conflict', 'general']``."""
    return sorted(p.stem for p in VOCABULARIES.glob("*.json"))


def read_vocabulary(name: str) -> dict:
    """The vocabulary ``name`` as a dict; NewCaseError (one sentence) when the kit has none of that name."""
    path = VOCABULARIES / f"{name}.json"
    if name not in vocabulary_names():
        msg = f"there is no vocabulary {name!r}; use one of: {', '.join(vocabulary_names())}."
        raise NewCaseError(msg)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        msg = f"{path}: the vocabulary cannot be read as JSON ({exc}); restore it from git."
        raise NewCaseError(msg) from exc


def _resource(descriptor: dict, table: str, where: str) -> dict:
    found = next((r for r in descriptor.get("resources", []) if r.get("name") == table), None)
    if found is None:
        msg = f"{where}: the template has no table {table!r}; name one of its tables."
        raise NewCaseError(msg)
    return found


def apply_vocabulary(descriptor: dict, name: str = DEFAULT) -> dict:
    """A copy of ``descriptor`` (the kit's template) with the labels, descriptions and columns of vocabulary ``name``.

    Example::

        descriptor = apply_vocabulary(json.loads(TEMPLATE.read_text()), "general")
    """
    vocabulary = read_vocabulary(name)
    out = copy.deepcopy(descriptor)
    where = f"vocabulary {name!r}"
    for table, change in vocabulary.get("tables", {}).items():
        if "description" in change:
            _resource(out, table, where)["description"] = change["description"]
    for key, change in vocabulary.get("columns", {}).items():
        table, _, column = key.partition(".")
        fields = _resource(out, table, where)["schema"]["fields"]
        field = next((f for f in fields if f["name"] == column), None)
        if field is None:
            if "field" not in change:
                msg = f"{where}: table {table!r} has no column {column!r}; give its whole definition as 'field' to add it."
                raise NewCaseError(msg)
            names = [f["name"] for f in fields]
            at = names.index(change["after"]) + 1 if change.get("after") in names else len(fields)
            field = copy.deepcopy(change["field"])
            fields.insert(at, field)
        if "description" in change:
            field["description"] = change["description"]
        if "labels" in change:
            field.setdefault("constraints", {})["enum"] = list(change["labels"])
            field[LABELS] = dict(change["labels"])
    return out


@dataclass(frozen=True)
class Column:
    """One column of a case that allows only some labels: what it holds, and each label with its meaning ('' when none is written)."""

    table: str
    column: str
    description: str
    labels: tuple[tuple[str, str], ...]

    def lines(self) -> list[str]:
        """The column as ``python -m casekit vocabulary`` prints it."""
        head = f"{self.table}.{self.column}: {self.description}".rstrip(": ")
        if not any(meaning for _, meaning in self.labels):
            return [head, "  " + ", ".join(label for label, _ in self.labels)]
        return [head] + [f"  {label}: {meaning}" if meaning else f"  {label}" for label, meaning in self.labels]


def _meanings_from_table(folder: Path, descriptor: dict, schema: dict, column: str) -> dict[str, str]:
    """The meanings a table of labels gives (``actor_types.csv`` for ``actors.type``): its rows' descriptions."""
    for fk in schema.get("foreignKeys", []):
        if fk.get("fields") not in (column, [column]):
            continue
        target = (fk.get("reference") or {}).get("resource")
        key = (fk.get("reference") or {}).get("fields")
        key = key[0] if isinstance(key, list) else key
        resource = next((r for r in descriptor.get("resources", []) if r.get("name") == target), None)
        if resource is None or not (folder / resource.get("path", "")).is_file():
            return {}
        try:
            df = read_table(folder, resource)
        except (OSError, ValueError, pd.errors.ParserError):
            return {}
        if key in df and "description" in df:
            return {str(k): str(v) for k, v in zip(df[key], df["description"]) if isinstance(k, str) and isinstance(v, str)}
    return {}


def case_labels(path: str | os.PathLike | None = None) -> list[Column]:
    """Every column of the case whose ``enum`` fixes its labels, with the column's description and each label's meaning.

    A label's meaning comes from the column's ``casekit:labels`` (written by
    ``new-case``), else from the table of labels its foreign key points to
    (``actor_types.csv``'s descriptions for ``actors.type``).
    """
    folder = find_case(path)
    descriptor = read_descriptor(folder)
    out = []
    for resource in descriptor.get("resources", []):
        schema = resource.get("schema") or {}
        for field in schema.get("fields", []):
            enum = (field.get("constraints") or {}).get("enum")
            if not isinstance(enum, list) or not enum:
                continue
            meanings = dict(field.get(LABELS) or {})
            if not meanings:
                meanings = _meanings_from_table(folder, descriptor, schema, field["name"])
            labels = tuple((str(label), str(meanings.get(str(label), ""))) for label in enum)
            out.append(Column(str(resource.get("name")), str(field["name"]), str(field.get("description", "")), labels))
    return out


def labels_text(path: str | os.PathLike | None = None) -> str:
    """What ``python -m casekit vocabulary CASE`` prints: each column's labels with their meanings, then how to add one."""
    folder = find_case(path)
    try:
        started = str(read_meta(folder).get("case", {}).get("vocabulary", "") or "")
    except CaseError:
        started = ""
    lines = [f"{folder.name}: the labels its data package allows" + (f" (it started from the {started!r} vocabulary)." if started else ".")]
    for column in case_labels(folder):
        lines += ["", *column.lines()]
    lines += [
        "",
        f"To add a label, add it to the column's enum in {folder / 'datapackage.json'} (and what it means to the column's "
        f"{LABELS}); a new actor type also needs its row in actor_types.csv. See docs/new-case.md.",
    ]
    return "\n".join(lines)
