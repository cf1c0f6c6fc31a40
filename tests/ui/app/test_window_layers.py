"""Layers in the whole window: choosing one, read-only colleagues' layers, merging their work,
review mode into gold, exports of a layer, the dashboard, and the new shortcuts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QAction

from desktop.domain import Document
from desktop.ui.app import dialogs
from desktop.ui.app.actions import shortcut_text
from desktop.ui.app.dialogs import ShortcutsDialog
from desktop.workspace import Workspace, export_jsonl


def at(ws: Workspace, needle: str, doc_id: str = "d1") -> tuple[int, int]:
    start = ws.document(doc_id).text.index(needle)
    return start, start + len(needle)


def colleague_file(tmp_path: Path, ws: Workspace, change_d2: bool = False) -> Path:
    """carol's project with the same documents (d2's text changed if asked) and her spans."""
    path = tmp_path / "carol.gloss"
    other = Workspace.open(path, create=True)
    other.set_annotator("carol")
    documents = [ws.document(doc_id) for doc_id in ("d1", "d2", "d3")]
    if change_d2:
        documents[1] = Document("d2", documents[1].text + " Updated.", documents[1].title)
    other.add_documents(documents)
    other.add_span("d1", *at(ws, "Human Rights Watch"), "ACTOR")
    other.add_span("d1", *at(ws, "Azerbaijani forces"), "EVIDENCE")
    other.add_span("d1", *at(ws, "Armenian troops"), "ACTOR")
    other.add_span("d2", 0, 7, "ACTOR")
    other.close()
    return path


@pytest.fixture
def shown(monkeypatch):
    """Dialogs recorded instead of shown: ("error" | "report", title, text)."""
    seen: list[tuple[str, ...]] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, *a: seen.append(("error", *a)))
    monkeypatch.setattr(dialogs, "show_report", lambda _p, *a: seen.append(("report", *a)))
    return seen


@pytest.fixture
def merged(window, tmp_path, shown):
    """The window after merging carol's work; the annotator has two spans of their own."""
    ws = window.session.workspace
    ws.add_span("d1", *at(ws, "Human Rights Watch"), "ACTOR")
    ws.add_span("d1", *at(ws, "Azerbaijani forces"), "ACTOR")
    report = window.transfer.merge_files([colleague_file(tmp_path, ws)])
    assert report is not None and not report.refused_documents
    return window


def choose_layer(window, name: str) -> None:
    """Pick a layer in the toolbar's combo box, as the user does."""
    combo = window.layer_picker.combo
    index = combo.findData(name)
    assert index >= 0, name
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_merge_reports_in_the_status_bar_and_lists_refused_documents(window, tmp_path, shown):
    """A colleague's file merges as a read-only layer; a document whose text differs is refused
    and named in a plain-text dialog."""
    ws = window.session.workspace
    report = window.transfer.merge_files([colleague_file(tmp_path, ws, change_d2=True)])
    assert window.status.currentMessage() == str(report)
    assert report.refused_documents == ["d2"]
    ((kind, title, summary, details),) = shown
    assert (kind, title, details) == ("report", "Documents refused", "d2")
    assert "text differs" in summary
    assert ws._project.layers.get("carol").read_only
    assert window.layer_picker.layers() == ["tester", "carol", "gold"]
    assert window.layer_picker.combo.itemText(1) == "carol (read-only)"


def test_a_merge_that_fails_says_why_in_a_dialog(window, tmp_path, shown):
    """A missing file imports nothing and the error dialog names it."""
    assert window.transfer.merge_files([tmp_path / "missing.gloss"]) is None
    ((kind, title, text),) = shown
    assert (kind, title) == ("error", "Merge failed") and "missing.gloss" in text


def test_switching_to_a_colleagues_layer_shows_it_and_refuses_edits(merged, press, select):
    """The view, inspector and frames follow the chosen layer; labeling, deleting and
    linking in a read-only layer change nothing and say why."""
    window, ws = merged, merged.session.workspace
    before = window.status.indicator.text()
    choose_layer(window, "carol")
    assert window.session.layer == "carol"
    shown = sorted((s.start, s.label) for s in window.article.view.spans())
    assert shown == sorted((s.start, s.label) for s in ws.spans("d1", "carol"))
    assert window.status.layer_note.text() == "Layer: carol (read-only)"
    assert window.frames.layer() == "carol"
    select(window, "Wednesday")
    press(window, "A")
    assert len(ws.spans("d1", "carol")) == 3
    assert "read-only" in window.status.currentMessage()
    assert window.status.indicator.text() == before
    span = ws.spans("d1", "carol")[0]
    window.session.select_span(span.id)
    assert not any(editor.isEnabled() for editor in window.inspector.editors.values())
    press(window, "Del")
    assert ws._project.spans.get(span.id) is not None
    press(window, "G")
    assert not window.link_mode.active
    choose_layer(window, "tester")
    assert {s.label for s in window.article.view.spans()} == {"ACTOR"}
    assert window.status.layer_note.isHidden()


def test_the_gold_layer_is_editable_from_the_picker(merged, press, select):
    """Labeling in gold adds a gold span, and undo takes it back."""
    window, ws = merged, merged.session.workspace
    choose_layer(window, "gold")
    assert window.article.view.spans() == []
    select(window, "Armenian troops")
    press(window, "A")
    assert [s.layer for s in ws.spans("d1", "gold")] == ["gold"]
    assert window.status.indicator.text() == "Saved"
    press(window, "Ctrl+Z")
    assert ws.spans("d1", "gold") == []


def test_review_mode_walk_accept_into_gold_and_export(merged, press, tmp_path):
    """Ctrl+R shows the comparison; j walks and reveals each item; 1 and 2 accept a layer's
    version into gold; gold exports alone; Ctrl+R returns to the annotator's layer."""
    window, ws = merged, merged.session.workspace
    press(window, "Ctrl+R")
    review, view = window.review, window.article.view
    assert window.review_dock.isVisible() and not window.side.isVisible()
    assert not window.gloss_actions.link.isEnabled()
    labels = {s.label for s in view.spans()}
    assert labels == {
        "agreed: ACTOR",
        "tester only: ACTOR",
        "carol only: EVIDENCE",
        "carol only: ACTOR",
    }
    assert review.list_view.hasFocus()
    first = review.current_item()
    assert view.revealed() == (first.start, first.end)
    assert not view.textCursor().hasSelection()
    press(window, "J")
    second = review.current_item()
    assert second.key != first.key and view.revealed() == (second.start, second.end)
    press(window, "A")  # a label key: refused while reviewing
    assert "Review mode" in window.status.currentMessage()
    press(window, "U")  # the agreed items (Human Rights Watch)
    for row in range(review.model.rowCount()):
        item = review.model.item(row)
        review.list_view.setCurrentIndex(review.model.index(row))
        wanted = "tester" if item.version("tester") is not None else "carol"
        press(window, str(item.layers.index(wanted) + 1))  # tester's label, else carol's
    gold = {(s.start, s.end, s.label) for s in ws.spans("d1", "gold")}
    assert gold == {
        (*at(ws, "Human Rights Watch"), "ACTOR"),
        (*at(ws, "Azerbaijani forces"), "ACTOR"),
        (*at(ws, "Armenian troops"), "ACTOR"),
    }
    assert "0 open" in review.status.text()
    out = tmp_path / "gold.jsonl"
    assert window.transfer.export_to(out, "jsonl", layer="gold") == 1
    again = tmp_path / "gold-again.jsonl"
    assert export_jsonl(ws, again, layer="gold") == 1
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {(s["start"], s["end"], s["label"]) for s in record["spans"]} == gold
    assert {s["text"] for s in record["spans"]} >= {"Human Rights Watch"}
    press(window, "Ctrl+R")
    assert not window.review_dock.isVisible() and window.side.isVisible()
    assert {s.id for s in view.spans()} == {s.id for s in ws.spans("d1", "tester")}
    assert view.revealed() is None


def test_edit_in_gold_leaves_review_on_the_gold_layer(merged, press, select):
    """e on an item switches to the gold layer, reveals the range, and labels go to gold."""
    window, ws = merged, merged.session.workspace
    press(window, "Ctrl+R")
    item = window.review.current_item()
    press(window, "E")
    assert not window.review_mode.active and window.session.layer == "gold"
    assert window.article.view.revealed() == (item.start, item.end)
    assert window.layer_picker.combo.currentData() == "gold"
    select(window, "Armenian troops")
    window.article.setFocus()
    press(window, "A")
    assert [s.label for s in ws.spans("d1", "gold")] == ["ACTOR"]


def test_export_offers_frames_and_actors(window, tmp_path):
    """The export formats: native JSONL, frames and actors, each through export_to."""
    ws = window.session.workspace
    (allegation,) = ws.add_span(
        "d1", *at(ws, "brutalizing some Armenian troops"), "ALLEGATION"
    ).span_ids
    (actor,) = ws.add_span("d1", *at(ws, "Human Rights Watch"), "ACTOR").span_ids
    ws.add_relation(allegation, actor, "accuser")
    ws.add_actor("Human Rights Watch", "NGO or IGO")
    assert window.transfer.export_to(tmp_path / "f.jsonl", "frames") == 1
    assert window.transfer.export_to(tmp_path / "a.jsonl", "actors") == 1
    assert window.status.currentMessage() == f"Exported 1 line(s) to {tmp_path / 'a.jsonl'}"
    frame = json.loads((tmp_path / "f.jsonl").read_text(encoding="utf-8"))
    assert "accuser" in json.dumps(frame)


def test_the_dashboard_opens_once(window, press):
    """Ctrl+Shift+B opens the dashboard; again, the same window comes to the front."""
    press(window, "Ctrl+Shift+B")
    first = window.views.dashboard
    assert first is not None and first.isVisible()
    first.close()
    window.gloss_actions.dashboard.trigger()
    assert window.views.dashboard is first and first.isVisible()
    window.close()
    assert not first.isVisible()


def test_pyqtgraph_loads_only_when_the_dashboard_opens():
    """The whole window runs without pyqtgraph; the Dashboard action imports it."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from desktop.ui.app.main_window import MainWindow\n"
        "from desktop.ui.app.session import Session\n"
        "from desktop.workspace import Workspace\n"
        "window = MainWindow(Session(Workspace.open(None)), persist=False)\n"
        "window.show()\n"
        "assert 'pyqtgraph' not in sys.modules\n"
        "window.gloss_actions.dashboard.trigger()\n"
        "assert 'pyqtgraph' in sys.modules and window.views.dashboard.isVisible()\n"
    )
    root = Path(__file__).resolve().parents[3]
    path = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": path}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_new_actions_are_listed_with_their_keys(window, qtbot):
    """Link, layer, review, dim, frames, actors and dashboard appear in the shortcuts window;
    the only plain letter keys are the label hotkeys, j/k and g."""
    dialog = ShortcutsDialog(window.gloss_actions.all(), window)
    qtbot.addWidget(dialog)
    rows = set(dialog.rows())
    assert {
        ("Link", "G, Ctrl+L"),
        ("Choose layer", "Ctrl+Shift+L"),
        ("Review mode", "Ctrl+R"),
        ("Dim unrelated spans", "Ctrl+Shift+D"),
        ("Frames", "Ctrl+Shift+T"),
        ("Actors", "Ctrl+Shift+A"),
        ("Dashboard", "Ctrl+Shift+B"),
    } <= rows
    letters = {
        s.toString()
        for a in window.findChildren(QAction)
        for s in a.shortcuts()
        if len(s.toString()) == 1 and s.toString().isalpha()
    }
    assert letters == {"A", "L", "R", "E", "J", "K", "G"}
    assert shortcut_text(window.gloss_actions.export) == "Ctrl+E"


def test_the_export_action_asks_format_and_layer(window, tmp_path, monkeypatch):
    """File > Export: the dialog's format and layer decide what is written, and where the
    suggested file name comes from."""
    ws = window.session.workspace
    ws.add_span("d1", *at(ws, "Human Rights Watch"), "ACTOR")
    ws.add_span("d1", *at(ws, "Azerbaijani forces"), "ACTOR", layer="bob")
    suggested = []

    def choose(dialog) -> int:
        assert [dialog.format.itemData(i) for i in range(dialog.format.count())] == [
            "jsonl",
            "frames",
            "actors",
            "doccano",
            "labelstudio",
            "brat",
            "conll",
            "prodigy",
            "xmi",
            "qdpx",
            "spacy",
        ]
        dialog.layer.setCurrentIndex(dialog.layer.findData("bob"))
        return 1

    def where(_parent, suggestion, _filter):
        suggested.append(suggestion)
        return tmp_path / "bob.jsonl"

    monkeypatch.setattr(dialogs.ExportDialog, "exec", choose)
    monkeypatch.setattr(dialogs, "ask_export_path", where)
    window.gloss_actions.export.trigger()
    window.tasks.wait_finished()  # the export runs off the UI thread
    assert suggested == ["export.bob.jsonl"]
    (record,) = [json.loads(x) for x in (tmp_path / "bob.jsonl").read_text().splitlines()]
    assert [s["text"] for s in record["spans"]] == ["Azerbaijani forces"]


def test_taking_over_a_colleagues_layer_from_the_view_menu(merged, monkeypatch):
    """View > Take over this layer is on only for a read-only colleague's layer; after the
    confirmation the layer takes edits here, and the action turns off again."""
    window = merged
    session, action = window.session, window.gloss_actions.take_over_layer
    assert not action.isEnabled()  # the annotator's own layer
    menus = [m.menu() for m in window.menuBar().actions() if m.menu()]
    assert any(action in menu.actions() for menu in menus)
    session.set_layer("carol")
    assert action.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_confirm", lambda _p, title, *a: asked.append(title) or False)
    action.trigger()  # declined: nothing changes
    assert asked == ["Take over layer"] and session.layer_read_only("carol")
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *_a: True)
    ws = session.workspace
    before = len(ws.spans("d1", "carol"))
    action.trigger()
    assert not session.layer_read_only("carol") and not action.isEnabled()
    ws.add_span("d1", *at(ws, "Armenian"), "ACTOR", layer="carol")
    assert len(ws.spans("d1", "carol")) == before + 1
