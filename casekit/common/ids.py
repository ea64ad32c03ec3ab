"""Ids of lessons, questions and exercises, and lists of ids written in one cell."""

from __future__ import annotations

import re

from .values import is_missing

__all__ = ["ITEM_ID", "example_ids", "is_item_id", "lesson_of", "split_ids"]

# A question, set or exercise id: the lesson's two digits, a dash, then a name ("07-sources").
ITEM_ID = re.compile(r"^\d\d-[A-Za-z0-9][A-Za-z0-9_.-]*$")
_SEPARATORS = re.compile(r"[;,\s]+")


def is_item_id(text) -> bool:
    """True when ``text`` is a question, set or exercise id such as ``"07-sources"``.

    >>> is_item_id("07-sources"), is_item_id("provenance")
    (True, False)
    """
    return isinstance(text, str) and bool(ITEM_ID.match(text))


def lesson_of(item_id: str) -> str:
    """The lesson number an id starts with (``"07"``), or ``"??"`` when it starts with none.

    >>> lesson_of("07-sources"), lesson_of("intro")
    ('07', '??')
    """
    text = str(item_id)
    return text[:2] if len(text) > 2 and text[:2].isdigit() and text[2] == "-" else "??"


def split_ids(cell) -> list[str]:
    """The ids in one cell: separated by ``;`` (as the case tables write them), commas or spaces.

    A list or tuple is taken as the ids themselves; an empty cell gives an empty list.

    >>> split_ids("C01; C02,C03 C04"), split_ids(None), split_ids(["C01", " C02 "])
    (['C01', 'C02', 'C03', 'C04'], [], ['C01', 'C02'])
    """
    if isinstance(cell, list | tuple | set):
        return [str(x).strip() for x in cell if str(x).strip()]
    if is_missing(cell):
        return []
    return [part for part in _SEPARATORS.split(str(cell)) if part]


def example_ids(reference: list[str]) -> list[str]:
    """Two ids shaped like the reference ids (``X01``, ``X02``), without giving any of them away.

    >>> example_ids(["S14", "S03"])
    ['S01', 'S02']
    """
    match = re.match(r"^(.*?)(\d+)$", reference[0]) if reference else None
    if not match:
        return ["id1", "id2"]
    head, digits = match.groups()
    return [f"{head}{str(n).zfill(len(digits))}" for n in (1, 2)]
