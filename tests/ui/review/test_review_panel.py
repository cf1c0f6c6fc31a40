"""ReviewPanel on a real workspace: walk disagreements with the keyboard, build gold, export."""

from __future__ import annotations

import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt

from desktop.domain import Document
from desktop.ui.app.session import Session
from desktop.ui.review.review_model import ITEM_ROLE, ReviewItemListModel
from desktop.ui.review.review_panel import ReviewPanel
from desktop.workspace import Workspace, export_jsonl
from desktop.workspace.adjudication import review_items

TEXT = "Rebels accused the army of shelling the village. The ministry denied the report."
SECOND = "Witnesses said the army shelled the market."
DISPLAY = Qt.ItemDataRole.DisplayRole


def at(fragment: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def build(ws: Workspace) -> None:
    """alice and bob agree on Rebels, the allegation and its accuser, and differ on the rest."""
    ws.add_documents([Document("d1", TEXT), Document("d2", SECOND)])

    def add(layer, fragment, label, doc="d1", **attrs):
        text = TEXT if doc == "d1" else SECOND
        (span_id,) = ws.add_span(doc, *at(fragment, text), label, attrs=attrs, layer=layer).span_ids
        return span_id

    a_rebels = add("alice", "Rebels", "ACTOR")
    a_shell = add("alice", "shelling the village", "ALLEGATION", category="killing")
    a_army = add("alice", "the army", "ACTOR")
    add("alice", "The ministry", "ACTOR")
    ws.add_relation(a_shell, a_rebels, "accuser")
    ws.add_relation(a_shell, a_army, "accused")
    b_rebels = add("bob", "Rebels", "ACTOR")
    b_shell = add("bob", "shelling the village", "ALLEGATION", category="war crime")
    add("bob", "the army", "EVIDENCE")
    b_village = add("bob", "the village", "ACTOR")
    ws.add_relation(b_shell, b_rebels, "accuser")
    ws.add_relation(b_shell, b_village, "victim")
    add("alice", "the army", "ACTOR", doc="d2")
    add("bob", "the army", "ACTOR", doc="d2")


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "review.gloss"
    ws = Workspace.open(path, create=True)
    ws.set_annotator("carol")
    build(ws)
    yield path, ws
    ws.close()


@pytest.fixture
def panel(qtbot, project):
    _, ws = project
    session = Session(ws)
    session.open_document("d1")
    widget = ReviewPanel(session)
    qtbot.addWidget(widget)
    widget.resize(520, 640)
    widget.show()
    qtbot.waitExposed(widget)
    widget.list_view.setFocus()
    return widget


def shown(panel: ReviewPanel) -> list[str]:
    model = panel.model
    return [model.data(model.index(row), DISPLAY) for row in range(model.rowCount())]


def current(panel: ReviewPanel) -> str:
    return panel.model.data(panel.list_view.currentIndex(), DISPLAY)


def press(qtbot, panel: ReviewPanel, *keys, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    for key in keys:
        qtbot.keyClick(panel.list_view, key, modifier)


def test_model_shows_decisions_distinctly(project):
    """Rows carry a decision mark; decided rows are grey, rejected ones struck through."""
    _, ws = project
    items = review_items(ws, "d1", ["alice", "bob"])
    model = ReviewItemListModel()
    model.set_rows(items, TEXT)
    assert model.rowCount() == len(items) == 9
    first = model.index(0)
    assert model.data(first, DISPLAY) == '• ACTOR "Rebels": agreed'
    assert model.data(first, ITEM_ROLE) is items[0]
    assert model.data(first, Qt.ItemDataRole.ForegroundRole) is None
    from dataclasses import replace

    model.set_rows([replace(items[0], decided="rejected"), replace(items[1], decided="accepted")])
    assert model.data(model.index(0), DISPLAY).startswith("✗ ")
    assert model.data(model.index(0), Qt.ItemDataRole.FontRole).strikeOut()
    assert model.data(model.index(1), DISPLAY).startswith("✓ ")
    assert model.data(model.index(1), Qt.ItemDataRole.ForegroundRole) is not None
    tooltip = model.data(model.index(1), Qt.ItemDataRole.ToolTipRole)
    assert "alice: ACTOR" in tooltip and "bob: EVIDENCE" in tooltip


def test_keyboard_walk_builds_gold_that_exports(qtbot, panel, project, tmp_path):
    """j/k walk, 1/2 accept a layer, x rejects, b accepts all, u and Ctrl+Shift+U take the
    agreed items; the gold layer exports and is in the project file after reopening."""
    path, ws = project
    assert panel.compared_layers() == ["alice", "bob"] and panel.gold_layer() == "gold"
    assert [row.split(":")[0] for row in shown(panel)] == [
        '• "the army"',
        '• category of ALLEGATION "shelling the village"',
        "• accused",
        "• victim",
        '• ACTOR "the village"',
        '• ACTOR "The ministry"',
    ]
    with qtbot.waitSignal(panel.item_selected) as selected:
        press(qtbot, panel, Qt.Key.Key_J)
    assert selected.args == ["d1", *at("shelling the village")]
    press(qtbot, panel, Qt.Key.Key_K, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Up)
    assert current(panel).startswith("• category")
    press(qtbot, panel, Qt.Key.Key_K)
    assert current(panel).startswith('• "the army"')

    press(qtbot, panel, Qt.Key.Key_1)  # alice's label; the cursor moves to the next open item
    assert shown(panel)[0] == '✓ "the army": alice ACTOR vs bob EVIDENCE'
    assert current(panel).startswith("• category")
    press(qtbot, panel, Qt.Key.Key_2)  # bob's category
    assert current(panel).startswith("• accused")
    press(qtbot, panel, Qt.Key.Key_J, Qt.Key.Key_K, Qt.Key.Key_1)  # alice's accused role
    assert current(panel).startswith("• victim")
    press(qtbot, panel, Qt.Key.Key_X)  # reject bob's victim role
    assert shown(panel)[3].startswith("✗ victim")
    press(qtbot, panel, Qt.Key.Key_2, Qt.Key.Key_B)  # bob's village, then "both" on the ministry
    assert all(not row.startswith("•") for row in shown(panel))
    with qtbot.waitSignal(panel.edit_in_gold_requested) as edit:
        press(qtbot, panel, Qt.Key.Key_E)
    assert edit.args == ["d1", *at("The ministry")]

    press(qtbot, panel, Qt.Key.Key_U)
    assert "Accept 2 unanimous item(s) in this document" in panel.status.text()
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(qtbot, panel, Qt.Key.Key_U, modifier=both)
    assert "Accept 1 unanimous item(s) in the project" in panel.status.text()
    assert [(s.label, s.attrs) for s in ws.spans("d2", "gold")] == [("ACTOR", {})]

    gold = {(s.start, s.end): s for s in ws.spans("d1", "gold")}
    assert {k: s.label for k, s in gold.items()} == {
        at("Rebels"): "ACTOR",
        at("the army"): "ACTOR",
        at("shelling the village"): "ALLEGATION",
        at("the village"): "ACTOR",
        at("The ministry"): "ACTOR",
    }
    assert gold[at("shelling the village")].attrs == {"category": "war crime"}
    assert sorted(r.label for r in ws.relations("d1", "gold")) == ["accused", "accuser"]

    out = tmp_path / "gold.jsonl"
    assert export_jsonl(ws, out, layer="gold") == 2
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert {r["layer"] for r in records.values()} == {"gold"}
    assert sorted(s["text"] for s in records["d1"]["spans"]) == sorted(
        ["Rebels", "the army", "shelling the village", "the village", "The ministry"]
    )

    ws.close()
    reopened = Workspace.open(path)
    try:
        assert len(reopened.spans("d1", "gold")) == 5 and len(reopened.spans("d2", "gold")) == 1
        decided = {
            i.name: i.decided
            for i in review_items(reopened, "d1", ["alice", "bob"])
            if i.kind == "role"
        }
        assert decided["victim"] == "rejected" and decided["accuser"] == "accepted"
    finally:
        reopened.close()


def test_undo_elsewhere_reopens_the_item(qtbot, panel, project):
    """The panel refreshes from the broadcast: an undo from the window reopens the decision."""
    _, ws = project
    press(qtbot, panel, Qt.Key.Key_1)
    assert shown(panel)[0].startswith("✓")
    ws.undo(initiator="window")
    assert shown(panel)[0].startswith("•") and ws.spans("d1", "gold") == []
    ws.add_span("d1", *at("the report"), "EVIDENCE", layer="alice")
    assert shown(panel)[-1] == '• EVIDENCE "the report": alice only'


def test_layer_pickers_choose_what_is_compared(qtbot, panel, project):
    """Unchecking bob leaves alice's spans as agreed; showing agreed items lists them."""
    _, ws = project
    panel.set_layers(["alice"])
    assert shown(panel) == []
    panel.show_agreed.setChecked(True)
    assert len(shown(panel)) == 6 and all("agreed" in row for row in shown(panel))
    panel.set_layers(["alice", "bob"])
    press(qtbot, panel, Qt.Key.Key_3)
    assert "There is no layer 3" in panel.status.text()
    spans, colors = panel.article_spans()
    assert {s.label for s in spans} >= {"agreed: ACTOR", "alice only: ACTOR", "bob only: ACTOR"}
    assert colors["agreed: ACTOR"] == ws.schema.span_label("ACTOR").color


def test_a_read_only_gold_layer_is_refused_with_a_message(qtbot, panel, project):
    """Deciding into a colleague's read-only layer leaves the project unchanged and says why."""
    _, ws = project
    failures = []
    panel._session.edit_failed.connect(failures.append)
    panel.set_layers(["alice"], gold="bob")
    ws._project.layers.set_read_only("bob", True)
    panel.show_agreed.setChecked(True)
    press(qtbot, panel, Qt.Key.Key_1)
    assert "read-only" in panel.status.text() and failures == [panel.status.text()]
    assert ws.can_undo() == "Add ACTOR" and ws.spans("d1", "bob")[0].layer == "bob"


def test_opening_another_document_lists_its_items(qtbot, panel, project):
    """document_opened switches the list to that document."""
    panel.show_agreed.setChecked(True)
    panel._session.open_document("d2")
    assert shown(panel) == ['• ACTOR "the army": agreed']
    panel._session.open_document(None)
    assert shown(panel) == []


def test_a_layer_made_by_a_first_edit_joins_the_comparison(qapp, project):
    """A layer that a span creates (no layers flag in the change) appears in the picker."""
    _path, ws = project
    session = Session(ws)
    panel = ReviewPanel(session)
    session.open_document("d1")
    assert "dave" not in panel.compared_layers()
    ws.add_span("d1", *at("Rebels"), "ACTOR", layer="dave")
    assert "dave" in panel.compared_layers()
    panel.deleteLater()
