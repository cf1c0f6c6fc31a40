"""File-menu commands (open, new, import, export, settings) and their error dialogs."""

from __future__ import annotations

import json

import pytest

from desktop.ui.app import dialogs, preferences
from desktop.ui.app.dialogs import SettingsDialog


@pytest.fixture
def shown_errors(monkeypatch):
    """Error dialogs recorded instead of shown."""
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, *args: errors.append(args))
    return errors


def test_opening_a_project_replaces_the_current_one(window, seeded_project, shown_errors):
    """Open switches every panel to the new project and remembers it as recent."""
    window.session.workspace.add_span("d1", 0, 18, "ACTOR")
    assert window.commands.open_path(seeded_project)
    assert window.session.workspace.path == seeded_project
    assert window.session.doc_id == "d1"
    assert window.article.view.spans() == []
    assert window.windowTitle() == "seeded.gloss — Gloss"
    assert window.status.indicator.text() == "No edits yet"
    assert shown_errors == []
    assert preferences.recent_projects() == []  # this window does not persist


def test_opened_projects_become_recent(session, seeded_project, make_window):
    """A window that persists puts each opened project first in the recent projects."""
    window = make_window(session, persist=True)
    assert window.commands.open_path(seeded_project)
    assert preferences.recent_projects() == [seeded_project.resolve()]
    window.commands._on_recent_menu_about_to_show()
    assert [a.text() for a in window.commands.recent_menu.actions()] == [
        str(seeded_project.resolve())
    ]
    window.close()


def test_a_bad_file_keeps_the_current_project(window, tmp_path, shown_errors):
    """Opening a non-project shows why in a dialog and leaves the open project alone."""
    bad = tmp_path / "other.db"
    bad.write_bytes(b"\x00" * 200)
    before = window.session.workspace
    assert not window.commands.open_path(bad)
    assert window.session.workspace is before
    ((title, text),) = shown_errors
    assert title == "Cannot open project" and "not a Gloss project" in text


def test_new_project_starts_empty(window, tmp_path, shown_errors):
    """A new project has no documents; the list and the article are empty."""
    assert window.commands.open_path(tmp_path / "fresh.gloss", create=True)
    assert window.document_list.model.rowCount() == 0
    assert window.session.doc_id is None
    assert window.article.view.toPlainText() == ""
    assert window.status.progress.text() == "0/0 done"


def test_import_reports_in_the_status_bar(window, tmp_path, shown_errors):
    """Importing a text file adds a document and shows the one-line report."""
    article = tmp_path / "extra.txt"
    article.write_text("Officials denied the report on Monday.", encoding="utf-8")
    assert window.transfer.import_files([article])
    assert window.document_list.model.rowCount() == 4
    assert window.status.currentMessage().startswith("Imported 1 new document(s)")
    assert window.gloss_actions.undo.text().startswith("&Undo Imported 1 new document")


def test_a_bad_import_names_file_and_line(window, tmp_path, shown_errors):
    """A broken JSONL line imports nothing and the dialog says file:line: reason."""
    bad = tmp_path / "bad.jsonl"
    good = {"id": "n1", "text": "Fine text."}
    bad.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    assert not window.transfer.import_files([bad])
    ((title, text),) = shown_errors
    assert title == "Import failed" and text.startswith(f"{bad}:2:")
    assert window.document_list.model.rowCount() == 3


def test_export_writes_jsonl(window, tmp_path):
    """Export writes one line per document and layer and says how many."""
    window.session.workspace.add_span("d1", 0, 18, "ACTOR")
    out = tmp_path / "out.jsonl"
    assert window.transfer.export_to(out) == 3
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["spans"][0]["text"] == "Human Rights Watch"
    assert window.status.currentMessage() == f"Exported 3 line(s) to {out}"


def test_settings_change_the_annotator(window, qtbot):
    """The settings dialog renames the local annotator; the status bar follows."""
    dialog = SettingsDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.annotator.setText("gold")
    dialog._on_buttons_accepted()
    assert dialog.error.isVisibleTo(dialog) and "gold" in dialog.error.text()
    dialog.annotator.setText("maria")
    dialog._on_buttons_accepted()
    assert window.session.workspace.annotator == "maria"
    assert window.status.annotator.text() == "Annotator: maria"
