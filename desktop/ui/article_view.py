"""ArticleView: the read-only article text with highlighted, nested and overlapping spans."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QFontDatabase,
    QMouseEvent,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from desktop.domain import Span
from desktop.ui.colors import (
    FALLBACK,
    is_dark,
    selected_format,
    span_format,
    suggestion_format,
)
from desktop.ui.offsets import (
    OffsetMap,
    break_long_lines,
    offset_at_point,
    snap_to_words,
    viewport_rect,
)
from desktop.ui.span_index import Layer, SpanIndex

# (outermost label, innermost label or None, nested two levels or more, dimmed)
_FormatKey = tuple[str, str | None, bool, bool]
_TOOLTIP_CHARS = 60


def shorten(text: str, limit: int = _TOOLTIP_CHARS) -> str:
    """`text` on one line, its middle replaced by an ellipsis if longer than `limit`."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    half = (limit - 1) // 2
    return f"{flat[:half]}…{flat[-half:]}"


class ArticleView(QPlainTextEdit):
    """Shows one document as plain text and its spans as character formats.

    Backgrounds carry the tint of the outermost span at each character; nested or
    overlapping inner spans add an underline in the innermost label's colour (wavy where
    three or more spans stack). Only the range an edit touches is re-formatted. Clicking
    a character selects the innermost span there; clicking it again cycles outwards.
    `span_clicked` is not emitted when a click lands outside every span (it deselects).
    `selection_changed_range` reports the exact, unsnapped selection.
    """

    span_clicked = Signal(str)
    selection_changed_range = Signal(int, int)

    #: Paragraphs longer than this are shown as several blocks, cut at a space (see
    #: offsets.break_long_lines): Qt re-lays out a whole block on every format change.
    LONG_PARAGRAPH = 3000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._map = OffsetMap("")
        self._index = SpanIndex()
        self._colors: dict[str, str] = {}
        self._selected: str | None = None
        self._keep: set[str] | None = None
        self._suggestions: list[tuple[int, int]] = []
        self._formats: dict[_FormatKey, QTextCharFormat] = {}
        self._dark = is_dark(self.palette())
        self._press_pos: QPoint | None = None
        self._last_click: int | None = None
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF() + 2, 12.0))
        self.setFont(font)
        self.document().setDocumentMargin(18)
        self.setTabStopDistance(4 * self.fontMetrics().horizontalAdvance(" "))

    def _connect(self) -> None:
        self.selectionChanged.connect(self._on_self_selection_changed)

    # Document and spans

    def set_document(self, text: str, spans: Sequence[Span], colors: Mapping[str, str]) -> None:
        """Show `text` (plain, never HTML) with `spans`; colours map label -> "#rrggbb"."""
        if spans and max(s.end for s in spans) > len(text):
            raise ValueError(f"a span ends past the text ({len(text)} code points)")
        self._map = OffsetMap(text)
        self._index = SpanIndex(spans)
        self._colors = dict(colors)
        self._formats.clear()
        self._selected = None
        self._keep = None
        self._suggestions = []
        self._last_click = None
        self.setExtraSelections([])
        self.setPlainText("")
        self._fill()
        self.setTextCursor(QTextCursor(self.document()))  # insertion pushed the caret along

    def add_span(self, span: Span) -> None:
        """Show a new span (or a changed one with a known id); re-formats only its range."""
        if span.end > len(self._map):
            raise ValueError(f"span {span.id} ends past the text ({len(self._map)})")
        old = self._index.add(span)
        start, end = span.start, span.end
        if old is not None:
            start, end = min(start, old.start), max(end, old.end)
        self._format(start, end)
        if self._selected == span.id:
            self._refresh_extra_selections()

    def remove_span(self, span_id: str) -> None:
        """Stop showing a span; re-formats only its range."""
        old = self._index.remove(span_id)
        if old is None:
            return
        self._format(old.start, old.end)
        if self._selected == span_id:
            self._selected = None
            self._refresh_extra_selections()

    def replace_span(self, span: Span) -> None:
        """Show a span's new label or extent (re-formats the old and new range)."""
        self.add_span(span)

    def spans(self) -> list[Span]:
        """All shown spans in reading order (by start, then end)."""
        return self._index.ordered()

    def spans_at(self, offset: int) -> list[Span]:
        """Spans containing the code point at `offset`, innermost first."""
        return self._index.at(offset)

    def label_colors(self) -> Mapping[str, str]:
        """The label -> "#rrggbb" colours given to set_document."""
        return dict(self._colors)

    # Formatting

    def _color(self, label: str) -> str:
        return self._colors.get(label, FALLBACK)

    def _key(self, stack: list[Layer]) -> _FormatKey | None:
        """Format key of a piece from its covering layers, innermost first."""
        if not stack:
            return None
        if self._keep is not None:
            shown = [layer for layer in stack if layer[2] in self._keep]
            if not shown:
                return (stack[-1][3], None, False, True)
            stack = shown
        inner = stack[0][3] if len(stack) > 1 else None
        return (stack[-1][3], inner, len(stack) > 2, False)

    def _char_format(self, key: _FormatKey | None) -> QTextCharFormat:
        if key is None:
            return QTextCharFormat()
        fmt = self._formats.get(key)
        if fmt is None:
            outer, inner, heavy, dimmed = key
            inner_color = self._color(inner) if inner is not None else None
            fmt = span_format(self._color(outer), inner_color, heavy, dimmed, self._dark)
            self._formats[key] = fmt
        return fmt

    def _runs(self, start: int, end: int, skip_empty: bool) -> list[list]:
        """[start, end, format key] runs over [start, end), equal neighbours merged."""
        runs: list[list] = []
        key_of, plain = self._key, self._keep is None
        for x, y, stack in self._index.layers(start, end):
            if not stack:
                if skip_empty:
                    continue
                key = None
            elif plain:  # the common case, inlined: this loop runs once per piece
                n = len(stack)
                key = (stack[-1][3], stack[0][3] if n > 1 else None, n > 2, False)
            else:
                key = key_of(stack)
            if runs and runs[-1][2] == key and runs[-1][1] == x:
                runs[-1][1] = y
            else:
                runs.append([x, y, key])
        return runs

    def _fill(self) -> None:
        """Insert the whole display text, piece by piece with its format, into the empty
        document: one pass instead of setPlainText followed by a pass of setCharFormat."""
        runs = self._runs(0, len(self._map), skip_empty=True)
        if self._map.crlf_count:
            to_display = self._map.to_display
            for run in runs:
                run[0], run[1] = to_display(run[0]), to_display(run[1])
        display = break_long_lines(self._map.display_text, self.LONG_PARAGRAPH)
        cursor = QTextCursor(self.document())
        insert, plain = cursor.insertText, QTextCharFormat()
        formats, make_format = self._formats, self._char_format
        done = 0
        cursor.beginEditBlock()
        for x, y, key in runs:
            if x > done:
                insert(display[done:x], plain)
            fmt = formats.get(key)
            insert(display[x:y], fmt if fmt is not None else make_format(key))
            done = y
        if done < len(display):
            insert(display[done:], plain)
        cursor.endEditBlock()

    def _format(self, start: int, end: int, skip_empty: bool = False) -> None:
        """Re-apply character formats to code points [start, end), split at span bounds."""
        runs = self._runs(start, end, skip_empty)
        if not runs:
            return
        cursor = QTextCursor(self.document())
        set_position, set_format = cursor.setPosition, cursor.setCharFormat
        keep = QTextCursor.MoveMode.KeepAnchor
        to_qt_range, char_format = self._map.to_qt_range, self._char_format
        cursor.beginEditBlock()
        for x, y, key in runs:
            a, b = to_qt_range(x, y)
            set_position(a)
            set_position(b, keep)
            set_format(char_format(key))
        cursor.endEditBlock()

    def set_dimmed(self, keep_ids: set[str] | None) -> None:
        """Fade every span not in `keep_ids`; None shows all spans normally."""
        keep = None if keep_ids is None else set(keep_ids)
        if keep != self._keep:
            self._keep = keep
            self._format(0, len(self._map), skip_empty=True)

    def set_suggestions(self, ranges: Sequence[tuple[int, int]]) -> None:
        """Show proposed ranges hatched with a dashed underline, unlike accepted spans."""
        n = len(self._map)
        self._suggestions = [(max(0, a), min(b, n)) for a, b in ranges if min(b, n) > max(0, a)]
        self._refresh_extra_selections()

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        extra = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        a, b = self._map.to_qt_range(start, end)
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        extra.cursor = cursor
        extra.format = fmt
        return extra

    def _refresh_extra_selections(self) -> None:
        fmt = suggestion_format(self.palette().highlight().color())
        extras = [self._selection(a, b, fmt) for a, b in self._suggestions]
        span = self._index.get(self._selected) if self._selected else None
        if span is not None:
            fmt = selected_format(self._color(span.label))
            extras.append(self._selection(span.start, span.end, fmt))
        self.setExtraSelections(extras)

    def changeEvent(self, event: QEvent) -> None:
        """Re-tint spans when the palette switches between light and dark."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            dark = is_dark(self.palette())
            if dark != self._dark:
                self._dark = dark
                self._formats.clear()
                self._format(0, len(self._map), skip_empty=True)
                self._refresh_extra_selections()

    # Selection

    def select_span(self, span_id: str | None) -> None:
        """Show `span_id` as selected (inverted colours) and scroll to it; None deselects."""
        self._select(span_id, scroll=True)

    def _select(self, span_id: str | None, scroll: bool) -> None:
        span = self._index.get(span_id) if span_id else None
        self._selected = span.id if span is not None else None
        self._refresh_extra_selections()
        if span is not None and scroll:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._map.to_qt(span.start))
            if not self.viewport().rect().contains(self.cursorRect(cursor)):
                self.setTextCursor(cursor)
                self.ensureCursorVisible()

    def selected_span_id(self) -> str | None:
        """Id of the selected span, or None."""
        return self._selected

    def next_span(self, step: int) -> str | None:
        """Select the span `step` places after the selected one (or the caret); its id.

        Reading order is by start, then end. None (selection unchanged) past either end.
        """
        caret = self._map.from_qt(self.textCursor().position())
        span = self._index.neighbour(self._selected, caret, step)
        if span is None:
            return None
        self.select_span(span.id)
        return span.id

    def selection_range(self, snap: bool = True) -> tuple[int, int] | None:
        """The user's text selection in code points, None if empty.

        With `snap`, surrounding whitespace and punctuation are trimmed and a selection
        starting or ending inside a word grows to the whole word.
        """
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._map.from_qt_range(cursor.selectionStart(), cursor.selectionEnd())
        if snap:
            return snap_to_words(self._map.text, start, end)
        return (start, end) if start < end else None

    def _on_self_selection_changed(self) -> None:
        found = self.selection_range(snap=False)
        self.selection_changed_range.emit(*(found or (-1, -1)))

    # Geometry, mouse and tooltips

    def offset_at(self, point: QPoint) -> int | None:
        """Code point under a viewport point, or None off the text."""
        return offset_at_point(self, self._map, point)

    def offset_to_viewport_rect(self, start: int, end: int) -> QRect:
        """Bounding rectangle, in viewport coordinates, of code points [start, end).

        Lines below the viewport are not measured; an empty range gives a caret-wide rect.
        """
        return viewport_rect(self, self._map, start, end)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Remember where a left click starts, to tell clicks from drags."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click (no drag, no text selected) selects or cycles the spans under it."""
        super().mouseReleaseEvent(event)
        press, self._press_pos = self._press_pos, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        point = event.position().toPoint()
        moved = (point - press).manhattanLength() >= QApplication.startDragDistance()
        if not moved and not self.textCursor().hasSelection():
            self._on_click(point)

    def _on_click(self, point: QPoint) -> None:
        offset = self.offset_at(point)
        stack = self._index.at(offset) if offset is not None else []
        if not stack:
            self._last_click = None
            self._select(None, scroll=False)
            return
        ids = [s.id for s in stack]
        i = 0
        if offset == self._last_click and self._selected in ids:
            i = (ids.index(self._selected) + 1) % len(ids)
        self._last_click = offset
        self._select(ids[i], scroll=False)
        self.span_clicked.emit(ids[i])

    def viewportEvent(self, event: QEvent) -> bool:
        """Tooltip: every label at the hovered character, innermost first."""
        if event.type() == QEvent.Type.ToolTip:
            offset = self.offset_at(event.pos())
            text = self.tooltip_text(offset) if offset is not None else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tooltip_text(self, offset: int) -> str:
        """Escaped rich text naming each span at `offset` with its (shortened) text."""
        rows = []
        for span in self._index.at(offset):
            covered = shorten(self._map.text[span.start : span.end])
            label = html.escape(span.label)
            rows.append(f"<b>{label}</b>&nbsp; “{html.escape(covered)}”")
        return "<qt>" + "<br>".join(rows) + "</qt>" if rows else ""


def _preview() -> None:  # pragma: no cover - manual preview
    import sys
    from pathlib import Path

    app = QApplication.instance() or QApplication(sys.argv)
    seed = Path(__file__).resolve().parents[2] / "seeds" / "hrw-azerbaijan-pows.txt"
    text = seed.read_text(encoding="utf-8")
    picks = {
        "Human Rights Watch accused Azerbaijani forces": "ALLEGATION",
        "Human Rights Watch": "ACTOR",
        "Azerbaijani forces": "ACTOR",
        "Azerbaijan says it will investigate": "RESPONSE",
        "Azerbaijan says": "ACTOR",
        "captured on video": "EVIDENCE",
    }
    starts = {needle: text.find(needle) for needle in picks}
    spans = [
        Span(f"s{i}", "doc", "me", starts[n], starts[n] + len(n), label)
        for i, (n, label) in enumerate(picks.items())
        if starts[n] >= 0
    ]
    colors = {"ACTOR": "#2f7fd8", "ALLEGATION": "#d8452f", "RESPONSE": "#2fa55a"}
    view = ArticleView()
    view.set_document(text, spans, {**colors, "EVIDENCE": "#c28a12"})
    view.set_suggestions([(text.find("HRW official"), text.find("HRW official") + 12)])
    view.span_clicked.connect(lambda span_id: view.setWindowTitle(f"Gloss preview: {span_id}"))
    view.resize(820, 560)
    view.show()
    sys.exit(app.exec())


if __name__ == "__main__":
    _preview()
