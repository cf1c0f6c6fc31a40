"""The dashboard's charts: pyqtgraph plots fed plain data, themed from the palette, PNG export.

Imports pyqtgraph at the top, so only `desktop.ui.dashboard` imports this module, and
nothing imports that one until the user opens the dashboard.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGraphicsRectItem,
    QHBoxLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.colors import readable_on

EMPTY_TEXT = "Nothing to show yet"
MISSING_TEXT = "n/a"
# Okabe & Ito (2008), "Color Universal Design": distinguishable with colour-vision
# deficiencies; black is left out (invisible on a dark base) and yellow comes last (faint
# on a light one).
SERIES_COLORS = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442")
# Measures are not layers: other hues than the first layers' keep the two apart.
MEASURE_COLORS = ("#009E73", "#CC79A7")
MISSING_COLOR = "#9e9e9e"
HEATMAP_COLORMAP = "viridis"
ALL_PAIRS = -1
DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)


def series_color(index: int) -> QColor:
    """The colour of the `index`-th layer, cycling through Okabe–Ito."""
    return QColor(SERIES_COLORS[index % len(SERIES_COLORS)])


@dataclass(frozen=True)
class ChartTheme:
    """Colours taken from a widget palette, so charts follow the light or dark scheme."""

    background: QColor
    foreground: QColor
    dark: bool

    @classmethod
    def from_palette(cls, palette: QPalette) -> ChartTheme:
        """Background from the palette's base, axes and text from its text colour."""
        return cls(
            background=QColor(palette.base().color()),
            foreground=QColor(palette.text().color()),
            dark=palette.window().color().lightness() < 128,
        )

    def muted(self, alpha: int = 60) -> QColor:
        """The foreground, faded (grid lines, frames)."""
        color = QColor(self.foreground)
        color.setAlpha(alpha)
        return color


def step_points(
    series: Sequence[tuple[float, int]], until: float | None = None
) -> tuple[list[float], list[float]]:
    """The vertices of a step line that starts at 0 and jumps to each (time, value).

    The line is held at its last value until `until` when that is later.
    """
    xs: list[float] = []
    ys: list[float] = []
    previous = 0
    for at, value in series:
        xs += [at, at]
        ys += [previous, value]
        previous = value
    if xs and until is not None and until > xs[-1]:
        xs.append(until)
        ys.append(previous)
    return xs, ys


def nice_step(highest: float, ticks: int = 5) -> float:
    """A round tick spacing (1, 2 or 5 times a power of ten) giving about `ticks` ticks."""
    if highest <= 0:
        return 1.0
    raw = highest / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next((m * power for m in (1, 2, 5) if m * power >= raw), 10 * power)


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def per_label_scores(
    report: Mapping[str, Any] | None, pair: int = ALL_PAIRS
) -> dict[str, tuple[float | None, float | None]]:
    """Label -> (F1 exact, F1 overlap) for one pair of the report, or averaged over pairs.

    A pair without a score for a label (None) is left out of that label's mean.
    """
    pairs = list(report["pairs"]) if report else []
    if pair != ALL_PAIRS:
        pairs = pairs[pair : pair + 1]
    labels = sorted({label for p in pairs for label in p["per_label"]})
    scores: dict[str, tuple[float | None, float | None]] = {}
    for label in labels:
        rows = [p["per_label"][label] for p in pairs if label in p["per_label"]]
        scores[label] = (
            _mean([r["f1_exact"] for r in rows]),
            _mean([r["f1_overlap"] for r in rows]),
        )
    return scores


def ordered(preferred: Sequence[str], present: Sequence[str]) -> list[str]:
    """`preferred` names first, in their order, then the other `present` ones sorted."""
    known = list(dict.fromkeys(preferred))
    return known + sorted(set(present) - set(known))


class Chart(QWidget):
    """One plot with an "Export PNG…" button; subclasses store plain data and `_draw()` it."""

    default_file_name = "chart.png"

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self.theme = ChartTheme.from_palette(self.palette())
        self._build_ui()

    def _build_ui(self) -> None:
        self.plot_widget = pg.PlotWidget()
        self.plot_widget.setMinimumSize(280, 200)
        self.plot: pg.PlotItem = self.plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        # Below the view box (z -100), so that grid lines run behind bars, not across them.
        self.plot.getAxis("left").setZValue(-200)
        self.export_button = QToolButton()
        self.export_button.setText("Export PNG…")
        self.export_button.setToolTip("Save this chart as a PNG image")
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.header = QHBoxLayout()
        self.header.setContentsMargins(0, 0, 0, 0)
        self.header.addStretch(1)
        self.header.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self.header)
        layout.addWidget(self.plot_widget, 1)
        self._apply_theme()

    # --- drawing -----------------------------------------------------------------------
    def _draw(self) -> None:
        raise NotImplementedError

    def _redraw(self) -> None:
        """Start from an empty plot in the current theme, then draw the stored data."""
        self.plot.clear()
        self.plot.getAxis("bottom").setTicks(None)
        self.plot.getAxis("left").setTicks(None)
        self.plot.setTitle(html.escape(self._title), color=self.theme.foreground, size="11pt")
        self.message = None
        self._draw()

    def _show_empty(self, empty: bool) -> None:
        """Hide the axes and say so in the middle of the plot when there is no data."""
        for name in ("bottom", "left"):
            self.plot.showAxis(name, not empty)
        self.plot.showGrid(x=False, y=not empty, alpha=0.25)
        if empty:
            self.message = self._text(EMPTY_TEXT, 0.5, 0.5, self.theme.foreground, (0.5, 0.5))
            self.plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)

    def _text(
        self, text: str, x: float, y: float, color: QColor, anchor: tuple[float, float] = (0.5, 1)
    ) -> pg.TextItem:
        """A plain-text label at data coordinates (never interpreted as HTML)."""
        item = pg.TextItem(text, color=color, anchor=anchor)
        self.plot.addItem(item, ignoreBounds=True)
        item.setPos(x, y)
        return item

    def _add_legend(self, entries: int) -> pg.LegendItem:
        """The plot's legend, emptied; its entries side by side, four to a row."""
        legend = self.plot.legend or self.plot.addLegend(offset=(-8, 4))
        legend.setColumnCount(max(1, min(entries, 4)))
        legend.setLabelTextColor(self.theme.foreground)
        legend.setBrush(QBrush(self.theme.background))
        legend.setPen(QPen(self.theme.muted(90)))
        legend.clear()
        return legend

    def _apply_theme(self) -> None:
        theme = self.theme
        self.plot_widget.setBackground(theme.background)
        for name in ("bottom", "left"):
            axis = self.plot.getAxis(name)
            axis.setPen(QPen(theme.muted(160)))
            axis.setTextPen(QPen(theme.foreground))

    def changeEvent(self, event: QEvent) -> None:
        """Follow the palette when the user switches between light and dark schemes."""
        super().changeEvent(event)
        ready = hasattr(self, "message")  # the first _redraw() has run
        if ready and event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.theme = ChartTheme.from_palette(self.palette())
            self._apply_theme()
            self._redraw()

    # --- export ------------------------------------------------------------------------
    def export_png(self, path: str | Path, width: int | None = None) -> QSize:
        """Write the plot (title, axes, legend) to a PNG; returns the image size.

        `width` defaults to the on-screen width (pyqtgraph scales a legend's text with
        neither the exporter nor the scene, so other widths shrink it); the height keeps
        the aspect ratio.
        """
        exporter = pyqtgraph.exporters.ImageExporter(self.plot)
        params = exporter.parameters()
        params["background"] = self.theme.background
        params["width"] = max(1, int(width or self.plot.sceneBoundingRect().width()))
        image = exporter.export(toBytes=True)
        if image is None or image.isNull() or not image.save(str(path), "PNG"):
            raise OSError(f"{path}: could not write the PNG image")
        return image.size()

    def _on_export_button_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export chart", self.default_file_name, "PNG image (*.png)"
        )
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            self.export_png(path)


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
    """Per-label F1 (exact and overlap), averaged over the pairs or for one chosen pair."""

    default_file_name = "agreement-by-label.png"
    MEASURES = ("F1 exact", "F1 overlap")

    def __init__(self, parent: QWidget | None = None) -> None:
        self.report: dict[str, Any] | None = None
        self.labels: list[str] = []
        self.scores: dict[str, tuple[float | None, float | None]] = {}
        self.bars: dict[str, pg.BarGraphItem] = {}
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

    def _draw(self) -> None:
        self.bars = {}
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
