"""RolesBox: the roles of the inspected span in both directions, for the inspector.

"accuser → Human Rights Watch" is a role this span heads; "← responds_to: it will
investigate" one it is the tail of. Each row jumps to the other span or removes the role
(undoable); "Add role…" starts linking mode through the window's Link action.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import Change, Relation, Span
from desktop.ui.app.session import Session
from desktop.ui.article.span_styles import shorten

_TEXT_CHARS = 34


class ElidedLabel(QLabel):
    """One line of plain text that ends in an ellipsis when it does not fit."""

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Draw the text elided to the width."""
        painter = QPainter(self)
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            align,
            self.palette(),
            self.isEnabled(),
            shown,
            QPalette.ColorRole.WindowText,
        )
        painter.end()


@dataclass(frozen=True, slots=True)
class RoleRow:
    """One role as listed: the relation, the span at its other end, and the shown text."""

    relation: Relation
    other: Span
    outgoing: bool
    text: str


def role_rows(session: Session, span: Span) -> list[RoleRow]:
    """The span's roles, those it heads first, each group in the other span's reading order."""
    ws = session.workspace
    document = ws.find_document(span.doc_id)
    text = document.text if document is not None else ""
    rows = []
    for relation in ws.roles_of(span.id):
        outgoing = relation.head_id == span.id
        other = ws.find_span(relation.child_id if outgoing else relation.head_id)
        if other is None:
            continue
        covered = shorten(text[other.start : other.end], _TEXT_CHARS)
        shown = f"{relation.label} → {covered}" if outgoing else f"← {relation.label}: {covered}"
        rows.append(RoleRow(relation, other, outgoing, shown))
    rows.sort(key=lambda r: (not r.outgoing, r.other.start, r.other.end, r.relation.label))
    return rows


class RolesBox(QWidget):
    """Lists, jumps along and removes the roles of one span; offers to add one."""

    def __init__(
        self, session: Session, link_action: QAction | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._link_action = link_action
        self._span: Span | None = None
        self._rows: list[RoleRow] = []
        self._build_ui()
        self._connect()
        self.refresh()

    def _build_ui(self) -> None:
        self.empty = QLabel(self)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        self.list = QWidget(self)
        self.grid = QGridLayout(self.list)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(2)
        self.grid.setVerticalSpacing(0)
        self.grid.setColumnStretch(0, 1)
        self.add_button = QPushButton("Add role…", self)
        keys = self._link_action.shortcuts() if self._link_action else []
        if keys:
            self.add_button.setToolTip(f"Link this span to another ({keys[0].toString()})")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self._session.changed.connect(self._on_session_changed)
        self.add_button.clicked.connect(self._on_add_button_clicked)

    # --- showing -----------------------------------------------------------------------
    def set_span(self, span: Span | None) -> None:
        """Show the roles of `span` (None: nothing)."""
        self._span = span
        self.refresh()

    def rows(self) -> list[RoleRow]:
        """The roles listed, in order."""
        return list(self._rows)

    def row_texts(self) -> list[str]:
        """The text of each listed role."""
        return [row.text for row in self._rows]

    def refresh(self) -> None:
        """List the span's roles as stored now."""
        ws, span = self._session.workspace, self._span
        span = ws.find_span(span.id) if span is not None else None
        self._span = span
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._rows = role_rows(self._session, span) if span is not None else []
        writable = span is not None and not self._session.layer_read_only(span.layer)
        for i, row in enumerate(self._rows):
            self._add_row(i, row, writable)
        takes_roles = span is not None and bool(ws.schema.roles_from(span.label))
        self.empty.setText(
            "No roles yet."
            if takes_roles
            else "No roles; link to it from an allegation or response."
        )
        self.empty.setVisible(not self._rows)
        self.add_button.setVisible(takes_roles)
        self.add_button.setEnabled(takes_roles and writable)

    def _add_row(self, i: int, row: RoleRow, writable: bool) -> None:
        label = ElidedLabel(row.text, self.list)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setToolTip(row.text)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        jump = QToolButton(self.list)
        jump.setText("Go")
        jump.setToolTip(f"Select “{shorten(row.text, 60)}” in the text")
        jump.setAutoRaise(True)
        jump.clicked.connect(lambda _=False, n=i: self.jump(n))
        remove = QToolButton(self.list)
        remove.setText("✕")
        remove.setToolTip("Remove this role (undo brings it back)")
        remove.setAutoRaise(True)
        remove.setEnabled(writable)
        remove.clicked.connect(lambda _=False, n=i: self.remove(n))
        self.grid.addWidget(label, i, 0)
        self.grid.addWidget(jump, i, 1)
        self.grid.addWidget(remove, i, 2)

    # --- acting ------------------------------------------------------------------------
    def jump(self, index: int) -> None:
        """Select the span at the other end of the `index`-th role."""
        if 0 <= index < len(self._rows):
            self._session.select_span(self._rows[index].other.id)

    def remove(self, index: int) -> Change | None:
        """Delete the `index`-th role through the workspace (undoable)."""
        if not 0 <= index < len(self._rows):
            return None
        relation = self._rows[index].relation
        if not self._session.check_writable(relation.layer):
            return None
        ws = self._session.workspace
        return self._session.edit(lambda: ws.remove_relation(relation.id, initiator=self))

    def _on_add_button_clicked(self) -> None:
        if self._link_action is not None:
            self._link_action.trigger()

    def _on_session_changed(self, change: Change, _initiator: object) -> None:
        if change.relations or change.spans or change.layers or change.documents:
            self.refresh()


if __name__ == "__main__":  # pragma: no cover - manual preview
    from desktop.ui.app.preview import preview

    def _make(session: Session, _actions: object) -> RolesBox:
        box = RolesBox(session)
        ws, doc_id = session.workspace, session.workspace.first_document_id() or ""
        allegation = next(s for s in ws.spans(doc_id) if s.label == "ALLEGATION")
        box.set_span(allegation)
        return box

    preview(_make, "Gloss preview: roles")
