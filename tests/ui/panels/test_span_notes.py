"""The inspector's note field and "unsure" box, through the real window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication


def type_text(widget, text: str) -> None:
    """Post the text as one key event (keyClicks with non-ASCII text can abort)."""
    event = QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, text)
    QApplication.sendEvent(widget, event)


def test_note_and_unsure_from_the_inspector_are_saved_undone_and_tagged(
    qtbot, window, press, select
):
    """Typing a note and Enter saves it, the box flags the span unsure, the tag shows
    both marks, and Ctrl+Z takes the flag back."""
    ws = window.session.workspace
    select(window, "Human Rights Watch")
    press(window, "a")
    (span,) = ws.spans("d1")
    inspector = window.inspector
    inspector.note.setFocus()
    type_text(inspector.note, "NGO — مرحبا 👩‍👩‍👧")
    qtbot.keyClick(inspector.note, Qt.Key.Key_Return)
    assert ws.span(span.id).note == "NGO — مرحبا 👩‍👩‍👧"
    inspector.unsure.click()
    assert ws.span(span.id).unsure
    view = window.article.view
    view.set_view_options(tags=True)
    view.viewport().repaint()
    qtbot.waitUntil(lambda: any(t.span_id == span.id for t in view.tag_scene.tags))
    assert next(t.text for t in view.tag_scene.tags if t.span_id == span.id) == "ACTOR?✎"
    view.setFocus()
    press(window, "Ctrl+Z")
    assert not ws.span(span.id).unsure and not inspector.unsure.isChecked()
    assert inspector.note.text() == "NGO — مرحبا 👩‍👩‍👧"
