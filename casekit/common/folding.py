"""Text folded for comparison: one kind of quote, apostrophe and dash, no accents, no case."""

from __future__ import annotations

import unicodedata

__all__ = ["APOSTROPHES", "LOOK_ALIKES", "fold", "fold_answer", "fold_label"]

# Characters that readers take for an apostrophe or single quote, for a double quote, for a dash.
APOSTROPHES = "'’‘‚‛ʼʻ`´′"
_DOUBLE_QUOTES = '"“”„‟″«»'
_DASHES = "‐‑‒–—―−"
_MAP = str.maketrans({**{ch: "'" for ch in APOSTROPHES}, **{ch: '"' for ch in _DOUBLE_QUOTES}, **{ch: "-" for ch in _DASHES}})
# Each plain character with every character that folds to it (for patterns that must find them all).
LOOK_ALIKES = {"'": APOSTROPHES, '"': _DOUBLE_QUOTES, "-": "-" + _DASHES}


def fold(text: str) -> str:
    """``text`` with quotes, apostrophes and dashes made plain, accents removed and case folded.

    >>> fold("OʼBrien") == fold("O'Brien") == fold("O’BRIEN")
    True
    >>> fold("“Café” – Ünal")
    '"cafe" - unal'
    """
    text = str(text).translate(_MAP)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


def fold_label(value) -> str:
    """A label or name folded (see :func:`fold`), with spaces, dashes and underscores alike: one word joined by ``_``.

    >>> fold_label("Withdrew support-from") == fold_label("withdrew_support_from")
    True
    """
    return "_".join(fold(str(value)).replace("-", " ").replace("_", " ").split())


_TRAIL = ".,;:!?'\" "


def fold_answer(text: str) -> str:
    """A typed answer folded (see :func:`fold`), with runs of spaces made one and surrounding punctuation and quotes gone.

    >>> fold_answer("  The  WALL Street Journal. ")
    'the wall street journal'
    """
    text = str(text)
    for _ in range(8):  # stripping a quote can expose a full stop, and so on
        again = " ".join(fold(text).split()).strip(_TRAIL)
        if again == text:
            break
        text = again
    return text
