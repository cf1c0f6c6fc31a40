"""ArticleView: the read-only article text with highlighted, nested and overlapping spans."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QFontDatabase,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QTextEdit, QToolTip, QWidget

from desktop.domain import Span
from desktop.ui.article.colors import is_dark, selected_format, suggestion_format
from desktop.ui.article.lazy_format import LazyFormatting
from desktop.ui.article.offsets import (
    OffsetMap,
    break_long_lines,
    line_rects,
    offset_at_point,
    viewport_rect,
)
from desktop.ui.article.selection_keys import selection_key_target
from desktop.ui.article.snapping import snap_selection, whole_graphemes
from desktop.ui.article.span_index import SpanIndex
from desktop.ui.article.span_styles import SpanStyler, build_document, tooltip_html
from desktop.ui.article.tags import TagScene
from desktop.ui.article.view_options import ViewOptions

_PROPORTIONAL = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value


class ArticleView(ViewOptions, LazyFormatting, QTextEdit):
    """Shows one document as plain text and its spans as character formats.

    Backgrounds carry the tint of the outermost span at each character; nested or
    overlapping inner spans add an underline in the innermost label's colour (wavy where
    three or more spans stack). Only the range an edit touches is re-formatted. Clicking
    a character selects the innermost span there; clicking it again cycles outwards.
    `span_clicked` is not emitted when a click lands outside every span (it deselects).
    `selection_changed_range` reports the exact, unsnapped selection. Lines are spaced
    apart (LINE_HEIGHT) so that overlays can write between them, paragraphs more so.
    """

    span_clicked = Signal(str)
    selection_changed_range = Signal(int, int)
    layout_changed = Signal()  # the text was laid out or repainted: overlays follow
    document_replaced = Signal()  # set_document showed a (new) text and spans

    #: Paragraphs longer than this are shown as several blocks, cut at a space (see
    #: offsets.break_long_lines): Qt re-lays out a whole block on every format change.
    LONG_PARAGRAPH = 3000
    #: Line height in percent of the font's: the gap above a line holds the role pills.
    LINE_HEIGHT = 165
    #: With label tags shown: room for two rows of tags above each line.
    TAGS_LINE_HEIGHT = 290
    #: Space after a paragraph, in lines of text.
    PARAGRAPH_GAP = 0.6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._map = OffsetMap("")
        self._index = SpanIndex()
        self._styler = SpanStyler(dark=is_dark(self.palette()))
        self._selected: str | None = None
        self._suggestions: list[tuple[int, int]] = []
        self._revealed: tuple[int, int] | None = None
        self._press_pos: QPoint | None = None
        self._last_click: int | None = None
        self._tags = False
        self._spacing = 0  # percent of the font height added between lines
        self._tag_text: Callable[[Span], str] = lambda span: span.label
        self._start_lazy_formatting()
        self.tag_scene = TagScene()  # what the last paint drew (tags on)
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF() + 2, 12.0))
        self.setFont(font)
        self.document().setDocumentMargin(18)
        frame = self.document().rootFrame().frameFormat()
        frame.setTopMargin(18 + self.line_gap())  # room for the pills over the first line
        self.document().rootFrame().setFrameFormat(frame)
        self.setTabStopDistance(4 * self.fontMetrics().horizontalAdvance(" "))
        self._watch_layout()

    def _connect(self) -> None:
        self.selectionChanged.connect(self._on_self_selection_changed)
        self.verticalScrollBar().valueChanged.connect(self._on_moved)
        self.horizontalScrollBar().valueChanged.connect(self._on_moved)

    # Document and spans

    def set_document(self, text: str, spans: Sequence[Span], colors: Mapping[str, str]) -> None:
        """Show `text` (plain, never HTML) with `spans`; colours map label -> "#rrggbb"."""
        if spans and max(s.end for s in spans) > len(text):
            raise ValueError(f"a span ends past the text ({len(text)} code points)")
        self._map = OffsetMap(text)
        self._index = SpanIndex(spans)
        self._styler.reset(colors)
        self._selected = None
        self._suggestions = []
        self._revealed = None
        self._last_click = None
        self.setExtraSelections([])
        self.setDocument(self._build_document())  # the old one, our child, is deleted
        self.verticalScrollBar().setValue(0)  # setDocument scrolls to the caret if tiny
        self._watch_layout()
        self.document_replaced.emit()
        self.layout_changed.emit()

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

    def span(self, span_id: str | None) -> Span | None:
        """The shown span with this id, if any."""
        return self._index.get(span_id) if span_id else None

    def spans_by_id(self) -> dict[str, Span]:
        """All shown spans by id (cheaper than `spans` when order does not matter)."""
        return self._index.by_id()

    def spans_at(self, offset: int) -> list[Span]:
        """Spans containing the code point at `offset`, innermost first."""
        return self._index.at(offset)

    def label_colors(self) -> Mapping[str, str]:
        """The label -> "#rrggbb" colours given to set_document."""
        return dict(self._styler.colors)

    # Building the text

    def paragraph_format(self, gap: bool = True) -> QTextBlockFormat:
        """Spaced lines and, with `gap`, space after the paragraph."""
        fmt = QTextBlockFormat()
        fmt.setLineHeight(self.line_height(), _PROPORTIONAL)
        if gap:
            fmt.setBottomMargin(round(self.fontMetrics().height() * self.PARAGRAPH_GAP))
        return fmt

    def line_height(self) -> int:
        """Line height in percent of the font's, for the tags and spacing chosen."""
        return (self.TAGS_LINE_HEIGHT if self._tags else self.LINE_HEIGHT) + self._spacing

    def line_gap(self) -> float:
        """Pixels between the bottom of one line of text and the top of the next."""
        return self.fontMetrics().height() * (self.line_height() - 100) / 100

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Shift+Right/Left extend the selection to the next word end (previous word
        start) in one press; Ctrl+Shift+Down/Up to the end (start) of the paragraph."""
        position = selection_key_target(self, self._map, event)
        if position is None:
            super().keyPressEvent(event)
            return
        cursor = self.textCursor()
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def _build_document(self) -> QTextDocument:
        display = break_long_lines(self._map.display_text, self.LONG_PARAGRAPH)
        cut = self._first_formatted()
        runs = self._styler.runs(self._index, 0, cut, skip_empty=True)
        paragraphs = (self.paragraph_format(), self.paragraph_format(gap=False))
        document = build_document(
            self, self.document(), self._map, display, runs, self._styler, paragraphs
        )
        self._format_rest_from(cut)
        return document

    def _finish_layout(self) -> None:
        """Finish the lazy layout now and size the scroll bars to it, before scrolling far."""
        layout = self.document().documentLayout()
        layout.documentSizeChanged.emit(layout.documentSize())  # QTextEdit resizes its bars

    def _watch_layout(self) -> None:
        layout = self.document().documentLayout()
        layout.update.connect(self._on_moved)
        layout.documentSizeChanged.connect(self._on_moved)

    # Formatting

    def _format(self, start: int, end: int, skip_empty: bool = False) -> None:
        """Re-apply character formats to code points [start, end), split at span bounds."""
        runs = self._styler.runs(self._index, start, end, skip_empty)
        if not runs:
            return
        cursor = QTextCursor(self.document())
        set_position, set_format = cursor.setPosition, cursor.setCharFormat
        keep = QTextCursor.MoveMode.KeepAnchor
        to_qt_range, char_format = self._map.to_qt_range, self._styler.char_format
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
        if keep != self._styler.keep:
            self._styler.keep = keep
            self._format(0, len(self._map), skip_empty=True)

    def set_suggestions(self, ranges: Sequence[tuple[int, int]]) -> None:
        """Show proposed ranges hatched with a dashed underline, unlike accepted spans."""
        n = len(self._map)
        self._suggestions = [(max(0, a), min(b, n)) for a, b in ranges if min(b, n) > max(0, a)]
        self._refresh_extra_selections()

    def _selection(self, start: int, end: int, fmt) -> QTextEdit.ExtraSelection:
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
            fmt = selected_format(self._styler.color(span.label))
            extras.append(self._selection(span.start, span.end, fmt))
        self.setExtraSelections(extras)

    def changeEvent(self, event: QEvent) -> None:
        """Re-tint spans when the palette switches between light and dark."""
        super().changeEvent(event)
        palette = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if event.type() in palette and self._styler.set_dark(is_dark(self.palette())):
            self._format(0, len(self._map), skip_empty=True)
            self._refresh_extra_selections()

    # Revealing a range

    def reveal(self, start: int, end: int) -> None:
        """Scroll code points [start, end) into view and outline them, without making a
        text selection; the outline stays until the next reveal, document or click."""
        n = len(self._map)
        start, end = max(0, min(start, n)), max(0, min(end, n))
        self._revealed = (start, end) if end > start else None
        if self._revealed is not None:
            self.scroll_to(start, end)
        self.viewport().update()

    def revealed(self) -> tuple[int, int] | None:
        """The outlined range, if any."""
        return self._revealed

    def clear_reveal(self) -> None:
        """Remove the outline of the revealed range."""
        if self._revealed is not None:
            self._revealed = None
            self.viewport().update()

    def scroll_to(self, start: int, end: int) -> None:
        """Scroll (without moving the caret) until code points [start, end) are in view,
        centred when they were out of it."""
        self._finish_layout()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_qt(start))
        top = self.cursorRect(cursor)
        cursor.setPosition(self._map.to_qt(max(start, end)))
        bottom = self.cursorRect(cursor)
        height = self.viewport().height()
        room = self.line_gap() if self._tags else 0  # the tags above the first line
        if top.top() >= room and bottom.bottom() <= height:
            return
        extent = bottom.bottom() - top.top()
        margin = (height - extent) // 2 if extent < height else round(self.line_gap())
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top.top() - margin)

    def first_visible_offset(self) -> int:
        """The code point at (or nearest to) the top left of the viewport."""
        return self._map.from_qt(self.cursorForPosition(QPoint(0, 0)).position())

    def show_from(self, offset: int) -> None:
        """Scroll so that the line holding code point `offset` is the first one shown."""
        self._finish_layout()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_qt(max(0, min(offset, len(self._map)))))
        top = self.cursorRect(cursor).top() - round(self.line_gap() / 2)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The text, the tags and boxes (if shown), then the outline of a revealed range."""
        super().paintEvent(event)
        if self._tags:
            painter = QPainter(self.viewport())
            self._paint_tags(painter)
            painter.end()
        if self._revealed is None:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.palette().highlight().color(), 2.0))
        for rect in line_rects(self, self._map, *self._revealed):
            painter.drawRoundedRect(QRectF(rect).adjusted(-3, -2, 3, 2), 4, 4)
        painter.end()

    # Selection

    def select_span(self, span_id: str | None) -> None:
        """Show `span_id` as selected (inverted colours) and scroll to it; None deselects."""
        self._select(span_id, scroll=True)

    def _select(self, span_id: str | None, scroll: bool) -> None:
        span = self._index.get(span_id) if span_id else None
        self._selected = span.id if span is not None else None
        self._refresh_extra_selections()
        if span is not None and scroll:
            self._finish_layout()
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._map.to_qt(span.start))
            if not self.viewport().rect().contains(self.cursorRect(cursor)):
                self.setTextCursor(cursor)
                self.ensureCursorVisible()
            if self._tags:
                self.scroll_to(span.start, span.end)  # with room for its tag

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
        starting or ending inside a word grows to the whole word. Either way it covers
        whole graphemes: never half a flag, half a ZWJ sequence or a bare combining mark.
        """
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._map.from_qt_range(cursor.selectionStart(), cursor.selectionEnd())
        if snap:
            return snap_selection(self._map, start, end)
        return whole_graphemes(self._map, start, end)

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

    def offset_to_line_rects(self, start: int, end: int) -> list[QRect]:
        """One viewport rectangle per line that code points [start, end) cover."""
        return line_rects(self, self._map, start, end)

    def content_offset(self) -> QPointF:
        """Where the document's origin is in viewport coordinates (minus the scrolling)."""
        return QPointF(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Remember where a left click starts, to tell clicks from drags; a click ends a
        reveal."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_pos = event.position().toPoint()
            self.clear_reveal()
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

    def _on_moved(self, *_args: object) -> None:  # scrolled, or laid out again
        self.layout_changed.emit()

    def viewportEvent(self, event: QEvent) -> bool:
        """Tooltip: every label at the hovered character, innermost first."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
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
        return tooltip_html(self._map.text, self._index.at(offset))


if __name__ == "__main__":  # pragma: no cover - manual preview
    from desktop.ui.app.preview import preview

    def _make(session, _actions) -> ArticleView:
        ws = session.workspace
        doc_id = ws.first_document_id() or ""
        view = ArticleView()
        colors = {label.name: label.color for label in ws.schema.span_labels}
        view.set_document(ws.document(doc_id).text, ws.spans(doc_id), colors)
        view.span_clicked.connect(lambda span_id: view.window().setWindowTitle(span_id))
        return view

    preview(_make, "Gloss preview: the article view")
