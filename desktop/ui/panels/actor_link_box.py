"""ActorLinkBox: links the inspected ACTOR span to a canonical actor of the registry, makes
a new actor from the span, or unlinks it; and small widget helpers the actor panels share.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import ACTOR_KINDS, Actor, Change, Span
from desktop.ui.app.session import Session

ALIAS_SEPARATOR = ";"


def plain_label(parent: QWidget, text: str = "") -> QLabel:
    """A QLabel that never reads its text as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setText(text)
    return label


def row(*widgets: QWidget | None) -> QHBoxLayout:
    """A margin-free row of widgets, the first stretching; None adds the stretch instead."""
    layout = QHBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    for i, widget in enumerate(widgets):
        if widget is None:
            layout.addStretch(1)
        else:
            layout.addWidget(widget, 1 if i == 0 and None not in widgets else 0)
    return layout


def find_actor(actors: list[Actor], text: str) -> Actor | None:
    """The actor whose name (else an alias) is `text`, ignoring case and spacing."""
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return None
    by_name = [a for a in actors if a.name.casefold() == wanted]
    by_alias = [a for a in actors if any(x.casefold() == wanted for x in a.aliases)]
    found = by_name or by_alias
    return found[0] if found else None


class ActorLinkBox(QWidget):
    """Links the inspected ACTOR span to a registry actor, creates one, or unlinks it."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._span: Span | None = None
        self._build_ui()
        self._connect()
        self.refresh()

    def _build_ui(self) -> None:
        self.current = plain_label(self)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("Actor name or alias…")
        self.names = QStringListModel(self)
        self.completer = QCompleter(self.names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name.setCompleter(self.completer)
        self.link_button = QPushButton("Link", self)
        self.new_button = QPushButton("New actor from span", self)
        self.new_button.setToolTip("Add the span's text to the registry and link the span to it")
        self.unlink_button = QPushButton("Unlink", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.current)
        layout.addLayout(row(self.name, self.link_button))
        layout.addLayout(row(self.new_button, self.unlink_button, None))

    def _connect(self) -> None:
        self._session.changed.connect(self._on_session_changed)
        self._session.project_opened.connect(self._on_session_project_opened)
        self.name.returnPressed.connect(self.link)
        self.completer.activated.connect(self._on_completer_activated)
        self.link_button.clicked.connect(self.link)
        self.new_button.clicked.connect(self.new_from_span)
        self.unlink_button.clicked.connect(self.unlink)

    def set_span(self, span_id: str | None) -> None:
        """Inspect this span (None: nothing)."""
        self._span = self._session.workspace.find_span(span_id) if span_id else None
        self.name.clear()
        self.refresh()

    def refresh(self) -> None:
        """Show the span's link as stored; offer links only for writable ACTOR spans."""
        ws = self._session.workspace
        span = ws.find_span(self._span.id) if self._span else None
        self._span = span
        self.names.setStringList(
            sorted({n for a in ws.actors() for n in a.names}, key=str.casefold)
        )
        actor = ws.find_actor(span.actor_id) if span and span.actor_id else None
        if span is None or span.label != "ACTOR":
            self.current.setText("Only ACTOR spans link to the registry.")
        elif actor is None:
            self.current.setText("Not linked to a registry actor.")
        else:
            aliases = f"; also {', '.join(actor.aliases)}" if actor.aliases else ""
            self.current.setText(f"Linked to {actor.name} ({actor.kind}{aliases})")
        usable = span is not None and span.label == "ACTOR" and self._writable(span)
        for widget in (self.name, self.link_button, self.new_button):
            widget.setEnabled(usable)
        self.unlink_button.setEnabled(usable and actor is not None)

    def _writable(self, span: Span) -> bool:
        return not self._session.layer_read_only(span.layer)

    def link(self) -> Change | None:
        """Link the span to the actor named (or aliased) in the text field."""
        span = self._span
        if span is None:
            return None
        ws = self._session.workspace
        actor = find_actor(ws.actors(), self.name.text())
        if actor is None:
            self._session.notify(
                f"No actor called “{self.name.text().strip()}”; use New actor to add one"
            )
            return None
        if actor.id == span.actor_id:
            return None
        return self._session.edit(lambda: ws.link_actor(span.id, actor.id, initiator=self))

    def new_from_span(self) -> Change | None:
        """Add the span's text as a new actor (kind from the span) and link the span to it;
        an actor of that name already in the registry is linked instead."""
        span = self._span
        if span is None:
            return None
        ws = self._session.workspace
        text = " ".join(span.text_in(ws.document(span.doc_id)).split())
        existing = find_actor(ws.actors(), text)
        if existing is not None:
            self._session.notify(f"{existing.name} is already in the registry: linked to it")
            return self._session.edit(lambda: ws.link_actor(span.id, existing.id, initiator=self))
        kind = span.attrs.get("kind")
        kind = kind if kind in ACTOR_KINDS else "other"
        if self._session.edit(lambda: ws.add_actor(text, kind, initiator=self)) is None:
            return None
        actor_id = ws.last_actor_id
        return self._session.edit(lambda: ws.link_actor(span.id, actor_id, initiator=self))

    def unlink(self) -> Change | None:
        """Remove the span's link to its actor."""
        span = self._span
        if span is None or span.actor_id is None:
            return None
        ws = self._session.workspace
        return self._session.edit(lambda: ws.link_actor(span.id, None, initiator=self))

    def _on_session_changed(self, change: Change, _initiator: object) -> None:
        if change.spans or change.actors or change.layers:
            self.refresh()

    def _on_completer_activated(self, _text: str) -> None:
        self.link()

    def _on_session_project_opened(self) -> None:
        self.set_span(None)
