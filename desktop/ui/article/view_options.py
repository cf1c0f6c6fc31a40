"""The article view's options: label tags or colours only, line spacing, font size.

A mixin of ArticleView (kept apart to keep that module readable): it reads the view's
spans, offsets and styler, and lays the text out again when an option changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, SignalInstance
from PySide6.QtGui import QPainter, QTextDocument

from desktop.domain import Span
from desktop.ui.article.offsets import OffsetMap
from desktop.ui.article.span_index import SpanIndex
from desktop.ui.article.span_styles import SpanStyler
from desktop.ui.article.tags import TagScene, layout_tags, paint_tags, row_height, tag_font

if TYPE_CHECKING:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QTextEdit as _Base
else:
    _Base = object


class ViewOptions(_Base):
    """Tags, spacing and font size of ArticleView."""

    _tags: bool
    _spacing: int
    _tag_text: Callable[[Span], str]
    tag_scene: TagScene
    _map: OffsetMap
    _index: SpanIndex
    _styler: SpanStyler
    _selected: str | None
    if TYPE_CHECKING:
        layout_changed: SignalInstance

        def line_gap(self) -> float: ...
        def first_visible_offset(self) -> int: ...
        def show_from(self, offset: int) -> None: ...
        def offset_to_line_rects(self, start: int, end: int) -> list[QRect]: ...
        def _build_document(self) -> QTextDocument: ...
        def _watch_layout(self) -> None: ...
        def _refresh_extra_selections(self) -> None: ...

    def tags_shown(self) -> bool:
        """True when label tags and boxes are drawn (else colours only)."""
        return self._tags

    def set_view_options(
        self, *, tags: bool | None = None, spacing: int | None = None, size: float | None = None
    ) -> None:
        """Show tags or colours only, add `spacing` percent between lines, set the font's
        point size; the text is laid out again, keeping the first line shown."""
        first = self.first_visible_offset()
        self._tags = self._tags if tags is None else tags
        self._spacing = self._spacing if spacing is None else max(0, spacing)
        if size is not None:
            font = self.font()
            font.setPointSizeF(max(6.0, min(size, 48.0)))
            self.setFont(font)
            self.document().setDefaultFont(font)
        frame = self.document().rootFrame().frameFormat()
        frame.setTopMargin(18 + self.line_gap())
        self.document().rootFrame().setFrameFormat(frame)
        self.setExtraSelections([])  # they hold cursors into the document replaced next
        self.setDocument(self._build_document())
        self._watch_layout()
        self._refresh_extra_selections()
        self.show_from(first)
        self.layout_changed.emit()

    def set_tag_text(self, text_of: Callable[[Span], str]) -> None:
        """What a span's tag says (its label by default)."""
        self._tag_text = text_of
        self.viewport().update()

    def visible_spans(self) -> list[Span]:
        """The spans that share a character with the part of the text in view."""
        if not len(self._map):
            return []
        corner = QPoint(self.viewport().width(), self.viewport().height())
        end = self._map.from_qt(self.cursorForPosition(corner).position())
        return self._index.overlapping(self.first_visible_offset(), end + 1)

    def _paint_tags(self, painter: QPainter) -> None:
        font = tag_font(self.font())
        rows = max(1, int((self.line_gap() - 4) // row_height(font)))
        self.tag_scene = layout_tags(
            self.visible_spans(),
            lambda span: self.offset_to_line_rects(span.start, span.end),
            self._tag_text,
            lambda span: self._styler.color(span.label),
            font,
            rows,
        )
        paint_tags(painter, self.tag_scene, font, self._selected)
