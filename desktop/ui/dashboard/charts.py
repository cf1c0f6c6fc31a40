"""The dashboard's charts: pyqtgraph plots fed plain data, themed from the palette, PNG export.

Imports pyqtgraph at the top, so only `desktop.ui.dashboard.dashboard` imports this module, and
nothing imports that one until the user opens the dashboard.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsRectItem,
    QWidget,
)

from desktop.ui.article.colors import readable_on
from desktop.ui.dashboard.chart_base import (
    ALL_PAIRS,
    DASHES,
    EMPTY_TEXT,
    HEATMAP_COLORMAP,
    MEASURE_COLORS,
    MISSING_COLOR,
    MISSING_TEXT,
    Chart,
    nice_step,
    ordered,
    per_label_scores,
    series_color,
    step_points,
)

__all__ = [
    "ALL_PAIRS",
    "EMPTY_TEXT",
    "MISSING_TEXT",
    "AgreementBarsChart",
    "Chart",
    "LabelCountsChart",
    "PairHeatmap",
    "ProgressChart",
    "per_label_scores",
    "step_points",
]


class LabelCountsChart(Chart):
    """Grouped bars: for each label on the x axis, one bar per layer (its span count)."""

    default_file_name = "label-counts.png"

    def __init__(self, parent: QWidget | None = None) -> None:
        self.layers: list[str] = []
        self.labels: list[str] = []
        self.counts: dict[str, dict[str, int]] = {}
        self.bars: dict[str, pg.BarGraphItem] = {}
        super().__init__("Spans per label and layer", parent)
        self._redraw()

    def set_data(
        self,
        layers: Sequence[str],
        labels: Sequence[str],
        counts: Mapping[str, Mapping[str, int]],
    ) -> None:
        """Show `counts[layer][label]`; layers and labels missing from the lists come last."""
        self.layers = ordered(layers, list(counts))
        self.labels = ordered(labels, [label for c in counts.values() for label in c])
        self.counts = {layer: dict(counts.get(layer, {})) for layer in self.layers}
        self._redraw()

    def _draw(self) -> None:
        self.bars = {}
        total = sum(n for c in self.counts.values() for n in c.values())
        self._show_empty(total == 0)
        if total == 0:
            return
        legend = self._add_legend(len(self.layers))
        group = 0.8 / len(self.layers)
        highest = 0
        for k, layer in enumerate(self.layers):
            xs = [i - 0.4 + group * (k + 0.5) for i in range(len(self.labels))]
            heights = [self.counts[layer].get(label, 0) for label in self.labels]
            highest = max(highest, *heights)
            color = series_color(k)
            bars = pg.BarGraphItem(x=xs, height=heights, width=group * 0.9, brush=color, pen=None)
            self.plot.addItem(bars)
            legend.addItem(bars, html.escape(layer))
            self.bars[layer] = bars
            if len(self.layers) * len(self.labels) <= 48:
                for x, n in zip(xs, heights, strict=True):
                    self._text(str(n), x, n, self.theme.foreground)
        self.plot.getAxis("bottom").setTicks([list(enumerate(self.labels))])
        self.plot.setLabel("left", "spans")
        step = max(1.0, nice_step(highest))
        self.plot.getAxis("left").setTickSpacing(step, step)
        self.plot.setRange(
            xRange=(-0.6, len(self.labels) - 0.4), yRange=(0, highest * 1.4), padding=0
        )


class ProgressChart(Chart):
    """Documents marked done so far, per layer, as step lines over time."""

    default_file_name = "progress.png"

    def __init__(self, parent: QWidget | None = None) -> None:
        self.progress: dict[str, list[tuple[str, int]]] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}
        self._colors: dict[str, QColor] = {}
        super().__init__("Documents done over time", parent)
        self.plot.setAxisItems({"bottom": pg.DateAxisItem()})
        self._apply_theme()
        self._redraw()

    def set_data(
        self, progress: Mapping[str, Sequence[tuple[str, int]]], layers: Sequence[str] = ()
    ) -> None:
        """Show `progress[layer]`, a list of (ISO time, documents done so far).

        `layers` orders the series (and so their colours, as in LabelCountsChart).
        """
        order = ordered(layers, list(progress))
        self.progress = {layer: list(progress[layer]) for layer in order if progress.get(layer)}
        self._colors = {layer: series_color(k) for k, layer in enumerate(order)}
        self._redraw()

    def _draw(self) -> None:
        self.curves = {}
        self._show_empty(not self.progress)
        if not self.progress:
            return
        legend = self._add_legend(len(self.progress))
        series = {
            layer: [(datetime.fromisoformat(at).timestamp(), n) for at, n in points]
            for layer, points in self.progress.items()
        }
        first = min(points[0][0] for points in series.values())
        last = max(points[-1][0] for points in series.values())
        highest = max(max(n for _, n in points) for points in series.values())
        # A minute either side keeps a burst of edits within the same second readable.
        margin = max((last - first) * 0.05, 60.0)
        for k, (layer, points) in enumerate(series.items()):
            xs, ys = step_points(points, last + margin)
            # Dashes keep a line visible where another layer's line runs on top of it.
            style = DASHES[k % len(DASHES)]
            curve = self.plot.plot(
                xs, ys, pen=pg.mkPen(self._colors[layer], width=2.5, style=style)
            )
            legend.addItem(curve, html.escape(layer))
            self.curves[layer] = curve
        top = max(highest, 1) * 1.3
        self.plot.setRange(
            xRange=(first - margin, last + margin), yRange=(-0.03 * top, top), padding=0
        )
        step = max(1.0, nice_step(highest))  # whole documents, never 0.5
        self.plot.getAxis("left").setTickSpacing(step, step)
        self.plot.setLabel("left", "documents done")


class AgreementBarsChart(Chart):
    """Per-label F1 (exact and overlap), averaged over the pairs or for one chosen pair; for
    one pair, its bootstrap intervals (when the report has them) as error bars."""

    default_file_name = "agreement-by-label.png"
    MEASURES = ("F1 exact", "F1 overlap")
    KEYS = ("f1_exact", "f1_overlap")  # their names in the report

    def __init__(self, parent: QWidget | None = None) -> None:
        self.report: dict[str, Any] | None = None
        self.labels: list[str] = []
        self.scores: dict[str, tuple[float | None, float | None]] = {}
        self.bars: dict[str, pg.BarGraphItem] = {}
        self.error_bars: dict[str, list[tuple[float, float, float]]] = {}  # x, low, high
        self._preferred_labels: list[str] = []
        super().__init__("Agreement per label", parent)
        self.pair_box = QComboBox()
        self.pair_box.setToolTip("Average over all pairs of layers, or show one pair")
        self.pair_box.currentIndexChanged.connect(self._on_pair_box_changed)
        self.header.insertWidget(0, self.pair_box)
        self._fill_pair_box()
        self._redraw()

    @property
    def pair(self) -> int:
        """The index of the chosen pair in the report, or ALL_PAIRS for the mean."""
        data = self.pair_box.currentData()
        return ALL_PAIRS if data is None else int(data)

    def set_data(
        self,
        report: Mapping[str, Any] | None,
        labels: Sequence[str] = (),
        pair: int | None = None,
    ) -> None:
        """Show the agreement report's per-label F1; `labels` gives the order of the x axis.

        `pair` selects one of `report["pairs"]` by index; by default the mean over pairs (or
        the pair shown before, if the report still has it).
        """
        previous = self.pair_box.currentText()
        self.report = dict(report) if report else None
        self._preferred_labels = list(labels)
        self._fill_pair_box()
        index = self.pair_box.findText(previous) if pair is None else pair + 1
        self.pair_box.blockSignals(True)
        self.pair_box.setCurrentIndex(max(index, 0))
        self.pair_box.blockSignals(False)
        self._redraw()

    def select_pair(self, pair: int) -> None:
        """Show one pair (an index into the report's pairs) or ALL_PAIRS."""
        self.pair_box.setCurrentIndex(pair + 1)

    def _fill_pair_box(self) -> None:
        pairs = self.report["pairs"] if self.report else []
        self.pair_box.blockSignals(True)
        self.pair_box.clear()
        self.pair_box.addItem("Mean over all pairs", ALL_PAIRS)
        for i, p in enumerate(pairs):
            self.pair_box.addItem(f"{p['a']} / {p['b']}", i)
        self.pair_box.blockSignals(False)
        self.pair_box.setVisible(len(pairs) > 1)

    def _on_pair_box_changed(self, _index: int) -> None:
        self._redraw()

    def intervals(self, measure: int) -> dict[str, tuple[float, float]]:
        """Label -> (low, high) bootstrap interval of a measure for the shown pair (or the
        only one), if the report has intervals."""
        pairs = self.report["pairs"] if self.report else []
        pair = 0 if self.pair == ALL_PAIRS and len(pairs) == 1 else self.pair
        if pair == ALL_PAIRS or pair >= len(pairs):
            return {}  # a mean over pairs has no interval
        ci = pairs[pair].get("ci", {}).get("per_label", {})
        key = self.KEYS[measure]
        return {
            label: (bounds[key][0], bounds[key][1])
            for label, bounds in ci.items()
            if bounds.get(key) is not None
        }

    def _draw(self) -> None:
        self.bars = {}
        self.error_bars = {}
        self.scores = per_label_scores(self.report, self.pair)
        self.labels = [
            label
            for label in ordered(self._preferred_labels, list(self.scores))
            if label in self.scores
        ]
        if self.report:
            n = self.report["documents"]
            title = f"{self._title} ({n} document{'' if n == 1 else 's'})"
            self.plot.setTitle(html.escape(title), color=self.theme.foreground, size="11pt")
        self._show_empty(not self.labels)
        if not self.labels:
            return
        legend = self._add_legend(len(self.MEASURES))
        for k, measure in enumerate(self.MEASURES):
            xs = [i - 0.2 + 0.4 * k for i in range(len(self.labels))]
            values = [self.scores[label][k] for label in self.labels]
            heights = [0.0 if v is None else v for v in values]
            color = MEASURE_COLORS[k]
            bars = pg.BarGraphItem(x=xs, height=heights, width=0.36, brush=color, pen=None)
            self.plot.addItem(bars)
            legend.addItem(bars, measure)
            self.bars[measure] = bars
            intervals = self.intervals(k)
            shown = [
                (x, v, intervals[label])
                for x, v, label in zip(xs, values, self.labels, strict=True)
                if v is not None and label in intervals
            ]
            if shown:
                # Drawn as line pairs (a stem and two caps per bar): ErrorBarItem's path is
                # filled on some backends.
                xs_line: list[float] = []
                ys_line: list[float] = []
                for x, _, (low, high) in shown:
                    for x0, y0, x1, y1 in (
                        (x, low, x, high),
                        (x - 0.06, low, x + 0.06, low),
                        (x - 0.06, high, x + 0.06, high),
                    ):
                        xs_line += [x0, x1]
                        ys_line += [y0, y1]
                errors = pg.PlotDataItem(
                    xs_line,
                    ys_line,
                    connect="pairs",
                    pen=pg.mkPen(self.theme.foreground, width=1.5),
                )
                self.plot.addItem(errors)
                self.error_bars[measure] = [(x, low, high) for x, _, (low, high) in shown]
            for x, v in zip(xs, values, strict=True):
                text = MISSING_TEXT if v is None else f"{v:.2f}"
                self._text(text, x, 0.0 if v is None else v, self.theme.foreground)
        self.plot.getAxis("bottom").setTicks([list(enumerate(self.labels))])
        self.plot.setLabel("left", "F1")
        self.plot.setRange(xRange=(-0.6, len(self.labels) - 0.4), yRange=(0, 1.35), padding=0)
        self.plot.getAxis("left").setTicks([[(v / 4, f"{v / 4:g}") for v in range(5)]])


class PairHeatmap(Chart):
    """A square of pairwise agreement between layers; missing values are grey."""

    default_file_name = "pairwise-agreement.png"

    def __init__(self, parent: QWidget | None = None) -> None:
        self.layer_names: list[str] = []
        self.matrix: list[list[float | None]] = []
        self.image: pg.ImageItem | None = None
        self.cell_texts: list[list[str]] = []
        super().__init__("Pairwise span F1 (exact)", parent)
        self.plot.getViewBox().invertY(True)
        self.plot.getViewBox().setAspectLocked(True)
        self._redraw()

    def set_data(self, layer_names: Sequence[str], matrix: Sequence[Sequence[float | None]]):
        """Show `matrix[i][j]`, the agreement of layers i and j (None when not comparable)."""
        self.layer_names = list(layer_names)
        self.matrix = [list(row) for row in matrix]
        self._redraw()

    def _draw(self) -> None:
        self.image = None
        self.cell_texts = []
        size = len(self.layer_names)
        usable = size >= 2 and len(self.matrix) == size and all(len(r) == size for r in self.matrix)
        self._show_empty(not usable)
        self.plot.showGrid(x=False, y=False)
        if not usable:
            return
        values = np.array(
            [[np.nan if v is None else float(v) for v in row] for row in self.matrix], dtype=float
        )
        colormap = pg.colormap.get(HEATMAP_COLORMAP)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setImage(values, levels=(0.0, 1.0), autoLevels=False)
        self.image.setColorMap(colormap)
        self.plot.addItem(self.image)
        for i, row in enumerate(self.matrix):
            texts = []
            for j, value in enumerate(row):
                if value is None:
                    cell = QGraphicsRectItem(QRectF(j, i, 1, 1))
                    cell.setBrush(QBrush(QColor(MISSING_COLOR)))
                    cell.setPen(QPen(Qt.PenStyle.NoPen))
                    self.plot.addItem(cell)
                    background = QColor(MISSING_COLOR)
                    texts.append(MISSING_TEXT)
                else:
                    background = colormap.map(min(max(value, 0.0), 1.0), mode="qcolor")
                    texts.append(f"{value:.2f}")
                self._text(texts[-1], j + 0.5, i + 0.5, readable_on(background), (0.5, 0.5))
            self.cell_texts.append(texts)
        ticks = [[(i + 0.5, name) for i, name in enumerate(self.layer_names)]]
        self.plot.getAxis("bottom").setTicks(ticks)
        left = self.plot.getAxis("left")
        left.setTicks(ticks)
        # Wide enough for every name on the first paint (an axis only grows on the next).
        metrics = QFontMetrics(left.style["tickFont"] or self.plot_widget.font())
        left.setWidth(max(metrics.horizontalAdvance(n) for n in self.layer_names) + 16)
        self.plot.setRange(xRange=(0, size), yRange=(0, size), padding=0.02)
