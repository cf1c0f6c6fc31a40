"""ActorRegistryPanel: the actor registry with mention propagation (linking one ACTOR span
to a canonical actor is actor_link_box.ActorLinkBox, in the inspector).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import ACTOR_KINDS, Change
from desktop.domain.mentions import Mention
from desktop.ui.app.session import Session
from desktop.ui.app.worker import Progress, TaskRunner
from desktop.ui.panels.actor_link_box import ALIAS_SEPARATOR, plain_label, row
from desktop.workspace import accept_mention, suggest_mentions

_SPACE = re.compile(r"\s+")
_CONTEXT = 32
_ACCEPT = {Qt.Key.Key_Y, Qt.Key.Key_Return, Qt.Key.Key_Enter}
_REJECT = {Qt.Key.Key_N, Qt.Key.Key_Delete}


class ActorRegistryPanel(QWidget):
    """The project's actors with their mention counts; edit one, find its unannotated
    mentions and accept (y, Enter) or reject (n, Delete) each suggestion."""

    suggestions_changed = Signal(list)  # list[Mention] now proposed
    suggestion_selected = Signal(str, int, int)  # doc id, start, end of the current one

    SCOPES = ("This document", "Whole corpus")

    def __init__(
        self, session: Session, parent: QWidget | None = None, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner  # searches of the whole corpus run on it, off the UI thread
        self._mentions: list[Mention] = []
        self._rejected: set[tuple[str, int, int, str]] = set()
        self._search: tuple[str, str | None] | None = None  # (actor id, doc id or None)
        self._build_ui()
        self._connect()
        self.refresh()

    def _build_ui(self) -> None:
        self.actors = QTreeWidget(self)
        self.actors.setHeaderLabels(["Name", "Kind", "Aliases", "Mentions"])
        self.actors.setRootIsDecorated(False)
        self.actors.setSortingEnabled(True)
        self.actors.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.actors.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.actors.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the aliases
        self.name = QLineEdit(self)
        self.kind = QComboBox(self)
        self.kind.addItems(list(ACTOR_KINDS))
        self.aliases = QLineEdit(self)
        self.aliases.setPlaceholderText(f"other names, separated by {ALIAS_SEPARATOR}")
        self.save_button = QPushButton("Save", self)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Kind", self.kind)
        form.addRow("Aliases", self.aliases)
        form.addRow("", self.save_button)
        self.scope = QComboBox(self)
        self.scope.addItems(self.SCOPES)
        self.find_button = QPushButton("Find mentions", self)
        self.summary = plain_label(self)
        self.suggestions = QListWidget(self)
        self.suggestions.setToolTip("y or Enter: accept · n or Delete: reject · Up/Down: move")
        self.suggestions.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.actors, 2)
        layout.addLayout(form)
        layout.addLayout(row(self.scope, self.find_button, None))
        layout.addWidget(self.summary)
        layout.addWidget(self.suggestions, 2)

    def _connect(self) -> None:
        session = self._session
        session.changed.connect(self._on_session_changed)
        session.project_opened.connect(self._on_session_project_opened)
        self.actors.currentItemChanged.connect(self._on_actors_current_changed)
        self.save_button.clicked.connect(self.save)
        self.find_button.clicked.connect(self._on_find_clicked)
        self.suggestions.currentRowChanged.connect(self._on_suggestions_row_changed)

    # --- the registry ----------------------------------------------------------------------
    def refresh(self) -> None:
        """List the actors as stored, keeping the selected one."""
        ws = self._session.workspace
        selected = self.selected_actor_id()
        self.actors.blockSignals(True)
        self.actors.clear()
        for actor in ws.actors():
            count = len(ws.spans_with_actor(actor.id))
            item = QTreeWidgetItem(
                [actor.name, actor.kind, f"{ALIAS_SEPARATOR} ".join(actor.aliases), str(count)]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, actor.id)
            item.setData(3, Qt.ItemDataRole.DisplayRole, count)  # sorts as a number
            self.actors.addTopLevelItem(item)
        self.actors.blockSignals(False)
        if selected is None or not self.select_actor(selected):
            self._fill_form(None)

    def selected_actor_id(self) -> str | None:
        """The actor selected in the list."""
        item = self.actors.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def select_actor(self, actor_id: str) -> bool:
        """Make an actor current; False if it is not listed."""
        for i in range(self.actors.topLevelItemCount()):
            item = self.actors.topLevelItem(i)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == actor_id:
                self.actors.setCurrentItem(item)
                self._fill_form(actor_id)
                return True
        return False

    def _fill_form(self, actor_id: str | None) -> None:
        actor = self._session.workspace.find_actor(actor_id) if actor_id else None
        self.name.setText(actor.name if actor else "")
        self.kind.setCurrentText(actor.kind if actor else "other")
        self.aliases.setText(f"{ALIAS_SEPARATOR} ".join(actor.aliases) if actor else "")
        writable = not self._session.workspace.read_only
        for widget in (self.name, self.kind, self.aliases, self.save_button):
            widget.setEnabled(actor is not None and writable)
        self.find_button.setEnabled(actor is not None)

    def save(self) -> Change | None:
        """Store the form's name, kind and aliases for the selected actor."""
        actor_id = self.selected_actor_id()
        if actor_id is None:
            return None
        aliases = tuple(a.strip() for a in self.aliases.text().split(ALIAS_SEPARATOR))
        ws = self._session.workspace
        name, kind = self.name.text(), self.kind.currentText()
        return self._session.edit(
            lambda: ws.update_actor(actor_id, name=name, kind=kind, aliases=aliases, initiator=self)
        )

    # --- propagation -------------------------------------------------------------------------
    def find_mentions(self, whole_corpus: bool | None = None) -> list[Mention]:
        """Propose the selected actor's unannotated mentions in the open document (or the
        whole corpus); focus goes to the list so y and n work at once."""
        actor_id = self.selected_actor_id()
        if actor_id is None:
            return []
        if whole_corpus is not None:
            self.scope.setCurrentIndex(1 if whole_corpus else 0)
        doc_id = None if self.scope.currentIndex() == 1 else self._session.doc_id
        if self.scope.currentIndex() == 0 and doc_id is None:
            self._session.notify("Open a document first, or search the whole corpus")
            return []
        self._search = (actor_id, doc_id)
        self._rejected.clear()
        if doc_id is None and self._runner is not None:
            self._search_corpus(self._runner, actor_id)
        else:
            self._recompute()
        self.suggestions.setFocus(Qt.FocusReason.OtherFocusReason)
        return self.mentions()

    def _recompute(self) -> None:
        if self._search is None:
            return
        ws = self._session.workspace
        actor_id, doc_id = self._search
        if ws.find_actor(actor_id) is None or (doc_id and not ws.has_document(doc_id)):
            self.clear_suggestions()
            return
        found = suggest_mentions(ws, actor_id, doc_id=doc_id, layer=self._session.layer)
        self._show([m for m in found if _key(m) not in self._rejected])

    def _search_corpus(self, runner: TaskRunner, actor_id: str) -> None:
        """Search every document on the task runner (progress, Cancel); wait for it."""
        ws, layer = self._session.workspace, self._session.layer

        def found(mentions: list[Mention]) -> None:
            if self._search == (actor_id, None):
                self._show([m for m in mentions if _key(m) not in self._rejected])

        def search(progress: Progress) -> list[Mention]:
            return suggest_mentions(ws, actor_id, layer=layer, progress=progress)

        if runner.run("Finding mentions", search, found):
            runner.wait_finished()

    def _show(self, mentions: list[Mention]) -> None:
        row = max(0, self.suggestions.currentRow())
        self._mentions = mentions
        ws = self._session.workspace
        texts: dict[str, str] = {}
        self.suggestions.blockSignals(True)
        self.suggestions.clear()
        for m in mentions:
            if m.doc_id not in texts:
                texts[m.doc_id] = ws.document(m.doc_id).text
            text = texts[m.doc_id]
            before = _SPACE.sub(" ", text[max(0, m.start - _CONTEXT) : m.start]).lstrip()
            after = _SPACE.sub(" ", text[m.end : m.end + _CONTEXT]).rstrip()
            where = "" if self._search and self._search[1] else f"{m.doc_id}: "
            self.suggestions.addItem(QListWidgetItem(f"{where}…{before}[{m.name}]{after}…"))
        self.suggestions.blockSignals(False)
        if mentions:
            self.suggestions.setCurrentRow(min(row, len(mentions) - 1))
        actor = ws.find_actor(self._search[0]) if self._search else None
        name = actor.name if actor is not None else ""
        self.summary.setText(
            f"{len(mentions)} unannotated mention(s) of {name}" if self._search else ""
        )
        self.suggestions_changed.emit(list(mentions))

    def mentions(self) -> list[Mention]:
        """The suggestions now listed."""
        return list(self._mentions)

    def ranges_for(self, doc_id: str | None) -> list[tuple[int, int]]:
        """(start, end) of the suggestions in one document, for ArticleView.set_suggestions."""
        return [(m.start, m.end) for m in self._mentions if m.doc_id == doc_id]

    def current_mention(self) -> Mention | None:
        """The suggestion under the list's cursor."""
        row = self.suggestions.currentRow()
        return self._mentions[row] if 0 <= row < len(self._mentions) else None

    def accept_current(self) -> Change | None:
        """Annotate the current suggestion as an ACTOR span linked to the actor."""
        mention = self.current_mention()
        if mention is None:
            return None
        ws = self._session.workspace
        return self._session.edit(
            lambda: accept_mention(ws, mention, initiator=self, layer=self._session.layer)
        )

    def reject_current(self) -> None:
        """Drop the current suggestion (until the next Find mentions)."""
        mention = self.current_mention()
        if mention is not None:
            self._rejected.add(_key(mention))
            self._show([m for m in self._mentions if m != mention])

    def clear_suggestions(self) -> None:
        """Stop proposing mentions."""
        self._search = None
        self._rejected.clear()
        self._show([])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """y/Enter accept and n/Delete reject in the list, before any window shortcut."""
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and (
            watched is self.suggestions
        ):
            assert isinstance(event, QKeyEvent)
            key = event.key()
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if plain and (key in _ACCEPT or key in _REJECT):
                if kind == QEvent.Type.ShortcutOverride:
                    event.accept()
                elif key in _ACCEPT:
                    self.accept_current()
                else:
                    self.reject_current()
                return True
        return super().eventFilter(watched, event)

    # --- slots -----------------------------------------------------------------------------
    def _on_actors_current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        actor_id = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        self._fill_form(actor_id)

    def _on_find_clicked(self) -> None:
        self.find_mentions()

    def _on_suggestions_row_changed(self, _row: int) -> None:
        mention = self.current_mention()
        if mention is not None:
            self.suggestion_selected.emit(mention.doc_id, mention.start, mention.end)

    def _on_session_changed(self, change: Change, _initiator: object) -> None:
        if change.actors or change.spans or change.documents:
            self.refresh()
        if change.actors or change.spans or change.documents or change.layers:
            self._recompute()

    def _on_session_project_opened(self) -> None:
        self.clear_suggestions()
        self.refresh()


def _key(mention: Mention) -> tuple[str, int, int, str]:
    return (mention.doc_id, mention.start, mention.end, mention.actor_id)


if __name__ == "__main__":  # pragma: no cover - manual preview
    from desktop.ui.app.preview import preview
    from desktop.ui.panels.actor_link_box import ActorLinkBox

    def make(session: Session, _actions: object) -> QWidget:
        host = QWidget()
        box = ActorLinkBox(session, host)
        registry = ActorRegistryPanel(session, host)
        session.span_selected.connect(box.set_span)
        box.set_span(session.selected_span_id)
        layout = QVBoxLayout(host)
        layout.addWidget(box)
        layout.addWidget(registry, 1)
        return host

    preview(make, "Gloss preview: actors")
