"""InspectorPanel: exact stored text, plain text only, attributes saved at once with undo."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain import Document, Span
from desktop.storage.layers import LayerInfo
from desktop.ui.app.session import Session
from desktop.ui.panels.inspector import NONE_CHOICE, InspectorPanel
from desktop.workspace import Workspace


def add_and_select(session: Session, doc_id: str, start: int, end: int, label: str) -> str:
    (span_id,) = session.workspace.add_span(doc_id, start, end, label).span_ids
    session.select_span(span_id)
    return span_id


def test_shows_the_stored_text_not_the_widgets(qtbot, session, select):
    """NBSP and U+2028 come out of the project unchanged (a widget would alter them)."""
    text = "Mr\xa0Smith said\u2028nothing."
    session.workspace.add_documents([Document("nb", text)])
    session.open_document("nb")
    inspector = InspectorPanel(session)
    qtbot.addWidget(inspector)
    add_and_select(session, "nb", 0, len(text), "ACTOR")
    assert inspector.text.text() == text
    assert inspector.offsets.text() == f"characters 0–{len(text)} · layer tester"


def test_html_in_a_document_shows_literally(window, press, select):
    """A document containing <b>bold</b> shows the tags as text in the inspector."""
    window.session.open_document("d3")
    select(window, "<b>bold</b>")
    press(window, "Alt+E")
    inspector = window.inspector
    assert inspector.text.text() == "<b>bold</b>"
    assert inspector.text.textFormat() == Qt.TextFormat.PlainText
    model = window.document_list.model
    assert model.data(model.index(2, 0)) == "<b>bold</b> title"


def test_attribute_combo_saves_at_once_and_undoes(qtbot, session, select):
    """Choosing a kind saves it to the span; undo restores the empty choice in the combo."""
    inspector = InspectorPanel(session)
    qtbot.addWidget(inspector)
    span_id = add_and_select(session, "d1", 0, 18, "ACTOR")
    combo = inspector.editors["kind"]
    assert combo.currentText() == NONE_CHOICE
    combo.setCurrentIndex(combo.findText("NGO or IGO"))
    ws = session.workspace
    assert ws.span(span_id).attrs == {"kind": "NGO or IGO"}
    assert ws.can_undo() == "Set kind to NGO or IGO"
    ws.undo()
    assert ws.span(span_id).attrs == {}
    assert combo.currentText() == NONE_CHOICE
    combo.setCurrentIndex(combo.findText("media"))
    combo.setCurrentIndex(0)
    assert ws.span(span_id).attrs == {}


def test_attributes_follow_the_label(qtbot, session, select):
    """An ALLEGATION offers category and status; EVIDENCE says it has no attributes."""
    inspector = InspectorPanel(session)
    qtbot.addWidget(inspector)
    span_id = add_and_select(session, "d1", 0, 18, "ALLEGATION")
    assert list(inspector.editors) == ["category", "status"]
    session.workspace.relabel_span(span_id, "EVIDENCE")
    assert inspector.editors == {}
    assert inspector.no_attributes.isVisibleTo(inspector)


def test_attributes_persist_after_reopening(qapp, seeded_project, press, select, make_window):
    """An attribute set through the inspector's combo is in the project file after reopening."""
    session = Session(Workspace.open(seeded_project))
    session.open_document("d1")
    window = make_window(session)
    select(window, "Human Rights Watch")
    press(window, "A")
    combo = window.inspector.editors["kind"]
    combo.setCurrentIndex(combo.findText("NGO or IGO"))
    window.close()
    reopened = Workspace.open(seeded_project)
    try:
        (span,) = reopened.spans("d1")
        assert span.attrs == {"kind": "NGO or IGO"}
    finally:
        reopened.close()


def test_a_colleagues_span_is_read_only(qtbot, session):
    """Spans of a read-only layer are shown with disabled attribute editors."""
    ws = session.workspace
    with ws._project.atomic():  # a merged colleague's layer, set up through the stores
        ws._project.layers.ensure(LayerInfo("colleague", "annotator", True))
        ws._project.spans.add(Span("c1", "d1", "colleague", 0, 18, "ACTOR"))
    inspector = InspectorPanel(session)
    qtbot.addWidget(inspector)
    session.select_span("c1")
    assert inspector.label_name.text() == "ACTOR"
    assert not inspector.editors["kind"].isEnabled()
