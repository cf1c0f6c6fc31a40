"""What the dashboard's charts share: the Chart base (a themed pyqtgraph plot with PNG
export), colours and the pure helpers that shape their data.

Imports pyqtgraph at the top, so only the chart modules import this one, and only
`desktop.ui.dashboard.dashboard` imports them, when the user opens the dashboard.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPalette, QPen
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

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
