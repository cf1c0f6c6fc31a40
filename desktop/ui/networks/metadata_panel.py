"""MetadataPanel: the open document's date, source, author and URL, edited in place.

Each field saves when editing finishes (Enter or focus out), through one undoable use case
(`set_document_meta`); a date must read as an ISO date (2020-11-25) or the edit is refused
with a message, since networks filter and window by it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.domain import Change
from desktop.networks import parse_date
from desktop.workspace import META_FIELDS, set_document_meta

PLACEHOLDERS = {
    "date": "2020-11-25",
    "source": "agency or outlet",
    "author": "byline",
    "url": "https://…",
}


class MetadataPanel(QWidget):
    """Date, source, author and URL of the session's open document."""

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._doc_id: str | None = None
        self.fields: dict[str, QLineEdit] = {}
        self._build_ui()
        self._connect()
        self.refresh()

    def _build_ui(self) -> None:
        form = QFormLayout()
        for name in META_FIELDS:
            edit = QLineEdit(self)
            edit.setPlaceholderText(PLACEHOLDERS[name])
            edit.setClearButtonEnabled(True)
            self.fields[name] = edit
            form.addRow(name.capitalize() if name != "url" else "URL", edit)
        self.note = QLabel(self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def _connect(self) -> None:
        self._session.document_opened.connect(self._on_session_document_opened)
        self._session.changed.connect(self._on_session_changed)
        for name, edit in self.fields.items():
            edit.editingFinished.connect(lambda n=name: self._on_field_editing_finished(n))

    def refresh(self) -> None:
        """Show the open document's metadata (blank fields when none is open)."""
        self._doc_id = self._session.doc_id
        document = self._session.workspace.find_document(self._doc_id)
        meta = document.meta if document else {}
        for name, edit in self.fields.items():
            value = meta.get(name)
            edit.blockSignals(True)
            edit.setText("" if value is None else str(value))
            edit.setEnabled(document is not None)
            edit.blockSignals(False)
        self.note.setText("" if document else "No document open.")

    def _on_field_editing_finished(self, name: str) -> None:
        if self._doc_id is None:
            return
        value = self.fields[name].text().strip()
        if name == "date" and value and (len(value) < 10 or parse_date(value) is None):
            self.note.setText(f"Not saved: {value!r} is not a date like 2020-11-25.")
            return
        document = self._session.workspace.find_document(self._doc_id)
        if document is None or str(document.meta.get(name, "")) == value:
            return
        doc_id, workspace = self._doc_id, self._session.workspace
        self._session.edit(lambda: set_document_meta(workspace, doc_id, name, value or None))
        self.note.setText("")

    def _on_session_document_opened(self, _doc_id: str) -> None:
        self.refresh()

    def _on_session_changed(self, change: Change, _initiator: object) -> None:
        if change.documents and self._doc_id and change.touches(self._doc_id):
            self.refresh()
