"""ArcOverlay: the roles of the selected span drawn over an ArticleView, with jump markers.

Linked spans get an outline and a pill naming the role. Each head span whose links reach
other lines gets a trunk in the left margin with a stub to each of those lines (an arrow
into a child's line, a dot at the head's). Spans scrolled out of sight get a marker at the
top or bottom edge that asks to jump to them when clicked.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from desktop.domain import Change, Span
from desktop.ui.app.session import Session
from desktop.ui.article.article_view import ArticleView
from desktop.ui.article.colors import FALLBACK, is_dark, to_qcolor
from desktop.ui.article.span_styles import shorten
from desktop.ui.links.arc_layout import (
    ABOVE,
    BELOW,
    VISIBLE,
    Link,
    Place,
    Scene,
    assign_lanes,
    frame_links,
)

_LANE_GAP = 4  # pixels between trunks in the left margin
_MARKER_CHARS = 28


class ArcOverlay(QWidget):
    """Draws links over `view.viewport()`; mouse events pass through to the text (the jump
    markers are hit-tested in an event filter). Given a session, it follows the selected
    span by itself."""

    jump_requested = Signal(str)  # span id of a marker clicked

    def __init__(self, view: ArticleView, session: Session | None = None) -> None:
        super().__init__(view)  # a sibling above the viewport: scrolling moves its children
        self._view, self._viewport, self._session = view, view.viewport(), session
        self._text = ("", "")  # (doc id, text) read from the project for marker labels
        self._dim = False
        self._links: list[Link] = []
        self._focus: str | None = None
        self._handle: str | None = None
        self._drag: tuple[QPointF, QPointF, str | None] | None = None
        self._preview: tuple[str, str, str] | None = None
        self._all_roles = False
        self._pills = True
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setGeometry(self._viewport.geometry())
        self._viewport.installEventFilter(self)
        view.layout_changed.connect(self.update)
        if session is not None:
            session.span_selected.connect(self._on_session_span_selected)
            session.changed.connect(self._on_session_changed)
            session.document_opened.connect(self._on_session_document_opened)
        self.show()
        self.raise_()

    # --- what to draw ------------------------------------------------------------------
    def set_links(self, links: Sequence[Link], focus_id: str | None = None) -> None:
        """Draw these (head, child, role) links; pills go on the ends other than `focus_id`
        (by default the span most links share)."""
        self._links = list(links)
        if focus_id is None and self._links:
            ids = [s.id for head, child, _ in self._links for s in (head, child)]
            focus_id = max(ids, key=ids.count)
        self._focus = focus_id
        self.update()

    def links(self) -> list[Link]:
        """The links drawn."""
        return list(self._links)

    def set_handle(self, span_id: str | None) -> None:
        """Show the mouse-linking handle after a span (None hides it)."""
        self._handle = span_id
        self.update()

    def set_drag_line(self, start: QPointF, end: QPointF, target_id: str | None) -> None:
        """Draw the rubber band of a mouse drag, outlining the span under the mouse."""
        self._drag = (QPointF(start), QPointF(end), target_id)
        self.update()

    def set_preview(self, head_id: str, target_id: str, hint: str) -> None:
        """Show a keyboard-linking candidate: a dashed line from the head, an outline and a
        pill with `hint` (the role keys that fit)."""
        self._preview = (head_id, target_id, hint)
        self.update()

    def preview(self) -> tuple[str, str, str] | None:
        """(head id, target id, hint) of the linking preview shown, if any."""
        return self._preview

    def clear_transient(self) -> None:
        """Remove the rubber band and the linking preview."""
        self._drag = self._preview = None
        self.update()

    # --- following the session ------------------------------------------------------------
    def set_dim_unrelated(self, on: bool) -> None:
        """Fade every span outside the selected span's frame (with a session)."""
        self._dim = on
        self.refresh()

    def set_all_roles(self, on: bool, pills: bool = True) -> None:
        """Draw every role of the spans shown, not only the selected span's; `pills` False
        leaves the role names to the label tags (no pills over the text)."""
        self._all_roles, self._pills = on, pills
        self.refresh()

    def all_roles(self) -> bool:
        """True when every role is drawn, selected or not."""
        return self._all_roles

    def refresh(self) -> None:
        """Draw the links of the session's selected span (or, with all roles on, of every
        span shown), read from the project."""
        if self._session is None:
            return
        ws, span_id = self._session.workspace, self._session.selected_span_id
        span = ws.find_span(span_id) if span_id else None
        if self._all_roles:
            self.set_links(self._every_link(), "")  # "": pills go on each role's child
        else:
            links = frame_links(ws, span.id) if span is not None else []
            self.set_links(links, span.id if span is not None else None)
        links = self._links
        if self._dim and span is not None:
            self._view.set_dimmed({span.id} | {s.id for link in links for s in link[:2]})
        else:
            self._view.set_dimmed(None)

    def _every_link(self) -> list[Link]:
        session, shown = self._session, self._shown()
        if session is None or session.doc_id is None or not shown:
            return []
        relations = session.workspace.relations(session.doc_id, session.layer)
        return [
            (shown[r.head_id], shown[r.child_id], r.label)
            for r in relations
            if r.head_id in shown and r.child_id in shown
        ]

    def _on_session_span_selected(self, _span_id: object) -> None:
        self.refresh()

    def _on_session_changed(self, change: Change, _initiator: object) -> None:
        if change.documents:
            self._text = ("", "")
        if change.spans or change.relations or change.layers or change.documents:
            self.refresh()

    def _on_session_document_opened(self, _doc_id: str) -> None:
        self._text = ("", "")
        self.refresh()

    # --- geometry ----------------------------------------------------------------------
    def _shown(self) -> dict[str, Span]:
        return self._view.spans_by_id()

    def place(self, span: Span) -> Place:
        """Where `span` is relative to the viewport."""
        full = self._view.offset_to_viewport_rect(span.start, span.end)
        if full.isEmpty() or full.top() >= self.height():
            return Place(BELOW)
        first = self._view.offset_to_viewport_rect(span.start, span.start + 1)
        first = full if first.isEmpty() else first
        if first.bottom() < 0:
            return Place(ABOVE)
        return Place(VISIBLE, first.top(), first.bottom(), first.left())

    def pieces(self, span: Span) -> list[QRectF]:
        """Boxes around a span, one per line: its first line to the right edge, full lines
        between, its last line from the left edge (lines below the viewport are left out)."""
        lines = [QRectF(r) for r in self._view.offset_to_line_rects(span.start, span.end)]
        if len(lines) <= 1:
            return lines or [QRectF(self._view.offset_to_viewport_rect(span.start, span.end))]
        left, right = float(self._text_left()), float(self.width() - self._text_left())
        pieces = [
            QRectF(QPointF(lines[0].left(), lines[0].top()), QPointF(right, lines[0].bottom()))
        ]
        pieces += [QRectF(QPointF(left, r.top()), QPointF(right, r.bottom())) for r in lines[1:-1]]
        last = lines[-1]
        pieces.append(QRectF(QPointF(left, last.top()), QPointF(last.right(), last.bottom())))
        return pieces

    def handle_rect(self) -> QRect | None:
        """The drag handle's rectangle, None when it is hidden or off-screen."""
        span = self._shown().get(self._handle or "")
        if span is None:
            return None
        last = self._view.offset_to_viewport_rect(max(span.start, span.end - 1), span.end)
        if last.isEmpty() or last.bottom() < 0 or last.top() > self.height():
            return None
        # On the top right corner, in the gap above the line: clear of the next word.
        return QRect(last.right() - 4, last.top() - 9, 12, 12)

    def markers(self) -> list[tuple[QRect, str]]:
        """(rectangle, span id) of each jump marker as things stand."""
        return [(rect.toAlignedRect(), span_id) for rect, _, _, span_id in self.scene().markers]

    def _text_left(self) -> int:
        return int(self._view.document().documentMargin() + self._view.content_offset().x())

    def _line_y(self, place: Place) -> float:
        if place.side != VISIBLE:
            return -1.0 if place.side == ABOVE else float(self.height() + 1)
        return (place.top + place.bottom) / 2

    def _color(self, label: str) -> QColor:
        color = to_qcolor(self._view.label_colors().get(label, FALLBACK))
        return color.lighter(135) if is_dark(self.palette()) else color.darker(135)

    def _pill_font(self) -> QFont:
        font = self.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.75))
        return font

    def _span_text(self, span: Span) -> str:
        """The span's text from the project (never read back from the widget)."""
        if self._session is None:
            return span.label
        if self._text[0] != span.doc_id:
            document = self._session.workspace.find_document(span.doc_id)
            self._text = (span.doc_id, document.text if document else "")
        return self._text[1][span.start : span.end] or span.label

    # --- the scene -----------------------------------------------------------------------
    def scene(self) -> Scene:
        """Lay out trunks, outlines, pills and markers for the links in view now."""
        shown, scene = self._shown(), Scene()
        links = [
            (shown[h.id], shown[c.id], r) for h, c, r in self._links if {h.id, c.id} <= {*shown}
        ]
        places = {s.id: self.place(s) for link in links for s in link[:2]}
        if self._all_roles:  # only roles with an end in view; no markers along the edges
            links = [
                link
                for link in links
                if VISIBLE in (places[link[0].id].side, places[link[1].id].side)
            ]
        spans = {s.id: s for link in links for s in link[:2]}
        groups: dict[str, list[Link]] = {}
        for link in links:
            groups.setdefault(link[0].id, []).append(link)
        extents = []
        for group in groups.values():
            ys = [self._line_y(places[s.id]) for link in group for s in link[:2]]
            extents.append((min(ys), max(ys)))
        lanes = assign_lanes(extents)
        left = self._text_left()
        gap = max(2.0, min(_LANE_GAP, (left - 6) / (max(lanes, default=0) + 1)))
        roles: dict[str, list[str]] = {}
        colors: dict[str, QColor] = {}
        for group, (top, bottom), lane in zip(groups.values(), extents, lanes, strict=True):
            color, head = self._color(group[0][0].label), group[0][0]
            if bottom - top > 1:
                members = [head, *(c for _, c, _ in group)]
                stubs = [
                    (self._line_y(places[s.id]), s is head)
                    for s in members
                    if places[s.id].side == VISIBLE
                ]
                scene.trunks.append((left - 5 - lane * gap, top, bottom, stubs, color))
            for h, c, role in group:
                other = h if c.id == self._focus else c
                names = roles.setdefault(other.id, [])
                if role not in names:
                    names.append(role)
                colors.setdefault(other.id, color)
        boxes = {i: self.pieces(spans[i]) for i in roles if places[i].side == VISIBLE}
        scene.outlines = [(boxes[i], colors[i]) for i in boxes]
        scene.pills = self._pill_layout(roles, colors, places, boxes) if self._pills else []
        if self._all_roles:
            wanted: list[tuple[str, list[str]]] = []
        elif self._focus in spans and places[self._focus].side != VISIBLE:
            wanted = [(self._focus, [])]  # one marker for it all
        else:
            wanted = [(i, roles[i]) for i in roles if places[i].side != VISIBLE]
        scene.markers = self._marker_layout(wanted, spans, places)
        return scene

    def _pill_layout(self, roles, colors, places, boxes) -> list[tuple[QRectF, str, QColor]]:
        """A pill in the gap above each linked span's first line, slid sideways past pills
        already there; where that fails, after the span's first line; else rows higher."""
        metrics = QFontMetrics(self._pill_font())
        height = metrics.height() + 1
        # The pill's foot rests on the span's top edge, its head in the gap between lines.
        lift = height - min(2.0, max(0.0, height - self._view.line_gap()))
        pills: list[tuple[QRectF, str, QColor]] = []
        for span_id in sorted(boxes, key=lambda i: (places[i].top, places[i].left)):
            place, text = places[span_id], ", ".join(roles[span_id])
            width = metrics.horizontalAdvance(text) + 10
            taken = [p[0] for p in pills]
            others = [*taken, *(b for i, own in boxes.items() if i != span_id for b in own)]
            above = QRectF(place.left, place.top - lift, width, height)
            after = QRectF(boxes[span_id][0].right() + 4, place.top + 1, width, height)
            candidates = [above, *self._slides(above, taken), after]
            rect = above
            for candidate in candidates:
                candidate.moveLeft(max(2, min(candidate.left(), self.width() - width - 2)))
                if candidate.top() >= 0 and not any(candidate.intersects(o) for o in others):
                    rect = candidate
                    break
            while any(rect.intersects(o) for o in taken) and rect.top() - height >= 0:
                rect.translate(0, -height)
            if rect.top() < 0:  # never clipped by the top edge: beside the span instead
                rect = after
                rect.moveLeft(max(2, min(rect.left(), self.width() - width - 2)))
            pills.append((rect, text, colors[span_id]))
        return pills

    def _slides(self, rect: QRectF, taken: list[QRectF]) -> list[QRectF]:
        """`rect` moved just right of, then just left of, the pills it would cover."""
        hit = [t for t in taken if t.intersects(rect)]
        if not hit:
            return []
        right = rect.translated(max(t.right() for t in hit) + 4 - rect.left(), 0)
        left = rect.translated(min(t.left() for t in hit) - 4 - rect.right(), 0)
        return [r for r in (right, left) if r.left() >= 2 and r.right() <= self.width() - 2]

    def _marker_layout(self, wanted, spans, places) -> list[tuple[QRectF, str, QColor, str]]:
        """Markers in rows along the top and bottom edges, ▲ or ▼, role and text."""
        metrics = QFontMetrics(self._pill_font())
        height, left = metrics.height() + 4, self._text_left()
        rows = {ABOVE: [left, 2], BELOW: [left, self.height() - 2]}
        markers = []
        for span_id, names in wanted:
            span, side = spans[span_id], places[span_id].side
            what = ", ".join(names) if names else span.label
            arrow = "▲" if side == ABOVE else "▼"
            text = f"{arrow} {what}: {shorten(self._span_text(span), _MARKER_CHARS)}"
            width = metrics.horizontalAdvance(text) + 14
            x, y = rows[side]
            if x + width > self.width() and x > left:
                x, y = left, (y + height + 2 if side == ABOVE else y - height - 2)
            rect = QRectF(x, y if side == ABOVE else y - height, width, height)
            rows[side] = [x + width + 4, y]
            markers.append((rect, text, self._color(span.label), span_id))
        return markers

    # --- painting ----------------------------------------------------------------------
    def paintEvent(self, _event: QEvent) -> None:
        """Draw the scene, the handle and any drag or preview line."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._pill_font())
        scene = self.scene()
        tip = self._text_left() - 2.0
        for x, top, bottom, stubs, color in scene.trunks:
            painter.setPen(QPen(color, 1.6))
            painter.setBrush(color)
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))
            for y, is_head in stubs:
                painter.drawLine(QPointF(x, y), QPointF(tip - 1, y))
                if is_head:
                    painter.drawEllipse(QPointF(x, y), 2.2, 2.2)
                else:
                    arrow = [QPointF(tip - 4, y - 3), QPointF(tip - 4, y + 3), QPointF(tip, y)]
                    painter.drawPolygon(arrow)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for pieces, color in scene.outlines:
            painter.setPen(QPen(color, 1.6))
            for piece in pieces:
                painter.drawRoundedRect(piece.adjusted(-1.5, -0.5, 1.5, 0.5), 3, 3)
        for rect, text, color in scene.pills:
            self._pill(painter, rect, text, color)
        for rect, text, color, _span_id in scene.markers:
            self._pill(painter, rect, text, color)
        self._paint_handle(painter)
        self._paint_drag(painter)
        painter.end()

    def _pill(self, painter: QPainter, rect: QRectF, text: str, color: QColor) -> None:
        painter.setPen(QPen(color, 1.2))
        painter.setBrush(self.palette().base().color())
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(self.palette().text().color())
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_handle(self, painter: QPainter) -> None:
        rect, span = self.handle_rect(), self._shown().get(self._handle or "")
        if rect is None or span is None:
            return
        color = self._color(span.label)
        painter.setPen(QPen(color, 1.5))
        painter.setBrush(self.palette().base().color())
        painter.drawEllipse(QRectF(rect).adjusted(1, 1, -1, -1))
        painter.setBrush(color)
        painter.drawEllipse(QRectF(rect).center(), 2.0, 2.0)

    def _paint_drag(self, painter: QPainter) -> None:
        shown, accent = self._shown(), self.palette().highlight().color()
        line, target_id = None, None
        if self._drag is not None:
            start, end, target_id = self._drag
            line = (start, end)
        elif self._preview is not None:
            head_id, target_id, _hint = self._preview
            if head_id in shown and target_id in shown:
                a, b = self.place(shown[head_id]), self.place(shown[target_id])
                if a.side == VISIBLE and b.side == VISIBLE:
                    line = (QPointF(a.left, a.top), QPointF(b.left, b.top))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        target = shown.get(target_id or "")
        if target is not None:
            pieces = self.pieces(target)
            painter.setPen(QPen(accent, 2.0))
            for piece in pieces:
                painter.drawRoundedRect(piece.adjusted(-2, -1, 2, 1), 3, 3)
        if line is not None:
            painter.setPen(QPen(accent, 1.6, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            path = QPainterPath(line[0])
            lift = min(40.0, abs(line[1].x() - line[0].x()) / 3 + 10)
            path.quadTo((line[0] + line[1]) / 2 - QPointF(0, lift), line[1])
            painter.drawPath(path)

    # --- events ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the viewport's geometry; a click on a marker asks to jump to its span."""
        kind = event.type()
        if kind in (QEvent.Type.Resize, QEvent.Type.Move):
            self.setGeometry(self._viewport.geometry())
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            assert isinstance(event, QMouseEvent)
            if event.button() == Qt.MouseButton.LeftButton and self._links:
                point = event.position().toPoint()
                for rect, span_id in self.markers():
                    if rect.contains(point):
                        self.jump_requested.emit(span_id)
                        return True
        return super().eventFilter(watched, event)


if __name__ == "__main__":  # pragma: no cover - manual preview
    from desktop.ui.app.preview import preview
    from desktop.ui.article.article_panel import ArticlePanel

    def make(session: Session, actions) -> QWidget:
        panel = ArticlePanel(session, actions)
        ArcOverlay(panel.view, session).jump_requested.connect(session.select_span)
        return panel

    preview(make, "Gloss preview: roles over the text (click an allegation)")
