"""ArcOverlay: the selected span's frame drawn over the text, markers, dimming, readability."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QTextCursor

from desktop.domain import Document
from desktop.domain.resources import seeds_dir
from desktop.ui.app.session import Session
from desktop.ui.article.article_view import ArticleView
from desktop.ui.links.arc_layout import VISIBLE, frame_links
from desktop.ui.links.arc_overlay import ArcOverlay
from desktop.workspace import Workspace, import_paths

SAMPLE = seeds_dir() / "hrw-azerbaijan-pows.jsonl"
FILLER = "The talks went on behind closed doors, officials said, and observers waited. "


def open_view(qtbot, session: Session, doc_id: str, size=(760, 520)):
    ws = session.workspace
    session.open_document(doc_id)
    view = ArticleView()
    qtbot.addWidget(view)
    colors = {label.name: label.color for label in ws.schema.span_labels}
    view.set_document(ws.document(doc_id).text, ws.spans(doc_id), colors)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view, ArcOverlay(view, session)


def select(session: Session, view: ArticleView, span_id: str) -> None:
    view.select_span(span_id)
    session.select_span(span_id)


@pytest.fixture
def sample(qapp):
    ws = Workspace.open(None)
    import_paths(ws, [SAMPLE])
    ws.set_annotator("example")
    session = Session(ws)
    yield session, ws._project.documents.first_id()
    session.close()


def by_text(ws: Workspace, doc_id: str, text: str, label: str):
    document = ws.document(doc_id)
    return next(s for s in ws.spans(doc_id) if s.label == label and s.text_in(document) == text)


FIRST = "brutalizing some Armenian troops captured in the conflict"


def test_frame_links_cover_the_whole_frame(sample):
    """An allegation's roles, the responses to it and their respondents."""
    session, doc_id = sample
    ws = session.workspace
    allegation = by_text(ws, doc_id, FIRST, "ALLEGATION")
    document = ws.document(doc_id)
    found = {
        (h.text_in(document), c.text_in(document), r) for h, c, r in frame_links(ws, allegation.id)
    }
    assert ("it will investigate", "Azerbaijan", "respondent") in found
    assert (FIRST, "Armenian troops", "victim") in found
    assert len(found) == 9  # 3 roles, 3 responses, 3 respondent links


def test_selecting_a_span_draws_its_links_with_role_pills(qtbot, sample):
    """The overlay follows the session: outlines and pills named by role."""
    session, doc_id = sample
    view, overlay = open_view(qtbot, session, doc_id)
    allegation = by_text(session.workspace, doc_id, FIRST, "ALLEGATION")
    select(session, view, allegation.id)
    scene = overlay.scene()
    pills = sorted(text for _, text, _ in scene.pills)
    # Hikmat Hajiyev answers twice: one pill for him.
    assert pills == ["accused", "accuser", "respondent", "respondent"] + ["responds_to"] * 3 + [
        "victim"
    ]
    assert len(scene.outlines) == 8
    assert len(scene.trunks) >= 3  # one per response, on other lines, in the left margin
    select(session, view, None)
    assert overlay.links() == [] and overlay.scene().pills == []


def test_the_overlay_lets_clicks_through_to_the_text(qtbot, sample):
    """Mouse events go to the viewport under the overlay, so spans stay clickable."""
    session, doc_id = sample
    view, overlay = open_view(qtbot, session, doc_id)
    select(session, view, by_text(session.workspace, doc_id, FIRST, "ALLEGATION").id)
    centre = view.viewport().geometry().center()
    assert view.childAt(centre) is view.viewport()
    assert overlay.geometry() == view.viewport().geometry()


def test_scrolling_keeps_the_overlay_on_the_viewport_and_marks_the_frame(qtbot, sample):
    """Scrolled away from the frame, one marker at the top edge jumps back to it."""
    session, doc_id = sample
    view, overlay = open_view(qtbot, session, doc_id, size=(500, 220))
    allegation = by_text(session.workspace, doc_id, FIRST, "ALLEGATION")
    select(session, view, allegation.id)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    assert overlay.geometry() == view.viewport().geometry()
    assert overlay.place(allegation).side != VISIBLE
    ((rect, span_id),) = overlay.markers()
    assert span_id == allegation.id and rect.top() < 10
    with qtbot.waitSignal(overlay.jump_requested) as signal:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [allegation.id]
    assert view.selected_span_id() == allegation.id  # the click did not reach the text


def test_links_out_of_sight_get_markers_that_jump(qtbot, sample):
    """In a short view the responses far below are markers with role and text."""
    session, doc_id = sample
    view, overlay = open_view(qtbot, session, doc_id, size=(500, 200))
    select(session, view, by_text(session.workspace, doc_id, FIRST, "ALLEGATION").id)
    texts = [text for _, text, _, _ in overlay.scene().markers]
    assert any(t.startswith("▼ responds_to: ") for t in texts)
    assert any(t == "▼ respondent: Hikmat Hajiyev" for t in texts)
    jumps = []
    overlay.jump_requested.connect(jumps.append)
    rect, span_id = overlay.markers()[0]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert jumps == [span_id]


def background(view: ArticleView, text: str, offset: int):
    cursor = QTextCursor(view.document())
    cursor.setPosition(len(text[: offset + 1].encode("utf-16-le")) // 2)
    return cursor.charFormat().background().color().name()


def test_dim_unrelated_fades_spans_outside_the_frame(qtbot, sample):
    """With dimming on, an unrelated span is paler; off again, it is as before."""
    session, doc_id = sample
    ws = session.workspace
    view, overlay = open_view(qtbot, session, doc_id)
    text = ws.document(doc_id).text
    unrelated = by_text(ws, doc_id, "Hugh Williamson", "ACTOR")
    related = by_text(ws, doc_id, "Human Rights Watch", "ACTOR")
    select(session, view, by_text(ws, doc_id, FIRST, "ALLEGATION").id)
    before = background(view, text, unrelated.start), background(view, text, related.start)
    overlay.set_dim_unrelated(True)
    assert background(view, text, unrelated.start) != before[0]
    assert background(view, text, related.start) == before[1]
    overlay.set_dim_unrelated(False)
    assert background(view, text, unrelated.start) == before[0]


def test_overlay_follows_undo_and_redo(qtbot, sample):
    """Removing a role, undo and redo: the drawn links follow the project."""
    session, doc_id = sample
    ws = session.workspace
    view, overlay = open_view(qtbot, session, doc_id)
    allegation = by_text(ws, doc_id, FIRST, "ALLEGATION")
    select(session, view, allegation.id)
    victim = next(r for r in ws.relations(doc_id) if r.label == "victim")
    ws.remove_relation(victim.id)
    assert "victim" not in {role for _, _, role in overlay.links()}
    ws.undo()
    assert "victim" in {role for _, _, role in overlay.links()}
    ws.redo()
    assert "victim" not in {role for _, _, role in overlay.links()}


def test_paints_without_error(qtbot, sample):
    """A grab runs every painting path: trunks, outlines, pills, markers, handle, preview."""
    session, doc_id = sample
    ws = session.workspace
    view, overlay = open_view(qtbot, session, doc_id, size=(500, 260))
    allegation = by_text(ws, doc_id, FIRST, "ALLEGATION")
    select(session, view, allegation.id)
    overlay.set_handle(allegation.id)
    overlay.set_preview(allegation.id, by_text(ws, doc_id, "HRW", "ACTOR").id, "c accuser")
    image = view.grab().toImage()
    assert not image.isNull()
    rect = overlay.handle_rect()
    assert rect is not None and image.pixelColor(rect.center()) != image.pixelColor(QPoint(2, 2))


def generated(ws: Workspace, frames: int = 30, paragraphs: int = 50) -> str:
    """A 50-paragraph document with 30 frames: 3 actors, an allegation, evidence and a
    response (with respondent) one to three paragraphs later."""
    pieces = []
    for p in range(paragraphs):
        lead = f"Group {p} accused unit {p} of beating villagers {p}, citing video {p}. "
        pieces.append((lead if p < frames else "") + FILLER * (1 + p % 3))
    text = "\n\n".join(pieces)
    ws.add_documents([Document("gen", text, "Generated")])
    starts = [0]
    for piece in pieces[:-1]:
        starts.append(starts[-1] + len(piece) + 2)

    def add(p: int, needle: str, label: str, nth: int = 0) -> str:
        start = text.index(needle, starts[p])
        (span_id,) = ws.add_span("gen", start, start + len(needle), label).span_ids
        return span_id

    for p in range(frames):
        allegation = add(p, f"beating villagers {p}", "ALLEGATION")
        for needle, label, role in (
            (f"Group {p}", "ACTOR", "accuser"),
            (f"unit {p}", "ACTOR", "accused"),
            (f"villagers {p}", "ACTOR", "victim"),
            (f"video {p}", "EVIDENCE", "supported_by"),
        ):
            ws.add_relation(allegation, add(p, needle, label), role)
        later = min(p + 1 + p % 3, paragraphs - 1)
        response = add(later, "officials said", "RESPONSE")
        ws.add_relation(response, allegation, "responds_to")
        ws.add_relation(response, add(later, "observers", "ACTOR"), "respondent")
    return "gen"


def overlapping(rects: list[QRectF]) -> list[tuple[QRectF, QRectF]]:
    return [(a, b) for i, a in enumerate(rects) for b in rects[i + 1 :] if a.intersects(b)]


def test_arcs_stay_readable_in_a_long_document(qtbot, qapp):
    """50 paragraphs, 30 frames: for each frame, scrolled to it, pills and markers never
    cover each other, each pill is inside the view, each linked span is named once."""
    ws = Workspace.open(None)
    ws.set_annotator("me")
    doc_id = generated(ws)
    session = Session(ws)
    view, overlay = open_view(qtbot, session, doc_id, size=(700, 480))
    allegations = sorted(
        (s for s in ws.spans(doc_id) if s.label == "ALLEGATION"), key=lambda s: s.start
    )
    assert len(allegations) == 30 and len(ws.document(doc_id).text.split("\n\n")) == 50
    for allegation in allegations:
        select(session, view, allegation.id)
        scene = overlay.scene()
        pills = [rect for rect, _, _ in scene.pills]
        markers = [rect for rect, _, _, _ in scene.markers]
        assert not overlapping(pills) and not overlapping(markers)
        assert all(overlay.rect().contains(r.toAlignedRect()) for r in pills)
        named = len(pills) + len(markers)
        assert named == 6  # accuser, accused, victim, evidence, response, its respondent
    session.close()
    ws.close()


def test_arcs_stay_readable_for_every_frame_of_the_sample(qtbot, sample):
    """Every allegation and response of the sample: pills do not cover each other."""
    session, doc_id = sample
    view, overlay = open_view(qtbot, session, doc_id)
    for span in session.workspace.spans(doc_id):
        if span.label in ("ALLEGATION", "RESPONSE"):
            select(session, view, span.id)
            assert not overlapping([rect for rect, _, _ in overlay.scene().pills])
