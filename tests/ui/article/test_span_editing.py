"""Editing spans by keyboard in the real window: edges, selection keys, relabel notes,
near duplicates, label all matches, zoom, line spacing and toggling done."""

from __future__ import annotations

from desktop.domain import Document
from desktop.ui.app import preferences
from desktop.ui.app.main_window import MainWindow
from desktop.ui.app.session import Session
from desktop.ui.article.selection_keys import paragraph_step
from desktop.ui.article.span_edges import moved


def spans(window: MainWindow):
    return window.session.workspace.spans(window.session.doc_id)


def text_of(window: MainWindow, span) -> str:
    return window.session.workspace.document(span.doc_id).text[span.start : span.end]


def label(window, press, select, needle: str, key: str = "a"):
    select(window, needle)
    press(window, key)
    found = [s for s in spans(window) if text_of(window, s) == needle]
    assert found, needle
    return found[0]


def message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_alt_shift_arrows_move_the_selected_span_edges_by_word_and_undo(window, press, select):
    """Alt+Shift+Right takes in the next word, Ctrl+Alt+Shift+Left the previous one at the
    start, Alt+Left drops one character; each is one undoable resize."""
    span = label(window, press, select, "Rights")
    window.article.view.setFocus()
    press(window, "Alt+Shift+Right")
    assert text_of(window, spans(window)[0]) == "Rights Watch"
    press(window, "Ctrl+Alt+Shift+Left")
    assert text_of(window, spans(window)[0]) == "Human Rights Watch"
    press(window, "Alt+Left")
    assert text_of(window, spans(window)[0]) == "Human Rights Watc"
    assert spans(window)[0].id == span.id and window.session.selected_span_id == span.id
    for expected in ("Human Rights Watch", "Rights Watch", "Rights"):
        press(window, "Ctrl+Z")
        assert text_of(window, spans(window)[0]) == expected


def test_a_span_cannot_be_shrunk_to_nothing(window, press, select):
    """Moving the end before the start is refused with a note; the span is unchanged."""
    label(window, press, select, "Human")
    window.article.view.setFocus()
    press(window, "Alt+Shift+Left")
    assert text_of(window, spans(window)[0]) == "Human" and "cannot" in message(window)


def test_edges_step_over_emoji_and_combining_marks():
    """A character step keeps ZWJ sequences and combining marks whole; CRLF and RTL text
    are stepped over by words."""
    text = "Family 👩‍👩‍👧 and Cafe\u0301\r\nقال مرحبا"
    family = text.index("👩")
    assert moved(text, 0, 6, "end", 1, False) == (0, 7)
    assert moved(text, 0, family, "end", 1, False) == (0, family + 5)
    cafe = text.index("Cafe")
    assert moved(text, cafe, cafe + 3, "end", 1, False) == (cafe, cafe + 5)
    arabic = text.index("قال")
    assert moved(text, cafe, cafe + 5, "end", 1, True) == (cafe, arabic + 3)
    assert paragraph_step(text, 0, 1) == text.index("\r\n")


def test_ctrl_shift_right_after_a_find_hit_takes_one_word_per_press(window, press, qtbot):
    """After a find hit, Ctrl+Shift+Right extends by a whole word each press, and
    Ctrl+Shift+Down to the end of the paragraph."""
    view = window.article.view
    window.article.find_bar.open()
    window.article.find_bar.search("Human")
    window.article.find_bar.step(0)
    view.setFocus()
    qtbot.waitUntil(lambda: view.selection_range(snap=False) is not None)
    press(window, "Ctrl+Shift+Right")
    assert view.textCursor().selectedText() == "Human Rights"
    press(window, "Ctrl+Shift+Right")
    assert view.textCursor().selectedText() == "Human Rights Watch"
    press(window, "Ctrl+Shift+Down")
    text = window.session.workspace.document("d1").text
    start, end = view.selection_range(snap=False)
    assert (start, end) == (0, text.index("\n") if "\n" in text else len(text))


def test_relabelling_that_drops_roles_says_so_and_undo_restores_them(window, press, select):
    """ACTOR -> EVIDENCE removes its accuser role: the status bar names it; undo brings
    the role back."""
    ws = window.session.workspace
    actor = label(window, press, select, "Human Rights Watch")
    allegation = label(window, press, select, "brutalizing", "l")
    ws.add_relation(allegation.id, actor.id, "accuser")
    window.session.select_span(actor.id)
    window.article.view.select_span(actor.id)
    window.article.view.setFocus()
    press(window, "e")
    assert ws.span(actor.id).label == "EVIDENCE" and ws.roles_of(actor.id) == []
    assert "removed 1 role(s) (accuser)" in message(window)
    press(window, "Ctrl+Z")
    assert ws.span(actor.id).label == "ACTOR" and len(ws.roles_of(actor.id)) == 1


def test_a_near_duplicate_of_the_same_label_is_refused(window, press, select):
    """The same words (or nearly) labelled again with the same label add nothing, and say
    why; Alt (exact) still adds a different exact range, and another label is fine."""
    label(window, press, select, "Human Rights Watch")
    before = len(spans(window))
    select(window, "Human Rights Watch")
    press(window, "a")
    assert len(spans(window)) == before and "nearly repeats the ACTOR" in message(window)
    select(window, "Human Rights Watc")
    press(window, "Alt+A")
    assert len(spans(window)) == before + 1
    select(window, "Human Rights Watch")
    press(window, "e")
    assert len(spans(window)) == before + 2


def test_label_all_matches_from_the_find_bar_is_one_undoable_edit(window, press):
    """Label all as ACTOR labels every match, skips one already labelled; one undo."""
    ws = window.session.workspace
    text = ws.document("d1").text
    first = text.index("Azerbaijan ")
    ws.add_span("d1", first, first + len("Azerbaijan"), "ACTOR")
    bar = window.article.find_bar
    bar.open()
    bar.search("Azerbaijan")
    total = len(bar.matches())
    assert total >= 3
    added = window.article.editing.label_all("ACTOR")
    assert added == total - 1 and len(spans(window)) == total
    assert "1 already labelled" in message(window)
    window.article.view.setFocus()
    press(window, "Ctrl+Z")
    assert len(spans(window)) == 1


def test_zoom_and_line_spacing_change_the_view_and_are_remembered(window, press):
    """Ctrl++ / Ctrl+- change the text size, Ctrl+0 restores it; Line spacing cycles
    normal, wide, wider; both are kept in the preferences."""
    view, editing = window.article.view, window.article.editing
    size = view.font().pointSizeF()
    press(window, "Ctrl+=")
    assert view.font().pointSizeF() == size + 1 and preferences.view_options()["size"] == size + 1
    press(window, "Ctrl+-")
    press(window, "Ctrl+-")
    assert view.font().pointSizeF() == size - 1
    press(window, "Ctrl+0")
    assert view.font().pointSizeF() == size and "size" not in preferences.view_options()
    gap = view.line_gap()
    assert editing.cycle_spacing() == 35 and view.line_gap() > gap
    assert preferences.view_options()["spacing"] == 35
    assert editing.cycle_spacing() == 70 and editing.cycle_spacing() == 0


def test_toggle_done_marks_and_unmarks_without_moving(window, press):
    """Ctrl+Shift+Return marks the open document done and stays; again un-marks it."""
    ws = window.session.workspace
    press(window, "Ctrl+Shift+Return")
    assert ws.status("d1") == "done" and window.session.doc_id == "d1"
    press(window, "Ctrl+Shift+Return")
    assert ws.status("d1") == "in_progress" and window.session.doc_id == "d1"
    assert "No longer done" in message(window)


def test_view_options_are_restored_in_a_new_window(qtbot, seeded_ws, make_window):
    """Tags and spacing chosen in one window are in force when the next one opens."""
    preferences.set_view_option("tags", True)
    preferences.set_view_option("spacing", 35)
    seeded_ws.add_documents([Document("d4", "Another short text.")])
    session = Session(seeded_ws)
    session.open_document("d4")
    window = make_window(session)
    view = window.article.view
    assert view.tags_shown() and window.gloss_actions.label_tags.isChecked()
    assert view.line_height() == view.TAGS_LINE_HEIGHT + 35
