"""A plain text split into numbered sentences that rebuild it exactly: paragraphs by line, sentences by their ends.

A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets) before
one space and a capital, a digit or an opening quote, except after an abbreviation
("Pa.", "Nov.", "Mr."), an initial ("J.") or a dotted acronym ("U.S."). A first
paragraph is the headline, a short one that starts with "By " and a name the byline,
and the first other paragraph after the headline the lede.
"""

from __future__ import annotations

import re

import pandas as pd

from ..errors import CaseError

__all__ = ["ABBREVIATIONS", "is_byline", "paragraph_separator", "rebuild", "sentence_table", "split_sentences"]

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "supt",
        "insp",
        "mt",
        "ft",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "no",
        "nos",
        "vol",
        "vols",
        "fig",
        "figs",
        "pp",
        "ed",
        "eds",
        "est",
        "approx",
        "dept",
        "univ",
        "inc",
        "ltd",
        "co",
        "corp",
        "bros",
        "assn",
        "vs",
        "etc",
        "al",
        "ala",
        "ariz",
        "ark",
        "calif",
        "colo",
        "conn",
        "del",
        "fla",
        "ga",
        "ill",
        "ind",
        "kan",
        "ky",
        "la",
        "md",
        "mass",
        "mich",
        "minn",
        "miss",
        "mo",
        "mont",
        "neb",
        "nev",
        "okla",
        "ore",
        "pa",
        "tenn",
        "tex",
        "va",
        "vt",
        "wash",
        "wis",
        "wyo",
    ]
)
_END = re.compile(r"[.!?][\"'”’»)\]]* (?=[\"'“‘«(\[]?[A-Z0-9À-Þ])")
_ACRONYM = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.$")


def _is_boundary(text: str, end: int) -> bool:
    """Whether the full stop (or ! or ?) that ends at ``end`` ends a sentence."""
    head = text[:end].rstrip("\"'”’»)]")
    if not head.endswith(".") or head != text[:end]:  # "?", "!", or a stop inside closing quotes
        return True
    if _ACRONYM.search(head):
        return False
    word = _WORD_BEFORE.search(head)
    if word is None:
        return True
    token = word.group(1)
    return not (len(token) == 1 or token.casefold() in ABBREVIATIONS)


_BYLINE = re.compile(r"By [A-Z][^\n]*")


def is_byline(paragraph: str) -> bool:
    """Whether a paragraph is a byline: "By " and a name, short, and not a sentence ("By March, sales rose." is not one).

    >>> is_byline("By A. Writer"), is_byline("By Jane Roe and Tom Poe, Staff Reporters"), is_byline("By March, sales had doubled.")
    (True, True, False)
    """
    if not _BYLINE.fullmatch(paragraph) or len(paragraph.split()) > 12:
        return False
    return not re.search(r"(?<![ .][A-Z])[.!?]$", paragraph) and not re.search(r", [a-z]", paragraph)


def _split_paragraph(paragraph: str) -> list[str]:
    if is_byline(paragraph):
        return [paragraph]
    parts, start = [], 0
    for match in _END.finditer(paragraph):
        stop = match.end() - 1  # the space after the sentence
        if _is_boundary(paragraph, stop):
            parts.append(paragraph[start:stop])
            start = stop + 1
    parts.append(paragraph[start:])
    return [p for p in parts if p]


def paragraph_separator(text: str) -> str:
    """How paragraphs are separated in ``text``: a blank line when it has any, else one line break."""
    return "\n\n" if "\n\n" in text.strip("\n") else "\n"


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(paragraph number, sentence) for every sentence of ``text``, in order.

    >>> split_sentences("A headline\\nMr. Smith went to Washington, D.C. on Nov. 3. He said: “Yes.” Then he left.")
    [(1, 'A headline'), (2, 'Mr. Smith went to Washington, D.C. on Nov. 3.'), (2, 'He said: “Yes.”'), (2, 'Then he left.')]
    """
    if not isinstance(text, str) or not text.strip():
        raise CaseError(["the text is empty: give the file of a text with at least one sentence."])
    body = text.strip("\n")
    out = []
    for number, paragraph in enumerate(body.split(paragraph_separator(body)), start=1):
        if paragraph != paragraph.strip() or "\n" in paragraph:
            msg = (
                f"paragraph {number} has spaces at its ends or a stray line break; tidy the text so paragraphs are separated consistently."
            )
            raise CaseError([msg])
        out += [(number, s) for s in _split_paragraph(paragraph)]
    return out


def _parts(rows: list[tuple[int, str]]) -> list[str]:
    """The part of each sentence: the first paragraph is the headline, a byline is the byline, the next paragraph the lede."""
    bylines = {p for p, s in rows if is_byline(s)}
    lede = min((p for p, _ in rows if p > 1 and p not in bylines), default=None)
    return ["byline" if p in bylines else "headline" if p == 1 else "lede" if p == lede else "body" for p, _ in rows]


def sentence_table(text: str, prefix: str = "S") -> pd.DataFrame:
    """The sentences table of a case (sentence_id, paragraph, part, text) for ``text``.

    >>> sentence_table("A title\\nBy A. Writer\\nThe news. More.\\nLater.")["part"].tolist()
    ['headline', 'byline', 'lede', 'lede', 'body']
    """
    rows = split_sentences(text)
    width = max(2, len(str(len(rows))))
    return pd.DataFrame(
        [(f"{prefix}{n:0{width}d}", p, part, s) for n, ((p, s), part) in enumerate(zip(rows, _parts(rows)), start=1)],
        columns=["sentence_id", "paragraph", "part", "text"],
    )


def rebuild(sentences: pd.DataFrame, separator: str = "\n") -> str:
    """The text the sentences table stands for: sentences joined by a space, paragraphs by ``separator``."""
    return separator.join(" ".join(g["text"]) for _, g in sentences.groupby("paragraph", sort=False))
