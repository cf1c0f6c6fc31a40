"""Moving a span's start or end by a character or a word, from the keyboard (no Qt).

Positions are code points into the stored text. A character step never splits a
combining mark, emoji modifier or ZWJ sequence from its base; a word step goes to the next
(previous) end of a word for the end, start of a word for the start.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

Edge = Literal["start", "end"]


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch)[0] == "M"


def _joins(text: str, i: int) -> bool:
    """True if the code point at `i` belongs with the one before it."""
    if not 0 < i < len(text):
        return False
    ch = text[i]
    return (
        unicodedata.category(ch)[0] == "M"
        or ch == "\u200d"
        or text[i - 1] == "\u200d"
        or "\U0001f3fb" <= ch <= "\U0001f3ff"
    )


def char_step(text: str, position: int, direction: int) -> int:
    """The position one user-perceived character after (direction 1) or before (-1)."""
    position += direction
    while 0 < position < len(text) and _joins(text, position):
        position += direction
    return max(0, min(position, len(text)))


def word_step(text: str, position: int, direction: int, edge: Edge) -> int:
    """The next word end (edge "end") or word start (edge "start") in `direction`."""
    n, i = len(text), position
    if direction > 0:
        if edge == "end":
            while i < n and not _is_word(text[i]):
                i += 1
            while i < n and _is_word(text[i]):
                i += 1
        else:
            while i < n and _is_word(text[i]):
                i += 1
            while i < n and not _is_word(text[i]):
                i += 1
        return i
    if edge == "end":
        while i > 0 and _is_word(text[i - 1]):
            i -= 1
        while i > 0 and not _is_word(text[i - 1]):
            i -= 1
    else:
        while i > 0 and not _is_word(text[i - 1]):
            i -= 1
        while i > 0 and _is_word(text[i - 1]):
            i -= 1
    return i


def moved(
    text: str, start: int, end: int, edge: Edge, direction: int, by_word: bool
) -> tuple[int, int] | None:
    """[start, end) with one edge moved; None if the span would be empty or unchanged."""
    if edge == "start":
        new = (
            word_step(text, start, direction, "start")
            if by_word
            else char_step(text, start, direction)
        )
        start = new
    else:
        new = word_step(text, end, direction, "end") if by_word else char_step(text, end, direction)
        end = new
    if start >= end:
        return None
    return start, end
