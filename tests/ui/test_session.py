"""Session: the one broadcast, the open document and selected span, and edit failures."""

from __future__ import annotations

from desktop.domain import DomainError
from desktop.ui.session import Session


def test_changed_carries_the_change_and_its_initiator(session, qtbot):
    """A workspace edit arrives as changed(change, initiator) after the commit."""
    marker = object()
    with qtbot.waitSignal(session.changed) as blocker:
        session.workspace.add_span("d1", 0, 18, "ACTOR", initiator=marker)
    change, initiator = blocker.args
    assert change.spans and change.doc_ids == {"d1"} and initiator is marker


def test_open_document_announces_once_and_clears_the_span(session, qtbot):
    """Opening a document emits document_opened once and deselects the span."""
    session.select_span("x")
    with qtbot.waitSignal(session.document_opened) as blocker:
        session.open_document("d2")
    assert blocker.args == ["d2"] and session.selected_span_id is None
    with qtbot.assertNotEmitted(session.document_opened):
        session.open_document("d2")


def test_edit_reports_failures_in_one_line(session, qtbot):
    """A failing use case returns None and emits edit_failed with the first line."""

    def fail():
        raise DomainError("first line\nsecond line")

    with qtbot.waitSignal(session.edit_failed) as blocker:
        assert session.edit(fail) is None
    assert blocker.args == ["first line"]


def test_edit_without_change_is_skipped(session, qtbot):
    """A use case that changes nothing (status already set) emits edit_skipped, no broadcast."""
    with qtbot.waitSignal(session.edit_skipped), qtbot.assertNotEmitted(session.changed):
        session.edit(lambda: session.workspace.set_status("d1", "new"))


def test_set_workspace_closes_the_old_project(session, qtbot, seeded_project):
    """Replacing the workspace closes the old file and announces the new project."""
    from desktop.workspace import Workspace

    old = session.workspace
    new = Workspace.open(seeded_project)
    with qtbot.waitSignal(session.project_opened):
        session.set_workspace(new)
    assert old.project.closed and session.workspace is new and session.doc_id is None
    session.close()
    assert isinstance(session, Session)
