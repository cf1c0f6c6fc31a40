"""The whole window driven by the keyboard: label, relabel, delete, undo, navigate, find."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from desktop.domain import Document, DomainError
from desktop.ui.app.main_window import MainWindow
from desktop.ui.app.session import Session
from desktop.workspace import Workspace


def only_span(window: MainWindow):
    (span,) = window.session.workspace.spans(window.session.doc_id)
    return span


def test_window_smoke(window):
    """The window shows the list, label bar, article, inspector and status bar on d1."""
    assert window.document_list.model.rowCount() == 3
    assert list(window.label_bar.buttons) == ["ACTOR", "ALLEGATION", "RESPONSE", "EVIDENCE"]
    assert window.article.title.text() == "HRW: Azerbaijani forces abused Armenian POWs"
    assert window.article.view.toPlainText().startswith("Human Rights Watch accused")
    assert window.inspector.empty.isVisible()
    assert window.status.annotator.text() == "Annotator: tester"
    assert window.status.progress.text() == "0/3 done"
    assert window.windowTitle() == "in-memory project — Gloss"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "E&dit", "&View", "La&bel", "&Go", "&Help"]


def test_hotkey_labels_the_snapped_selection_everywhere(window, press, select):
    """Select parts of words, press a: the whole words become a saved ACTOR span everywhere."""
    select(window, "uman Rights Wat")
    press(window, "A")
    span = only_span(window)
    assert (span.start, span.end, span.label) == (0, 18, "ACTOR")
    assert [(s.id, s.start, s.end) for s in window.article.view.spans()] == [(span.id, 0, 18)]
    assert window.session.selected_span_id == span.id
    assert window.article.view.selected_span_id() == span.id
    assert window.inspector.label_name.text() == "ACTOR"
    assert window.inspector.text.text() == "Human Rights Watch"
    assert window.status.indicator.text() == "Saved"
    assert not window.article.view.textCursor().hasSelection()


def test_alt_hotkey_keeps_the_exact_characters(window, press, select):
    """Alt+a labels exactly the selected characters, without snapping to words."""
    select(window, "uman")
    press(window, "Alt+A")
    span = only_span(window)
    assert (span.start, span.end) == (1, 5)


def test_keyboard_selection_then_hotkey(window, qtbot, press):
    """Ctrl+Shift+Right three times from the start selects three words to label."""
    view = window.article.view
    cursor = view.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    view.setTextCursor(cursor)
    for _ in range(3):
        qtbot.keyClick(
            view,
            Qt.Key.Key_Right,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert view.selection_range() == (0, 18)
    press(window, "L")
    assert only_span(window).label == "ALLEGATION"


def test_undo_and_redo_by_keyboard(window, press, select):
    """Ctrl+Z removes the new span from view and project; Ctrl+Shift+Z and Ctrl+Y bring it back."""
    select(window, "Azerbaijani forces")
    press(window, "A")
    span = only_span(window)
    assert window.gloss_actions.undo.text() == "&Undo Add ACTOR"
    press(window, "Ctrl+Z")
    assert window.session.workspace.spans("d1") == []
    assert window.article.view.spans() == []
    assert window.session.selected_span_id is None
    assert window.inspector.empty.isVisibleTo(window)
    press(window, "Ctrl+Shift+Z")
    assert [s.id for s in window.article.view.spans()] == [span.id]
    press(window, "Ctrl+Z")
    press(window, "Ctrl+Y")
    assert [s.id for s in window.session.workspace.spans("d1")] == [span.id]


def test_hotkey_relabels_the_selected_span(window, press, select):
    """With a span selected and no text selected, pressing r relabels it."""
    select(window, "Azerbaijan says it will investigate")
    press(window, "L")
    press(window, "R")
    span = only_span(window)
    assert span.label == "RESPONSE"
    assert window.article.view.spans()[0].label == "RESPONSE"
    assert window.inspector.label_name.text() == "RESPONSE"
    assert "stance" in window.inspector.editors


def test_delete_and_backspace_remove_the_selected_span(window, press, select):
    """Delete removes the selected span; Backspace removes the next one."""
    for needle in ("Human Rights Watch", "Azerbaijani forces"):
        select(window, needle)
        press(window, "A")
    press(window, "Del")
    assert [s.start for s in window.session.workspace.spans("d1")] == [0]
    window.session.select_span(window.article.view.spans()[0].id)
    press(window, "Backspace")
    assert window.session.workspace.spans("d1") == []
    assert window.article.view.spans() == []


def test_j_and_k_walk_through_spans(window, press, select):
    """J selects the next span in reading order, K the previous one."""
    ids = []
    for needle in ("Human Rights Watch", "Azerbaijani forces", "Armenian troops"):
        select(window, needle)
        press(window, "A")
        ids.append(window.session.selected_span_id)
    press(window, "K")
    assert window.session.selected_span_id == ids[1]
    press(window, "K")
    press(window, "J")
    assert window.session.selected_span_id == ids[1]
    assert window.inspector.text.text() == "Azerbaijani forces"


def test_ctrl_down_and_up_move_between_documents(window, press):
    """Ctrl+Down opens the next document in the list, Ctrl+Up the previous one."""
    press(window, "Ctrl+Down")
    assert window.session.doc_id == "d2"
    assert window.article.view.toPlainText().startswith("Armenia says")
    assert window.document_list.view.currentIndex().row() == 1
    press(window, "Ctrl+Down")
    press(window, "Ctrl+Down")
    assert window.session.doc_id == "d3"
    press(window, "Ctrl+Up")
    assert window.session.doc_id == "d2"


def test_clicking_a_row_opens_its_document(window):
    """Choosing a row in the document list opens that document."""
    view = window.document_list.view
    view.setCurrentIndex(window.document_list.model.index(2, 0))
    assert window.session.doc_id == "d3"
    assert window.article.view.toPlainText() == "A <b>bold</b> claim & <i>more</i>."


def test_ctrl_enter_marks_done_and_opens_the_next(window, press):
    """Ctrl+Enter marks the document done for the annotator and opens the next one."""
    press(window, "Ctrl+Return")
    ws = window.session.workspace
    assert ws.status("d1") == "done"
    assert window.session.doc_id == "d2"
    assert window.status.progress.text() == "1/3 done"
    model = window.document_list.model
    assert model.data(model.index(0, 1)) == "done"


def test_find_bar_selects_matches_for_labeling(window, qtbot, press):
    """Ctrl+F, type, Enter: the next match is selected, and a hotkey labels it."""
    press(window, "Ctrl+F")
    bar = window.article.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "hrw")
    assert bar.count.text() == "1 of 5"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count.text() == "2 of 5"
    press(window, "Esc")
    assert not bar.isVisible()
    press(window, "A")
    span = only_span(window)
    assert window.session.workspace.document("d1").text[span.start : span.end] == "HRW"


def test_save_indicator_turns_saved_only_after_the_broadcast(window, monkeypatch, press, select):
    """The indicator reads Saving… while the edit commits and Saved once the broadcast came."""
    ws, seen = window.session.workspace, []
    commit = ws.commit

    def watched_commit(*args, **kwargs):
        seen.append(window.status.indicator.text())
        return commit(*args, **kwargs)

    monkeypatch.setattr(ws, "commit", watched_commit)
    assert window.status.indicator.text() == "No edits yet"
    select(window, "Human Rights Watch")
    press(window, "A")
    assert seen == ["Saving…"]
    assert window.status.indicator.text() == "Saved"
    assert window.status.currentMessage() == "Saved: Add ACTOR"


def test_a_failed_edit_is_reported_in_the_status_bar(window, monkeypatch, press, select):
    """An edit the workspace refuses shows Not saved and the reason, not only on stderr."""

    def refuse(*_args, **_kwargs):
        raise DomainError("span 0-18 overlaps nothing\nsecond line")

    monkeypatch.setattr(window.session.workspace, "add_span", refuse)
    select(window, "Human Rights Watch")
    press(window, "A")
    assert window.status.indicator.text() == "Not saved"
    assert window.status.currentMessage() == "Not saved: span 0-18 overlaps nothing"


def test_label_bar_button_labels_the_selection(window, qtbot, select):
    """Clicking a label button works like its hotkey."""
    select(window, "Human Rights Watch")
    qtbot.mouseClick(window.label_bar.buttons["EVIDENCE"], Qt.MouseButton.LeftButton)
    assert only_span(window).label == "EVIDENCE"


def test_hotkey_without_selection_explains_what_to_do(window, press):
    """A label key with nothing selected changes nothing and says why."""
    press(window, "A")
    assert window.session.workspace.spans("d1") == []
    assert "Select some text" in window.status.currentMessage()


def test_edits_survive_reopening_and_undo_across_sessions(
    qapp, seeded_project, press, select, make_window
):
    """A span labeled in the window is in the file after closing, and undo still reverts it."""
    session = Session(Workspace.open(seeded_project))
    session.open_document("d1")
    window = make_window(session)
    select(window, "Human Rights Watch")
    press(window, "A")
    window.close()

    reopened = Workspace.open(seeded_project)
    assert [(s.start, s.end, s.label) for s in reopened.spans("d1")] == [(0, 18, "ACTOR")]
    session = Session(reopened)
    session.open_document("d1")
    window = make_window(session)
    assert len(window.article.view.spans()) == 1
    press(window, "Ctrl+Z")
    assert reopened.spans("d1") == []
    window.close()


def test_typing_in_the_search_box_does_not_trigger_hotkeys(window, qtbot, press, select):
    """Letters, Delete and Backspace typed into a text field edit the field, not the spans."""
    select(window, "Human Rights Watch")
    press(window, "A")
    search = window.document_list.search
    search.setFocus()
    qtbot.keyClicks(search, "jarek")
    qtbot.keyClick(search, Qt.Key.Key_Backspace)
    qtbot.keyClick(search, Qt.Key.Key_Home)
    qtbot.keyClick(search, Qt.Key.Key_Delete)
    assert search.text() == "are"
    assert len(window.session.workspace.spans("d1")) == 1
    assert window.session.doc_id == "d1"


def test_undoing_the_import_of_the_open_document_opens_another(window, press):
    """When the open document disappears (its import undone), the window shows what is left."""
    ws = window.session.workspace
    ws.add_documents([Document("late", "A late article.")])
    window.session.open_document("late")
    press(window, "Ctrl+Z")
    assert window.session.doc_id == "d1"
    assert window.article.view.toPlainText().startswith("Human Rights Watch")
