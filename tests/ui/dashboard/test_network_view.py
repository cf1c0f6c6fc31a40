"""The actor network window: layout off the UI thread, clicking a node and an edge, export."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, Qt

from desktop.domain.resources import seeds_dir
from desktop.ui.dashboard.network_view import NetworkWindow, segment_distance
from desktop.workspace import Workspace, import_paths


def open_sample(qtbot):
    ws = Workspace.open(None)
    import_paths(ws, [seeds_dir() / "hrw-azerbaijan-pows.jsonl"])
    window = NetworkWindow(ws, layer="example")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(window.positions), timeout=10000)
    return ws, window


def ids_by_name(window) -> dict[str, str]:
    return {d["name"]: n for n, d in window.graph.nodes(data=True)}


def click(qtbot, window, scene_point: QPointF) -> None:
    view_point = window.plot.mapFromScene(scene_point)
    qtbot.mouseClick(window.plot.viewport(), Qt.MouseButton.LeftButton, pos=view_point)


def test_clicking_a_node_emits_the_actor(qtbot):
    """A click on Human Rights Watch's disc emits its id and name."""
    _, window = open_sample(qtbot)
    hrw = ids_by_name(window)["Human Rights Watch"]
    with qtbot.waitSignal(window.actor_clicked, timeout=2000) as signal:
        click(qtbot, window, window.node_scene_pos(hrw))
    assert signal.args == [hrw, "Human Rights Watch"]
    assert window.selected_node == hrw


def test_clicking_an_edge_lists_its_allegations(qtbot):
    """A click halfway along HRW -> Azerbaijani forces lists its two allegations."""
    ws, window = open_sample(qtbot)
    names = ids_by_name(window)
    hrw, forces = names["Human Rights Watch"], names["Azerbaijani forces"]
    a, b = window.node_scene_pos(hrw), window.node_scene_pos(forces)
    click(qtbot, window, (a + b) / 2)
    assert window.selected_edge == (hrw, forces)
    texts = [window.allegations.item(i).text() for i in range(window.allegations.count())]
    assert len(texts) == 2 and texts[0].startswith("hrw-azerbaijan-pows: brutalizing")
    with qtbot.waitSignal(window.allegation_activated) as signal:
        window.allegations.itemActivated.emit(window.allegations.item(0))
    doc_id, span_id = signal.args
    assert ws.span(span_id).label == "ALLEGATION" and doc_id == "hrw-azerbaijan-pows"


def test_kind_picker_and_export(qtbot, tmp_path):
    """Switching to the responses network relays out; PNG and SVG files are written."""
    _, window = open_sample(qtbot)
    with qtbot.waitSignal(window.layout_finished, timeout=10000):
        window.set_kind("responses")
    assert window.graph.graph["kind"] == "responses"
    assert window.graph.number_of_edges() == 3
    window.export_png(str(tmp_path / "n.png"))
    window.export_svg(str(tmp_path / "n.svg"))
    assert (tmp_path / "n.png").stat().st_size > 1000
    assert "<svg" in (tmp_path / "n.svg").read_text(encoding="utf-8")


def test_segment_distance():
    """Point-to-segment distance clamps to the ends."""
    assert segment_distance((0, 1), (-1, 0), (1, 0)) == 1
    assert segment_distance((3, 0), (-1, 0), (1, 0)) == 2


def test_node_click_filters_the_frames_table_and_edge_jumps(qtbot):
    """In the real window: a node click filters the frames table to the actor; activating
    an edge's allegation opens its document with the allegation selected."""
    from desktop.ui.app.session import Session
    from tests.ui.conftest import show_window

    ws = Workspace.open(None)
    import_paths(ws, [seeds_dir() / "hrw-azerbaijan-pows.jsonl"])
    ws.set_annotator("example")
    session = Session(ws)
    main = show_window(qtbot, session)
    main.frames_dock.show()
    network = main.views.open_dashboard().open_network()
    qtbot.waitUntil(lambda: bool(network.positions), timeout=10000)
    names = ids_by_name(network)
    click(qtbot, network, network.node_scene_pos(names["Hugh Williamson"]))
    frames = main.frames
    assert frames.whole_project and frames.actor_filter.text() == "Hugh Williamson"
    assert frames.proxy.rowCount() == 1
    network.select_edge((names["Human Rights Watch"], names["Azerbaijani forces"]))
    item = network.allegations.item(1)
    network.allegations.itemActivated.emit(item)
    _, span_id = item.data(Qt.ItemDataRole.UserRole)
    assert session.doc_id == "hrw-azerbaijan-pows" and session.selected_span_id == span_id
    session.close()


def test_node_colors_follow_the_palette():
    """Each actor kind has a light and a dark colour; unknown kinds fall back to other."""
    from desktop.ui.dashboard.network_view import KIND_COLORS, node_color

    for kind, (light, dark) in KIND_COLORS.items():
        assert node_color(kind, False).name() == light
        assert node_color(kind, True).name() == dark
    assert node_color("martians", False).name() == KIND_COLORS["other"][0]


def test_follows_edits_in_the_session(qtbot):
    """Merging Hugh Williamson into Human Rights Watch redraws the view without him."""
    from desktop.ui.app.session import Session
    from desktop.workspace import merge_actors

    ws = Workspace.open(None)
    import_paths(ws, [seeds_dir() / "hrw-azerbaijan-pows.jsonl"])
    session = Session(ws)
    window = NetworkWindow(ws, session=session, layer="example")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(window.positions), timeout=10000)
    names = ids_by_name(window)
    session.edit(lambda: merge_actors(ws, names["Human Rights Watch"], names["Hugh Williamson"]))
    qtbot.waitUntil(lambda: "Hugh Williamson" not in ids_by_name(window), timeout=10000)
    edge = window.graph.edges[names["Human Rights Watch"], names["Azerbaijan"]]
    assert edge["weight"] == 1
    session.close()
