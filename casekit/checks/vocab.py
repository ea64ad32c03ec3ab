"""What the case says an answer may be made of: the ids of each table and the labels of each column.

A learner types ids and labels the way a person does ("s13", "Ada Brennan", "Withdrew support");
the case's data package says which ids exist (each table's primary key), what a table's rows
are called by name (``name`` and ``aliases`` columns), and which labels a column allows (an
``enum`` constraint, or a foreign key to a table of labels). A check reads an answer through
these before it compares it with the key, so a slip of form gets one plain sentence and is not
taken for a wrong answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..case.folder import read_descriptor
from ..case.model import Case
from ..common.folding import fold_label
from ..common.ids import split_ids
from ..common.values import is_missing
from ..common.wording import listing

__all__ = ["IdCatalogue", "Vocabulary", "catalogue_for", "catalogue_of", "reader_of", "vocabulary_of"]

_NAME_COLUMNS = ("name", "aliases")
_descriptors: dict[Path, dict] = {}


def _descriptor(case: Case) -> dict:
    path = Path(case.path)
    if path not in _descriptors:
        try:
            _descriptors[path] = read_descriptor(path)
        except Exception:  # noqa: BLE001 - no data package: answers are compared as typed
            _descriptors[path] = {}
    return _descriptors[path]


def _resources(case: Case) -> dict[str, dict]:
    return {str(r.get("name")): r for r in _descriptor(case).get("resources", []) if isinstance(r, dict)}


def _noun(table: str) -> str:
    """A table's rows in words: "time_expressions" -> "time expression"."""
    words = table.replace("_", " ")
    return words[:-1] if words.endswith("s") and not words.endswith("ss") else words


def _single_key(resource: dict) -> str | None:
    key = (resource.get("schema") or {}).get("primaryKey")
    key = key[0] if isinstance(key, list) and len(key) == 1 else key
    return key if isinstance(key, str) else None


@dataclass(frozen=True)
class IdCatalogue:
    """The ids of one table of the case, and how a typed id, name or alias is read as one of them."""

    table: str
    noun: str
    ids: tuple[str, ...]
    lookup: dict[str, str] = field(default_factory=dict)  # a folded id, name or alias -> the id
    by_name: frozenset[str] = frozenset()  # folded names and aliases (not ids)
    others: dict[str, str] = field(default_factory=dict)  # a folded id of another table -> that table's noun

    def read(self, item: str) -> tuple[str | None, str]:
        """(the id ``item`` stands for, a note when it was read from a name) or (None, a sentence on the slip of form)."""
        key = fold_label(item)
        if key in self.lookup:
            found = self.lookup[key]
            return found, (f"{item!r} was read as {found!r}." if key in self.by_name and fold_label(found) != key else "")
        example = self.ids[0] if self.ids else "id1"
        if key in self.others:
            return None, f"{item!r} is a {self.others[key]} id; this exercise asks for {self.noun} ids, such as {example!r}."
        if any(ch.isdigit() for ch in example):
            return None, f"there is no {self.noun} {item!r} in this case; its {self.noun} ids run from {example} to {self.ids[-1]}."
        return None, f"there is no {self.noun} {item!r} in this case; its {self.noun} ids are {listing(list(self.ids), 12)}."


def _catalogue(case: Case, table: str, key: str) -> IdCatalogue:
    df = case.tables[table]
    ids = tuple(dict.fromkeys(str(v) for v in df[key] if not is_missing(v)))
    lookup = {fold_label(i): i for i in ids}
    named: dict[str, set[str]] = {}
    for column in _NAME_COLUMNS:
        if column in df.columns:
            for ident, cell in zip(df[key].astype(str), df[column]):
                for name in split_ids(cell) if column == "aliases" else [cell]:
                    if isinstance(name, str) and name.strip():
                        named.setdefault(fold_label(name), set()).add(ident)
    by_name = {name for name, owners in named.items() if len(owners) == 1 and name not in lookup}
    lookup |= {name: next(iter(named[name])) for name in by_name}
    others: dict[str, str] = {}
    for name, resource in _resources(case).items():
        other_key = _single_key(resource)
        if name == table or not other_key or name not in case.tables or other_key not in case.tables[name].columns:
            continue
        for v in case.tables[name][other_key].dropna().astype(str):
            others.setdefault(fold_label(v), _noun(name))
    others = {k: v for k, v in others.items() if k not in lookup}
    return IdCatalogue(table, _noun(table), ids, lookup, frozenset(by_name), others)


def catalogue_of(case: Case, table: str) -> IdCatalogue | None:
    """The ids of ``table`` (its primary key, when it is one column), or None."""
    key = _single_key(_resources(case).get(table, {}))
    if key is None or table not in case.tables or key not in case.tables[table].columns:
        return None
    return _catalogue(case, table, key)


def catalogue_for(case: Case, ids: list[str], prefer: str | None = None) -> IdCatalogue | None:
    """The catalogue of the table whose key holds every one of ``ids`` (``prefer`` first), or None."""
    if not ids:
        return None
    wanted = set(ids)
    names = [prefer] if prefer else []
    names += [n for n in _resources(case) if n != prefer]
    for name in names:
        key = _single_key(_resources(case).get(name, {}))
        if key and name in case.tables and key in case.tables[name].columns and wanted <= set(case.tables[name][key].astype(str)):
            return _catalogue(case, name, key)
    return None


@dataclass(frozen=True)
class Vocabulary:
    """The labels a column allows, read as a person types them (case, spaces, dashes and underscores alike)."""

    column: str
    labels: tuple[str, ...]

    def read(self, value) -> tuple[str | None, str]:
        """(the label ``value`` stands for, "") or (None, a sentence naming the labels there are)."""
        if is_missing(value):
            return None, f"{self.column} is empty; use one of: {', '.join(self.labels)}."
        found = {fold_label(label): label for label in self.labels}.get(fold_label(value))
        if found is None:
            return None, f"{str(value)[:40]!r} is not one of the {self.column} labels: {', '.join(self.labels)}."
        return found, ""


def vocabulary_of(case: Case, table: str, column: str) -> Vocabulary | None:
    """The labels ``table.column`` allows (its ``enum`` constraint), or None."""
    for f in ((_resources(case).get(table) or {}).get("schema") or {}).get("fields", []):
        enum = (f.get("constraints") or {}).get("enum") if f.get("name") == column else None
        if isinstance(enum, list) and enum:
            return Vocabulary(column, tuple(str(v) for v in enum))
    return None


def reader_of(case: Case, table: str, column: str) -> Vocabulary | IdCatalogue | None:
    """How a learner's cell in ``table.column`` is read: its labels, the ids its foreign key points to, or its own ids."""
    vocabulary = vocabulary_of(case, table, column)
    if vocabulary:
        return vocabulary
    schema = (_resources(case).get(table) or {}).get("schema") or {}
    for fk in schema.get("foreignKeys", []):
        if fk.get("fields") in (column, [column]):
            return catalogue_of(case, str((fk.get("reference") or {}).get("resource")))
    return catalogue_of(case, table) if _single_key(_resources(case).get(table, {})) == column else None
