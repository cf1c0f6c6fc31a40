"""A three-layer review walked by keyboard: after every key, which item was decided, what gold
holds, and that the keys, layer names and colours on screen match."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.domain import Document
from desktop.ui.app.session import Session
from desktop.ui.review.review_panel import ReviewPanel
from desktop.ui.review.review_text import layer_palette
from desktop.workspace import Workspace

# RTL, a ZWJ family and CRLF before the annotated sentence: offsets are code points
TEXT = "مرحبا 👩‍👩‍👧\r\nRebels accused the army of shelling the village. The ministry denied it."
LAYERS = ["alice", "bob", "carol"]


def at(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


@pytest.fixture
def ws():
    """alice, bob and carol agree on the allegation and differ on the rest."""
    workspace = Workspace.open(None)
    workspace.set_annotator("dora")
    workspace.add_documents([Document("d1", TEXT)])

    def add(layer, fragment, label):
        (span_id,) = workspace.add_span("d1", *at(fragment), label, layer=layer).span_ids
        return span_id

    for layer in LAYERS:
        add(layer, "shelling the village", "ALLEGATION")
    add("alice", "accused", "EVIDENCE")
    add("alice", "the army", "ACTOR")
    add("alice", "The ministry", "ACTOR")
    add("bob", "the army", "EVIDENCE")
    for layer in ("bob", "carol"):
        shelling = next(s.id for s in workspace.spans("d1", layer) if s.label == "ALLEGATION")
        workspace.add_relation(shelling, add(layer, "Rebels", "ACTOR"), "accuser")
    add("carol", "the army", "ACTOR")
    add("carol", "The ministry", "ACTOR")
    yield workspace
    workspace.close()


@pytest.fixture
def panel(qtbot, ws):
    session = Session(ws)
    session.open_document("d1")
    widget = ReviewPanel(session)
    qtbot.addWidget(widget)
    widget.resize(620, 760)
    widget.show()
    qtbot.waitExposed(widget)
    widget.list_view.setFocus()
    return widget


ROWS = ["Rebels", "accused", "the army", "accuser", "The ministry"]


def state(panel: ReviewPanel) -> tuple[int, list[str]]:
    """The cursor's row and every row's decision."""
    rows = [panel.model.item(r) for r in range(panel.model.rowCount())]
    return panel.list_view.currentIndex().row(), [i.decided for i in rows if i is not None]


def gold(ws: Workspace) -> tuple[list[tuple[str, str]], list[str]]:
    """Gold's spans (text, label) and roles, sorted."""
    spans = sorted((TEXT[s.start : s.end], s.label) for s in ws.spans("d1", "gold"))
    return spans, sorted(r.label for r in ws.relations("d1", "gold"))


def key(qtbot, panel: ReviewPanel, name: str) -> None:
    qtbot.keyClick(panel.list_view, getattr(Qt.Key, f"Key_{name}"))


def shown_labels(widget) -> list[QLabel]:
    """The labels on screen inside `widget` (those being replaced are hidden first)."""
    return [w for w in widget.findChildren(QLabel) if w.isVisibleTo(widget)]


def screen_columns(panel: ReviewPanel) -> list[tuple[str, str]]:
    """The curation view's column headers as drawn (the label texts) with their colour."""
    headers = []
    for column in panel.curation.columns():
        texts = [w.text() for w in shown_labels(panel.curation)]
        assert f"{column.key}  {column.layer}" in texts
        headers.append((f"{column.key}  {column.layer}", column.color))
    return headers


def test_three_layer_walk_by_keyboard(qtbot, panel, ws):
    """1 on an absent layer decides nothing; b on a label conflict is refused; 3 takes carol's
    label; 2 takes bob's role and stops to name the span it also decided; x rejects; the walk
    going back to the top is announced; 1 finishes; gold holds exactly what was chosen."""
    assert panel.compared_layers() == LAYERS
    palette = layer_palette(LAYERS)
    assert len(set(palette.values())) == 3
    rows = [panel.model.data(panel.model.index(r)) for r in range(panel.model.rowCount())]
    priority = ["accuser", "The ministry", "the army", "accused", "Rebels"]
    assert [next(w for w in priority if w in row) for row in rows] == ROWS
    assert state(panel) == (0, ["open"] * 5)
    # the columns: key, layer name and the project's colour for each layer; absent greyed
    assert screen_columns(panel) == [(f"{n + 1}  {la}", palette[la]) for n, la in enumerate(LAYERS)]
    texts = [c.text for c in panel.curation.columns()]
    assert texts == ["absent", 'ACTOR "Rebels"', 'ACTOR "Rebels"']
    legend = [w.text() for w in shown_labels(panel.legend) if w.text()]
    assert legend[:3] == ["1 alice only", "2 bob only", "3 carol only"]
    alice_only = panel.model.index(1)
    assert panel.model.data(alice_only, Qt.ItemDataRole.DecorationRole).name() == palette["alice"]

    key(qtbot, panel, "1")  # alice has no Rebels: absent, nothing decided
    assert "alice does not have this item (absent)" in panel.status.text()
    assert state(panel) == (0, ["open"] * 5) and gold(ws) == ([], [])

    key(qtbot, panel, "J")
    key(qtbot, panel, "J")
    assert state(panel) == (2, ["open"] * 5)
    assert [c.text for c in panel.curation.columns()] == [
        'ACTOR "the army"',
        'EVIDENCE "the army"',
        'ACTOR "the army"',
    ]
    key(qtbot, panel, "B")  # accept both on a label conflict: refused
    assert "disagree on the label" in panel.status.text()
    assert state(panel) == (2, ["open"] * 5) and gold(ws) == ([], [])

    key(qtbot, panel, "3")  # carol's ACTOR; on to the next open item
    assert gold(ws) == ([("the army", "ACTOR")], [])
    assert state(panel) == (3, ["open", "open", "accepted", "open", "open"])

    key(qtbot, panel, "2")  # bob's accuser role: it also decides the Rebels span, so it stops
    assert gold(ws) == (
        [("Rebels", "ACTOR"), ("shelling the village", "ALLEGATION"), ("the army", "ACTOR")],
        ["accuser"],
    )
    assert state(panel) == (3, ["accepted", "open", "accepted", "accepted", "open"])
    assert 'also decided 1 other item(s): ACTOR "Rebels"' in panel.status.text()

    key(qtbot, panel, "J")
    assert state(panel)[0] == 4
    assert [c.text for c in panel.curation.columns()][1] == "absent"
    key(qtbot, panel, "X")  # reject the ministry; the only open item is above: said aloud
    assert state(panel) == (1, ["accepted", "open", "accepted", "accepted", "rejected"])
    assert "No open item below: back to item 2 of 5" in panel.status.text()
    assert len(gold(ws)[0]) == 3

    key(qtbot, panel, "1")  # alice's EVIDENCE on "accused"
    assert state(panel) == (1, ["accepted", "accepted", "accepted", "accepted", "rejected"])
    assert "Every item here is decided" in panel.status.text()
    assert gold(ws) == (
        [
            ("Rebels", "ACTOR"),
            ("accused", "EVIDENCE"),
            ("shelling the village", "ALLEGATION"),
            ("the army", "ACTOR"),
        ],
        ["accuser"],
    )


def test_colours_stay_with_the_layer_when_one_is_unticked(qtbot, panel):
    """Unticking carol leaves bob's colour and key as they were; the columns follow."""
    before = panel.layer_colors()
    panel.set_layers(["bob", "carol"])
    qtbot.waitUntil(lambda: len(shown_labels(panel.curation)) == 6)  # chip, name, text: twice
    assert panel.layer_colors() == before
    assert screen_columns(panel) == [("1  bob", before["bob"]), ("2  carol", before["carol"])]
    legend = [w.text() for w in shown_labels(panel.legend) if w.text()]
    assert legend[:2] == ["1 bob only", "2 carol only"]
