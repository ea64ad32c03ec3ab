"""The kit's data rules, beyond what the data package can say: each row points to its evidence, and a copy is never counted twice.

One plain function per rule. Each takes a :class:`CaseTables` (the case's tables read as
text, and its data package) and returns one line per problem, naming the file, the row
(as a spreadsheet numbers it: the header is row 1), the column, what is wrong and what to
do, with the column's description from ``datapackage.json``. A rule runs only when the
tables and columns it needs are there; a row whose ids point nowhere is left to the
checks of the data package, which report it already.

``validate_case`` runs :data:`RULES` on every case folder (``rule_problems``); the empty
key of an exercise is a rule of the checks layer (``casekit.checks.validate``), since a
key is built by the check kinds, which this layer may not import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..common.folding import fold
from ..common.ids import split_ids
from ..common.values import is_blank

__all__ = [
    "COPY_KINDS",
    "CORROBORATION",
    "RULES",
    "CaseTables",
    "alias_problems",
    "copy_problems",
    "event_problems",
    "excerpt_problems",
    "expression_problems",
    "independence_problems",
    "rule_problems",
    "source_card_problems",
    "verdict_problems",
]

# Kinds of reference that re-publish someone else's text (references.kind): each names the original it copies.
COPY_KINDS = frozenset({"wire copy", "syndicated copy", "excerpt", "document copy", "encyclopedia copy"})
# The rubric criterion that asks whether other, independent sources confirm a source: the references its reasons cite count together.
CORROBORATION = "corroboration"
_NOT_NAMED = "not named"  # references.original for a copy that does not say what it copies
_ALIAS_SEP = ";"  # aliases hold names with spaces: only ';' separates them
_TRUE = {"true", "1", "yes"}
_DATED = re.compile(r"\s*\([^()]*\)\s*$")  # the "(date)" that ends an original written as "Outlet: Title (date)"
_SHOWN = 60  # characters of a quoted cell shown in a message


@dataclass(frozen=True)
class CaseTables:
    """The case's tables as read from its CSV files (text; empty cells missing), and its data package."""

    tables: dict[str, pd.DataFrame]
    descriptor: dict

    def has(self, table: str, *columns: str) -> bool:
        """True when ``table`` is there with every one of ``columns``."""
        df = self.tables.get(table)
        return df is not None and all(c in df.columns for c in columns)

    def file(self, table: str) -> str:
        """The file name of ``table`` (``claims.csv``)."""
        for res in self.descriptor.get("resources", []):
            if res.get("name") == table:
                return Path(str(res.get("path", f"{table}.csv"))).name
        return f"{table}.csv"

    def field(self, table: str, column: str) -> dict:
        """The data package's field entry for ``table.column`` (empty when it has none)."""
        for res in self.descriptor.get("resources", []):
            if res.get("name") == table:
                return next((f for f in res.get("schema", {}).get("fields", []) if f.get("name") == column), {})
        return {}

    def about(self, table: str, column: str) -> str:
        """Where a column is described, with its description: `` (ref_ids, in datapackage.json: "...")``, or nothing."""
        text = " ".join(str(self.field(table, column).get("description", "")).split())
        return f' ({column}, in datapackage.json: "{text}")' if text else ""

    def where(self, table: str, row: int, column: str) -> str:
        """The start of a problem line: ``claims.csv, row 5, field 'excerpt'`` (the form validate's other lines take)."""
        return f"{self.file(table)}, row {row}, field '{column}'"

    def rows(self, table: str) -> Iterator[tuple[int, pd.Series]]:
        """Each row of ``table`` with its row number in the file (the header is row 1)."""
        for i, (_, row) in enumerate(self.tables[table].iterrows(), start=2):
            yield i, row

    def sentences(self) -> dict[str, str]:
        """Sentence id -> its text (empty when the case has no sentences table)."""
        if not self.has("sentences", "sentence_id", "text"):
            return {}
        df = self.tables["sentences"].dropna(subset=["sentence_id"])
        return {str(k): "" if is_blank(v) else str(v) for k, v in zip(df["sentence_id"], df["text"], strict=True)}

    def id_pattern(self, table: str, column: str) -> re.Pattern | None:
        """The pattern the ids of ``table.column`` follow (its ``pattern`` constraint, unanchored), to find them in a text."""
        pattern = self.field(table, column).get("constraints", {}).get("pattern")
        if not isinstance(pattern, str) or not pattern.strip("^$"):
            return None
        try:
            return re.compile(rf"\b(?:{pattern.removeprefix('^').removesuffix('$')})\b")
        except re.error:
            return None


def _folded(text) -> str:
    """Text compared as a reader would: one kind of quote, apostrophe and dash, no accents or case, runs of spaces as one."""
    return " ".join(fold(text).split())


def _shown(text) -> str:
    text = " ".join(str(text).split())
    return repr(text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…")


def _cell(row: pd.Series, column: str) -> str:
    """A cell as stripped text; empty for a missing one."""
    value = row.get(column)
    return "" if is_blank(value) else str(value).strip()


def _ident(row: pd.Series, column: str) -> str:
    """`` (C04)``: the row's id for a message, when the table has one."""
    value = _cell(row, column)
    return f" ({value})" if value else ""


def _quoted_problems(data: CaseTables, table: str, id_column: str, column: str, noun: str) -> list[str]:
    """Rows of ``table`` whose ``column`` is not found in the text of the sentence they cite."""
    if not data.has(table, "sentence_id", column):
        return []
    text = data.sentences()
    problems = []
    for i, row in data.rows(table):
        words, sid = _cell(row, column), _cell(row, "sentence_id")
        if not words or sid not in text or _folded(words) in _folded(text[sid]):
            continue
        problems.append(
            f"{data.where(table, i, column)}{_ident(row, id_column)}: the {noun} {_shown(words)} is not in sentence {sid}; "
            f"copy it exactly from that sentence, or cite the sentence it is in.{data.about(table, column)}"
        )
    return problems


def excerpt_problems(data: CaseTables) -> list[str]:
    """Each claim whose excerpt is not quoted from its sentence (quotes, apostrophes, dashes, case and spaces folded)."""
    return _quoted_problems(data, "claims", "claim_id", "excerpt", "excerpt")


def expression_problems(data: CaseTables) -> list[str]:
    """Each time expression not found in the sentence it cites (quotes, apostrophes, dashes, case and spaces folded)."""
    return _quoted_problems(data, "time_expressions", "expression_id", "expression", "expression")


def alias_problems(data: CaseTables) -> list[str]:
    """Each actor alias found, as a whole word, in none of the sentences the actor cites (folded as excerpts are).

    An actor with no alias, or whose sentences do not exist, is the data package's to report.
    """
    if not data.has("actors", "aliases", "sentence_ids"):
        return []
    text = data.sentences()
    problems = []
    for i, row in data.rows("actors"):
        cited = [sid for sid in split_ids(row.get("sentence_ids")) if sid in text]
        if not cited:
            continue
        for alias in (a.strip() for a in _cell(row, "aliases").split(_ALIAS_SEP)):
            word = re.compile(rf"(?<!\w){re.escape(_folded(alias))}(?!\w)")
            if alias and not any(word.search(_folded(text[sid])) for sid in cited):
                problems.append(
                    f"{data.where('actors', i, 'aliases')}{_ident(row, 'actor_id')}: the alias {alias!r} is in none of its sentences "
                    f"({', '.join(cited)}); spell it exactly as the article does, or add the sentence that names it to sentence_ids."
                    f"{data.about('actors', 'aliases')}"
                )
    return problems


def _is_true(value) -> bool:
    return not is_blank(value) and str(value).strip().lower() in _TRUE


def verdict_problems(data: CaseTables) -> list[str]:
    """Each claim whose verdict does not fit it: a checkable claim without one, or one that is not checkable with one;
    a verdict without references, or whose evidence does not name each of its references (or names one that does not exist)."""
    if not data.has("claims", "verdict"):
        return []
    known = set(data.tables["references"]["ref_id"].dropna().astype(str)) if data.has("references", "ref_id") else None
    pattern = data.id_pattern("references", "ref_id")
    problems = []
    for i, row in data.rows("claims"):
        ident, verdict = _ident(row, "claim_id"), _cell(row, "verdict")
        if "checkable" in row.index and not is_blank(row.get("checkable")):
            if _is_true(row["checkable"]) and not verdict:
                problems.append(
                    f"{data.where('claims', i, 'verdict')}{ident}: the claim is checkable but has no verdict; "
                    f"give the verdict the evidence supports, or set checkable to false.{data.about('claims', 'verdict')}"
                )
            elif not _is_true(row["checkable"]) and verdict:
                problems.append(
                    f"{data.where('claims', i, 'verdict')}{ident}: the claim is not checkable but has the verdict {verdict!r}; "
                    f"empty the verdict, or set checkable to true.{data.about('claims', 'checkable')}"
                )
        if not verdict or "ref_ids" not in row.index or "evidence" not in row.index:
            continue
        rests_on, evidence = split_ids(row.get("ref_ids")), _cell(row, "evidence")
        if not rests_on:
            problems.append(
                f"{data.where('claims', i, 'ref_ids')}{ident}: the verdict {verdict!r} rests on no reference; "
                f"list the references its evidence uses.{data.about('claims', 'ref_ids')}"
            )
        missing = [rid for rid in rests_on if not re.search(rf"(?<!\w){re.escape(rid)}(?!\w)", evidence)]
        if missing:
            problems.append(
                f"{data.where('claims', i, 'evidence')}{ident}: the evidence does not name {', '.join(missing)}, which ref_ids lists; "
                f"name each reference where the evidence uses it (or take it out of ref_ids).{data.about('claims', 'evidence')}"
            )
        unknown = sorted(set(pattern.findall(evidence)) - known) if pattern is not None and known is not None else []
        if unknown:
            problems.append(
                f"{data.where('claims', i, 'evidence')}{ident}: the evidence names {', '.join(unknown)}, which references.csv does not have; "
                f"add the reference or correct the id.{data.about('claims', 'evidence')}"
            )
    return problems


def event_problems(data: CaseTables) -> list[str]:
    """Each event without its evidence: one the article reports (in-article) cites its sentence, a context event a reference."""
    if not data.has("events", "kind"):
        return []
    needs = {
        "in-article": ("sentence_id", "an in-article event cites the sentence that reports it"),
        "context": ("ref_ids", "a context event cites the references that report or date it"),
    }
    problems = []
    for i, row in data.rows("events"):
        column, rule = needs.get(_cell(row, "kind"), (None, ""))
        if column is not None and column in row.index and is_blank(row.get(column)):
            problems.append(
                f"{data.where('events', i, column)}{_ident(row, 'event_id')}: {rule}; fill in {column}.{data.about('events', column)}"
            )
    return problems


def source_card_problems(data: CaseTables) -> list[str]:
    """Each named source without a source card (when the case keeps cards)."""
    if not (data.has("sources", "source_id", "named") and data.has("source_cards", "source_id")):
        return []
    carded = set(data.tables["source_cards"]["source_id"].dropna().astype(str).str.strip())
    return [
        f"{data.where('sources', i, 'named')}{_ident(row, 'source_id')}: a named source has no source card; "
        f"add a row for it to {data.file('source_cards')}, or set named to false.{data.about('sources', 'named')}"
        for i, row in data.rows("sources")
        if _is_true(row.get("named")) and _cell(row, "source_id") not in carded
    ]


def copy_problems(data: CaseTables) -> list[str]:
    """Each copy (a kind in COPY_KINDS) that does not name its original, and each original that names a missing or the same reference."""
    if not data.has("references", "ref_id", "kind", "original"):
        return []
    ids = set(data.tables["references"]["ref_id"].dropna().astype(str))
    pattern = data.id_pattern("references", "ref_id")
    problems = []
    for i, row in data.rows("references"):
        rid, original = _cell(row, "ref_id"), _cell(row, "original")
        if _cell(row, "kind") in COPY_KINDS and not original:
            problems.append(
                f"{data.where('references', i, 'original')} ({rid}): a {_cell(row, 'kind')} must name the original it re-publishes; "
                f"write it as 'Outlet: Title (date)', as the original's ref_id, or as 'not named: ...' when the copy does not say."
                f"{data.about('references', 'original')}"
            )
        elif original and pattern is not None and pattern.fullmatch(original) and (original not in ids or original == rid):
            wrong = "itself" if original == rid else "a reference that references.csv does not have"
            problems.append(
                f"{data.where('references', i, 'original')} ({rid}): the original {original!r} is {wrong}; "
                f"give the ref_id of the original, or its name.{data.about('references', 'original')}"
            )
    return problems


def _originals(data: CaseTables) -> dict[str, str | None]:
    """ref_id -> the original it re-publishes, or None.

    The original is a ref_id of the table when it is written as one, or as the 'Outlet: Title (date)'
    of another row; else its name, folded, so that two copies of one story the table does not list meet.
    """
    refs = data.tables["references"].dropna(subset=["ref_id"])
    known = set(refs["ref_id"].astype(str))
    by_name: dict[str, str] = {}
    if data.has("references", "outlet", "title"):
        by_name = {_folded(f"{o}: {t}"): str(r) for r, o, t in zip(refs["ref_id"], refs["outlet"], refs["title"], strict=True)}
    out: dict[str, str | None] = {}
    for rid, value in zip(refs["ref_id"].astype(str), refs["original"], strict=True):
        text = "" if is_blank(value) else str(value).strip()
        if not text or text.lower().startswith(_NOT_NAMED):
            out[rid] = None
        elif text in known:
            out[rid] = text
        else:
            rows = [by_name.get(_folded(name), rid) for name in (text, _DATED.sub("", text))]
            out[rid] = next((r for r in rows if r != rid), _folded(text))
    return out


def _root(rid: str, originals: dict[str, str | None]) -> str:
    """The source a reference finally rests on: its original, followed through the table."""
    seen: set[str] = set()
    while originals.get(rid) is not None and rid not in seen:
        seen.add(rid)
        rid = str(originals[rid])
    return rid


def _shared(ids: list[str], originals: dict[str, str | None]) -> list[tuple[str, list[str]]]:
    """Each original that two or more of ``ids`` rest on, with those ids."""
    by_root: dict[str, list[str]] = {}
    for rid in dict.fromkeys(ids):
        by_root.setdefault(_root(rid, originals), []).append(rid)
    return [(root, same) for root, same in by_root.items() if len(same) > 1]


def independence_problems(data: CaseTables) -> list[str]:
    """References counted together that rest on one original: a copy is not a confirmation.

    Counted together: the ``ref_ids`` of one claim, one source card or one event, and the
    references named in one reason of the rubric's corroboration criterion (``rubric_scores``).
    """
    if not data.has("references", "ref_id", "original"):
        return []
    originals = _originals(data)
    pattern = data.id_pattern("references", "ref_id")
    groups: list[tuple[str, int, str, str, list[str]]] = []  # table, row, column, id for the message, the ids counted together
    for table, id_column in (("claims", "claim_id"), ("source_cards", "source_id"), ("events", "event_id")):
        if data.has(table, "ref_ids"):
            groups += [(table, i, "ref_ids", _ident(row, id_column), split_ids(row.get("ref_ids"))) for i, row in data.rows(table)]
    if pattern is not None and data.has("rubric_scores", "criterion_id", "reason"):
        groups += [
            ("rubric_scores", i, "reason", _ident(row, "source_id"), pattern.findall(_cell(row, "reason")))
            for i, row in data.rows("rubric_scores")
            if _cell(row, "criterion_id") == CORROBORATION
        ]
    written = {_folded(v): str(v).strip() for v in data.tables["references"]["original"].dropna()}
    problems = []
    for table, i, column, ident, ids in groups:
        for root, same in _shared(ids, originals):
            source = root if root in originals else repr(written.get(root, root))
            problems.append(
                f"{data.where(table, i, column)}{ident}: {' and '.join(same)} rest on one original ({source}), so they are one source, "
                f"not independent confirmation; keep one of them here (or the original).{data.about('references', 'original')}"
            )
    return problems


Rule = Callable[[CaseTables], list[str]]

# Every rule ``validate`` applies to a case folder, in the order its lines are printed.
RULES: tuple[Rule, ...] = (
    excerpt_problems,
    alias_problems,
    expression_problems,
    verdict_problems,
    event_problems,
    source_card_problems,
    copy_problems,
    independence_problems,
)


def rule_problems(tables: dict[str, pd.DataFrame], descriptor: dict) -> list[str]:
    """The kit's data rules on a case's tables (read as text, as ``validate_case`` reads them); one line per problem."""
    data = CaseTables(tables, descriptor)
    return [line for rule in RULES for line in rule(data)]
