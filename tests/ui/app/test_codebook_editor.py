"""The codebook editor, driven by the keyboard: every change one undoable edit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.domain import Schema
from desktop.ui.app.codebook_editor import CodebookEditor
from desktop.ui.app.dialogs import ShortcutsDialog


@pytest.fixture
def editor(qtbot, session):
    dialog = CodebookEditor(session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_into(qtbot, field, text: str, finish=Qt.Key.Key_Return) -> None:
    """Focus a field, replace its text by typing (ASCII), and finish with a key."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, finish)


def test_editor_lists_the_codebook_and_previews_the_label_bar(editor):
    """The list and the preview show every label with its key."""
    assert editor.labels.count() == 4
    assert editor.preview_texts() == ["ACTOR  a", "ALLEGATION  l", "RESPONSE  r", "EVIDENCE  e"]
    assert editor.name.text() == "ACTOR" and editor.key.text() == "a"


def test_add_a_label_by_keyboard_then_undo(qtbot, editor, session):
    """Typing a name and Enter adds DENIAL with a free key; undo takes it away."""
    type_into(qtbot, editor.new_label, "DENIAL")
    ws = session.workspace
    assert ws.schema.label_names[-1] == "DENIAL"
    denial = ws.schema.span_label("DENIAL")
    assert denial.hotkey == "d" and editor.current_label() == "DENIAL"
    assert editor.preview_texts()[-1] == "DENIAL  d"
    qtbot.keyClick(editor.undo, Qt.Key.Key_Space)
    assert ws.schema == Schema.default() and editor.labels.count() == 4


def test_a_clashing_key_is_refused_and_a_free_one_taken(qtbot, editor, session):
    """Key l for ACTOR is ALLEGATION's: refused with a message; key h is set."""
    editor.labels.setCurrentRow(0)
    type_into(qtbot, editor.key, "l", Qt.Key.Key_Tab)
    assert "key l is taken by ALLEGATION" in editor.error.text()
    assert session.workspace.schema.span_label("ACTOR").hotkey == "a"
    assert editor.key.text() == "a"
    type_into(qtbot, editor.key, "j", Qt.Key.Key_Tab)
    assert "window's own" in editor.error.text()
    type_into(qtbot, editor.key, "h", Qt.Key.Key_Tab)
    assert session.workspace.schema.span_label("ACTOR").hotkey == "h"
    assert editor.preview_texts()[0] == "ACTOR  h"


def test_rename_migrates_spans_and_window_undo_restores(qtbot, editor, session):
    """Renaming in the name field moves the spans; Ctrl+Z-style undo restores both."""
    ws = session.workspace
    text = ws.document("d1").text
    start = text.index("Human Rights Watch")
    ws.add_span("d1", start, start + 18, "ACTOR")
    editor.labels.setCurrentRow(0)
    type_into(qtbot, editor.name, "PARTY")
    assert ws.schema.label_names[0] == "PARTY"
    assert [s.label for s in ws.spans("d1")] == ["PARTY"]
    assert ws.schema.relation_label("accuser").tails == ("PARTY",)
    ws.undo()
    assert ws.schema == Schema.default() and [s.label for s in ws.spans("d1")] == ["ACTOR"]
    assert editor.labels.item(0).data(Qt.ItemDataRole.UserRole) == "ACTOR"


def test_removing_a_label_in_use_is_refused(qtbot, editor, session):
    """A label spans use cannot be removed; the message says how many."""
    ws = session.workspace
    text = ws.document("d1").text
    start = text.index("Human Rights Watch")
    ws.add_span("d1", start, start + 18, "ACTOR")
    editor.labels.setCurrentRow(0)
    qtbot.keyClick(editor.remove, Qt.Key.Key_Space)
    assert "1 span uses ACTOR" in editor.error.text()
    assert ws.schema == Schema.default()


def test_reorder_colour_and_description(qtbot, editor, session):
    """Move down, a new colour and a description: three edits, each stored at once."""
    ws = session.workspace
    editor.labels.setCurrentRow(0)
    qtbot.keyClick(editor.down, Qt.Key.Key_Space)
    assert ws.schema.label_names[:2] == ("ALLEGATION", "ACTOR")
    assert editor.current_label() == "ACTOR"
    type_into(qtbot, editor.color, "teal", Qt.Key.Key_Tab)
    assert ws.schema.span_label("ACTOR").color == "#008080"
    type_into(qtbot, editor.color, "nope", Qt.Key.Key_Tab)
    assert "not a colour" in editor.error.text()
    type_into(qtbot, editor.description, "Who acts or speaks", Qt.Key.Key_Tab)
    assert ws.schema.span_label("ACTOR").description == "Who acts or speaks"
    assert ws.schema.version == Schema.default().version + 3


def test_attributes_and_choices(qtbot, editor, session):
    """A new attribute with choices, then a binary one, on the selected label."""
    ws = session.workspace
    editor.labels.setCurrentRow(3)  # EVIDENCE
    type_into(qtbot, editor.attribute_name, "source", Qt.Key.Key_Tab)
    type_into(qtbot, editor.choices, "video, report, testimony")
    assert ws.schema.span_label("EVIDENCE").attribute("source").choices == (
        "video",
        "report",
        "testimony",
    )
    type_into(qtbot, editor.attribute_name, "verified", Qt.Key.Key_Tab)
    editor.choices.clear()
    editor.binary.setFocus()
    qtbot.keyClick(editor.binary, Qt.Key.Key_Space)
    qtbot.keyClick(editor.save_attribute, Qt.Key.Key_Space)
    assert ws.schema.span_label("EVIDENCE").attribute("verified").binary
    assert editor.attributes.count() == 2


def test_role_rules(qtbot, editor, session):
    """A role from RESPONSE to EVIDENCE with key w; a clashing role key is refused."""
    ws = session.workspace
    type_into(qtbot, editor.role_name, "cites", Qt.Key.Key_Tab)
    type_into(qtbot, editor.heads, "RESPONSE", Qt.Key.Key_Tab)
    type_into(qtbot, editor.tails, "EVIDENCE", Qt.Key.Key_Tab)
    type_into(qtbot, editor.role_key, "w", Qt.Key.Key_Tab)
    type_into(qtbot, editor.role_description, "The response points to evidence")
    assert ws.schema.relation_label("cites").allows("RESPONSE", "EVIDENCE")
    assert ws.schema.relation_label("cites").description == "The response points to evidence"
    type_into(qtbot, editor.role_key, "c")
    assert "role key c is taken by accuser" in editor.error.text()
    assert ws.schema.relation_label("cites").hotkey == "w"


def test_the_window_follows_a_codebook_change(qtbot, window):
    """The label bar, the label keys and F1 follow an edit made in the editor."""
    editor = CodebookEditor(window.session, window)
    qtbot.addWidget(editor)
    editor.show()
    type_into(qtbot, editor.new_label, "DENIAL")
    type_into(qtbot, editor.description, "A flat denial")
    actions = window.gloss_actions
    assert "DENIAL" in actions.label_actions
    assert actions.label_actions["DENIAL"].shortcut().toString() == "D"
    assert "DENIAL" in window.label_bar.buttons
    assert "A flat denial" in window.label_bar.buttons["DENIAL"].toolTip()
    shortcuts = ShortcutsDialog(actions.all())
    qtbot.addWidget(shortcuts)
    rows = shortcuts.rows()
    row = next(i for i, (name, _) in enumerate(rows) if name == "Label as DENIAL")
    assert shortcuts.guideline(row) == "A flat denial"


def test_inspector_shows_the_label_description(qtbot, window, select, press):
    """The selected span's label description appears in the inspector."""
    select(window, "Human Rights Watch")
    press(window, "A")
    qtbot.waitUntil(lambda: window.inspector.span() is not None)
    description = Schema.default().span_label("ACTOR").description
    assert window.inspector.description.text() == description
    assert not window.inspector.description.isHidden()


def test_codebook_menu_action_and_settings_button_exist(window):
    """File > Codebook (Ctrl+Shift+K) is an action; Settings has a Codebook button."""
    action = window.gloss_actions.codebook
    assert action.shortcut().toString() == "Ctrl+Shift+K"
    from desktop.ui.app.dialogs import SettingsDialog

    dialog = SettingsDialog(window.session, window)
    assert dialog.codebook.text() == "&Codebook…"
    dialog.deleteLater()
    QApplication.processEvents()


def test_inspector_toggles_a_binary_attribute(qtbot, window):
    """A binary attribute (brat's `Negation`) is a check box: Space sets it, Space clears it."""
    from desktop.domain import AttributeDef
    from desktop.domain import codebook_edits as edits
    from desktop.workspace import edit_codebook

    ws = window.session.workspace
    edit_codebook(ws, edits.set_attribute(ws.schema, "ACTOR", AttributeDef("named", binary=True)))
    text = ws.document("d1").text
    start = text.index("Human Rights Watch")
    change = ws.add_span("d1", start, start + 18, "ACTOR")
    (span_id,) = change.span_ids
    window.session.select_span(span_id)
    qtbot.waitUntil(lambda: "named" in window.inspector.editors)
    box = window.inspector.editors["named"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert ws.span(span_id).attrs == {"named": True}
    box = window.inspector.editors["named"]
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert ws.span(span_id).attrs == {}
