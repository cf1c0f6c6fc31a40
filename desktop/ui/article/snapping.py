"""Snapping a selection to whole graphemes and words with Qt's Unicode text boundaries.

`QTextBoundaryFinder` (UAX #29, with a dictionary for Thai) decides where user-perceived
characters and words end, so a selection never keeps half a flag, half a ZWJ sequence or a
bare combining mark, and "中国" inside a Chinese sentence stays "中国". Spaces and
punctuation at the ends are trimmed; a selection ending inside a word grows to the word's
edge, but not across an apostrophe or hyphen (ACTOR "Azerbaijan" in "Azerbaijan's").
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QTextBoundaryFinder

from desktop.ui.article.offsets import _LINE_BREAK, OffsetMap

_GRAPHEME = QTextBoundaryFinder.BoundaryType.Grapheme
_WORD = QTextBoundaryFinder.BoundaryType.Word


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """`snap_selection` on a bare text (code point offsets in and out)."""
    return snap_selection(OffsetMap(text), start, end)


def whole_graphemes(omap: OffsetMap, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) widened to whole graphemes (an exact selection); None if empty."""
    start, end = max(0, start), min(end, len(omap))
    if start >= end:
        return None
    snapper = _Snapper(omap, start, end)
    a, b = omap.to_qt_range(start, end)
    found = omap.from_qt_range(snapper.grapheme_floor(a), snapper.grapheme_ceiling(b))
    return found if found[0] < found[1] else None


def snap_selection(omap: OffsetMap, start: int, end: int) -> tuple[int, int] | None:
    """Whole graphemes, ends trimmed of spaces and punctuation, partial words grown to
    whole words; None if nothing is left. Offsets are code points of `omap.text`."""
    start, end = max(0, start), min(end, len(omap))
    if start >= end:
        return None
    snapper = _Snapper(omap, start, end)
    a, b = omap.to_qt_range(start, end)
    a, b = snapper.grapheme_floor(a), snapper.grapheme_ceiling(b)
    while a < b and snapper.trimmed(a):
        a = snapper.next_grapheme(a)
    while b > a and snapper.trimmed(snapper.previous_grapheme(b)):
        b = snapper.previous_grapheme(b)
    if a >= b:
        return None
    a, b = snapper.word_start(a), snapper.word_end(b)
    found = omap.from_qt_range(a, b)
    if found[0] >= found[1]:
        return None
    return _keep_pair(omap.text, start, end, *found)


#: Opening quotes and brackets and the character that closes each.
PAIRS = {
    "“": "”",
    "‘": "’",
    "„": "“",
    "«": "»",
    "‹": "›",
    "「": "」",
    '"': '"',
    "'": "'",
    "(": ")",
    "[": "]",
    "{": "}",
}


def _is_trimmed(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "ZPC"


def _keep_pair(text: str, start: int, end: int, a: int, b: int) -> tuple[int, int]:
    """Quotes and brackets go as a pair: grow [a, b) to an enclosing pair whose opener and
    closer both lie in the selection [start, end) (with only spaces or punctuation between
    them and the words); else leave both trimmed."""
    opener = a - 1
    while opener >= max(0, start) and text[opener] not in PAIRS:
        if not _is_trimmed(text[opener]):
            return a, b
        opener -= 1
    if opener < max(0, start):
        return a, b
    closer, j = PAIRS[text[opener]], b
    while j < min(len(text), end) and text[j] != closer:
        if not _is_trimmed(text[j]):
            return a, b
        j += 1
    if j < min(len(text), end) and text[j] == closer:
        return opener, j + 1
    return a, b


#: Every line break OffsetMap turns into a paragraph: both kinds of boundary break there.
_BREAKS = ("\n", "\r", "\u2028", "\u2029", "\ufdd0", "\ufdd1")


def _paragraphs(text: str, start: int, end: int) -> tuple[int, int]:
    """The code point range of the whole lines holding [start, end): from just after the
    line break before `start` to just after the one at or after `end` (or the text's ends).
    Grapheme and word boundaries (UAX #29 GB4/GB5, WB3a/WB3b) always fall after a line
    break, so boundaries found inside this range are those of the whole text."""
    lo = max(text.rfind(mark, 0, start) for mark in _BREAKS) + 1
    after = [i for i in (text.find(mark, end) for mark in _BREAKS) if i >= 0]
    hi = min(after) + 1 if after else len(text)
    if hi < len(text) and text[hi - 1] == "\r" and text[hi] == "\n":
        hi += 1
    return lo, hi


class _Snapper:
    """Grapheme and word boundaries over the Qt text of one OffsetMap (UTF-16 positions).

    The finders see only the lines holding the selection: a finder over the whole of a
    200,000-character article costs ~8 ms to build, over one paragraph microseconds.
    """

    def __init__(self, omap: OffsetMap, start: int, end: int) -> None:
        self._map = omap
        self._text = omap.text
        lo, hi = _paragraphs(omap.text, start, end)
        self._lo = omap.to_qt(lo)
        self._length = omap.to_qt(hi)
        display = _LINE_BREAK.sub("\n", omap.text[lo:hi])
        self._graphemes = QTextBoundaryFinder(_GRAPHEME, display)
        self._words = QTextBoundaryFinder(_WORD, display)

    def _at(self, finder: QTextBoundaryFinder, position: int) -> None:
        finder.setPosition(position - self._lo)

    def _found(self, found: int, otherwise: int) -> int:
        return found + self._lo if found >= 0 else otherwise

    def _char(self, position: int) -> str:
        offset = self._map.from_qt(position)
        return self._text[offset] if offset < len(self._text) else "\n"

    def trimmed(self, position: int) -> bool:
        """True if the grapheme at `position` is whitespace, punctuation or a control."""
        ch = self._char(position)
        return ch.isspace() or unicodedata.category(ch)[0] in "ZPC"

    def _word_like(self, position: int) -> bool:
        ch = self._char(position)
        return ch.isalnum() or ch == "_" or unicodedata.category(ch)[0] == "M"

    def grapheme_floor(self, position: int) -> int:
        finder = self._graphemes
        self._at(finder, position)
        if finder.isAtBoundary():
            return position
        return self._found(finder.toPreviousBoundary(), self._lo)

    def grapheme_ceiling(self, position: int) -> int:
        finder = self._graphemes
        self._at(finder, position)
        if finder.isAtBoundary():
            return position
        return self._found(finder.toNextBoundary(), self._length)

    def next_grapheme(self, position: int) -> int:
        self._at(self._graphemes, position)
        return self._found(self._graphemes.toNextBoundary(), self._length)

    def previous_grapheme(self, position: int) -> int:
        self._at(self._graphemes, position)
        return self._found(self._graphemes.toPreviousBoundary(), self._lo)

    def _at_word_boundary(self, position: int) -> bool:
        self._at(self._words, position)
        return self._words.isAtBoundary()

    def word_start(self, position: int) -> int:
        """Back to the start of the word `position` is inside (grapheme by grapheme)."""
        while position > self._lo and not self._at_word_boundary(position):
            previous = self.previous_grapheme(position)
            if not self._word_like(previous):
                break
            position = previous
        return position

    def word_end(self, position: int) -> int:
        """On to the end of the word `position` is inside (grapheme by grapheme)."""
        while position < self._length and not self._at_word_boundary(position):
            if not self._word_like(position):
                break
            position = self.next_grapheme(position)
        return position
