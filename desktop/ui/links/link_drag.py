"""LinkDragController: linking spans with the mouse, checked by the schema (see link_mode).

Drag from the selected span's handle (or Ctrl+drag from any span) to another span, then
pick the role from a menu of the roles the schema allows, either way round.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QMenu

from desktop.domain import Change, Span
from desktop.ui.app.session import Session
from desktop.ui.article.article_view import ArticleView
from desktop.ui.links.arc_overlay import ArcOverlay
from desktop.ui.links.link_mode import Choice, create_link, role_choices

_MOVE, _RELEASE = QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease


class LinkDragController(QObject):
    """Mouse linking: drag from the selected span's handle (or Ctrl+drag from any span) to
    another span, then pick the role from a menu of the roles the schema allows."""

    message = Signal(str)
    linked = Signal(object)  # the Change of the new role

    def __init__(self, view: ArticleView, session: Session, overlay: ArcOverlay) -> None:
        super().__init__(view)
        self._view, self._session, self._overlay = view, session, overlay
        self._head: Span | None = None
        self._origin = QPointF()
        self._pending: tuple[Span, Span, list[Choice]] | None = None
        self.menu: QMenu | None = None
        view.viewport().installEventFilter(self)
        session.span_selected.connect(self._on_session_span_selected)
        session.changed.connect(self._on_session_changed)

    def refresh_handle(self) -> None:
        """Show the handle on the selected span if it can head a role or be a role's tail."""
        span_id = self._session.selected_span_id
        span = self._shown().get(span_id or "")
        schema = self._session.workspace.schema
        has_roles = (
            span is not None
            and not self._session.layer_read_only(span.layer)
            and any(span.label in r.heads or span.label in r.tails for r in schema.relation_labels)
        )
        self._overlay.set_handle(span.id if span is not None and has_roles else None)

    def _shown(self) -> dict[str, Span]:
        return self._view.spans_by_id()

    def _span_at(self, point: QPoint, exclude: str | None = None) -> Span | None:
        """The innermost span under a point, preferring one the head can link to."""
        offset = self._view.offset_at(point)
        spans = self._view.spans_at(offset) if offset is not None else []
        stack = [s for s in spans if s.id != exclude]
        if self._head is not None:
            schema = self._session.workspace.schema
            fitting = [s for s in stack if role_choices(schema, self._head, s)]
            stack = fitting or stack
        return stack[0] if stack else None

    # --- the menu ------------------------------------------------------------------------
    def choices(self) -> list[Choice]:
        """The roles offered by the open menu."""
        return list(self._pending[2]) if self._pending else []

    def choose_role(self, name: str) -> Change | None:
        """Create the offered role called `name` (as the menu does); None if not offered."""
        if self._pending is None:
            return None
        head, tail, choices = self._pending
        choice = next((c for c in choices if c[0].name == name), None)
        if choice is None:
            return None
        self._pending = None
        if self.menu is not None and self.menu.isVisible():
            self.menu.close()
        change = create_link(self._session, head, tail, choice, self)
        if change is not None:
            self.linked.emit(change)
        return change

    def _offer(self, head: Span, tail: Span, global_pos: QPoint) -> None:
        choices = role_choices(self._session.workspace.schema, head, tail)
        if not choices:
            self.message.emit(f"No role links {head.label} to {tail.label}")
            return
        self._pending = (head, tail, choices)
        if self.menu is None:
            self.menu = QMenu(self._view)
            self.menu.aboutToHide.connect(self._on_menu_about_to_hide)
        self.menu.clear()
        for role, flipped in choices:
            text = role.name.replace(role.hotkey, f"&{role.hotkey}", 1)
            action = self.menu.addAction(
                f"{text}  ({tail.label} → {head.label})" if flipped else text
            )
            action.setData(role.name)
            action.triggered.connect(lambda _=False, n=role.name: self.choose_role(n))
        self.menu.popup(global_pos)

    def _on_menu_about_to_hide(self) -> None:
        self._overlay.clear_transient()
        # A chosen action triggers just after the menu hides; forget the offer only then.
        QTimer.singleShot(0, self._forget_offer)

    def _forget_offer(self) -> None:
        if self.menu is None or not self.menu.isVisible():
            self._pending = None

    # --- mouse -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Take over presses on the handle (or with Ctrl on a span) and the drag after them."""
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            assert isinstance(event, QMouseEvent)
            return self._press(event.position().toPoint(), event)
        if self._head is None or kind not in (_MOVE, _RELEASE):
            return super().eventFilter(watched, event)
        assert isinstance(event, QMouseEvent)
        point = event.position().toPoint()
        target = self._span_at(point, exclude=self._head.id)
        if kind == _MOVE:
            self._overlay.set_drag_line(self._origin, QPointF(point), target.id if target else None)
            return True
        head, self._head = self._head, None
        moved = (QPointF(point) - self._origin).manhattanLength()
        if target is not None and moved >= QApplication.startDragDistance():
            self._offer(head, target, self._view.viewport().mapToGlobal(point))
        if self._pending is None:
            self._overlay.clear_transient()
        return True

    def _press(self, point: QPoint, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        handle = self._overlay.handle_rect()
        head = None
        if handle is not None and handle.contains(point):
            head = self._shown().get(self._session.selected_span_id or "")
        elif event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._head = None
            head = self._span_at(point)
        if head is None:
            return False
        self._head = head
        self._origin = (
            QPointF(handle.center()) if handle and handle.contains(point) else QPointF(point)
        )
        self._overlay.set_drag_line(self._origin, QPointF(point), None)
        return True

    def _on_session_span_selected(self, _span_id: object) -> None:
        self.refresh_handle()

    def _on_session_changed(self, change: Change, _initiator: object) -> None:
        if change.spans or change.layers or change.documents:
            self.refresh_handle()


if __name__ == "__main__":  # pragma: no cover - manual preview
    from PySide6.QtGui import QKeySequence, QShortcut

    from desktop.ui.app.preview import preview
    from desktop.ui.article.article_panel import ArticlePanel
    from desktop.ui.links.arc_overlay import ArcOverlay
    from desktop.ui.links.link_mode import LinkMode

    def make(session: Session, actions):
        panel = ArticlePanel(session, actions)
        overlay = ArcOverlay(panel.view, session)
        mode = LinkMode(panel.view, session, overlay)
        drag = LinkDragController(panel.view, session, overlay)
        for source in (mode, drag):
            source.message.connect(lambda text: panel.window().setWindowTitle(text))
        QShortcut(QKeySequence("G"), panel, lambda: mode.start())
        return panel

    preview(make, "Gloss preview: G links from the selected span; drag its handle")
