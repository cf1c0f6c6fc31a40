"""The document list panel: status filter, search box and the lazy list (its model is in
`document_list_model`)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.app.actions import Actions
from desktop.ui.app.session import Session
from desktop.ui.panels.document_list_model import FILTERS, DocumentListModel

if TYPE_CHECKING:
    pass


class DocumentListPanel(QWidget):
    """Status filter, search box and the lazy list; opens the chosen document."""

    SEARCH_DELAY_MS = 250
    # Search indexing runs in idle steps kept short, so a key pressed meanwhile waits at
    # most one step, and pauses while the user works (opens documents, edits).
    INDEX_STEP_S = 0.012  # the time one idle step aims at (its chunk adapts to it)
    INDEX_FIRST_CHUNK = 50  # documents in the first step
    INDEX_MAX_CHUNK = 4000
    INDEX_PAUSE_MS = 800  # after the user's last action, before indexing goes on

    def __init__(self, session: Session, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._actions = actions
        self.model = DocumentListModel(session, self)
        self.model.wait_for_index = False  # the panel indexes when idle (_index_timer)
        self._syncing = False
        self._build_ui()
        self._connect()
        self.refresh()

    def _build_ui(self) -> None:
        self.status_filter = QComboBox(self)
        for text, status in FILTERS:
            self.status_filter.addItem(text, status)
        self.status_filter.setToolTip("Show documents by their status for you")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search documents")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Full-text search over titles and texts (Ctrl+Shift+F)")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(self.SEARCH_DELAY_MS)
        self._index_timer = QTimer(self)
        self._index_timer.setSingleShot(True)
        self._index_timer.setInterval(0)
        self._index_pending = 0
        self._index_chunk = self.INDEX_FIRST_CHUNK
        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        # A table, not a tree: a QTreeView lays out every row after each reset (200,000
        # calls into the model at 100,000 documents), a QTableView only the rows shown.
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setCornerButtonEnabled(False)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        width = self.fontMetrics().horizontalAdvance("in progress") + 16
        for column, size in ((1, width), (2, self.fontMetrics().horizontalAdvance("Spans") + 20)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, size)

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.count_label, 1, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)

    def _connect(self) -> None:
        self.status_filter.currentIndexChanged.connect(self._on_status_filter_current_index_changed)
        self.search.textChanged.connect(self._on_search_text_changed)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self._index_timer.timeout.connect(self._on_index_timer_timeout)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
        self.view.activated.connect(self._on_view_activated)
        self.model.modelReset.connect(self._on_model_model_reset)
        self._session.document_opened.connect(self._on_session_document_opened)
        self._session.document_opened.connect(self._pause_indexing)
        self._session.span_selected.connect(self._pause_indexing)
        self._session.edit_started.connect(self._pause_indexing)
        self._actions.next_document.triggered.connect(self._on_next_document_triggered)
        self._actions.previous_document.triggered.connect(self._on_previous_document_triggered)
        self._actions.mark_done.triggered.connect(self._on_mark_done_triggered)
        self._actions.toggle_done.triggered.connect(self._on_toggle_done_triggered)
        self._actions.search_documents.triggered.connect(self._on_search_documents_triggered)

    def refresh(self) -> None:
        """Show the count and the open document's row."""
        ws = self._session.workspace
        self._index_pending = 0 if ws.read_only else ws.search_index_pending()
        if self._index_pending and not self._index_timer.isActive():
            self._index_timer.start()
        self._show_count()
        self._select_row(self.model.row_of(self._session.doc_id))

    def _show_count(self) -> None:
        total = self.model.rowCount()
        noun = "document" if total == 1 else "documents"
        self.count_label.setText(f"{total:,} {noun}")
        # Said in the search box (its size does not follow the placeholder; a longer count
        # line would widen the panel and the window).
        if self._index_pending:
            note = f"indexing for search: {self._index_pending:,} left"
            self.search.setPlaceholderText(f"Search documents ({note})")
            self.search.setToolTip(f"Full-text search over titles and texts ({note})")
        else:
            self.search.setPlaceholderText("Search documents")
            self.search.setToolTip("Full-text search over titles and texts (Ctrl+Shift+F)")

    def indexing_for_search(self) -> int:
        """How many documents search does not cover yet (indexed a chunk at a time when idle)."""
        return self._index_pending

    def _pause_indexing(self, *_args: object) -> None:
        """The user is working: let search indexing wait until they pause."""
        if self._index_pending:
            self._index_timer.start(self.INDEX_PAUSE_MS)

    def _on_index_timer_timeout(self) -> None:
        ws = self._session.workspace
        began = time.perf_counter()
        indexed = ws.index_for_search(self._index_chunk)
        took = time.perf_counter() - began
        if indexed == 0:  # done, read-only or closed
            self._index_pending = 0
        else:
            self._index_pending = max(0, self._index_pending - indexed)
            if not self._index_pending:
                self._index_pending = ws.search_index_pending()  # imported meanwhile?
            self._index_chunk = self._next_chunk(indexed, took)
        if self._index_pending:
            self._index_timer.start(0)
            self._show_count()
        elif self.model.query:
            self.model.reload()  # the search now covers every document (refresh shows it)
        else:
            self._show_count()

    def _next_chunk(self, indexed: int, took: float) -> int:
        """The chunk that should take about INDEX_STEP_S, from the last step's pace."""
        per_document = took / indexed
        wanted = int(self.INDEX_STEP_S / per_document) if per_document > 0 else indexed * 2
        # grow at most twofold a step (one slow document should not make a long step)
        return max(1, min(self.INDEX_MAX_CHUNK, wanted, self._index_chunk * 2))

    def _select_row(self, row: int) -> None:
        self._syncing = True
        try:
            selection = self.view.selectionModel()
            if row < 0:
                selection.clear()
                return
            index = self.model.index(row, 0)
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            selection.setCurrentIndex(index, flags)
            self.view.scrollTo(index)
        finally:
            self._syncing = False

    # --- navigation -----------------------------------------------------------------
    def step(self, delta: int) -> str | None:
        """Open the document `delta` rows away from the open one; its id, or None."""
        row = self.model.row_of(self._session.doc_id)
        target = self.model.doc_id(row + delta if row >= 0 else 0)
        if target is None:
            self._session.notify("No next document" if delta > 0 else "No previous document")
            return None
        self._session.open_document(target)
        return target

    def mark_done_and_next(self) -> None:
        """Mark the open document done in the layer shown, then open the next one."""
        doc_id, layer = self._session.doc_id, self._session.layer
        if doc_id is None or not self._session.check_writable(layer):
            return
        row = self.model.row_of(doc_id)
        following = self.model.doc_id(row + 1) if row >= 0 else None
        ws = self._session.workspace
        done = self._session.edit(
            lambda: ws.set_status(doc_id, "done", layer=layer, initiator=self)
        )
        if done is None:
            return
        if following is not None:
            self._session.open_document(following)
        else:
            self._session.notify("Marked done; this was the last document in the list")

    def toggle_done(self) -> str | None:
        """Mark the open document done, or back in progress if it was done; stay on it.
        Returns the new status (None if nothing changed)."""
        doc_id, layer = self._session.doc_id, self._session.layer
        if doc_id is None or not self._session.check_writable(layer):
            return None
        ws = self._session.workspace
        status = "in_progress" if ws.status(doc_id, layer) == "done" else "done"
        changed = self._session.edit(
            lambda: ws.set_status(doc_id, status, layer=layer, initiator=self)
        )
        if changed is None:
            return None
        self._session.notify("Marked done" if status == "done" else "No longer done: in progress")
        return status

    # --- slots --------------------------------------------------------------------------
    def _on_status_filter_current_index_changed(self, _index: int) -> None:
        self.model.set_filter(self.status_filter.currentData(), self.search.text())

    def _on_search_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        self.model.set_filter(self.status_filter.currentData(), self.search.text())

    def _on_view_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing and current.isValid():
            self._session.open_document(self.model.doc_id(current.row()))

    def _on_view_activated(self, index: QModelIndex) -> None:
        self._session.open_document(self.model.doc_id(index.row()))

    def _on_model_model_reset(self) -> None:
        self.refresh()

    def _on_session_document_opened(self, _doc_id: str) -> None:
        self._select_row(self.model.row_of(self._session.doc_id))

    def _on_next_document_triggered(self) -> None:
        self.step(1)

    def _on_previous_document_triggered(self) -> None:
        self.step(-1)

    def _on_mark_done_triggered(self) -> None:
        self.mark_done_and_next()

    def _on_toggle_done_triggered(self) -> None:
        self.toggle_done()

    def _on_search_documents_triggered(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()


if __name__ == "__main__":  # pragma: no cover - manual preview
    from desktop.ui.app.preview import preview

    preview(lambda session, actions: DocumentListPanel(session, actions))
