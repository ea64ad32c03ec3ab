"""``python -m casekit draft CASE_FOLDER``: rows proposed for a case's tables from its text, offline, each marked as a draft.

From the sentences table (and ``case.toml``'s publication date) it proposes:

- ``actors.csv``: the people, organisations, places and groups the text names,
  with aliases, the sentences that name them and a likely type
  (``actors.py``), and ``actor_types.csv`` rows for types it used that the
  table lacks;
- ``sources.csv``: who is quoted or paraphrased where (``speakers.py``);
- ``time_expressions.csv``: dates at their precision, relative ones resolved
  against the publication date, durations (``times.py``);
- ``claims.csv``: sentences with counts, money, percentages, dates or named
  events, with a guessed kind (``claims.py``).

Every drafted row has ``status = draft`` (``tables.py``): the instructor's
rows are kept as they are, a row the table already holds is not proposed
again, and new ids run on after the last. ``validate`` counts the drafts
still waiting.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ...case.folder import find_case, read_descriptor, read_meta
from ...common.files import write_atomic
from ...common.folding import fold
from ...common.wording import plural
from ...errors import CaseError
from ..vocabularies import LABELS
from .actors import Actor, find_actors
from .claims import find_claims
from .speakers import Speaker, find_speakers
from .tables import DRAFT, STATUS, Merged, merge_rows, read_rows
from .times import find_times

__all__ = ["DRAFT", "STATUS", "Drafted", "draft_case"]


@dataclass
class Drafted:
    """What ``draft_case`` wrote: one entry per table, and the time expressions it could not resolve."""

    folder: Path
    tables: list[Merged] = field(default_factory=list)
    unresolved: int = 0

    def lines(self) -> list[str]:
        """One line per table, as ``python -m casekit draft`` prints them."""
        out = []
        for m in self.tables:
            kept = f"; {plural(m.kept, 'row')} already there kept as they were" if m.kept else ""
            again = f"; {m.skipped} not proposed again (already in the table)" if m.skipped else ""
            out.append(f"{m.path}: {plural(m.added, 'drafted row')} added{kept}{again}.")
        return out


# ------------------------------------------------------------------ vocabulary of the case


def _field(descriptor: dict, table: str, column: str) -> dict:
    for res in descriptor.get("resources", []):
        if res.get("name") == table:
            for fld in res["schema"]["fields"]:
                if fld["name"] == column:
                    return fld
    return {}


def _enum(descriptor: dict, table: str, column: str) -> list[str]:
    """The labels the case allows in ``table.column`` (its enum constraint); [] when it fixes none."""
    return list((_field(descriptor, table, column).get("constraints") or {}).get("enum", []))


def _meanings(descriptor: dict, table: str, column: str) -> dict[str, str]:
    """What each label of ``table.column`` means, as the case's vocabulary wrote it (``casekit:labels``); {} when it does not say."""
    labels = _field(descriptor, table, column).get(LABELS)
    return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}


def _pick(options: list[str], *wanted: str) -> str:
    """The first of ``wanted`` the case's vocabulary has; '' when none (left for the instructor)."""
    return next((w for w in wanted if w in options), "") if options else (wanted[0] if wanted else "")


_POLITICAL = re.compile(r"\b(?:leader|president|minister|premier|king|queen|governor|mayor|senator|commander|general|emir|sheikh)\b")
_EXPERT = re.compile(r"\b(?:analysts?|experts?|professor|researchers?|scientists?|economists?|scholar|fellow|lecturer|strategist)\b")
_JOURNALIST = re.compile(r"\b(?:reporters?|correspondents?|journalists?|editor|columnist)\b")


def _person_role(actor: Actor) -> str:
    context = re.sub(r"\b(?:told|tells|to|with) (?:reporters|journalists)\b", "", " ".join(actor.context))
    titles = " ".join(actor.titles).casefold()
    if _EXPERT.search(context) or re.search(r"\bprof", titles):
        return "expert"
    if _JOURNALIST.search(context):
        return "journalist"
    if _POLITICAL.search(titles) or _POLITICAL.search(context) or any(t in titles for t in ("gen", "col", "sen", "gov", "secretary")):
        return "political"
    return ""


def _actor_type(actor: Actor, options: list[str]) -> tuple[str, str]:
    """The likely type among the case's options, and a note on why."""
    kind, org = actor.kind, actor.org_kind
    if kind == "person":
        role = _person_role(actor)
        roles: dict[str, tuple[str, ...]] = {
            "political": ("political_leader", "official", "person"),
            "expert": ("analyst", "expert", "person"),
        }
        said = {"political": "a person with a political title or role", "expert": "a person described as an expert"}
        return _pick(options, *roles.get(role, ("person", "individual"))), said.get(role, "a person")
    if kind == "country":
        return _pick(options, "state", "country", "government", "place"), "a country"
    # each kind's labels in order of preference: a conflict vocabulary's, then a general one's
    table: dict[str, tuple[tuple[str, ...], str]] = {
        "government": (("state", "government", "organisation"), "a government body"),
        "armed_force": (("state_armed_force", "armed_force", "government"), "an armed force"),
        "armed_group": (("non_state_armed_group", "armed_group", "group"), "an armed group"),
        "research": (("research_institution", "institution", "organisation"), "a research body"),
        "outlet": (("news_outlet", "outlet"), "a news outlet"),
        "company": (("company", "business", "organisation", "organization"), "a company"),
        "group": (("organisation", "organization", "group"), "a group or organisation"),
        "civilians": (("civilians", "group"), "a group of people"),
    }
    if kind in {"organisation", "group"} and org in table:
        kinds_wanted, why = table[org]
        return _pick(options, *kinds_wanted), why
    if kind == "organisation":
        return _pick(options, "organisation", "organization"), "an organisation"
    if kind == "place":
        return _pick(options, "place", "location"), "a place (keep it only if it acts in the text)"
    return "", "a name whose kind the draft could not tell"


def _source_type(speaker: Speaker, options: list[str]) -> str:
    if not speaker.named:
        return _pick(options, "unnamed")
    if any(a.how == "byline" for a in speaker.attributions):
        return _pick(options, "journalist")
    actor = speaker.actor
    if actor is None:
        return ""
    if actor.kind == "person":
        roles = {"political": ("official",), "expert": ("analyst", "expert"), "journalist": ("journalist",)}
        return _pick(options, *roles.get(_person_role(actor), ("person",)))
    if actor.kind == "country" or actor.org_kind in {"government", "armed_force"}:
        return _pick(options, "government", "official")
    source_types = {
        "outlet": ("news_outlet", "outlet"),
        "research": ("research_institution", "institution", "organisation"),
        "company": ("company", "organisation"),
    }
    return _pick(options, *source_types.get(actor.org_kind, ("organisation",)))


# ------------------------------------------------------------------ ids


def _slug(name: str) -> str:
    plain = fold(name).removeprefix("the ")
    return re.sub(r"[^a-z]+", "_", plain).strip("_") or "actor"


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    letters = "abcdefghijklmnopqrstuvwxyz"
    for a in letters:
        for b in ("", *letters):
            candidate = f"{base}_{a}{b}"
            if candidate not in taken:
                return candidate
    return base + "_x"


def _names(row: dict, *columns: str) -> set[str]:
    out = set()
    for column in columns:
        for part in str(row.get(column, "") or "").split(";"):
            if part.strip():
                out.add(fold(part.strip()).removeprefix("the "))
    return out


# ------------------------------------------------------------------ the draft


def _read_inputs(folder: Path) -> tuple[dict, dict, pd.DataFrame, pd.DataFrame | None]:
    descriptor = read_descriptor(folder)
    meta = read_meta(folder)
    resources = {r.get("name"): r for r in descriptor.get("resources", [])}
    if "sentences" not in resources or not (folder / resources["sentences"]["path"]).is_file():
        raise CaseError([f"{folder}: no sentences table; start the folder with `python -m casekit new-case`, which splits the text."])
    sentences = read_rows(folder, resources["sentences"])
    if sentences.empty or not {"sentence_id", "text"} <= set(sentences.columns):
        raise CaseError([f"{folder}: sentences.csv has no sentences; `python -m casekit new-case` splits the text into them."])
    patterns = read_rows(folder, resources["time_patterns"]) if "time_patterns" in resources else None
    return descriptor, meta, sentences, patterns


def draft_case(path: str | os.PathLike) -> Drafted:
    """Propose rows for the case's actors, actor types, sources, time expressions and claims from its text; merge and write them.

    Rows already in a table are kept as they are; a drafted row the table
    already holds (by name or alias, sentence and expression, or sentence) is
    not added again, so running it twice adds nothing the second time.
    """
    folder = find_case(path)
    descriptor, meta, sentences, patterns = _read_inputs(folder)
    published = str(meta.get("article", {}).get("published", "") or "")
    actors = [a for a in find_actors(sentences) if a.sentence_ids]
    speakers = find_speakers(sentences, actors)
    result = Drafted(folder)

    # sources first: claims point to them
    source_ids = _draft_sources(folder, descriptor, speakers, result)
    _draft_actors(folder, descriptor, actors, speakers, result)
    times = find_times(sentences, published, patterns)
    _draft_times(folder, descriptor, times, result)
    dated = {t.sentence_id for t in times if t.kind == "absolute"}
    by_sentence: dict[str, tuple[str, bool]] = {}
    for sp in speakers:
        for a in sp.attributions:
            if a.how != "byline":
                by_sentence.setdefault(a.sentence_id, (source_ids.get(id(sp), ""), a.how in {"quoted", "carried"}))
    year = next((int(m.group(0)) for m in [re.match(r"\d{4}", published)] if m), None)
    candidates = find_claims(sentences, _enum(descriptor, "claims", "kind"), dated=dated, speakers=by_sentence, year=year)
    rows = [
        {
            "sentence_id": c.sentence_id,
            "excerpt": c.excerpt,
            "kind": c.kind,
            "attributed_to": c.attributed_to,
            "checkable": "true",
            "verdict": "",
            "evidence": "",
            "ref_ids": "",
        }
        for c in candidates
    ]
    _add(
        result,
        merge_rows(folder, descriptor, "claims", rows, keys=lambda r: {r.get("sentence_id", "")}, id_field="claim_id", id_prefix="C"),
    )
    if descriptor != read_descriptor(folder):  # a table gained the status field
        write_atomic(folder / "datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n")
    return result


def _add(result: Drafted, merged: Merged | None) -> None:
    if merged is not None:
        result.tables.append(merged)


def _draft_sources(folder: Path, descriptor: dict, speakers: list[Speaker], result: Drafted) -> dict[int, str]:
    """Write the sources; return the source id of each speaker (an existing row's id where the name is already there)."""
    options = _enum(descriptor, "sources", "type")
    rows, ids = [], {}
    for sp in speakers:
        hows = [a.how for a in sp.attributions]
        role = (
            "byline"
            if "byline" in hows
            else "speaker"
            if "label" in hows and not sp.quoted
            else "quoted"
            if sp.quoted
            else "cited"
            if set(hows) == {"cited"}
            else "paraphrased"
        )
        row = {
            "name": sp.name,
            "type": _source_type(sp, options),
            "role": role,
            "sentence_ids": ";".join(sp.sentence_ids),
            "named": "true" if sp.named else "false",
            "access": "",
            "what_to_check": "",
            "_speaker": sp,
        }
        rows.append(row)
    resource = next((r for r in descriptor.get("resources", []) if r.get("name") == "sources"), None)
    existing = read_rows(folder, resource).to_dict("records") if resource else []
    merged = merge_rows(
        folder,
        descriptor,
        "sources",
        rows,
        keys=lambda r: _names(r, "name"),
        id_field="source_id",
        make_id=lambda r, taken: _unique(_slug(r["name"]), taken),
    )
    _add(result, merged)
    for row in rows:
        mine = _names(row, "name")
        match = row.get("source_id") or next((e["source_id"] for e in existing if _names(e, "name") & mine), "")
        ids[id(row["_speaker"])] = str(match)
    return ids


def _draft_actors(folder: Path, descriptor: dict, actors: list[Actor], speakers: list[Speaker], result: Drafted) -> None:
    options = _enum(descriptor, "actors", "type")
    voices = {}
    for sp in speakers:
        if sp.actor is not None and not any(a.how == "byline" for a in sp.attributions):
            voices[id(sp.actor)] = "quoted" if sp.quoted or any(a.how == "label" for a in sp.attributions) else "paraphrased"
    rows: list[dict] = []
    used_types: dict[str, str] = {}
    for actor in actors:
        kind, why = _actor_type(actor, options)
        note = f"draft: {why}" + (f" (title: {', '.join(actor.titles)})" if actor.titles else "")
        rows.append(
            {
                "name": actor.name,
                "aliases": ";".join(actor.aliases),
                "type": kind,
                "sentence_ids": ";".join(sorted(actor.sentence_ids)),
                "voice": voices.get(id(actor), "described"),
                "note": note,
            }
        )
        if kind:
            used_types.setdefault(kind, why)
    _add(
        result,
        merge_rows(
            folder,
            descriptor,
            "actors",
            rows,
            keys=lambda r: _names(r, "name", "aliases"),
            id_field="actor_id",
            make_id=lambda r, taken: _unique(_slug(r["name"]), taken),
        ),
    )
    meanings = _meanings(descriptor, "actors", "type")
    type_rows = [
        {
            "type": t,
            "label": t.replace("_", " "),
            "description": meanings.get(t, ""),
            "acled_equivalent": "",
            "how_we_differ": "",
            "ref_ids": "",
        }
        for t in used_types
    ]
    if type_rows:
        _add(result, merge_rows(folder, descriptor, "actor_types", type_rows, keys=lambda r: {r.get("type", "")}))


def _draft_times(folder: Path, descriptor: dict, times: list, result: Drafted) -> None:
    resource = next((r for r in descriptor.get("resources", []) if r.get("name") == "time_expressions"), None)
    existing = read_rows(folder, resource).to_dict("records") if resource else []
    rows = []
    for t in times:
        clash = any(
            e.get("sentence_id") == t.sentence_id
            and (fold(t.expression) in fold(e.get("expression", "")) or fold(e.get("expression", "")) in fold(t.expression))
            for e in existing
            if e.get("expression")
        )
        if clash:
            continue
        basis = t.basis if t.resolves_to else f"unresolved: {t.basis}"
        rows.append(
            {
                "sentence_id": t.sentence_id,
                "expression": t.expression,
                "kind": t.kind,
                "resolves_to": t.resolves_to,
                "event_ids": "",
                "ref_ids": "",
                "basis": f"draft: {basis}",
            }
        )
        result.unresolved += not t.resolves_to
    _add(
        result,
        merge_rows(
            folder,
            descriptor,
            "time_expressions",
            rows,
            keys=lambda r: {(r.get("sentence_id", ""), fold(str(r.get("expression", ""))))},
            id_field="expression_id",
            id_prefix="T",
        ),
    )
