"""The actor network window: a pyqtgraph graph of one network kind over a date range.

The force-directed layout runs on a worker thread (`QThreadPool`); node size follows
mentions, edge width the weight, node colour the actor kind (light and dark palettes).
Hovering shows details; clicking a node emits `actor_clicked`; clicking an edge lists the
allegations behind it, and activating one emits `allegation_activated` (and, with a
session, opens the document at it). Exports PNG and SVG.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import QObject, QPointF, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.dashboard.network_style import (
    KIND_COLORS,
    is_dark,
    node_color,
    segment_distance,
)
from desktop.workspace import (
    NetworkCorpus,
    Workspace,
    network,
    network_positions,
    read_network_corpus,
)

__all__ = [
    "KINDS",
    "KIND_COLORS",
    "NetworkWindow",
    "node_color",
    "open_network",
    "segment_distance",
]

KINDS = ("accusations", "responses", "victims", "co-accusation", "conflict", "actor-category")
NODE_HIT_PX = 4  # how far outside a node's disc a click still hits it
EDGE_HIT_PX = 5
REFRESH_DELAY_MS = 500
LABELS = 40  # nodes named on the graph (the most mentioned); hover names the others


class _LayoutSignals(QObject):
    done = Signal(int, object)  # request number, {node: (x, y)}


class _LayoutJob(QRunnable):
    """Computes a layout on a pool thread and reports it back to the UI thread."""

    def __init__(self, token: int, graph: Any) -> None:
        super().__init__()
        self.token = token
        self.graph = graph
        self.signals = _LayoutSignals()

    def run(self) -> None:
        self.signals.done.emit(self.token, network_positions(self.graph))


class NetworkWindow(QWidget):
    """One network kind over a date range, drawn with pyqtgraph."""

    actor_clicked = Signal(str, str)  # actor id, name
    allegation_activated = Signal(str, str)  # document id, allegation span id
    layout_finished = Signal()

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        session: Any = None,
        layer: str | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Gloss actor network")
        self._workspace = workspace
        self._session = session
        self._layer = layer
        self._corpus: NetworkCorpus | None = None
        self._dates: list[date] = []
        self._token = 0
        self._pool = QThreadPool(self)
        self._jobs: dict[int, _LayoutJob] = {}
        self.graph: Any = None
        self.nodes: list[str] = []
        self.positions: dict[str, tuple[float, float]] = {}
        self.edges: list[tuple[str, str]] = []
        self.selected_node: str | None = None
        self.selected_edge: tuple[str, str] | None = None
        self._labels: list[pg.TextItem] = []
        self._build_ui()
        self._connect()
        self.refresh()

    # --- building ---------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.kind = QComboBox(self)
        self.kind.addItems(KINDS)
        self.start_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.end_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.range_label = QLabel(self)
        self.range_label.setTextFormat(Qt.TextFormat.PlainText)
        self.details = QLabel(self)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.allegations = QListWidget(self)
        self.allegations.setToolTip("The allegations behind the clicked edge; activate to open")
        self.png_button = QPushButton("Export PNG…", self)
        self.svg_button = QPushButton("Export SVG…", self)
        side = QVBoxLayout()
        for caption, widget in (
            ("Network", self.kind),
            ("From", self.start_slider),
            ("To", self.end_slider),
        ):
            label = QLabel(caption, self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            side.addWidget(label)
            side.addWidget(widget)
        side.addWidget(self.range_label)
        side.addWidget(self.details)
        side.addWidget(self.allegations, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.png_button)
        buttons.addWidget(self.svg_button)
        side.addLayout(buttons)
        panel = QWidget(self)
        panel.setLayout(side)
        panel.setFixedWidth(280)

        dark = is_dark(self.palette())
        self.plot = pg.PlotWidget(self, background=self.palette().color(QPalette.ColorRole.Base))
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.setAspectLocked(True)
        self.plot.setMouseEnabled(x=True, y=True)
        self.graph_item = pg.GraphItem()
        self.plot.addItem(self.graph_item)
        self._text_color = QColor("#eeeeee" if dark else "#222222")
        layout = QHBoxLayout(self)
        layout.addWidget(panel)
        layout.addWidget(self.plot, 1)
        self.resize(1200, 800)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.start_slider.valueChanged.connect(self._on_range_changed)
        self.end_slider.valueChanged.connect(self._on_range_changed)
        self.allegations.itemActivated.connect(self._on_allegations_item_activated)
        self.png_button.clicked.connect(self._on_png_button_clicked)
        self.svg_button.clicked.connect(self._on_svg_button_clicked)
        self._refresh_timer.timeout.connect(self.refresh)
        scene = self.plot.scene()
        scene.sigMouseMoved.connect(self._on_scene_mouse_moved)
        scene.sigMouseClicked.connect(self._on_scene_mouse_clicked)
        if self._session is not None:
            self._session.changed.connect(self._on_session_changed)

    # --- data -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the layer's claims again and redraw."""
        self._corpus = read_network_corpus(self._workspace, self._layer)
        self._dates = sorted({d.date for d in self._corpus.documents if d.date is not None})
        last = max(0, len(self._dates) - 1)
        for slider, value in ((self.start_slider, 0), (self.end_slider, last)):
            slider.blockSignals(True)
            slider.setRange(0, last)
            slider.setValue(value)
            slider.setEnabled(bool(self._dates))
            slider.blockSignals(False)
        self.rebuild()

    def date_range(self) -> tuple[date | None, date | None]:
        """The slider range; (None, None) when it spans every date (undated documents too)."""
        if not self._dates:
            return None, None
        low, high = sorted((self.start_slider.value(), self.end_slider.value()))
        if low == 0 and high == len(self._dates) - 1:
            return None, None
        return self._dates[low], self._dates[high]

    def set_kind(self, kind: str) -> None:
        """Show another network kind."""
        self.kind.setCurrentIndex(KINDS.index(kind))

    def rebuild(self) -> None:
        """Build the network for the kind and range, then lay it out on a worker thread."""
        start, end = self.date_range()
        kind = self.kind.currentText()
        self.graph, report = network(
            self._workspace, kind, start=start, end=end, corpus=self._corpus
        )
        shown = "all dates" if start is None else f"{start} to {end}"
        self.range_label.setText(
            f"{shown}: {self.graph.number_of_nodes()} actors, {self.graph.number_of_edges()}"
            f" ties, {report.claims} allegations"
        )
        self._token += 1
        job = _LayoutJob(self._token, self.graph)
        job.signals.done.connect(self._on_layout_done)
        self._jobs[self._token] = job
        self._pool.start(job)

    def _on_layout_done(self, token: int, positions: dict[str, tuple[float, float]]) -> None:
        self._jobs.pop(token, None)
        if token != self._token:
            return  # a newer request is on its way
        self.draw(positions)
        self.layout_finished.emit()

    # --- drawing ----------------------------------------------------------------------------
    def draw(self, positions: dict[str, tuple[float, float]]) -> None:
        """Draw the current graph at `positions`."""
        graph = self.graph
        dark = is_dark(self.palette())
        self.positions = positions
        self.nodes = list(graph.nodes)
        index = {node: i for i, node in enumerate(self.nodes)}
        # Self-ties (an actor accusing itself) have no line to draw: hover tells them.
        self.edges = [(u, v) for u, v in graph.edges if u != v]
        for item in self._labels:
            self.plot.removeItem(item)
        self._labels = []
        if not self.nodes:
            self.graph_item.setData(pos=np.zeros((0, 2)), adj=np.zeros((0, 2), dtype=int))
            return
        pos = np.array([positions[n] for n in self.nodes], dtype=float)
        sizes = [8 + 4 * math.sqrt(graph.nodes[n].get("mentions", 0)) for n in self.nodes]
        brushes = [
            pg.mkBrush(node_color(graph.nodes[n].get("kind", graph.nodes[n].get("type")), dark))
            for n in self.nodes
        ]
        weights = [float(graph.edges[u, v].get("weight", 1)) for u, v in self.edges]
        heaviest = max(weights, default=1.0) or 1.0
        edge_color = QColor("#aaaaaa" if dark else "#555555")
        alpha = 200 if len(weights) <= 200 else 70  # dense networks stay readable
        pens = np.array(
            [
                (
                    edge_color.red(),
                    edge_color.green(),
                    edge_color.blue(),
                    alpha,
                    0.5 + 4 * w / heaviest,
                )
                for w in weights
            ],
            dtype=[
                ("red", np.ubyte),
                ("green", np.ubyte),
                ("blue", np.ubyte),
                ("alpha", np.ubyte),
                ("width", float),
            ],
        )
        adj = np.array([(index[u], index[v]) for u, v in self.edges], dtype=int).reshape(-1, 2)
        self.graph_item.setData(
            pos=pos,
            adj=adj,
            size=sizes,
            symbolBrush=brushes,
            symbolPen=pg.mkPen(self._text_color),
            pen=pens if len(self.edges) else None,
            pxMode=True,
        )
        self._sizes = sizes
        # Labels for the most mentioned actors only, so that dense networks stay legible.
        ranked = sorted(self.nodes, key=lambda n: -graph.nodes[n].get("mentions", 0))
        labelled = set(ranked[:LABELS])
        for node, (x, y) in zip(self.nodes, pos, strict=True):
            if node in labelled:
                text = pg.TextItem(str(graph.nodes[node].get("label", node)), anchor=(0.5, -0.4))
                text.setColor(self._text_color)
                text.setPos(float(x), float(y))
                self.plot.addItem(text)
                self._labels.append(text)

    # --- hit testing ------------------------------------------------------------------------
    def _to_pixels(self, x: float, y: float) -> tuple[float, float]:
        point = self.plot.plotItem.vb.mapViewToScene(QPointF(x, y))
        return point.x(), point.y()

    def node_at(self, scene_x: float, scene_y: float) -> str | None:
        """The node under a scene position, if any."""
        best, best_distance = None, float("inf")
        for node, size in zip(self.nodes, getattr(self, "_sizes", []), strict=False):
            px, py = self._to_pixels(*self.positions[node])
            distance = math.hypot(px - scene_x, py - scene_y)
            if distance <= size / 2 + NODE_HIT_PX and distance < best_distance:
                best, best_distance = node, distance
        return best

    def edge_at(self, scene_x: float, scene_y: float) -> tuple[str, str] | None:
        """The edge under a scene position, if any (nodes take precedence)."""
        best, best_distance = None, float(EDGE_HIT_PX)
        for u, v in self.edges:
            distance = segment_distance(
                (scene_x, scene_y),
                self._to_pixels(*self.positions[u]),
                self._to_pixels(*self.positions[v]),
            )
            if distance <= best_distance:
                best, best_distance = (u, v), distance
        return best

    def node_scene_pos(self, node: str) -> QPointF:
        """Where a node is drawn, in scene coordinates (for tests and tooltips)."""
        return self.plot.plotItem.vb.mapViewToScene(QPointF(*self.positions[node]))

    def _describe_node(self, node: str) -> str:
        data = self.graph.nodes[node]
        if data.get("type") == "category":
            return f"category {data.get('label')}: {self.graph.degree(node)} accuser(s)"
        return (
            f"{data.get('name')} ({data.get('kind')}): {data.get('mentions', 0)} mention(s),"
            f" {self.graph.degree(node)} tie(s)"
        )

    def _describe_edge(self, edge: tuple[str, str]) -> str:
        u, v = edge
        data = self.graph.edges[u, v]
        arrow = "→" if self.graph.is_directed() else "–"
        counts = ", ".join(f"{k} {n}" for k, n in data.items() if ":" in k)
        return (
            f"{self.graph.nodes[u].get('label')} {arrow} {self.graph.nodes[v].get('label')}:"
            f" weight {data.get('weight')}; {counts}"
        )

    # --- events -----------------------------------------------------------------------------
    def _on_scene_mouse_moved(self, pos: QPointF) -> None:
        node = self.node_at(pos.x(), pos.y())
        if node is not None:
            self.details.setText(self._describe_node(node))
            return
        edge = self.edge_at(pos.x(), pos.y())
        if edge is not None:
            self.details.setText(self._describe_edge(edge))

    def _on_scene_mouse_clicked(self, event: Any) -> None:
        pos = event.scenePos()
        node = self.node_at(pos.x(), pos.y())
        if node is not None:
            self.select_node(node)
            return
        edge = self.edge_at(pos.x(), pos.y())
        if edge is not None:
            self.select_edge(edge)

    def select_node(self, node: str) -> None:
        """Select an actor: say so, and emit `actor_clicked`."""
        self.selected_node = node
        self.details.setText(self._describe_node(node))
        data = self.graph.nodes[node]
        if data.get("type") != "category":
            name = str(data.get("name", node))
            self.actor_clicked.emit(node, name)
            if self._session is not None:
                self._session.focus_actor(name)  # the frames table filters to the actor

    def select_edge(self, edge: tuple[str, str]) -> None:
        """Select a tie: list the allegations behind it."""
        self.selected_edge = edge
        self.details.setText(self._describe_edge(edge))
        self.allegations.clear()
        data = self.graph.edges[edge]
        documents = set(data.get("documents", ()))
        for span_id in data.get("allegations", ()):
            span = self._workspace.find_span(span_id)
            if span is None or span.doc_id not in documents:
                continue
            text = self._workspace.document(span.doc_id).text[span.start : span.end]
            item = QListWidgetItem(f"{span.doc_id}: {' '.join(text.split())}")
            item.setData(Qt.ItemDataRole.UserRole, (span.doc_id, span.id))
            self.allegations.addItem(item)

    def _on_allegations_item_activated(self, item: QListWidgetItem) -> None:
        doc_id, span_id = item.data(Qt.ItemDataRole.UserRole)
        self.allegation_activated.emit(doc_id, span_id)
        if self._session is not None:
            self._session.open_document(doc_id)
            self._session.select_span(span_id)

    def _on_kind_changed(self, _index: int) -> None:
        self.rebuild()

    def _on_range_changed(self, _value: int) -> None:
        self.rebuild()

    def _on_session_changed(self, _change: object, _initiator: object) -> None:
        if self.isVisible():
            self._refresh_timer.start()  # a burst of edits reads the layer once

    # --- export -----------------------------------------------------------------------------
    def export_png(self, path: str) -> None:
        """Write the graph as a PNG."""
        pyqtgraph.exporters.ImageExporter(self.plot.plotItem).export(path)

    def export_svg(self, path: str) -> None:
        """Write the graph as an SVG (Qt's generator: pyqtgraph's SVG exporter fails on
        the paths Qt 6 gives it)."""
        view = self.plot
        generator = QSvgGenerator()
        generator.setFileName(path)
        generator.setSize(view.viewport().size())
        generator.setViewBox(view.viewport().rect())
        generator.setTitle(self.windowTitle())
        painter = QPainter(generator)
        try:
            view.render(painter)
        finally:
            painter.end()

    def _on_png_button_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export PNG", "network.png", "PNG (*.png)")
        if path:
            self.export_png(path)

    def _on_svg_button_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export SVG", "network.svg", "SVG (*.svg)")
        if path:
            self.export_svg(path)


def open_network(
    workspace: Workspace,
    parent: QWidget | None = None,
    session: Any = None,
) -> NetworkWindow:
    """Show a network window over `workspace` (the caller keeps it)."""
    window = NetworkWindow(workspace, parent, session=session)
    window.show()
    window.raise_()
    return window


if __name__ == "__main__":
    import sys

    from desktop.domain.resources import seeds_dir
    from desktop.workspace import import_paths

    app = QApplication.instance() or QApplication(sys.argv[:1])
    ws = Workspace.open(sys.argv[1] if len(sys.argv) > 1 else None)
    if len(sys.argv) == 1:
        import_paths(ws, [seeds_dir() / "hrw-azerbaijan-pows.jsonl"])
    window = NetworkWindow(ws, layer="example" if len(sys.argv) == 1 else None)
    window.show()
    sys.exit(app.exec())
