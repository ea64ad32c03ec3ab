"""Small helpers for reading a text closely: find sentences by cue words, mark the cues, and say who speaks where.

Nothing here knows the case: the functions work on any table of sentences
(``sentence_id``, ``paragraph``, ``text``), of claims (``claim_id``,
``sentence_id``, ``attributed_to``, ``verdict``), of sources (``source_id``,
``name``) and of provenance links (``from``, ``to``, ``certainty``).

Example::

    from casekit import load_case
    from casekit.reading.text import find_sentences
    find_sentences(load_case().sentences, ["said", "noted"])
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import pandas as pd

from ..case.tables import require_columns as _need
from ..common.folding import LOOK_ALIKES
from ..errors import InputError

__all__ = ["Highlighted", "chain", "cue_pattern", "find_sentences", "highlight", "trust_band", "voices_by_paragraph"]

READER = "reader"


def _words(words: str | Iterable[str]) -> list[str]:
    if isinstance(words, str):
        words = [words]
    try:
        items = list(words)
    except TypeError:
        raise InputError(f"expected a list of words such as ['said', 'noted']; got {type(words).__name__}.") from None
    bad = [w for w in items if not isinstance(w, str) or not w.strip()]
    if bad or not items:
        raise InputError("expected a list of words such as ['said', 'noted'], each a non-empty text.")
    return list(dict.fromkeys(items))


def _body(word: str) -> str:
    """``word`` escaped for a regular expression; a straight quote, apostrophe or hyphen matches all its look-alikes."""
    return "".join(f"[{re.escape(LOOK_ALIKES[ch])}]" if ch in LOOK_ALIKES else re.escape(ch) for ch in word)


def cue_pattern(words: str | Iterable[str]) -> str:
    """A regular expression that matches any of ``words`` as whole words (punctuation such as '“' matches anywhere).

    A straight quote, apostrophe or dash in a word also matches its curly or long forms:
    ``'"'`` finds “ and ”, ``"'s"`` finds ’s.

    >>> bool(re.search(cue_pattern(['"']), "He said “no”"))
    True
    >>> import re
    >>> bool(re.search(cue_pattern(["said"]), "She said so", re.I))
    True
    >>> bool(re.search(cue_pattern(["said"]), "unsaid", re.I))
    False
    """
    parts = []
    for word in sorted(_words(words), key=len, reverse=True):  # longest first: 'according to' before 'according'
        body = _body(word)
        start = r"\b" if re.match(r"\w", word) else ""
        end = r"\b" if re.search(r"\w$", word) else ""
        parts.append(f"{start}{body}{end}")
    return "|".join(parts)


def find_sentences(sentences: pd.DataFrame, words: str | Iterable[str], column: str = "text") -> pd.DataFrame:
    """The rows whose ``column`` contains any of ``words`` (ignoring case), with a ``cues`` column naming what matched.

    Example::

        find_sentences(case.sentences, ["said", "noted", "reports"])
    """
    _need(sentences, [column], "the sentences")
    pattern = re.compile(cue_pattern(words), re.IGNORECASE)
    found = sentences[column].fillna("").map(lambda text: list(dict.fromkeys(m.group(0) for m in pattern.finditer(text))))
    out = sentences[found.str.len() > 0].copy()
    out["cues"] = found[found.str.len() > 0].str.join("; ")
    return out


class Highlighted:
    """Sentences with their cue words marked: <mark> in JupyterLab, **bold** as plain text."""

    def __init__(self, rows: list[tuple[str, str]], pattern: re.Pattern):
        self.rows = rows
        self.pattern = pattern

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        if not self.rows:
            return "(no sentence contains these words)"
        return "\n".join(f"[{sid}] {self.pattern.sub(lambda m: f'**{m.group(0)}**', text)}" for sid, text in self.rows)

    def _repr_html_(self) -> str:
        if not self.rows:
            return "<p>(no sentence contains these words)</p>"
        items = []
        for sid, text in self.rows:
            marked, last = [], 0
            for m in self.pattern.finditer(text):
                marked.append(html.escape(text[last : m.start()]))
                marked.append(f"<mark>{html.escape(m.group(0))}</mark>")
                last = m.end()
            marked.append(html.escape(text[last:]))
            items.append(f"<li><strong style='font-family:monospace'>[{html.escape(sid)}]</strong> {''.join(marked)}</li>")
        return f"<ul class='casekit-highlight' style='list-style:none;padding-left:0'>{''.join(items)}</ul>"


def highlight(sentences: pd.DataFrame, words: str | Iterable[str], column: str = "text", id_column: str = "sentence_id") -> Highlighted:
    """Show only the sentences that contain any of ``words``, with the words marked.

    Example::

        highlight(case.sentences, ["reportedly", "said"])
        [S04] The talks, officials **said**, ...
    """
    _need(sentences, [column, id_column], "the sentences")
    pattern = re.compile(cue_pattern(words), re.IGNORECASE)
    rows = [(str(sid), str(text)) for sid, text in zip(sentences[id_column], sentences[column].fillna("")) if pattern.search(str(text))]
    return Highlighted(rows, pattern)


def chain(provenance: pd.DataFrame, start: str, end: str = READER) -> list[tuple[str, str]]:
    """The path of words from ``start`` to ``end`` along the provenance links: a list of (source, certainty) steps.

    The first step is ``(start, "")``; each later step names the next source and
    how sure the link into it is. The path stops at ``end`` (not included), at a
    source with no onward link, or at a loop.

    Example::

        chain(case.provenance, "analyst")
        [('analyst', ''), ('agency', 'stated'), ('paper', 'unclear')]
    """
    _need(provenance, ["from", "to"], "the provenance table")
    onward: dict[str, tuple[str, str]] = {}
    for _, row in provenance.iterrows():
        onward.setdefault(row["from"], (row["to"], row.get("certainty", "") if pd.notna(row.get("certainty", "")) else ""))
    steps, seen, node = [(start, "")], {start}, start
    while node in onward:
        nxt, certainty = onward[node]
        if nxt == end or nxt in seen:
            break
        steps.append((nxt, certainty))
        seen.add(nxt)
        node = nxt
    return steps


def trust_band(score: float | None, maximum: float) -> str:
    """A word for a rubric total: weak (under 40 % of the maximum), moderate (under 70 %), strong, or 'not scored'."""
    if score is None or pd.isna(score) or not maximum:
        return "not scored"
    share = float(score) / float(maximum)
    return "weak" if share < 0.4 else "moderate" if share < 0.7 else "strong"


def _summary(verdicts: pd.Series) -> str:
    counts = verdicts.dropna().value_counts()
    if counts.empty:
        return "nothing checkable"
    return ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))


def voices_by_paragraph(
    sentences: pd.DataFrame,
    claims: pd.DataFrame,
    sources: pd.DataFrame,
    *,
    default: str,
    provenance: pd.DataFrame | None = None,
    scores: pd.DataFrame | None = None,
    max_score: int = 2,
) -> pd.DataFrame:
    """Who speaks in each paragraph, through whom the words reached the reader, and how far to trust them.

    One row per paragraph and speaker. A claim the article attributes to nobody
    is given to ``default`` (the publisher, whose own voice it is). ``via`` follows
    the provenance links from the speaker (a '?' marks a link the text does not
    state); ``score`` is the speaker's rubric total (``scores``: source_id,
    criterion_id, score) out of ``max_score`` per criterion; ``checked`` counts
    the verdicts of the speaker's claims in that paragraph.

    Example::

        voices_by_paragraph(case.sentences, case.claims, case.sources, default="publisher",
                            provenance=case.provenance, scores=case.rubric_scores)
    """
    _need(sentences, ["sentence_id", "paragraph"], "the sentences")
    _need(claims, ["claim_id", "sentence_id", "attributed_to"], "the claims")
    _need(sources, ["source_id", "name"], "the sources")
    names = dict(zip(sources["source_id"], sources["name"]))
    if default not in names:
        raise InputError(f"default={default!r} is not a source_id of the sources table; use one of {', '.join(names)}.")
    df = claims.merge(sentences[["sentence_id", "paragraph"]], on="sentence_id", how="left")
    df["speaker"] = df["attributed_to"].fillna(default)
    totals, criteria = {}, 0
    if scores is not None:
        _need(scores, ["source_id", "criterion_id", "score"], "the scores")
        totals = scores.groupby("source_id")["score"].sum().to_dict()
        criteria = scores["criterion_id"].nunique()
    rows = []
    for (paragraph, speaker), group in df.groupby(["paragraph", "speaker"], sort=True):
        via = ""
        if provenance is not None:
            steps = chain(provenance, speaker)[1:]
            via = " → ".join(names.get(s, s) + ("?" if c == "unclear" else "") for s, c in steps)
        total = totals.get(speaker)
        row = {
            "paragraph": int(paragraph),
            "sentences": "; ".join(dict.fromkeys(group["sentence_id"])),
            "speaker": names.get(speaker, speaker),
            "attributed": bool(group["attributed_to"].notna().any()),
            "via": via or "(published directly)",
            "claims": "; ".join(group["claim_id"]),
        }
        if scores is not None:
            row["score"] = f"{int(total)} of {criteria * max_score}" if total is not None else "not scored"
            row["trust"] = trust_band(total, criteria * max_score)
        if "verdict" in group:
            row["checked"] = _summary(group["verdict"])
        rows.append(row)
    for paragraph in sorted(set(sentences["paragraph"].dropna().astype(int)) - {r["paragraph"] for r in rows}):
        ids = sentences.loc[sentences["paragraph"] == paragraph, "sentence_id"]
        rows.append(
            {
                "paragraph": paragraph,
                "sentences": "; ".join(ids),
                "speaker": "(no claim recorded)",
                "attributed": False,
                "via": "",
                "claims": "",
                **({"score": "", "trust": ""} if scores is not None else {}),
                **({"checked": ""} if "verdict" in df else {}),
            }
        )
    return pd.DataFrame(rows).sort_values(["paragraph", "attributed"], kind="stable").reset_index(drop=True)
