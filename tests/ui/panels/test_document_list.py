"""DocumentListModel without a window (titles, status, counts, filters, laziness) and its panel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent

from desktop.domain import Document
from desktop.ui.app.session import Session
from desktop.ui.panels.document_list import DocumentListPanel
from desktop.ui.panels.document_list_model import DocumentListModel
from desktop.workspace import Workspace

MANY = 100_000


def cells(model: DocumentListModel) -> list[tuple]:
    return [
        tuple(model.data(model.index(row, column)) for column in range(3))
        for row in range(model.rowCount())
    ]


@pytest.fixture
def model(session):
    return DocumentListModel(session)


def test_rows_show_title_status_and_span_count(model, session):
    """Each row reads title, status and the annotator's span count, in project order."""
    session.workspace.add_span("d2", 0, 7, "ACTOR")
    assert cells(model) == [
        ("HRW: Azerbaijani forces abused Armenian POWs", "new", 0),
        ("Armenia captures troops", "new", 1),
        ("<b>bold</b> title", "new", 0),
    ]
    assert model.data(model.index(1, 0), DocumentListModel.DocIdRole) == "d2"
    assert model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Spans"


def test_span_count_and_status_update_after_edits(model, session, qtbot):
    """Adding a span and marking a document done change the rows that show them."""
    assert model.data(model.index(0, 2)) == 0
    with qtbot.waitSignal(model.dataChanged):
        session.workspace.add_span("d1", 0, 18, "ACTOR")
    assert model.data(model.index(0, 2)) == 1
    session.workspace.set_status("d1", "in_progress")
    assert model.data(model.index(0, 1)) == "in progress"


def test_status_filter(model, session):
    """Filtering by status shows only the annotator's documents with that status."""
    ws = session.workspace
    ws.set_status("d2", "done")
    ws.set_status("d3", "in_progress")
    model.set_filter("done")
    assert cells(model) == [("Armenia captures troops", "done", 0)]
    model.set_filter("new")
    assert [c[0] for c in cells(model)] == ["HRW: Azerbaijani forces abused Armenian POWs"]
    model.set_filter("in_progress")
    assert model.rowCount() == 1
    ws.set_status("d3", "done")
    assert model.rowCount() == 0
    model.set_filter(None)
    assert model.rowCount() == 3


def test_full_text_search(model):
    """A query matches words of titles and texts (the last word as a prefix)."""
    model.set_filter(None, "captur")
    assert [c[0] for c in cells(model)] == [
        "HRW: Azerbaijani forces abused Armenian POWs",
        "Armenia captures troops",
    ]
    model.set_filter(None, "Hikmat Hajiyev")
    assert model.rowCount() == 1
    model.set_filter(None, 'bold" OR "x')  # quotes are not FTS syntax
    assert model.rowCount() == 0


def test_row_of_follows_the_filter(model, session):
    """row_of gives a document's row in the filtered list, -1 when filtered out."""
    session.workspace.set_status("d1", "done")
    assert model.row_of("d2") == 1
    model.set_filter("new")
    assert model.row_of("d2") == 0
    assert model.row_of("d1") == -1


@pytest.fixture
def many_session(qapp):
    """A workspace of 100,000 short documents, written in one transaction."""
    ws = Workspace.open(None)
    ws.set_annotator("tester")
    with ws._project.atomic():
        ws._project.documents.add_many(
            Document(f"doc{i:06d}", f"Article number {i} about topic {i % 97}.", f"Article {i}")
            for i in range(MANY)
        )
    session = Session(ws)
    yield session
    ws.close()


def test_the_model_is_lazy_at_100000_documents(many_session, qtbot):
    """100,000 rows are counted at once but only the pages on screen are fetched."""
    model = DocumentListModel(many_session)
    assert model.rowCount() == MANY
    assert model.pages_fetched == 0
    assert model.data(model.index(MANY - 1, 0)) == f"Article {MANY - 1}"
    assert model.pages_fetched == 1
    panel = DocumentListPanel(many_session, _actions(many_session, qtbot))
    qtbot.addWidget(panel)
    panel.resize(300, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.view.scrollToBottom()
    qtbot.wait(20)
    assert panel.model.rowCount() == MANY
    assert panel.count_label.text() == "100,000 documents"
    assert panel.model.pages_fetched <= 3
    assert panel.model.cached_rows() <= 3 * DocumentListModel.PAGE


def test_row_of_a_far_document_bisects_without_counting(many_session):
    """Finding the row of a document on no cached page is one lookup by id, no count.

    The row comes from the filtered keys held since the reload: no `position` count of
    earlier rows, no OFFSET, and no page fetched until the row is shown.
    """
    model = DocumentListModel(many_session)
    model.data(model.index(0, 0))
    statements: list[str] = []
    many_session.workspace._project.db.conn.set_trace_callback(statements.append)
    try:
        assert model.row_of("doc073210") == 73_210
        assert model.row_of("nope") == -1
        assert model.pages_fetched == 1
        assert len(statements) == 2
        assert not [s for s in statements if "count(*) FROM documents" in s or "OFFSET" in s]
        assert model.doc_id(73_211) == "doc073211"  # one page, fetched by key
        assert model.pages_fetched == 2
        assert not [s for s in statements if "count(*) FROM documents" in s or "OFFSET" in s]
        statements.clear()
        last = (73_211 // model.PAGE + 1) * model.PAGE - 1  # on the page just fetched
        assert model.row_of(f"doc{last:06d}") == last  # a cached row: no query
        assert statements == []
    finally:
        many_session.workspace._project.db.conn.set_trace_callback(None)
    many_session.workspace.set_status("doc073210", "done")
    model.set_filter("done")
    assert model.row_of("doc073210") == 0
    assert model.row_of("doc073211") == -1


def test_the_view_asks_only_for_rows_on_screen_after_a_reset(many_session, qtbot, monkeypatch):
    """A reset of 100,000 rows costs the view a few calls into the model, not one per row."""
    calls = []
    row_count = DocumentListModel.rowCount

    def counted(self, parent=QModelIndex()):  # noqa: B008
        calls.append(1)
        return row_count(self, parent)

    monkeypatch.setattr(DocumentListModel, "rowCount", counted)
    panel = DocumentListPanel(many_session, _actions(many_session, qtbot))
    qtbot.addWidget(panel)
    panel.resize(300, 600)
    panel.show()
    qtbot.waitExposed(panel)
    calls.clear()
    panel.model.reload()
    qtbot.wait(20)
    assert panel.model.rowCount() == MANY
    assert len(calls) < 1000


def test_search_at_100000_documents(many_session):
    """Full-text search and the status filter answer over 100,000 documents."""
    model = DocumentListModel(many_session)
    model.set_filter(None, "topic 42")
    assert model.rowCount() > 1000  # every 97th article, and 'topic' AND '42*'
    assert model.data(model.index(0, 0)) == "Article 42"
    many_session.workspace.set_status("doc000042", "done")
    model.set_filter("done", "")
    assert cells(model) == [("Article 42", "done", 0)]


def _actions(session, qtbot):
    from PySide6.QtWidgets import QWidget

    from desktop.ui.app.actions import Actions

    host = QWidget()
    qtbot.addWidget(host)
    return Actions(session, host)


def test_panel_search_box_filters_after_typing(session, qtbot):
    """Typing in the search box (including non-ASCII text) filters the list shortly after."""
    session.workspace.add_documents([Document("d4", "Frau Müller sagte nichts.", "Interview")])
    panel = DocumentListPanel(session, _actions(session, qtbot))
    qtbot.addWidget(panel)
    panel.show()
    panel.search.setFocus()
    for char in "Mü":  # key events carrying the text: keyClicks with non-ASCII can abort
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QCoreApplication.sendEvent(panel.search, event)
    assert panel.search.text() == "Mü"
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert panel.model.data(panel.model.index(0, 0)) == "Interview"
    assert panel.count_label.text() == "1 document"


def test_panel_status_combo_filters(session, qtbot):
    """Choosing Done in the combo lists only documents marked done."""
    session.workspace.set_status("d3", "done")
    panel = DocumentListPanel(session, _actions(session, qtbot))
    qtbot.addWidget(panel)
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("done"))
    assert cells(panel.model) == [("<b>bold</b> title", "done", 0)]


def test_mark_done_with_new_filter_opens_the_following_document(session, qtbot):
    """Under the New filter, marking done drops the row and opens the document after it."""
    panel = DocumentListPanel(session, _actions(session, qtbot))
    qtbot.addWidget(panel)
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("new"))
    panel.mark_done_and_next()
    assert session.doc_id == "d2"
    assert panel.model.rowCount() == 2
    assert panel.view.currentIndex().row() == 0


def test_panel_indexes_for_search_when_idle(session, qtbot, monkeypatch):
    """The panel fills the full-text index a chunk at a time when idle, the search box says
    so meanwhile, a search never waits for it, and shows every match once it is full."""
    monkeypatch.setattr(DocumentListPanel, "INDEX_FIRST_CHUNK", 2)
    monkeypatch.setattr(DocumentListPanel, "INDEX_MAX_CHUNK", 2)
    texts = [Document(f"x{i}", f"Zebra {i} 🙂 שלום\r\ne\u0301", f"Z{i}") for i in range(9)]
    session.workspace.add_documents(texts)
    panel = DocumentListPanel(session, _actions(session, qtbot))
    qtbot.addWidget(panel)
    pending = session.workspace.search_index_pending()
    assert pending >= 9 and panel.indexing_for_search() == pending
    assert f"(indexing for search: {pending:,} left)" in panel.search.placeholderText()
    panel.model.set_filter(None, "zebra")  # before any idle step: what is indexed so far
    assert panel.model.rowCount() < 9
    qtbot.waitUntil(lambda: panel.indexing_for_search() == 0)
    assert panel.model.rowCount() == 9
    assert panel.count_label.text() == "9 documents"
    assert panel.search.placeholderText() == "Search documents"
    assert session.workspace.search_index_pending() == 0


def test_search_indexing_steps_stay_short_and_wait_while_the_user_works(session, qtbot):
    """Each idle step's chunk follows the last step's pace (about INDEX_STEP_S, growing at
    most twofold), and opening a document postpones indexing until the user pauses."""
    panel = DocumentListPanel(session, _actions(session, qtbot))
    qtbot.addWidget(panel)
    panel._index_chunk = 100
    assert panel._next_chunk(100, panel.INDEX_STEP_S * 2) == 50  # too slow: halved
    assert panel._next_chunk(100, panel.INDEX_STEP_S / 10) == 200  # fast: at most doubled
    assert panel._next_chunk(100, 5.0) == 1
    texts = [Document(f"y{i}", f"Yak {i}", f"Y{i}") for i in range(5)]
    session.workspace.add_documents(texts)
    panel.refresh()
    pending = session.workspace.search_index_pending()
    assert pending >= 5
    session.open_document("y3")
    assert panel._index_timer.remainingTime() > panel.INDEX_PAUSE_MS // 2
    qtbot.wait(100)
    assert session.workspace.search_index_pending() == pending  # still waiting
    qtbot.waitUntil(lambda: panel.indexing_for_search() == 0, timeout=5000)
    assert session.workspace.search_index_pending() == 0


def test_the_table_paints_each_cell_from_one_multidata_call(model, session, qtbot):
    """The delegate gets title, status, span count and alignment through `multiData` (one
    call a cell, answered from the cached row), exactly what `data` answers role by role."""
    from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTableView

    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = QStyledItemDelegate()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, index)  # asks multiData for every role
            assert option.text == str(model.data(index))
            right = column == 2
            assert bool(option.displayAlignment & Qt.AlignmentFlag.AlignRight) == right
    fetched = model.pages_fetched
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    assert model.pages_fetched == fetched  # painting reads the cached rows only
