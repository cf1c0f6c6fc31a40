"""FindBar: a small bar that searches the open document's stored text (never the widget's)."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QMenu, QToolButton, QWidget

from desktop.ui.app.actions import Actions
from desktop.ui.app.session import Session


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Code-point ranges of every case-insensitive occurrence of `needle` in `text`."""
    if not needle:
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text, re.IGNORECASE)]


class FindBar(QWidget):
    """Find in document: Enter for the next match, Shift+Enter for the previous one.

    A match is shown as the text selection, so a label hotkey labels it at once.
    """

    match_selected = Signal(int, int)  # start, end in code points
    label_all_requested = Signal(str)  # label every match with this label

    def __init__(self, session: Session, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._actions = actions
        self._matches: list[tuple[int, int]] = []
        self._current = -1
        self._text: str | None = None
        self._build_ui()
        self._connect()
        self.hide()

    def _build_ui(self) -> None:
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Find in document")
        self.field.setClearButtonEnabled(True)
        self.field.installEventFilter(self)
        self.count = QLabel(self)
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.previous_button = QToolButton(self)
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.previous_button.setToolTip("Previous match (Shift+Enter, Shift+F3)")
        self.next_button = QToolButton(self)
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.next_button.setToolTip("Next match (Enter, F3)")
        self.label_all_button = QToolButton(self)
        self.label_all_button.setText("Label all…")
        self.label_all_button.setToolTip("Label every match (Alt+Enter, then the label key)")
        self.label_all_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.label_menu = QMenu(self.label_all_button)
        self.label_all_button.setMenu(self.label_menu)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.label_all_button)
        layout.addWidget(self.close_button)

    def _connect(self) -> None:
        self.field.textChanged.connect(self._on_field_text_changed)
        self.previous_button.clicked.connect(self._on_previous_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        self.label_menu.aboutToShow.connect(self._on_label_menu_about_to_show)
        self._actions.find.triggered.connect(self._on_find_triggered)
        self._actions.find_next.triggered.connect(self._on_find_next_triggered)
        self._actions.find_previous.triggered.connect(self._on_find_previous_triggered)
        self._session.document_opened.connect(self._on_session_document_opened)

    # --- behaviour ------------------------------------------------------------------
    def _on_label_menu_about_to_show(self) -> None:
        """One entry per label, its hotkey as the mnemonic."""
        self.label_menu.clear()
        for label in self._session.workspace.schema.span_labels:
            key = label.hotkey.upper()
            text = f"&{key}  {label.name}" if key else label.name
            action = self.label_menu.addAction(text)
            action.triggered.connect(
                lambda _=False, name=label.name: self.label_all_requested.emit(name)
            )

    def open(self) -> None:
        """Show the bar with the field focused and its text selected."""
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        """Hide the bar."""
        self.hide()

    def matches(self) -> list[tuple[int, int]]:
        """Every match in the open document."""
        return list(self._matches)

    def _document_text(self) -> str:
        if self._text is None:
            doc_id = self._session.doc_id
            self._text = self._session.workspace.document(doc_id).text if doc_id else ""
        return self._text

    def search(self, needle: str, near: int = 0) -> None:
        """Find `needle` and select the first match at or after `near`."""
        self._matches = find_all(self._document_text(), needle)
        self._current = -1
        if self._matches:
            after = [i for i, (start, _) in enumerate(self._matches) if start >= near]
            self._go(after[0] if after else 0)
        self._show_count()

    def step(self, delta: int) -> None:
        """Select the next (1) or previous (-1) match, wrapping around."""
        if not self._matches:
            self._session.notify("No matches")
            return
        self._go((self._current + delta) % len(self._matches))

    def _go(self, i: int) -> None:
        self._current = i
        self._show_count()
        self.match_selected.emit(*self._matches[i])

    def _show_count(self) -> None:
        if not self.field.text():
            self.count.setText("")
        elif not self._matches:
            self.count.setText("no matches")
        elif self._current < 0:
            self.count.setText(f"{len(self._matches)} matches")
        else:
            self.count.setText(f"{self._current + 1} of {len(self._matches)}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter and Shift+Enter in the field step through matches; Alt+Enter offers to
        label them all; Esc closes."""
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and alt:
                self.label_all_button.showMenu()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.step(-1 if shift else 1)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)

    # --- slots ------------------------------------------------------------------------
    def _on_field_text_changed(self, text: str) -> None:
        self.search(text)

    def _on_previous_button_clicked(self) -> None:
        self.step(-1)

    def _on_next_button_clicked(self) -> None:
        self.step(1)

    def _on_close_button_clicked(self) -> None:
        self.close_bar()

    def _on_find_triggered(self) -> None:
        self.open()

    def _on_find_next_triggered(self) -> None:
        if self.isHidden() or not self.field.text():
            self.open()
        else:
            self.step(1)

    def _on_find_previous_triggered(self) -> None:
        if self.isHidden() or not self.field.text():
            self.open()
        else:
            self.step(-1)

    def _on_session_document_opened(self, _doc_id: str) -> None:
        self._text = None
        self._matches = find_all(self._document_text(), self.field.text())
        self._current = -1  # the next step selects the first match of the new document
        self._show_count()


if __name__ == "__main__":  # pragma: no cover - manual preview
    from desktop.ui.app.preview import preview

    def _make(session: Session, actions: Actions) -> FindBar:
        bar = FindBar(session, actions)
        bar.match_selected.connect(lambda a, b: session.notify(f"match {a}-{b}"))
        bar.open()
        bar.field.setText("HRW")
        return bar

    preview(_make)
