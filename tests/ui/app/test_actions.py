"""Actions and the generated keyboard-shortcuts window."""

from __future__ import annotations

from collections import Counter

from PySide6.QtGui import QAction

from desktop.ui.app.actions import shortcut_rows, shortcut_text
from desktop.ui.app.dialogs import ShortcutsDialog


def test_shortcuts_window_lists_every_action_with_a_shortcut(window, qtbot):
    """Every QAction of the window that has a shortcut is a row of the shortcuts window."""
    dialog = ShortcutsDialog(window.gloss_actions.all(), window)
    qtbot.addWidget(dialog)
    rows = set(dialog.rows())
    with_keys = [a for a in window.findChildren(QAction) if a.shortcuts()]
    assert len(with_keys) >= 25
    for action in with_keys:
        name = action.text().replace("&", "").rstrip("…")
        assert (name, shortcut_text(action)) in rows, name


def test_label_hotkeys_come_from_the_schema(window):
    """Each schema label has its hotkey and an Alt variant for exact characters."""
    actions = window.gloss_actions
    assert shortcut_rows(actions.label_actions.values()) == [
        ("Label as ACTOR", "A"),
        ("Label as ALLEGATION", "L"),
        ("Label as RESPONSE", "R"),
        ("Label as EVIDENCE", "E"),
    ]
    assert shortcut_text(actions.exact_label_actions["ACTOR"]) == "Alt+A"


def test_no_two_actions_share_a_shortcut(window):
    """A key sequence triggers one action only (Qt ignores ambiguous shortcuts)."""
    keys = Counter(
        s.toString() for a in window.findChildren(QAction) for s in a.shortcuts() if not s.isEmpty()
    )
    assert [k for k, n in keys.items() if n > 1] == []


def test_undo_action_names_the_edit(window):
    """Undo and Redo say which edit they would revert or replay, and are off when there is none."""
    actions, ws = window.gloss_actions, window.session.workspace
    assert actions.undo.text() == "&Undo Add 3 document(s)"
    assert not actions.redo.isEnabled()
    ws.undo()
    assert actions.redo.text() == "&Redo Add 3 document(s)"
    assert actions.redo.isEnabled()


def test_help_menu_opens_the_shortcuts_window(window, monkeypatch):
    """Help > Keyboard shortcuts opens the generated window."""
    opened = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda self: opened.append(self.rows()))
    window.gloss_actions.shortcuts_help.trigger()
    assert opened and ("Mark done and go to next", "Ctrl+Return, Ctrl+Enter") in opened[0]
