"""The dashboard's agreement details: a pair's confusion matrix and the per-document table.

Both read the agreement report (`desktop.workspace.agreement`, see docs/agreement.md) as
plain data. Imports pyqtgraph (through chart_base), so only the dashboard imports this.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.article.colors import readable_on
from desktop.ui.dashboard.chart_base import HEATMAP_COLORMAP, MISSING_TEXT, Chart

UNITS = (("characters", "Characters (innermost label)"), ("spans", "Spans on the same range"))


def _refill_pairs(box: QComboBox, report: Mapping[str, Any] | None) -> None:
    """List the report's pairs in `box`, keeping the chosen one if it is still there
    (quietly: no index change is signalled)."""
    previous = box.currentText()
    box.blockSignals(True)
    box.clear()
    box.addItems(_pair_names(report))
    box.setCurrentIndex(max(box.findText(previous), 0))
    box.blockSignals(False)


def _pair_names(report: Mapping[str, Any] | None) -> list[str]:
    return [f"{p['a']} / {p['b']}" for p in report["pairs"]] if report else []


class ConfusionChart(Chart):
    """One pair's label confusion matrix (rows: the first layer, columns: the second)."""

    default_file_name = "confusion-matrix.png"

    def __init__(self, parent: QWidget | None = None) -> None:
        self.report: dict[str, Any] | None = None
        self.labels: list[str] = []
        self.matrix: list[list[int]] = []
        self.cell_texts: list[list[str]] = []
        super().__init__("Confusion matrix", parent)
        self.pair_box = QComboBox()
        self.pair_box.setToolTip("The pair of layers whose labels are compared")
        self.unit_box = QComboBox()
        for key, text in UNITS:
            self.unit_box.addItem(text, key)
        self.unit_box.setToolTip("Count characters, or spans paired by their exact range")
        self.pair_box.currentIndexChanged.connect(self._on_choice_changed)
        self.unit_box.currentIndexChanged.connect(self._on_choice_changed)
        self.header.insertWidget(0, self.unit_box)
        self.header.insertWidget(0, self.pair_box)
        self.plot.getViewBox().invertY(True)
        self._redraw()

    @property
    def pair(self) -> int:
        """The index of the shown pair in the report (0 when there is none)."""
        return max(self.pair_box.currentIndex(), 0)

    def set_data(self, report: Mapping[str, Any] | None) -> None:
        """Show the report's confusion matrices, keeping the chosen pair if it is still there."""
        self.report = dict(report) if report else None
        _refill_pairs(self.pair_box, self.report)
        self._redraw()

    def select(self, pair: int, unit: str = "characters") -> None:
        """Show pair `pair` (an index into the report's pairs), counting `unit`."""
        self.unit_box.setCurrentIndex(max(self.unit_box.findData(unit), 0))
        self.pair_box.setCurrentIndex(pair)
        self._redraw()

    def _on_choice_changed(self, _index: int) -> None:
        self._redraw()

    def _draw(self) -> None:
        self.cell_texts = []
        pairs = self.report["pairs"] if self.report else []
        usable = bool(pairs) and self.pair < len(pairs)
        self._show_empty(not usable)
        self.plot.showGrid(x=False, y=False)
        if not usable:
            self.labels, self.matrix = [], []
            return
        pair = pairs[self.pair]
        confusion = pair["confusion"]
        self.labels = list(confusion["labels"])
        self.matrix = [list(row) for row in confusion[self.unit_box.currentData() or "characters"]]
        self.plot.setTitle(
            f"{pair['a']} (rows) / {pair['b']} (columns)", color=self.theme.foreground, size="10pt"
        )
        values = np.array(self.matrix, dtype=float)
        # Each row as shares of its total, so that rare labels show their confusions too.
        totals = values.sum(axis=1, keepdims=True)
        shares = np.divide(values, totals, out=np.zeros_like(values), where=totals > 0)
        colormap = pg.colormap.get(HEATMAP_COLORMAP)
        image = pg.ImageItem(axisOrder="row-major")
        image.setImage(shares, levels=(0.0, 1.0), autoLevels=False)
        image.setColorMap(colormap)
        self.plot.addItem(image)
        for i, row in enumerate(self.matrix):
            texts = [str(count) for count in row]
            for j, text in enumerate(texts):
                background = colormap.map(float(shares[i, j]), mode="qcolor")
                self._text(text, j + 0.5, i + 0.5, readable_on(background), (0.5, 0.5))
            self.cell_texts.append(texts)
        ticks = [[(i + 0.5, name) for i, name in enumerate(self.labels)]]
        self.plot.getAxis("bottom").setTicks(ticks)
        left = self.plot.getAxis("left")
        left.setTicks(ticks)
        # Wide enough for every label on the first paint (an axis only grows on the next).
        metrics = QFontMetrics(left.style["tickFont"] or self.plot_widget.font())
        left.setWidth(max(metrics.horizontalAdvance(n) for n in self.labels) + 16)
        size = len(self.labels)
        self.plot.setRange(xRange=(0, size), yRange=(0, size), padding=0.02)


def _number(value: float | None) -> str:
    return MISSING_TEXT if value is None else f"{value:.3f}"


class _Score(QTableWidgetItem):
    """A table cell that sorts by its number, undefined (None) after every number."""

    def __init__(self, value: float | None) -> None:
        super().__init__(_number(value))
        self.value = value
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine = self.value
        theirs = other.value if isinstance(other, _Score) else None
        if mine is None or theirs is None:
            return mine is not None and theirs is None
        return mine < theirs


class DocumentTable(QWidget):
    """Per-document agreement of one pair, worst kappa first; a click opens the document."""

    document_activated = Signal(str)
    COLUMNS = ("Document", "Characters", "Cohen's kappa", "Span F1 exact")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: dict[str, Any] | None = None
        self.pair_box = QComboBox()
        self.pair_box.setToolTip("The pair of layers whose per-document agreement is listed")
        self.pair_box.currentIndexChanged.connect(self._fill)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip("Click a document to open it in review mode")
        self.table.cellClicked.connect(self._on_table_cell_clicked)
        self.table.cellActivated.connect(self._on_table_cell_clicked)
        caption = QLabel("Agreement per document (worst first; click to review)")
        caption.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        layout.addWidget(self.pair_box)
        layout.addWidget(self.table, 1)

    def set_data(self, report: Mapping[str, Any] | None) -> None:
        """List the report's per_document rows for the chosen pair."""
        self.report = dict(report) if report else None
        _refill_pairs(self.pair_box, self.report)
        self.pair_box.setVisible(self.pair_box.count() > 1)
        self._fill()

    def document_ids(self) -> list[str]:
        """The listed documents, top to bottom."""
        items = (self.table.item(row, 0) for row in range(self.table.rowCount()))
        return [item.text() for item in items if item is not None]

    def _fill(self, _index: int = 0) -> None:
        pairs = self.report["pairs"] if self.report else []
        rows: list[tuple[str, int, dict[str, Any]]] = []
        if pairs and self.pair_box.currentIndex() >= 0:
            chosen = pairs[self.pair_box.currentIndex()]
            for entry in self.report["per_document"] if self.report else []:
                for scores in entry["pairs"]:
                    if (scores["a"], scores["b"]) == (chosen["a"], chosen["b"]):
                        rows.append((entry["document"], entry["characters"], scores))
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for r, (doc_id, characters, scores) in enumerate(rows):
            name = QTableWidgetItem(doc_id)
            self.table.setItem(r, 0, name)
            count = _Score(float(characters))
            count.setText(str(characters))
            self.table.setItem(r, 1, count)
            self.table.setItem(r, 2, _Score(scores["cohen_kappa"]))
            self.table.setItem(r, 3, _Score(scores["span_f1_exact"]))
        self.table.setSortingEnabled(True)
        self.table.sortItems(2, Qt.SortOrder.AscendingOrder)

    def _on_table_cell_clicked(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.document_activated.emit(item.text())
