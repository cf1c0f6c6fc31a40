"""Label tags and nesting boxes, through the real ArticleView and the real window."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtGui import QColor

from desktop.domain import Span
from desktop.ui.article.article_view import ArticleView
from desktop.ui.article.tags import nesting_levels

COLORS = {"ACTOR": "#2f7fd8", "ALLEGATION": "#d8452f", "EVIDENCE": "#c8901a"}
TEXT = (
    "Human Rights Watch accused Azerbaijani forces 👩‍👩‍👧 of brutalizing Armenian troops.\r\n"
    "قال مرحبا Cafe\u0301 owner said the army shelled the village."
)


def at(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


def span(span_id: str, fragment: str, label: str) -> Span:
    return Span(span_id, "doc", "me", *at(fragment), label)


NESTED = [
    span("outer", "accused Azerbaijani forces 👩‍👩‍👧 of brutalizing Armenian troops", "ALLEGATION"),
    span("middle", "Azerbaijani forces 👩‍👩‍👧 of brutalizing", "EVIDENCE"),
    span("inner", "Azerbaijani forces", "ACTOR"),
    span("hrw", "Human Rights Watch", "ACTOR"),
    span("army", "the army", "ACTOR"),
    span("cafe", "Cafe\u0301 owner", "ACTOR"),
]


@pytest.fixture
def view(qtbot):
    widget = ArticleView()
    qtbot.addWidget(widget)
    widget.resize(900, 420)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_document(TEXT, NESTED, COLORS)
    widget.set_view_options(tags=True)
    return widget


def painted(qtbot, view: ArticleView):
    view.viewport().repaint()
    qtbot.waitUntil(lambda: len(view.tag_scene.boxes) == len(NESTED))
    return view.tag_scene, view.viewport().grab().toImage()


def near(color: QColor, wanted: QColor, tolerance: int = 70) -> bool:
    return (
        abs(color.red() - wanted.red())
        + abs(color.green() - wanted.green())
        + abs(color.blue() - wanted.blue())
        <= tolerance
    )


def test_nested_spans_each_get_a_box_drawn_at_every_depth(qtbot, view):
    """Three nested spans: each has a box, outer boxes hold inner ones, and each box's
    edge is painted in its label's colour."""
    scene, image = painted(qtbot, view)
    boxes = {box.span_id: box for box in scene.boxes}
    assert [boxes[i].level for i in ("inner", "middle", "outer")] == [0, 1, 2]
    inner, middle = boxes["inner"].rects[0], boxes["middle"].rects[0]
    assert middle.contains(inner) and boxes["outer"].rects[0].left() < middle.left()
    for span_id in ("inner", "middle", "outer"):
        box = boxes[span_id]
        rect = box.rects[0].toRect()
        wanted = QColor(box.color)
        x, y = rect.left(), rect.center().y()
        edge = [image.pixelColor(x + dx, y) for dx in range(-1, 2)]
        assert any(near(color, wanted) for color in edge), span_id


def test_tags_name_every_span_and_never_overlap(qtbot, view):
    """Each span in view has one tag (label, or its initial when crowded); no two overlap."""
    scene, _ = painted(qtbot, view)
    assert {tag.span_id for tag in scene.tags} == {s.id for s in NESTED}
    by_id = {tag.span_id: tag.text for tag in scene.tags}
    assert by_id["outer"] in ("ALLEGATION", "A") and by_id["hrw"] == "ACTOR"
    for a, b in itertools.combinations(scene.tags, 2):
        assert not a.rect.intersects(b.rect), (a.text, b.text)
    for tag in scene.tags:  # above the span's first line, inside the view
        first = view.offset_to_line_rects(*at_span(tag.span_id))[0]
        assert tag.rect.bottom() <= first.top() + 1 and tag.rect.top() >= 0


def at_span(span_id: str) -> tuple[int, int]:
    found = next(s for s in NESTED if s.id == span_id)
    return found.start, found.end


def test_tag_text_can_name_the_linked_actor(qtbot, view):
    """The tag says what set_tag_text returns, e.g. the canonical actor name."""
    view.set_tag_text(lambda s: f"{s.label} · HRW" if s.id == "hrw" else s.label)
    scene, _ = painted(qtbot, view)
    assert next(t.text for t in scene.tags if t.span_id == "hrw") == "ACTOR · HRW"


def test_colours_only_hides_tags_and_tightens_lines(qtbot, view):
    """The toggle returns to colours only: no tags painted, the usual line height."""
    tall = view.line_gap()
    view.set_view_options(tags=False)
    view.tag_scene.tags.clear()
    view.viewport().repaint()
    assert not view.tags_shown() and view.tag_scene.tags == []
    assert view.line_gap() < tall and view.line_height() == ArticleView.LINE_HEIGHT


def test_nesting_levels_count_what_a_span_holds():
    """A span's level is one more than the deepest span it holds; overlaps do not count."""
    levels = nesting_levels(NESTED)
    assert levels == {"outer": 2, "middle": 1, "inner": 0, "hrw": 0, "army": 0, "cafe": 0}


def test_the_window_toggles_tags_and_names_actors(qtbot, window, press, select):
    """Ctrl+Shift+G in the window shows tags (remembered), and a linked ACTOR's tag has
    the actor's canonical name."""
    ws = window.session.workspace
    start, end = select(window, "Human Rights Watch")
    press(window, "a")
    (span_id,) = [s.id for s in ws.spans("d1") if (s.start, s.end) == (start, end)]
    ws.add_actor("Human Rights Watch (NGO)")
    ws.link_actor(span_id, ws.last_actor_id)
    window.article.view.setFocus()
    press(window, "Ctrl+Shift+G")
    view = window.article.view
    assert view.tags_shown() and window.gloss_actions.label_tags.isChecked()
    view.viewport().repaint()
    qtbot.waitUntil(lambda: any(t.span_id == span_id for t in view.tag_scene.tags))
    tag = next(t for t in view.tag_scene.tags if t.span_id == span_id)
    assert tag.text == "ACTOR · Human Rights Watch (NGO)"
    from desktop.ui.app import preferences

    assert preferences.view_options()["tags"] is True
