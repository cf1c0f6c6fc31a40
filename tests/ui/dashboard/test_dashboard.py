"""The dashboard: charts fed plain data, PNG export, the layer picker, and lazy pyqtgraph."""

from __future__ import annotations

import importlib.util
import math
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPalette

from desktop.domain import Document
from desktop.ui.dashboard.charts import (
    ALL_PAIRS,
    EMPTY_TEXT,
    MISSING_TEXT,
    AgreementBarsChart,
    LabelCountsChart,
    PairHeatmap,
    ProgressChart,
    per_label_scores,
    step_points,
)
from desktop.ui.dashboard.dashboard import DashboardWindow, _preview_workspace, open_dashboard
from desktop.workspace import Workspace, dashboard_data

TEXT = "Rebels accused the army of shelling the village. The ministry denied the report."
T0 = "2024-03-01T10:00:00+00:00"
T1 = "2024-03-01T12:30:00+00:00"


def at(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


@pytest.fixture
def ws():
    """alice and bob agree on two spans and differ on a third; carol annotates one span."""
    workspace = Workspace.open(None)
    workspace.set_annotator("alice")
    workspace.add_documents([Document("d1", TEXT)])
    for layer in ("alice", "bob"):
        workspace.add_span("d1", *at("Rebels"), "ACTOR", layer=layer)
        workspace.add_span("d1", *at("shelling the village"), "ALLEGATION", layer=layer)
    workspace.add_span("d1", *at("The ministry"), "ACTOR", layer="alice")
    workspace.add_span("d1", *at("denied"), "RESPONSE", layer="bob")
    workspace.add_span("d1", *at("the army"), "ACTOR", layer="carol")
    for layer in ("alice", "bob", "carol"):
        workspace.set_status("d1", "done", layer=layer)
    yield workspace
    workspace.close()


class StandInSession(QObject):
    """The part of desktop.ui.app.session.Session the dashboard uses: `changed` and `workspace`."""

    changed = Signal(object, object)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        workspace.subscribe(self._relay)

    def _relay(self, change, initiator) -> None:
        self.changed.emit(change, initiator)


def heights(bars) -> list[float]:
    return [float(h) for h in bars.opts["height"]]


def tick_labels(chart, axis: str = "bottom") -> list[str]:
    return [label for _, label in chart.plot.getAxis(axis)._tickLevels[0]]


def message_shown(chart) -> bool:
    return chart.message is not None and chart.message.toPlainText() == EMPTY_TEXT


# --- pure helpers ---------------------------------------------------------------------------
def test_step_points_start_at_zero_and_hold_the_last_value():
    """A step line rises from 0 at each event and holds its value until `until`."""
    xs, ys = step_points([(10.0, 1), (20.0, 3)], until=30.0)
    assert xs == [10.0, 10.0, 20.0, 20.0, 30.0]
    assert ys == [0, 1, 1, 3, 3]
    assert step_points([], until=5.0) == ([], [])


def test_per_label_scores_average_pairs_and_skip_missing_values():
    """The mean over pairs ignores None; one pair can be picked by its index."""
    report = {
        "pairs": [
            {"per_label": {"ACTOR": {"f1_exact": 0.5, "f1_overlap": 1.0}}},
            {
                "per_label": {
                    "ACTOR": {"f1_exact": None, "f1_overlap": 0.5},
                    "RESPONSE": {"f1_exact": None, "f1_overlap": None},
                }
            },
        ]
    }
    assert per_label_scores(report) == {"ACTOR": (0.5, 0.75), "RESPONSE": (None, None)}
    assert per_label_scores(report, 1)["ACTOR"] == (None, 0.5)
    assert per_label_scores(None) == {}


# --- charts fed plain data ------------------------------------------------------------------
def test_label_counts_chart_draws_one_bar_series_per_layer(qtbot):
    """Bar heights are the counts, labels name the x ticks, unknown labels come last."""
    chart = LabelCountsChart()
    qtbot.addWidget(chart)
    counts = {"alice": {"ACTOR": 3, "RESPONSE": 1}, "bob": {"ACTOR": 2, "OTHER": 4}}
    chart.set_data(["alice", "bob"], ["ACTOR", "ALLEGATION", "RESPONSE"], counts)
    assert list(chart.bars) == ["alice", "bob"]
    assert heights(chart.bars["alice"]) == [3, 0, 1, 0]
    assert heights(chart.bars["bob"]) == [2, 0, 0, 4]
    assert tick_labels(chart) == ["ACTOR", "ALLEGATION", "RESPONSE", "OTHER"]
    assert not message_shown(chart)
    # The bars of one label sit side by side around its tick.
    alice_x, bob_x = chart.bars["alice"].opts["x"][0], chart.bars["bob"].opts["x"][0]
    assert alice_x < 0 < bob_x


def test_progress_chart_draws_step_lines_on_a_time_axis(qtbot):
    """Each layer's curve steps up at the logged times and is held to the plot's right edge."""
    chart = ProgressChart()
    qtbot.addWidget(chart)
    chart.set_data({"bob": [(T0, 1)], "alice": [(T0, 1), (T1, 2)]}, layers=["alice", "bob"])
    assert list(chart.curves) == ["alice", "bob"]
    t0, t1 = (datetime.fromisoformat(t).timestamp() for t in (T0, T1))
    xs, ys = chart.curves["alice"].getData()
    assert list(xs[:4]) == [t0, t0, t1, t1]
    assert list(ys) == [0, 1, 1, 2, 2]
    assert xs[-1] > t1
    xs, ys = chart.curves["bob"].getData()
    assert list(xs[:2]) == [t0, t0] and list(ys) == [0, 1, 1]
    assert type(chart.plot.getAxis("bottom")).__name__ == "DateAxisItem"


def test_agreement_bars_show_the_mean_or_one_pair(qtbot):
    """Per-label F1 bars: exact and overlap, averaged over pairs or for the chosen pair."""
    report = {
        "layers": ["a", "b", "c"],
        "documents": 2,
        "pairs": [
            {"a": "a", "b": "b", "per_label": {"ACTOR": {"f1_exact": 1.0, "f1_overlap": 1.0}}},
            {"a": "a", "b": "c", "per_label": {"ACTOR": {"f1_exact": 0.5, "f1_overlap": None}}},
            {"a": "b", "b": "c", "per_label": {}},
        ],
    }
    chart = AgreementBarsChart()
    qtbot.addWidget(chart)
    chart.set_data(report)
    assert chart.pair == ALL_PAIRS
    assert chart.pair_box.count() == 4 and chart.pair_box.itemText(2) == "a / c"
    assert heights(chart.bars["F1 exact"]) == [0.75]
    assert heights(chart.bars["F1 overlap"]) == [1.0]
    chart.select_pair(1)
    assert heights(chart.bars["F1 exact"]) == [0.5]
    assert heights(chart.bars["F1 overlap"]) == [0.0]  # None: no bar, a "n/a" label
    assert chart.scores["ACTOR"] == (0.5, None)
    texts = [item.toPlainText() for item in chart.plot.items if hasattr(item, "toPlainText")]
    assert MISSING_TEXT in texts
    chart.select_pair(2)
    assert message_shown(chart)
    chart.set_data(report)  # a new report keeps the chosen pair
    assert chart.pair == 2


def test_agreement_bars_follow_the_given_label_order(qtbot):
    """`labels` orders the x axis like the label-count chart."""
    pair = {
        "a": "a",
        "b": "b",
        "per_label": {
            "ACTOR": {"f1_exact": 1.0, "f1_overlap": 1.0},
            "RESPONSE": {"f1_exact": 0.0, "f1_overlap": 0.5},
        },
    }
    chart = AgreementBarsChart()
    qtbot.addWidget(chart)
    chart.set_data({"layers": ["a", "b"], "documents": 1, "pairs": [pair]}, ["RESPONSE", "X"])
    assert tick_labels(chart) == ["RESPONSE", "ACTOR"]
    assert heights(chart.bars["F1 overlap"]) == [0.5, 1.0]


def test_heatmap_image_holds_the_matrix_and_missing_cells_are_grey(qtbot):
    """The image's values are the matrix (NaN for None); cells are labelled with their value."""
    chart = PairHeatmap()
    qtbot.addWidget(chart)
    matrix = [[1.0, 0.25, None], [0.25, 1.0, 0.5], [None, 0.5, 1.0]]
    chart.set_data(["alice", "bob", "carol"], matrix)
    expected = np.array([[np.nan if v is None else v for v in row] for row in matrix])
    np.testing.assert_array_equal(chart.image.image, expected)
    assert chart.image.getLevels() is not None
    assert chart.cell_texts[0] == ["1.00", "0.25", MISSING_TEXT]
    assert tick_labels(chart, "left") == ["alice", "bob", "carol"]
    assert tick_labels(chart, "bottom") == ["alice", "bob", "carol"]
    greys = [
        item
        for item in chart.plot.items
        if type(item).__name__ == "QGraphicsRectItem" and item.brush().color() == QColor("#9e9e9e")
    ]
    assert len(greys) == 2


@pytest.mark.parametrize("chart_class", [LabelCountsChart, ProgressChart, AgreementBarsChart])
def test_charts_without_data_say_so(qtbot, chart_class):
    """Empty data shows "Nothing to show yet" instead of failing."""
    chart = chart_class()
    qtbot.addWidget(chart)
    assert message_shown(chart)
    chart.set_data(
        *{LabelCountsChart: ([], [], {}), ProgressChart: ({},)}.get(chart_class, (None,))
    )
    assert message_shown(chart)


def test_heatmap_without_two_layers_says_so(qtbot):
    """Fewer than two layers, or a matrix of the wrong shape, is empty, not an error."""
    chart = PairHeatmap()
    qtbot.addWidget(chart)
    chart.set_data(["alice"], [[1.0]])
    assert message_shown(chart) and chart.image is None
    chart.set_data(["alice", "bob"], [[1.0]])
    assert message_shown(chart)


def test_label_counts_of_zero_everywhere_are_empty(qtbot):
    """Layers without any span draw nothing, so the y range never divides by zero."""
    chart = LabelCountsChart()
    qtbot.addWidget(chart)
    chart.set_data(["alice"], ["ACTOR"], {"alice": {"ACTOR": 0}})
    assert message_shown(chart) and chart.bars == {}


def test_charts_take_their_colours_from_the_palette(qtbot):
    """Background is the palette's base and axis text its text colour, dark or light."""
    chart = LabelCountsChart()
    qtbot.addWidget(chart)
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(40, 40, 40))
    palette.setColor(QPalette.ColorRole.Base, QColor(20, 22, 24))
    palette.setColor(QPalette.ColorRole.Text, QColor(235, 235, 235))
    chart.setPalette(palette)
    assert chart.theme.dark
    assert chart.plot_widget.backgroundBrush().color() == QColor(20, 22, 24)
    assert chart.plot.getAxis("left").textPen().color() == QColor(235, 235, 235)


# --- export ---------------------------------------------------------------------------------
def test_every_chart_exports_a_png_of_its_size(qtbot, tmp_path, ws):
    """Export PNG writes a non-empty image as wide as the plot, height in proportion."""
    window = DashboardWindow(ws)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    charts = [window.label_counts, window.progress, window.agreement_bars, window.heatmap]
    for n, chart in enumerate(charts):
        rect = chart.plot.sceneBoundingRect()
        path = tmp_path / f"chart{n}.png"
        size = chart.export_png(path)
        assert path.stat().st_size > 0
        image = QImage(str(path))
        assert image.size() == size
        assert image.width() == int(rect.width())
        assert abs(image.height() - rect.height()) <= 1
        wide = chart.export_png(tmp_path / f"wide{n}.png", width=900)
        assert QImage(str(tmp_path / f"wide{n}.png")).width() == wide.width() == 900


def test_export_of_an_empty_chart_works(qtbot, tmp_path):
    """An empty chart exports its "Nothing to show yet" plot."""
    chart = PairHeatmap()
    qtbot.addWidget(chart)
    chart.resize(400, 300)
    chart.show()
    qtbot.waitExposed(chart)
    size = chart.export_png(tmp_path / "empty.png")
    assert size.width() > 0 and size.height() > 0
    assert not QImage(str(tmp_path / "empty.png")).isNull()


# --- the window -----------------------------------------------------------------------------
def test_window_draws_the_workspace(qtbot, ws):
    """The charts show what dashboard_data computes for every annotator layer."""
    window = DashboardWindow(ws)
    qtbot.addWidget(window)
    data = dashboard_data(ws)
    assert window.chosen_layers() == ["alice", "bob", "carol"]
    for layer in data.layers:
        expected = [data.label_counts.get(layer, {}).get(label, 0) for label in data.labels]
        assert heights(window.label_counts.bars[layer]) == expected
    assert set(window.progress.curves) == {"alice", "bob", "carol"}
    assert window.heatmap.layer_names == data.agreement["layers"]
    values = window.heatmap.image.image
    for i, row in enumerate(data.pair_matrix):
        for j, value in enumerate(row):
            assert math.isnan(values[i, j]) if value is None else values[i, j] == value
    assert window.agreement_bars.pair_box.count() == 1 + 3


def test_layer_picker_recomputes_agreement(qtbot, ws):
    """Unchecking layers narrows the heatmap; fewer than two empties the agreement charts."""
    window = DashboardWindow(ws)
    qtbot.addWidget(window)
    window.layer_list.item(2).setCheckState(Qt.CheckState.Unchecked)  # carol
    assert window.chosen_layers() == ["alice", "bob"]
    assert window.heatmap.layer_names == ["alice", "bob"]
    expected = dashboard_data(ws, ["alice", "bob"]).pair_matrix
    np.testing.assert_array_equal(window.heatmap.image.image, np.array(expected))
    assert len(window.progress.curves) == 3  # progress and counts stay for every layer
    window.layer_list.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert window.data.agreement is None
    assert message_shown(window.heatmap) and message_shown(window.agreement_bars)
    assert "two or more" in window.summary.text()


def test_window_opens_on_chosen_layers_and_keeps_them_on_refresh(qtbot, ws):
    """`layers` preselects the compared layers; a refresh keeps the user's choice."""
    window = DashboardWindow(ws, layers=["bob", "carol"])
    qtbot.addWidget(window)
    assert window.chosen_layers() == ["bob", "carol"]
    window.refresh()
    assert window.chosen_layers() == ["bob", "carol"]
    assert window.heatmap.layer_names == ["bob", "carol"]


def test_empty_project_opens(qtbot):
    """A project without documents shows empty charts, never an error."""
    workspace = Workspace.open(None)
    window = open_dashboard(workspace)
    qtbot.addWidget(window)
    assert window.isVisible()
    for chart in (window.label_counts, window.progress, window.agreement_bars, window.heatmap):
        assert message_shown(chart)
    assert window.layer_list.count() == 0
    workspace.close()


def test_session_edits_refresh_the_window(qtbot, ws):
    """A committed edit, relayed by the session's `changed`, redraws the open window."""
    session = StandInSession(ws)
    window = DashboardWindow(ws, session=session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    ws.add_span("d1", *at("the report"), "ALLEGATION", layer="carol")
    qtbot.waitUntil(lambda: heights(window.label_counts.bars["carol"])[1] == 1, timeout=3000)


def test_new_layers_join_the_default_choice_but_not_a_users(qtbot, ws):
    """Until the user picks layers, a layer that appears is compared; after, it is not."""
    window = DashboardWindow(ws)
    qtbot.addWidget(window)
    ws.add_span("d1", *at("the report"), "ALLEGATION", layer="dave")
    window.refresh()
    assert window.chosen_layers() == ["alice", "bob", "carol", "dave"]
    window.layer_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    ws.add_span("d1", *at("the report"), "ALLEGATION", layer="erin")
    window.refresh()
    assert window.chosen_layers() == ["bob", "carol", "dave"]


def test_preview_workspace_has_two_differing_layers():
    """The `__main__` preview compares the sample's layer with a second, different one."""
    workspace = _preview_workspace()
    data = dashboard_data(workspace)
    assert set(data.layers) == {"example", "bob"}
    assert 0 < data.pair_matrix[0][1] < 1
    workspace.close()


# --- lazy import ----------------------------------------------------------------------------
def test_pyqtgraph_is_imported_only_with_the_dashboard():
    """Importing the UI (the main window if there is one) does not load pyqtgraph."""
    main = (
        "desktop.ui.app.main_window"
        if importlib.util.find_spec("desktop.ui.app.main_window") is not None
        else "desktop.ui"
    )
    code = (
        "import sys, importlib\n"
        f"importlib.import_module({main!r})\n"
        "assert 'pyqtgraph' not in sys.modules, 'pyqtgraph loaded by ' + " + repr(main) + "\n"
        "import desktop.ui.dashboard.dashboard\n"
        "assert 'pyqtgraph' in sys.modules\n"
    )
    root = Path(__file__).resolve().parents[3]
    path = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": path}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root, timeout=60
    )
    assert result.returncode == 0, result.stderr
