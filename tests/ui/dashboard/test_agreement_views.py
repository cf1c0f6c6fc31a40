"""The dashboard's agreement details: confusion matrix, per-document table, error bars."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop.domain import Document
from desktop.ui.dashboard.agreement_views import ConfusionChart, DocumentTable
from desktop.ui.dashboard.charts import ALL_PAIRS, AgreementBarsChart
from desktop.ui.dashboard.dashboard import DashboardWindow
from desktop.workspace import Workspace, agreement

# Emoji, a ZWJ sequence, CRLF, a combining mark and right-to-left text in the documents.
TEXTS = {
    "d1": "Rebels 👩‍👩‍👧 accused the army\r\nof shelling the village.",
    "d2": "The ministry denied the re\u0301port.",
    "d3": "قال المتحدث إن الجيش نفى الاتهام",
}


@pytest.fixture
def ws():
    """alice and bob: identical on d1, different on d2, partly on d3; all done."""
    workspace = Workspace.open(None)
    workspace.set_annotator("alice")
    workspace.add_documents([Document(k, v) for k, v in TEXTS.items()])
    for layer in ("alice", "bob"):
        workspace.add_span("d1", 0, 6, "ACTOR", layer=layer)
        workspace.add_span("d3", 0, 11, "ACTOR", layer=layer)
    workspace.add_span("d1", 10, 30, "ALLEGATION", layer="alice")
    workspace.add_span("d1", 10, 30, "ALLEGATION", layer="bob")
    workspace.add_span("d2", 0, 12, "ACTOR", layer="alice")
    workspace.add_span("d2", 13, 19, "RESPONSE", layer="bob")
    workspace.add_span("d3", 12, 20, "RESPONSE", layer="alice")
    for layer in ("alice", "bob"):
        for doc in TEXTS:
            workspace.set_status(doc, "done", layer=layer)
    yield workspace
    workspace.close()


def test_confusion_chart_shows_the_chosen_pair_and_unit(qtbot, ws) -> None:
    """The cells are the report's counts, per character or per exactly matched span."""
    report = agreement(ws, ["alice", "bob"])
    chart = ConfusionChart()
    qtbot.addWidget(chart)
    chart.set_data(report)
    confusion = report["pairs"][0]["confusion"]
    assert chart.labels == confusion["labels"] == ["O", "ACTOR", "ALLEGATION", "RESPONSE"]
    assert chart.cell_texts == [[str(n) for n in row] for row in confusion["characters"]]
    chart.select(0, "spans")
    assert chart.cell_texts == [[str(n) for n in row] for row in confusion["spans"]]
    assert chart.matrix[1][1] == 2  # the two ACTOR spans both layers share
    chart.set_data(None)
    assert chart.labels == [] and chart.message is not None


def test_document_table_lists_worst_first_and_reports_clicks(qtbot, ws) -> None:
    """Rows sort by kappa, lowest first; clicking a row emits its document id."""
    report = agreement(ws, ["alice", "bob"])
    table = DocumentTable()
    qtbot.addWidget(table)
    table.set_data(report)
    kappas = {row["document"]: row["pairs"][0]["cohen_kappa"] for row in report["per_document"]}
    assert kappas["d1"] == 1.0 and kappas["d2"] < kappas["d3"] < 1.0
    assert table.document_ids() == ["d2", "d3", "d1"]
    with qtbot.waitSignal(table.document_activated) as signal:
        table.table.cellClicked.emit(0, 2)
    assert signal.args == ["d2"]


def test_agreement_bars_draw_intervals_as_error_bars_for_one_pair(qtbot, ws) -> None:
    """With --ci data and one pair shown, each F1 bar gets its interval; the mean gets none."""
    report = agreement(ws, ["alice", "bob"], ci=0.95, resamples=100)
    chart = AgreementBarsChart()
    qtbot.addWidget(chart)
    chart.set_data(report, pair=0)
    assert set(chart.error_bars) == {"F1 exact", "F1 overlap"}
    intervals = chart.intervals(0)
    for label, (low, high) in intervals.items():
        bounds = report["pairs"][0]["ci"]["per_label"][label]["f1_exact"]
        assert (low, high) == tuple(bounds)
    drawn = chart.error_bars["F1 exact"]
    expected = [intervals[label] for label in chart.labels if label in intervals]
    assert [(low, high) for _, low, high in drawn] == expected
    assert all(low <= high for _, low, high in drawn)
    chart.select_pair(ALL_PAIRS)  # the only pair: its intervals still show
    assert set(chart.error_bars) == {"F1 exact", "F1 overlap"}


def test_the_mean_over_pairs_has_no_error_bars(qtbot, ws) -> None:
    """With three layers, the mean over pairs shows no interval; one pair shows its own."""
    ws.add_span("d1", 0, 6, "ACTOR", layer="carol")
    report = agreement(ws, ["alice", "bob", "carol"], all_documents=True, ci=0.9, resamples=50)
    chart = AgreementBarsChart()
    qtbot.addWidget(chart)
    chart.set_data(report)
    assert chart.pair == ALL_PAIRS and chart.error_bars == {}
    chart.select_pair(0)
    assert chart.error_bars


class StandInSession(QObject):
    """The session parts the dashboard uses: `changed`, `workspace` and `open_document`."""

    changed = Signal(object, object)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.opened: list[str] = []

    def open_document(self, doc_id: str) -> None:
        self.opened.append(doc_id)


class StandInMainWindow(QWidget):
    """A parent window with the review-mode action, as the main window has."""

    class Actions:
        def __init__(self, parent: QWidget) -> None:
            self.review_mode = QAction("Review", parent)
            self.review_mode.setCheckable(True)

    def __init__(self) -> None:
        super().__init__()
        self.gloss_actions = self.Actions(self)


def test_clicking_a_document_opens_it_in_review_mode(qtbot, ws) -> None:
    """The window lists worst first; a click opens the document and turns review mode on."""
    main = StandInMainWindow()
    qtbot.addWidget(main)
    session = StandInSession(ws)
    window = DashboardWindow(ws, main, session=session)
    assert window.documents.document_ids() == ["d2", "d3", "d1"]
    assert window.confusion.labels[0] == "O"
    assert window.agreement_bars.report is not None and "ci" in window.agreement_bars.report
    with qtbot.waitSignal(window.document_requested) as signal:
        row = window.documents.document_ids().index("d3")
        window.documents.table.cellClicked.emit(row, 0)
    assert signal.args == ["d3"] and session.opened == ["d3"]
    assert main.gloss_actions.review_mode.isChecked()
    window.close()


def test_table_keeps_the_chosen_pair_across_refreshes(qtbot, ws) -> None:
    """With three layers, the chosen pair stays chosen when the data is set again."""
    ws.add_span("d1", 0, 6, "ACTOR", layer="carol")
    ws.set_status("d1", "done", layer="carol")
    report = agreement(ws, ["alice", "bob", "carol"], all_documents=True)
    table = DocumentTable()
    qtbot.addWidget(table)
    table.set_data(report)
    table.pair_box.setCurrentIndex(2)
    table.set_data(report)
    assert table.pair_box.currentText() == "bob / carol"
    assert table.table.item(0, 0).data(Qt.ItemDataRole.DisplayRole) in TEXTS
