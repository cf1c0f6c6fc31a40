"""The document list's model: summaries paged lazily from the project.

The model reads the filtered list's keys (`seq`, project order) once, then pages of rows
by key only when the view shows them, so a project of 100,000 documents opens as fast as
one of ten, and finding a document's row is a bisection, not a count of earlier rows.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from desktop.domain import Change
from desktop.ui.app.session import Session

if TYPE_CHECKING:
    from desktop.workspace import DocumentSummary

STATUS_NAMES = {"new": "new", "in_progress": "in progress", "done": "done"}
FILTERS = (
    ("All documents", None),
    ("New", "new"),
    ("In progress", "in_progress"),
    ("Done", "done"),
)
AnyIndex = QModelIndex | QPersistentModelIndex
Row = tuple[str, str, str, int]  # document id, then the cells: title, status, span count
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class DocumentListModel(QAbstractTableModel):
    """Title, status and span count of the (filtered) documents, for the local annotator.

    The filtered list is held as its ordered `seq` keys; rows are fetched a page at a
    time by key and kept in a small cache; `pages_fetched` counts the queries, so tests
    can check that scrolling, not opening, pays for rows.
    """

    PAGE = 64  # a screenful or two: a jump far down the list fetches ~1 ms of rows
    CACHE_PAGES = 100
    COLUMNS = ("Title", "Status", "Spans")
    DocIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._status: str | None = None
        self._query: str = ""
        #: False: a query searches only what the full-text index holds so far.
        self.wait_for_index = True
        self._seqs: list[int] = []
        self._pages: OrderedDict[int, list[Row | None]] = OrderedDict()
        self._page_ids: dict[int, dict[str, int]] = {}  # page -> {doc id: slot}
        self.pages_fetched = 0
        self._seqs = self._filtered_seqs()
        session.changed.connect(self._on_session_changed)
        session.project_opened.connect(self._on_session_project_opened)
        session.layer_changed.connect(self._on_session_layer_changed)

    # --- filtering ----------------------------------------------------------------
    @property
    def status_filter(self) -> str | None:
        """The status shown (None: every document)."""
        return self._status

    @property
    def query(self) -> str:
        """The full-text query ('' for none)."""
        return self._query

    def set_filter(self, status: str | None = None, query: str = "") -> None:
        """Show only documents with `status` (for this annotator) matching `query`."""
        query = query.strip()
        if (status, query) == (self._status, self._query):
            return
        self._status, self._query = status, query
        self.reload()

    def reload(self) -> None:
        """Read the filtered keys again and forget every cached row."""
        self.beginResetModel()
        self._pages.clear()
        self._page_ids.clear()
        self._seqs = self._filtered_seqs()
        self.endResetModel()

    def _layer(self) -> str:
        return self._session.layer

    def _filtered_seqs(self) -> list[int]:
        ws = self._session.workspace
        # In the panel a search never waits for the full-text index: the panel fills it
        # when idle and the list searches what it holds so far (a read-only project cannot
        # be indexed when idle, so there the search indexes first, as before).
        wait = self.wait_for_index or ws.read_only
        return ws.document_keys(self._layer(), self._status, self._query or None, wait=wait)

    # --- rows -----------------------------------------------------------------------
    def _row(self, row: int) -> Row | None:
        if not 0 <= row < len(self._seqs):
            return None
        page, slot = divmod(row, self.PAGE)
        rows = self._pages.get(page)
        if rows is None:
            keys = self._seqs[page * self.PAGE : (page + 1) * self.PAGE]
            summaries = self._session.workspace.document_summaries(self._layer(), keys)
            self.pages_fetched += 1
            rows = [_cells(summary) for summary in summaries]  # once, not at each paint
            self._pages[page] = rows
            self._page_ids[page] = {r[0]: i for i, r in enumerate(rows) if r is not None}
            while len(self._pages) > self.CACHE_PAGES:
                evicted, _rows = self._pages.popitem(last=False)
                del self._page_ids[evicted]
        else:
            self._pages.move_to_end(page)
        return rows[slot] if slot < len(rows) else None

    def doc_id(self, row: int) -> str | None:
        """The id of the document on `row`, if there is such a row."""
        cells = self._row(row)
        return cells[0] if cells is not None else None

    def row_of(self, doc_id: str | None) -> int:
        """The row of `doc_id` under the current filter, or -1.

        A cached row answers at once; any other costs one lookup of the document's key
        by id and a bisection of the filtered keys (no count, no page fetched).
        """
        if not doc_id:
            return -1
        for page, slots in self._page_ids.items():
            slot = slots.get(doc_id)
            if slot is not None:
                return page * self.PAGE + slot
        seq = self._session.workspace.document_key(doc_id)
        if seq is None:
            return -1
        row = bisect_left(self._seqs, seq)
        return row if row < len(self._seqs) and self._seqs[row] == seq else -1

    def cached_rows(self) -> int:
        """How many rows are held in memory."""
        return sum(len(rows) for rows in self._pages.values())

    # --- Qt model interface ---------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of documents passing the filter."""
        return 0 if parent.isValid() else len(self._seqs)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Title, status, spans."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Plain-text cells; `DocIdRole` gives the document id.

        Called for every role of every cell painted, so the common cases come first.
        """
        if role == _DISPLAY:
            cells = self._row(index.row())  # an invalid index has row -1: no row
            return cells[index.column() + 1] if cells is not None else None
        if role == _ALIGNMENT:
            return _RIGHT if index.column() == 2 else None
        if role == self.DocIdRole:
            cells = self._row(index.row())
            return cells[0] if cells is not None else None
        return None

    def multiData(self, index: AnyIndex, roles: QModelRoleDataSpan | QModelRoleData) -> None:
        """Every role the delegate asks for one cell, answered from one cached row (the
        view paints each cell with one call here instead of one `data` call per role)."""
        cells = self._row(index.row())
        column = index.column()
        # A span is iterable at run time; PySide6's stubs do not say so.
        items = (
            cast(Iterable[QModelRoleData], roles)
            if isinstance(roles, QModelRoleDataSpan)
            else [roles]
        )
        for item in items:
            role = item.role()
            if role == _DISPLAY and cells is not None:
                item.setData(cells[column + 1])
            elif role == _ALIGNMENT and column == 2:
                item.setData(_RIGHT)
            elif role == self.DocIdRole and cells is not None:
                item.setData(cells[0])
            else:
                item.clearData()

    # --- updates ----------------------------------------------------------------------
    def _on_session_project_opened(self) -> None:
        self.reload()

    def _on_session_layer_changed(self, _layer: str) -> None:
        self.reload()

    def _on_session_changed(self, change: Change, _initiator: object) -> None:
        if change.documents or change.layers:
            self.reload()
        elif change.status and self._status is not None:
            self.reload()  # a document may have entered or left the filtered list
        elif change.spans or change.status:
            self._refresh_rows(change.doc_ids)

    def _refresh_rows(self, doc_ids: frozenset[str]) -> None:
        """Fetch again the cached pages holding `doc_ids` (all pages when empty)."""
        for page in list(self._pages):
            rows = self._pages[page]
            hit = [i for i, r in enumerate(rows) if r and (not doc_ids or r[0] in doc_ids)]
            if not hit:
                continue
            del self._pages[page]
            del self._page_ids[page]
            first, last = page * self.PAGE + min(hit), page * self.PAGE + max(hit)
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.COLUMNS) - 1))


def _cells(summary: DocumentSummary | None) -> Row | None:
    """The id and the shown cells of one summary."""
    if summary is None:
        return None
    title = " ".join(summary.title.split()) or summary.id
    status = STATUS_NAMES.get(summary.status, summary.status)
    return summary.id, title, status, summary.span_count
