"""Undo and redo in the window: they go to the document they change, say what changed, ask
before taking an import back, and Edit > History lists the steps."""

from __future__ import annotations

import pytest

from desktop.ui.app import dialogs
from desktop.workspace import import_paths


@pytest.fixture
def answers(monkeypatch):
    """Scripted answers to confirmations; records each question."""
    asked: list[str] = []
    replies: list[bool] = []

    def confirm(_parent, title, _text, _action) -> bool:
        asked.append(title)
        return replies.pop(0)

    monkeypatch.setattr(dialogs, "ask_confirm", confirm)
    return asked, replies


def test_undo_goes_to_the_document_it_changes_and_says_so(window, press, select):
    """Label a span in d1, move to d2, Ctrl+Z: the window shows d1 without the span and the
    status bar names the step and the document."""
    select(window, "Azerbaijani forces")
    press(window, "A")
    window.session.open_document("d2")
    press(window, "Ctrl+Z")
    ws = window.session.workspace
    assert window.session.doc_id == "d1" and ws.spans("d1") == []
    assert window.article.view.spans() == []
    title = ws.document("d1").title
    assert window.status.currentMessage() == f"Undid: Add ACTOR in “{title}”"
    window.session.open_document("d3")
    press(window, "Ctrl+Shift+Z")
    assert window.session.doc_id == "d1" and len(window.article.view.spans()) == 1
    assert window.status.currentMessage() == f"Redid: Add ACTOR in “{title}”"


def test_undoing_an_import_asks_first(window, press, tmp_path, answers):
    """Ctrl+Z on an import asks; No keeps it, Yes takes exactly it back."""
    asked, replies = answers
    article = tmp_path / "extra.txt"
    article.write_text("Officials denied the report on Monday.", encoding="utf-8")
    ws = window.session.workspace
    import_paths(ws, [article])
    assert ws.document_count() == 4
    replies.append(False)
    press(window, "Ctrl+Z")
    assert asked == ["Undo import"] and ws.document_count() == 4
    replies.append(True)
    press(window, "Ctrl+Z")
    assert asked == ["Undo import"] * 2 and ws.document_count() == 3


def test_edit_history_lists_steps_with_their_documents(window, press, select, monkeypatch):
    """Edit > History: newest first, with documents and whether each step is undone."""
    shown = []
    monkeypatch.setattr(dialogs.HistoryDialog, "exec", lambda self: shown.append(self.rows()))
    select(window, "Azerbaijani forces")
    press(window, "A")
    window.session.workspace.set_status("d2", "done")
    press(window, "Ctrl+Z")
    window.gloss_actions.edit_history.trigger()
    ((rows),) = shown
    assert [(r[0], r[1], r[4].split()[0]) for r in rows[:2]] == [
        ("Mark done", "d2", "undone"),
        ("Add ACTOR", "d1", "done"),
    ]
    assert window.gloss_actions.edit_history.shortcuts()[0].toString() == "Ctrl+Shift+H"


def test_ctrl_z_on_a_first_run_sample_deletes_nothing(make_window, tmp_path, press):
    """The sample project starts with nothing to undo: Ctrl+Z keeps the article and spans."""
    from desktop.ui.app.session import Session
    from desktop.workspace import Workspace, create_sample_project

    ws = Workspace.open(create_sample_project(tmp_path / "sample.gloss"))
    session = Session(ws)
    session.open_document(ws.first_document_id())
    window = make_window(session)
    spans = ws._project.spans.count()
    assert spans > 0 and not window.gloss_actions.undo.isEnabled()
    press(window, "Ctrl+Z")
    assert ws.document_count() == 1 and ws._project.spans.count() == spans
