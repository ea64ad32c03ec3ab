"""Candidate checkable claims: sentences with counts, money, percentages, dates or named events, and a guessed kind.

A sentence is a candidate when it holds something a reader could look up:
a number with a unit or a count word, an amount of money, a percentage, a
calendar date, or a named event ("the 1998 floods", "the Paris Agreement").
The kind is guessed from the case's own vocabulary (the ``kind`` enum of its
claims table): a quoted judgement is an attributed opinion, a sentence about a
year before publication is background, the rest factual claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

__all__ = ["Candidate", "find_claims"]

_MONEY = re.compile(r"[$€£¥]\s?\d|\b\d[\d,.]*\s?(?:dollars|euros|pounds|yuan|yen|rupees)\b|\b(?:USD|EUR|GBP)\s?\d", re.IGNORECASE)
_PERCENT = re.compile(r"\d\s?(?:%|percent\b|per cent\b|percentage points?\b)", re.IGNORECASE)
_COUNT = re.compile(
    r"\b\d[\d,.]*\s?(?:million|billion|trillion|thousand|hundred)?\s*(?:[a-z]+\s){0,2}?"
    r"(?:people|dead|killed|deaths|wounded|injured|troops|soldiers|civilians|workers|jobs|employees|patients|cases|homes|votes|"
    r"units|tonnes|tons|barrels|kilometres|kilometers|miles|km|metres|meters|acres|hectares|times|countries|cities|attacks|strikes|sales)\b"
    r"|\b(?:hundreds|thousands|millions|billions|dozens|tens) of\b|\b\d[\d,.]*\s?(?:million|billion|trillion)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
_EVENT = re.compile(
    r"\b(?:[A-Z][\w’'-]+\s){0,4}(?:War|Agreement|Accord|Accords|Treaty|Summit|Election|Elections|Revolution|Uprising|Crisis|"
    r"Conference|Olympics|Games|Act|Deal|Offensive|Protests|Pandemic|Earthquake|Hurricane|Storm)\b"
    r"|\b(?:invasion|election|elections|ceasefire|cease-fire|attack|coup|referendum|summit|offensive|earthquake|merger|acquisition|"
    r"takeover|launch|recall|bankruptcy|verdict|ruling|strike|sanctions|treaty|agreement)\b",
)
_OPINION = re.compile(
    r"\b(?:should|must|ought|believe|think|feel|hope|fear|clearly|obviously|mistake|wrong|right|good|bad|great|terrible|"
    r"historic|best|worst|never|always|sinking|failure|success)\b",
    re.IGNORECASE,
)


@dataclass
class Candidate:
    """A sentence proposed as a checkable claim: what makes it checkable and its guessed kind."""

    sentence_id: str
    excerpt: str
    kind: str
    why: list[str]
    attributed_to: str = ""


def _why(text: str, time_sentence: bool) -> list[str]:
    why = []
    if _MONEY.search(text):
        why.append("an amount of money")
    if _PERCENT.search(text):
        why.append("a percentage")
    if _COUNT.search(text):
        why.append("a count")
    elif _NUMBER.search(re.sub(r"\b(?:1[89]|20)\d{2}\b", "", text)) and not why:
        why.append("a number")
    if time_sentence:
        why.append("a date")
    if _EVENT.search(text):
        why.append("a named event")
    return why


def _choose(options: list[str], *wanted: str) -> str:
    for kind in wanted:
        if kind in options:
            return kind
    return options[0] if options else ""


def find_claims(
    sentences: pd.DataFrame,
    kinds: list[str],
    *,
    dated: set[str] | frozenset[str] = frozenset(),
    speakers: dict[str, tuple[str, bool]] | None = None,
    year: int | None = None,
) -> list[Candidate]:
    """Candidate claims, one per sentence that holds something checkable.

    ``kinds`` is the case's claim kinds vocabulary; ``dated`` the sentences with
    a calendar date; ``speakers`` maps a sentence id to (source id, quoted);
    ``year`` is the year of publication, so that earlier years read as background.

    >>> s = pd.DataFrame({"sentence_id": ["S01", "S02"], "part": ["body", "body"],
    ...                   "text": ["Profits rose 12 percent to $4 million.", "It was a fine day."]})
    >>> [(c.sentence_id, c.kind, c.why) for c in find_claims(s, ["factual_claim", "background"])]
    [('S01', 'factual_claim', ['an amount of money', 'a percentage', 'a count'])]
    """
    speakers = speakers or {}
    parts = sentences["part"] if "part" in sentences else [""] * len(sentences)
    out = []
    for sid, part, text in zip(sentences["sentence_id"], parts, sentences["text"]):
        sid, text = str(sid), str(text)
        if part == "byline":
            continue
        why = _why(text, sid in dated)
        if not why:
            continue
        source, quoted = speakers.get(sid, ("", False))
        years = [int(y) for y in _YEAR.findall(text)]
        if quoted and _OPINION.search(text):
            kind = _choose(kinds, "attributed_opinion", "factual_claim")
        elif year and years and max(years) < year - 1 and why in (["a date"], ["a date", "a named event"], ["a named event", "a date"]):
            kind = _choose(kinds, "background", "factual_claim")
        else:
            kind = _choose(kinds, "factual_claim")
        out.append(Candidate(sid, text, kind, why, source))
    return out
