"""The one place that converts stored code-point offsets to Qt positions and back.

Qt counts UTF-16 code units and stores every line break as one paragraph separator; the
last functions go one step further, between offsets and pixels in a QTextEdit.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from operator import add
from typing import Any

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF
from PySide6.QtGui import QTextBlock, QTextLayout, QTextLine
from PySide6.QtWidgets import QTextEdit

# Qt turns each of these into one paragraph separator; `\r\n` is two code points but one
# separator. U+FDD0/U+FDD1 are Qt's frame markers, which also become separators.
_LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029\ufdd0\ufdd1]")
_CRLF = re.compile("\r\n")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Maps offsets in `text` (code points) to positions in Qt's document and back.

    Rounding: a code point offset between `\\r` and `\\n` has no Qt position of its own;
    `to_qt` gives the position of the separator (floor) and the end of a range rounds up
    past it. A Qt position inside a surrogate pair rounds down to the astral code point
    (`from_qt`); the end of a range rounds up past it. `from_qt` never returns an offset
    between `\\r` and `\\n`. Lookups are O(log n) after O(n) setup.
    """

    __slots__ = (
        "_astral",
        "_display",
        "_len",
        "_lfs",
        "_qt_len",
        "_seg_cp",
        "_seg_qt",
        "_seg_shift",
        "text",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self._display: str | None = None
        self._len = len(text)
        # Code point offsets of astral characters (two UTF-16 units) and of the `\n` in
        # each `\r\n` (no Qt unit of its own).
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._lfs = [m.start() + 1 for m in _CRLF.finditer(text)]
        # Piecewise-linear inverse: segment k starts at code point _seg_cp[k] and Qt
        # position _seg_qt[k]; inside it, qt = cp + _seg_shift[k]. Built with C-level
        # iteration only, so dense emoji and CRLF stay fast.
        delta = dict.fromkeys([p + 1 for p in self._astral], 1)
        delta.update(dict.fromkeys([p + 1 for p in self._lfs], -1))
        seg_cp = [0, *sorted(delta)]
        seg_shift = [0, *accumulate(map(delta.__getitem__, seg_cp[1:]))]
        self._seg_cp, self._seg_shift = seg_cp, seg_shift
        self._seg_qt = list(map(add, seg_cp, seg_shift))
        shift = seg_shift[-1]
        self._qt_len = self._len + shift

    def __len__(self) -> int:
        return self._len

    @property
    def qt_length(self) -> int:
        """Number of Qt positions the text occupies (without the final block end)."""
        return self._qt_len

    @property
    def crlf_count(self) -> int:
        """Number of `\\r\\n` pairs (each is two code points but one Qt position)."""
        return len(self._lfs)

    @property
    def display_text(self) -> str:
        """The text to give Qt: each line break sequence becomes `\\n`, all else unchanged."""
        if self._display is None:
            self._display = _LINE_BREAK.sub("\n", self.text)
        return self._display

    def _check(self, offset: int) -> None:
        if not 0 <= offset <= self._len:
            raise ValueError(f"offset {offset} outside the text (0..{self._len})")

    def to_qt(self, offset: int) -> int:
        """Qt position of code point `offset` (inside `\\r\\n`: the separator's position)."""
        self._check(offset)
        return offset + bisect_left(self._astral, offset) - bisect_right(self._lfs, offset)

    def _to_qt_ceil(self, offset: int) -> int:
        self._check(offset)
        return offset + bisect_left(self._astral, offset) - bisect_left(self._lfs, offset)

    def _from_qt_ceil(self, position: int) -> tuple[int, int]:
        position = min(max(position, 0), self._qt_len)
        k = bisect_right(self._seg_qt, position) - 1
        return min(position - self._seg_shift[k], self._len), k

    def from_qt(self, position: int) -> int:
        """Code point offset of Qt `position`, rounded down inside a surrogate pair.

        Positions outside the document are clamped to it.
        """
        offset, k = self._from_qt_ceil(position)
        if k + 1 < len(self._seg_cp):
            offset = min(offset, self._seg_cp[k + 1] - 1)
        return offset

    def to_display(self, offset: int) -> int:
        """Index in `display_text` of code point `offset` (inside `\\r\\n`: after the break)."""
        self._check(offset)
        return offset - bisect_left(self._lfs, offset)

    def to_qt_range(self, start: int, end: int) -> tuple[int, int]:
        """Qt range covering code points [start, end); never empty if the input is not."""
        if start > end:
            raise ValueError(f"range start {start} is after end {end}")
        return self.to_qt(start), self._to_qt_ceil(end)

    def from_qt_range(self, a: int, b: int) -> tuple[int, int]:
        """Smallest code point range covering Qt range [a, b) (a > b is swapped)."""
        if a > b:
            a, b = b, a
        return self.from_qt(a), self._from_qt_ceil(b)[0]


def break_long_lines(display: str, limit: int) -> str:
    """`display` with lines longer than `limit` cut into blocks by turning spaces into `\\n`.

    Qt lays out a whole paragraph again whenever one character's format changes, so one
    huge paragraph makes every edit slow. A space is one Qt position, like `\\n`, so
    every offset stays exact. Cuts go after a sentence end (". ") when one is in the
    last third of the window, else at the last space; a line without spaces stays whole.
    """
    if len(display) <= limit:
        return display
    chars: list[str] | None = None
    start = 0
    for line in display.split("\n"):
        lo, end = start, start + len(line)
        while end - lo > limit:
            window_end = lo + limit
            cut = display.rfind(". ", lo + 2 * limit // 3, window_end) + 1
            if cut <= 0:
                cut = display.rfind(" ", lo + 1, window_end)
            if cut <= 0:
                cut = display.find(" ", window_end, end)
            if cut < 0:
                break
            if chars is None:
                chars = list(display)
            chars[cut] = "\n"
            lo = cut + 1
        start = end + 1
    return display if chars is None else "".join(chars)


def _x_extent(line: QTextLine, a: int, b: int) -> tuple[float, float] | None:
    """Horizontal extent of block positions [a, b) on a line, from the glyphs: exact where
    directions mix, unlike cursorToX at a left-to-right/right-to-left boundary."""
    runs = [r.boundingRect() for r in line.glyphRuns(a, b - a)] if b > a else []
    if not runs:
        return None
    return min(r.left() for r in runs), max(r.right() for r in runs)


def block_origin(edit: QTextEdit, block: QTextBlock) -> QPointF:
    """Viewport position of the origin of a block's line coordinates.

    The block is laid out first: QTextEdit finishes the layout of a long document lazily.
    """
    edit.document().documentLayout().blockBoundingRect(block)
    scroll = QPointF(edit.horizontalScrollBar().value(), edit.verticalScrollBar().value())
    return block.layout().position() - scroll


def _bands(layout: QTextLayout) -> list[tuple[QTextLine, float, float]]:
    """Each line with the vertical band it answers clicks for: its own height plus half the
    spacing to its neighbours, so a click between two lines goes to the nearer one."""
    lines = [layout.lineAt(i) for i in range(layout.lineCount())]
    bands = []
    for i, line in enumerate(lines):
        top, bottom = line.y(), line.y() + line.height()
        if i > 0:
            top = (lines[i - 1].y() + lines[i - 1].height() + top) / 2
        if i + 1 < len(lines):
            bottom = (bottom + lines[i + 1].y()) / 2
        bands.append((line, top, bottom))
    return bands


def offset_at_point(edit: QTextEdit, omap: OffsetMap, point: QPoint) -> int | None:
    """Code point under a viewport point of `edit` (showing `omap`), or None off the text."""
    block = edit.cursorForPosition(point).block()
    layout = block.layout()
    if not block.isValid() or layout is None:
        return None
    local = QPointF(point) - block_origin(edit, block)
    for line, top, bottom in _bands(layout):
        if not top <= local.y() < bottom:
            continue
        rect = line.naturalTextRect()
        if not rect.left() <= local.x() < rect.right():
            return None
        x = line.xToCursor(local.x(), QTextLine.CursorPosition.CursorOnCharacter)
        guess = omap.from_qt(block.position() + x)
        # At a change of direction xToCursor may name a neighbour; the glyphs decide.
        for offset in (guess, guess - 1, guess + 1):
            if 0 <= offset < len(omap):
                a, b = omap.to_qt_range(offset, offset + 1)
                extent = _x_extent(line, a - block.position(), b - block.position())
                if extent is not None and extent[0] <= local.x() < extent[1]:
                    return offset
        return guess if guess < len(omap) else None
    return None


def _line_pieces(edit: QTextEdit, omap: OffsetMap, start: int, end: int) -> list[QRectF]:
    a, b = omap.to_qt_range(start, max(start, end))
    block = edit.document().findBlock(a)
    height = edit.viewport().height()
    pieces: list[QRectF] = []
    while block.isValid() and block.position() <= b:
        origin = block_origin(edit, block)
        if origin.y() > height:
            break
        layout = block.layout()
        lo, hi = a - block.position(), b - block.position()
        count = layout.lineCount() if layout is not None else 0
        first = layout.lineForTextPosition(max(0, lo)) if count else None
        for i in range(first.lineNumber() if first is not None and first.isValid() else 0, count):
            line = layout.lineAt(i)
            if line.textStart() > hi:
                break  # the lines after the range
            line_end = line.textStart() + line.textLength()
            s, e = max(lo, line.textStart()), min(hi, line_end)
            extent = _x_extent(line, s, e)
            if a == b and line.textStart() <= s <= line_end:
                x = _cursor_x(line, s)
                extent = (x, x + 1)
            if extent is not None:
                part = QRectF(extent[0], line.y(), extent[1] - extent[0], line.height())
                pieces.append(part.translated(origin))
        block = block.next()
    return pieces


def line_rects(edit: QTextEdit, omap: OffsetMap, start: int, end: int) -> list[QRect]:
    """Viewport rectangles of code points [start, end), one per line they cover (lines
    below the viewport are skipped)."""
    return [piece.toAlignedRect() for piece in _line_pieces(edit, omap, start, end)]


def viewport_rect(edit: QTextEdit, omap: OffsetMap, start: int, end: int) -> QRect:
    """Viewport rectangle around code points [start, end) (lines below the viewport are
    skipped; an empty range gives a one-pixel-wide caret rectangle)."""
    rect = QRectF()
    for piece in _line_pieces(edit, omap, start, end):
        rect = rect.united(piece)
    return rect.toAlignedRect()


def _cursor_x(line: QTextLine, position: int) -> float:
    """The x of the cursor before `position` on `line` (PySide6 types the pair as object)."""
    pair: Any = line.cursorToX(position)
    return float(pair[0])
