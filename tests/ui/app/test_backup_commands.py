"""File > Restore from backup… and the periodic backup of an edited project."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from desktop.ui.app.backup_commands import COLUMNS, BackupDialog
from desktop.ui.app.session import Session
from desktop.workspace import Workspace, project_backups


def _open_window(make_window, path):
    session = Session(Workspace.open(path))
    session.open_document("d1")
    return make_window(session)


def _spans(window):
    return [(s.start, s.end) for s in window.session.workspace.spans("d1")]


def test_the_timer_backs_up_only_after_edits(qtbot, make_window, seeded_project):
    """With a 50 ms interval: no backup without edits, one after an edit, none after that."""
    window = _open_window(make_window, seeded_project)
    backups = window.backups
    backups.set_interval(50)
    qtbot.wait(200)
    assert project_backups(seeded_project) == []
    window.session.edit(lambda: window.session.workspace.add_span("d1", 0, 5, "ACTOR"))
    assert backups.edits_since_backup == 1
    qtbot.waitUntil(lambda: len(project_backups(seeded_project)) == 1, timeout=3000)
    qtbot.wait(200)
    (info,) = project_backups(seeded_project)
    assert info.reason == "periodic" and info.documents == 3 and info.spans == 1
    assert backups.edits_since_backup == 0


def test_the_dialog_lists_every_backup_with_its_counts(qtbot, seeded_project):
    """Two backups: two rows, newest first, with reason, size, documents and spans."""
    ws = Workspace.open(seeded_project)
    ws.backup("first")
    ws.add_span("d1", 0, 5, "ACTOR")
    ws.backup("second")
    ws.close()
    dialog = BackupDialog(project_backups(seeded_project))
    qtbot.addWidget(dialog)
    table = dialog.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == list(COLUMNS) == ["Time", "Reason", "Size", "Documents", "Spans"]
    rows = [[table.item(r, c).text() for c in range(1, 5)] for r in range(table.rowCount())]
    assert [r[0] for r in rows] == ["second", "first"]
    assert [(r[2], r[3]) for r in rows] == [("3", "1"), ("3", "0")]
    assert all(r[1].endswith("KB") for r in rows)
    assert dialog.chosen() is not None and dialog.chosen().reason == "second"


def test_restore_closes_restores_and_reopens(make_window, seeded_project):
    """Restoring the backup taken before an edit reopens the project without that edit."""
    window = _open_window(make_window, seeded_project)
    ws = window.session.workspace
    ws.add_span("d1", 0, 5, "ACTOR")
    before = ws.backup("before-test")
    ws.add_span("d1", 6, 11, "ACTOR")
    assert _spans(window) == [(0, 5), (6, 11)]
    assert window.backups.restore(before)
    assert window.session.workspace is not ws and window.session.workspace.path == seeded_project
    assert _spans(window) == [(0, 5)]
    assert "Restored" in window.status.currentMessage()
    aside = [b for b in project_backups(seeded_project) if b.path != before]
    assert aside and max(b.spans or 0 for b in aside) == 2  # the replaced file, kept aside


def test_the_menu_restores_after_confirmation(qtbot, make_window, seeded_project, monkeypatch):
    """File > Restore from backup…: choose in the dialog, agree, and the backup is back."""
    window = _open_window(make_window, seeded_project)
    ws = window.session.workspace
    before = ws.backup("before-test")
    ws.add_span("d1", 0, 5, "ACTOR")
    monkeypatch.setattr(BackupDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    asked = []
    monkeypatch.setattr(
        "desktop.ui.app.dialogs.ask_confirm", lambda *args: asked.append(args[2]) or True
    )
    file_menu = window.menuBar().actions()[0].menu()
    assert window.gloss_actions.restore_backup in file_menu.actions()
    window.gloss_actions.restore_backup.trigger()
    assert len(asked) == 1 and "before-test" in asked[0]
    assert _spans(window) == []
    assert before.exists()
