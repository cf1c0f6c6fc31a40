"""FramesPanel and FramesTableModel against the project and against `export_frames`."""

from __future__ import annotations

import io

import orjson
import pytest
from PySide6.QtCore import Qt

from desktop.domain import Document
from desktop.domain.resources import seeds_dir
from desktop.ui.app.session import Session
from desktop.ui.panels.frames_panel import COLUMNS, FRAME_ROLE, FramesPanel, FramesTableModel
from desktop.workspace import Workspace, export_frames, frames, import_paths

SAMPLE = seeds_dir() / "hrw-azerbaijan-pows.jsonl"
LAYER = "example"
SECOND = "Police beat protesters, the ombudsman said. The ministry denied it."


@pytest.fixture
def sample_session(qapp):
    """The annotated sample imported, the local annotator working in its layer."""
    ws = Workspace.open(None)
    import_paths(ws, [SAMPLE])
    ws.set_annotator(LAYER)
    session = Session(ws)
    session.open_document(ws._project.documents.first_id())
    yield session
    session.close()


@pytest.fixture
def panel(qtbot, sample_session):
    widget = FramesPanel(sample_session)
    qtbot.addWidget(widget)
    widget.resize(1000, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def rows(model) -> list[list[str]]:
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def party(p: dict) -> str:
    return p["actor"] or " ".join(p["span"]["text"].split())


def record_cells(record: dict, title: str) -> list[str]:
    """The cells a frames-export record should show, computed from the JSON alone."""
    responses = "; ".join(
        f"{r['stance'] or 'no stance'}: {', '.join(party(p) for p in r['respondents']) or '—'}"
        for r in record["responses"]
    )
    return [
        " ".join(record["allegation"]["text"].split()),
        record["category"] or "",
        record["status"] or "",
        "; ".join(party(p) for p in record["accusers"]),
        "; ".join(party(p) for p in record["accused"]),
        "; ".join(party(p) for p in record["victims"]),
        "; ".join(" ".join(s["text"].split()) for s in record["evidence"]),
        responses,
        title,
    ]


def add_second_document(ws: Workspace) -> str:
    """A second document with one frame: police (accused) beat protesters, ministry denies."""
    ws.add_documents([Document("d2", SECOND, "Second")])

    def span(needle: str, label: str, **attrs) -> str:
        start = SECOND.index(needle)
        (span_id,) = ws.add_span("d2", start, start + len(needle), label, attrs=attrs).span_ids
        return span_id

    allegation = span("Police beat protesters", "ALLEGATION", category="torture")
    ws.add_relation(allegation, span("Police", "ACTOR"), "accused")
    ws.add_relation(allegation, span("ombudsman", "ACTOR"), "accuser")
    response = span("denied it", "RESPONSE", stance="deny")
    ws.add_relation(response, allegation, "responds_to")
    ws.add_relation(response, span("The ministry", "ACTOR"), "respondent")
    return allegation


def test_model_shows_canonical_names_or_span_text(qapp, sample_session):
    """A passive model: rows from frames(), canonical names for linked parties."""
    ws = sample_session.workspace
    model = FramesTableModel()
    model.set_rows(list(frames(ws, layer=LAYER)))
    assert model.columnCount() == len(COLUMNS)
    first = rows(model)[0]
    assert first[0] == "brutalizing some Armenian troops captured in the conflict"
    assert first[1:6] == [
        "abuse or mistreatment",
        "asserted",
        "Human Rights Watch",
        "Azerbaijani forces",
        "Armenian POWs",  # the span says "Armenian troops": linked to the canonical actor
    ]
    assert first[7] == (
        "promise investigation: Azerbaijan; promise investigation: Hikmat Hajiyev;"
        " regret or apologize: Hikmat Hajiyev"
    )
    assert model.index(0, 0).data(FRAME_ROLE).allegation.layer == LAYER
    assert model.headerData(7, Qt.Orientation.Horizontal) == "Responses"


def test_panel_matches_the_frames_export(panel, sample_session):
    """Every exported frame record is one row of the panel, cell for cell, in order."""
    ws = sample_session.workspace
    add_second_document(ws)
    panel.set_whole_project(True)
    out = io.BytesIO()
    export_frames(ws, out, layer=LAYER)
    records = [orjson.loads(line) for line in out.getvalue().splitlines()]
    titles = {d: ws.document(d).display_title for d in ws._project.documents.ids()}
    assert len(records) == 6
    assert rows(panel.model) == [record_cells(r, titles[r["doc_id"]]) for r in records]


def test_scope_is_the_open_document_or_the_project(panel, sample_session):
    """This document: the sample's five allegations; whole project: six."""
    add_second_document(sample_session.workspace)
    assert panel.model.rowCount() == 5
    panel.set_whole_project(True)
    assert panel.model.rowCount() == 6
    panel.set_whole_project(False)
    sample_session.open_document("d2")
    assert rows(panel.model)[0][:2] == ["Police beat protesters", "torture"]


def test_filters_by_actor_category_and_stance(panel, sample_session):
    """Actor text matches canonical names and span texts; category and stance are exact."""
    panel.actor_filter.setText("hajiyev")
    assert [r[0] for r in rows(panel.proxy)] == [
        "brutalizing some Armenian troops captured in the conflict"
    ]
    panel.actor_filter.setText("rights group")  # a span's own text, linked to HRW
    assert panel.proxy.rowCount() == 1
    panel.actor_filter.setText("Human Rights Watch")
    assert panel.proxy.rowCount() == 4
    assert panel.count.text() == "4 of 5"
    panel.actor_filter.clear()
    panel.stance.setCurrentIndex(panel.stance.findData("regret or apologize"))
    assert panel.proxy.rowCount() == 1
    panel.stance.setCurrentIndex(0)
    panel.category.setCurrentIndex(panel.category.findData("torture"))
    assert panel.proxy.rowCount() == 0
    panel.category.setCurrentIndex(panel.category.findData("abuse or mistreatment"))
    assert panel.proxy.rowCount() == 5


def test_sorting_by_a_column(panel):
    """Clicking a header sorts the rows by that column's text."""
    panel.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    texts = [r[0] for r in rows(panel.proxy)]
    assert texts == sorted(texts, key=str.casefold)


def test_a_click_jumps_to_the_allegation(qtbot, panel, sample_session):
    """Clicking a row emits its document and allegation span."""
    frame = panel.model.index(1, 0).data(FRAME_ROLE)
    rect = panel.table.visualRect(panel.proxy.index(1, 3))
    with qtbot.waitSignal(panel.allegation_activated) as signal:
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [frame.document.id, frame.allegation.id]


def test_rows_follow_edits_undo_and_redo(panel, sample_session):
    """Removing a role, undoing and redoing it: the table shows the project each time."""
    ws = sample_session.workspace
    first = panel.model.index(0, 0).data(FRAME_ROLE)
    accuser = next(r for r in ws.relations(first.document.id) if r.head_id == first.allegation.id)
    assert accuser.label == "accuser"
    panel.select_allegation(first.allegation.id)
    ws.remove_relation(accuser.id)
    assert rows(panel.model)[0][3] == ""
    assert panel.selected_allegation_id() == first.allegation.id  # the selection survives
    ws.undo()
    assert rows(panel.model)[0][3] == "Human Rights Watch"
    ws.redo()
    assert rows(panel.model)[0][3] == ""


def test_renaming_an_actor_renames_it_in_the_table(panel, sample_session):
    """Parties show the registry's current name."""
    ws = sample_session.workspace
    hrw = next(a for a in ws.actors() if a.name == "Human Rights Watch")
    ws.update_actor(hrw.id, name="HRW (Human Rights Watch)")
    assert rows(panel.model)[0][3] == "HRW (Human Rights Watch)"


def test_a_hidden_panel_catches_up_when_shown(qtbot, panel, sample_session):
    """Edits while hidden are read when the panel shows again."""
    panel.hide()
    add_second_document(sample_session.workspace)
    panel.set_whole_project(True)
    assert panel.model.rowCount() == 5  # not read yet
    panel.show()
    assert panel.model.rowCount() == 6
