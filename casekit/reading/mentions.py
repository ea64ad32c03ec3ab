"""Find actors in a text by their names and aliases, and see what a naive search misses.

A plain search (``str.contains("O'Brien")``) compares characters exactly: it
misses a mention written with another apostrophe (’ or the modifier letter ʼ),
with an accent, or in other capitals, and it finds only the one name it was
given. The helpers here normalise both sides first and search for every alias:

Example::

    from casekit.reading.mentions import find_mentions, count_mentions
    find_mentions(case.sentences, "O'Brien")          # finds the sentence with "OʼBrien"
    count_mentions(case.sentences, case.actors)       # naive versus alias-aware, per actor
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from ..case.tables import require_columns
from ..common.folding import fold
from ..errors import MentionError

__all__ = ["MentionError", "alias_pattern", "characters", "count_mentions", "find_mentions"]

SEP = ";"


def characters(text: str) -> pd.DataFrame:
    """One row per character of ``text``: the character, its code point and its Unicode name.

    Shows why two words that look the same do not match:

    Example::

        characters("OʼBrien")       # the 2nd character is MODIFIER LETTER APOSTROPHE (U+02BC)
    """
    if not isinstance(text, str):
        msg = f"expected a piece of text, such as 'OʼBrien'; got {type(text).__name__}."
        raise MentionError(msg)
    rows = [(ch, f"U+{ord(ch):04X}", unicodedata.name(ch, "(no name)")) for ch in text]
    return pd.DataFrame(rows, columns=["character", "code_point", "unicode_name"])


def alias_pattern(aliases: list[str] | str) -> re.Pattern:
    """A regular expression that finds any of the aliases in normalised text, as whole words.

    ``aliases`` is a list or a ``;``-separated text. "Smith" finds "J. Smith" and
    "Smith’s" but not "Smithson".
    """
    if isinstance(aliases, str):
        aliases = aliases.split(SEP)
    terms = sorted({fold(a).strip() for a in aliases if isinstance(a, str) and a.strip()}, key=len, reverse=True)
    if not terms:
        msg = "there is no alias to search for; give at least one name, such as ['Smith']."
        raise MentionError(msg)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)")


def find_mentions(sentences: pd.DataFrame, *terms: str, naive: bool = False) -> pd.DataFrame:
    """The sentences that mention any of ``terms``.

    By default the search ignores case, accents and the kind of apostrophe or
    dash, and matches whole words; a text with commas counts as several names
    (``"HTS, Smith"`` searches for both). ``naive=True`` searches the way
    ``str.contains`` does: exact characters, exact case, anywhere in a word.

    Example::

        find_mentions(case.sentences, "UN", "United Nations")
    """
    require_columns(sentences, ["sentence_id", "text"], "the sentences table", MentionError)
    flat = [t for term in terms for t in ([term] if isinstance(term, str) else term)]
    if not flat or any(not isinstance(t, str) or not t.strip() for t in flat):
        msg = "give one or more words to search for, such as find_mentions(case.sentences, 'Smith')."
        raise MentionError(msg)
    if naive:
        hit = pd.Series(False, index=sentences.index)
        for term in flat:
            hit |= sentences["text"].str.contains(term, regex=False)
    else:
        pattern = alias_pattern([name.strip() for t in flat for name in t.split(",") if name.strip()])
        hit = sentences["text"].map(lambda s: bool(pattern.search(fold(s))))
    return sentences.loc[hit, ["sentence_id", "text"]].reset_index(drop=True)


def count_mentions(sentences: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """For each actor: the sentences a naive search of its name finds, and those its aliases find.

    ``naive`` searches the ``name`` column exactly as written (``str.contains``);
    ``alias_aware`` searches every alias in ``aliases`` (``;``-separated) after
    normalising; ``missed_by_naive`` lists what the naive search did not find.
    A search only proposes sentences: read each one to confirm it is about the actor.
    """
    require_columns(sentences, ["sentence_id", "text"], "the sentences table", MentionError)
    require_columns(actors, ["actor_id", "name", "aliases"], "the actors table", MentionError)
    norm = [fold(t) for t in sentences["text"]]
    ids = list(sentences["sentence_id"])
    rows = []
    for _, actor in actors.iterrows():
        name = actor["name"] if isinstance(actor["name"], str) else ""
        naive = [i for i, t in zip(ids, sentences["text"]) if name and name in t]
        aliases = [a for a in str(actor["aliases"]).split(SEP) if a.strip()] if isinstance(actor["aliases"], str) else []
        pattern = alias_pattern([name, *aliases]) if (name or aliases) else None
        aware = [i for i, t in zip(ids, norm) if pattern is not None and pattern.search(t)]
        missed = [i for i in aware if i not in naive]
        rows.append(
            {
                "actor_id": actor["actor_id"],
                "name": name,
                "naive": len(naive),
                "alias_aware": len(aware),
                "missed_by_naive": SEP.join(missed),
                "sentence_ids": SEP.join(aware),
            }
        )
    columns = ["actor_id", "name", "naive", "alias_aware", "missed_by_naive", "sentence_ids"]
    return pd.DataFrame(rows, columns=columns)
