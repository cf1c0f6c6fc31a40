"""FramesPanel: the claim frames as a table, one row per allegation, sortable and filterable.

Parties show their canonical actor's name when the span is linked, else the span's text.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import Change
from desktop.domain.frames import Frame, Party
from desktop.ui.app.session import Session
from desktop.workspace import frames

COLUMNS = (
    "Allegation",
    "Category",
    "Status",
    "Accusers",
    "Accused",
    "Victims",
    "Evidence",
    "Responses",
    "Document",
)
FRAME_ROLE = Qt.ItemDataRole.UserRole + 1
NO_STANCE = "no stance"
_Index = QModelIndex | QPersistentModelIndex


def one_line(text: str) -> str:
    """Text with every run of whitespace (line breaks too) as one space."""
    return " ".join(text.split())


def party_name(frame: Frame, party: Party) -> str:
    """The canonical actor's name, or the span's own text when it is not linked."""
    return party.name or one_line(party.span.text_in(frame.document))


def parties_text(frame: Frame, parties: Sequence[Party]) -> str:
    """Parties joined by "; "."""
    return "; ".join(party_name(frame, p) for p in parties)


def responses_text(frame: Frame) -> str:
    """ "stance: respondent, respondent; stance: …" for every response to the allegation."""
    return "; ".join(
        f"{r.stance or NO_STANCE}: {', '.join(party_name(frame, p) for p in r.respondents) or '—'}"
        for r in frame.responses
    )


def frame_cells(frame: Frame) -> tuple[str, ...]:
    """The displayed text of each column for one frame."""
    doc = frame.document
    return (
        one_line(frame.text),
        frame.category or "",
        frame.status or "",
        parties_text(frame, frame.accusers),
        parties_text(frame, frame.accused),
        parties_text(frame, frame.victims),
        "; ".join(one_line(s.text_in(doc)) for s in frame.evidence),
        responses_text(frame),
        one_line(doc.display_title),
    )


class FramesTableModel(QAbstractTableModel):
    """Passive table of frames: `set_rows(frames)`; FRAME_ROLE gives a row's Frame."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._frames: list[Frame] = []
        self._cells: list[tuple[str, ...]] = []

    def set_rows(self, rows: Sequence[Frame]) -> None:
        """Show these frames, in this order."""
        self.beginResetModel()
        self._frames = list(rows)
        self._cells = [frame_cells(f) for f in self._frames]
        self.endResetModel()

    def frame(self, row: int) -> Frame:
        """The frame of a row."""
        return self._frames[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """One row per frame."""
        return 0 if parent.isValid() else len(self._frames)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """One column per entry of COLUMNS."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        """Cell text (and as tooltip); the Frame under FRAME_ROLE."""
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cells[index.row()][index.column()]
        if role == FRAME_ROLE:
            return self._frames[index.row()]
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        """Column names."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class FramesFilterModel(QSortFilterProxyModel):
    """Keeps frames naming an actor (canonical name or span text), of a category, with a
    response of a stance; sorts case-insensitively."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.actor = ""
        self.category: str | None = None
        self.stance: str | None = None
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filters(self, actor: str, category: str | None, stance: str | None) -> None:
        """Replace the filters ("" and None keep everything)."""
        new = (actor.strip().casefold(), category, stance)
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self.actor, self.category, self.stance = new
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt 6.8 and 6.9
            self.actor, self.category, self.stance = new
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        """True if the frame passes every filter."""
        model = self.sourceModel()
        frame: Frame = model.data(model.index(source_row, 0, source_parent), FRAME_ROLE)
        if self.category and frame.category != self.category:
            return False
        if self.stance and all(r.stance != self.stance for r in frame.responses):
            return False
        if self.actor:
            names = [
                name
                for p in frame.parties()
                for name in (p.name or "", p.span.text_in(frame.document))
            ]
            return any(self.actor in one_line(n).casefold() for n in names)
        return True


class FramesPanel(QWidget):
    """The frames of the open document or the whole project, for one layer."""

    allegation_activated = Signal(str, str)  # doc id, allegation span id

    SCOPES = ("This document", "Whole project")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._layer: str | None = None
        self._dirty = True
        self.model = FramesTableModel(self)
        self.proxy = FramesFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self._build_ui()
        self._connect()
        self._fill_choices()
        self.refresh()

    def _build_ui(self) -> None:
        self.scope = QComboBox(self)
        self.scope.addItems(self.SCOPES)
        self.actor_filter = QLineEdit(self)
        self.actor_filter.setPlaceholderText("Filter by actor…")
        self.actor_filter.setClearButtonEnabled(True)
        self.names = QStringListModel(self)
        self.completer = QCompleter(self.names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.actor_filter.setCompleter(self.completer)
        self.category = QComboBox(self)
        self.stance = QComboBox(self)
        self.count = QLabel(self)
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        bar = QHBoxLayout()
        bar.addWidget(self.scope)
        bar.addWidget(self.actor_filter, 1)
        bar.addWidget(self.category)
        bar.addWidget(self.stance)
        bar.addWidget(self.count)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # text order until asked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((260, 150, 80, 150, 150, 150, 150, 280)):
            header.resizeSection(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def _connect(self) -> None:
        session = self._session
        session.changed.connect(self._on_session_changed)
        session.document_opened.connect(self._on_session_document_opened)
        session.project_opened.connect(self._on_session_project_opened)
        session.layer_changed.connect(self._on_session_layer_changed)
        session.span_selected.connect(self._on_session_span_selected)
        session.actor_focused.connect(self._on_session_actor_focused)
        self.scope.currentIndexChanged.connect(self._on_scope_changed)
        self.actor_filter.textChanged.connect(self._on_filter_changed)
        self.category.currentIndexChanged.connect(self._on_filter_changed)
        self.stance.currentIndexChanged.connect(self._on_filter_changed)
        self.table.clicked.connect(self._on_table_activated)
        self.table.activated.connect(self._on_table_activated)

    # --- settings --------------------------------------------------------------------------
    @property
    def whole_project(self) -> bool:
        """True when the table covers every document."""
        return self.scope.currentIndex() == 1

    def set_whole_project(self, on: bool) -> None:
        """Cover every document (True) or the open one (False)."""
        self.scope.setCurrentIndex(1 if on else 0)

    def set_layer(self, layer: str | None) -> None:
        """Show frames of `layer` (None: the layer the session shows)."""
        self._layer = layer
        self.refresh()

    def layer(self) -> str:
        """The layer shown."""
        return self._layer or self._session.layer

    def _fill_choices(self) -> None:
        """Category and stance choices from the schema; actor names for the completer."""
        ws = self._session.workspace
        for combo, label, attribute, first in (
            (self.category, "ALLEGATION", "category", "Any category"),
            (self.stance, "RESPONSE", "stance", "Any stance"),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            defined = [s for s in ws.schema.span_labels if s.name == label]
            definition = defined[0].attribute(attribute) if defined else None
            for choice in definition.choices if definition else ():
                combo.addItem(choice, choice)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        names = sorted({n for a in ws.actors() for n in a.names}, key=str.casefold)
        self.names.setStringList(names)

    # --- showing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the frames again (now if shown, else when next shown)."""
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        ws, doc_id = self._session.workspace, self._session.doc_id
        selected = self.selected_allegation_id()
        if self.whole_project:
            rows = list(frames(ws, layer=self.layer()))
        elif doc_id and ws.has_document(doc_id):
            rows = list(frames(ws, doc_id=doc_id, layer=self.layer()))
        else:
            rows = []
        self.model.set_rows(rows)
        self._update_count()
        if selected:
            self.select_allegation(selected)

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up on edits made while hidden."""
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total} allegations")

    def selected_allegation_id(self) -> str | None:
        """The allegation of the selected row, if any."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(FRAME_ROLE).allegation.id if rows else None

    def select_allegation(self, span_id: str) -> bool:
        """Select the row of an allegation if it is shown."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(FRAME_ROLE).allegation.id == span_id:
                self.table.selectRow(row)
                return True
        return False

    # --- slots -----------------------------------------------------------------------------
    def _on_scope_changed(self, _index: int) -> None:
        self.refresh()

    def _on_filter_changed(self, *_args: object) -> None:
        self.proxy.set_filters(
            self.actor_filter.text(), self.category.currentData(), self.stance.currentData()
        )
        self._update_count()

    def _on_table_activated(self, index: QModelIndex) -> None:
        frame: Frame | None = index.data(FRAME_ROLE)
        if frame is not None:
            self.allegation_activated.emit(frame.document.id, frame.allegation.id)

    def _on_session_changed(self, change: Change, _initiator: object) -> None:
        if change.actors or change.schema:
            self._fill_choices()
        what = (
            change.spans,
            change.relations,
            change.actors,
            change.documents,
            change.layers,
            change.schema,
        )
        if any(what):
            self.refresh()

    def _on_session_document_opened(self, _doc_id: str) -> None:
        if not self.whole_project:
            self.refresh()

    def _on_session_project_opened(self) -> None:
        self._fill_choices()
        self.refresh()

    def _on_session_span_selected(self, span_id: object) -> None:
        if isinstance(span_id, str) and not self._dirty:
            self.select_allegation(span_id)  # follows the text; emits no activation

    def _on_session_actor_focused(self, name: str) -> None:
        self.set_whole_project(True)
        self.actor_filter.setText(name)

    def _on_session_layer_changed(self, _layer: str) -> None:
        if self._layer is None:
            self.refresh()


if __name__ == "__main__":  # pragma: no cover - manual preview
    from desktop.ui.app.preview import preview

    preview(lambda session, _actions: FramesPanel(session), "Gloss preview: frames")
