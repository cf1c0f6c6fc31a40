"""Read-only projects, a damaged undo log and a failed close-time checkpoint are shown."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from desktop.ui.app.session import Session
from desktop.workspace import Workspace


def _damage_undo(path) -> None:
    """Make the newest undo-log entry unreadable (as a torn page would)."""
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER edit_log_no_update")
    top = db.execute("SELECT max(log_seq) FROM history").fetchone()[0]
    db.execute("UPDATE edit_log SET ops = CAST(X'FFFE7B' AS TEXT) WHERE seq = ?", [top])
    db.commit()
    db.close()


def test_a_read_only_project_shows_a_plain_text_banner_and_status(make_window, seeded_project):
    """Opened read-only, the window shows a plain-text banner and the note in the status bar."""
    ws = Workspace.open(seeded_project, read_only=True)
    session = Session(ws)
    session.open_document("d1")
    window = make_window(session)
    assert window.banner.isVisible()
    assert window.banner.textFormat() == Qt.TextFormat.PlainText
    assert window.banner.text().startswith("Read-only:")
    assert window.status.indicator.text() == "Read-only"
    assert window.status.currentMessage()
    assert not window.gloss_actions.undo.isEnabled()


def test_a_writable_project_shows_no_banner(window):
    """A writable project has no read-only banner."""
    assert not window.banner.isVisible() and window.banner.text() == ""


def test_a_damaged_undo_log_turns_undo_off_and_says_why(make_window, seeded_project):
    """Undo and Redo are disabled, their tips and the status bar say the undo log is damaged."""
    ws = Workspace.open(seeded_project)
    ws.add_span("d1", 0, 5, "ACTOR")
    ws.close()
    _damage_undo(seeded_project)
    ws = Workspace.open(seeded_project)
    session = Session(ws)
    session.open_document("d1")
    window = make_window(session)
    actions = window.gloss_actions
    assert ws.undo_note
    assert not actions.undo.isEnabled() and not actions.redo.isEnabled()
    assert actions.undo.statusTip() == ws.undo_note
    assert window.status.currentMessage() == f"Undo is off: {ws.undo_note}"
    assert not window.banner.isVisible()  # edits still work: the project is writable


def _fail_checkpoints(ws: Workspace) -> None:
    """Make the close-time WAL checkpoint fail the way a full disk makes it fail."""
    db = ws._project.db
    real_execute = db.execute

    def full_disk(sql, *args, **kwargs):
        if "wal_checkpoint" in sql:
            raise sqlite3.OperationalError("database or disk is full")
        return real_execute(sql, *args, **kwargs)

    db.execute = full_disk


def test_a_failed_close_checkpoint_is_shown_and_edits_survive(make_window, seeded_project):
    """A checkpoint failing at close (full disk) is shown in the status bar; the edit is kept."""
    ws = Workspace.open(seeded_project)
    session = Session(ws)
    session.open_document("d1")
    window = make_window(session)
    ws.add_span("d1", 0, 5, "ACTOR")
    _fail_checkpoints(ws)
    window.close()
    assert "edits are saved" in window.close_note and "disk is full" in window.close_note
    assert window.status.currentMessage() == window.close_note
    reopened = Workspace.open(seeded_project)
    try:
        assert [(s.start, s.end) for s in reopened.spans("d1")] == [(0, 5)]
    finally:
        reopened.close()


def test_a_failed_checkpoint_when_switching_projects_is_shown(
    make_window, seeded_project, tmp_path
):
    """Opening another project: the old one's failed checkpoint is said in the status bar."""
    ws = Workspace.open(seeded_project)
    session = Session(ws)
    session.open_document("d1")
    window = make_window(session)
    ws.add_span("d1", 0, 5, "ACTOR")
    _fail_checkpoints(ws)
    assert window.commands.open_path(tmp_path / "other.gloss", create=True)
    assert "edits are saved" in window.status.currentMessage()
    window.close()
    reopened = Workspace.open(seeded_project)
    try:
        assert [(s.start, s.end) for s in reopened.spans("d1")] == [(0, 5)]
    finally:
        reopened.close()


def test_a_project_from_a_newer_gloss_shows_the_note_literally(make_window, tmp_path):
    """A newer file version opens read-only; the banner shows the note, markup and all."""
    path = tmp_path / "a<i>b.gloss"
    Workspace.open(path, create=True).close()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 99")
    raw.commit()
    raw.close()
    session = Session(Workspace.open(path))
    window = make_window(session)
    text = window.banner.text()
    assert window.banner.isVisible() and "newer Gloss" in text and "a<i>b.gloss" in text
    assert window.banner.textFormat() == Qt.TextFormat.PlainText
    assert "newer Gloss" in window.status.currentMessage()
