"""Session: the one broadcast, the open document and selected span, and edit failures."""

from __future__ import annotations

from desktop.domain import DomainError
from desktop.ui.app.session import Session


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
    assert old._project.closed and session.workspace is new and session.doc_id is None
    session.close()
    assert isinstance(session, Session)


def test_the_layer_defaults_to_the_annotator_and_follows_a_rename(session, qtbot):
    """layer is the annotator's until another is chosen; choosing deselects the span;
    choosing the annotator again (or None) returns to following the annotator."""
    ws = session.workspace
    assert session.layer == "tester"
    session.select_span("x")
    with qtbot.waitSignal(session.layer_changed) as blocker:
        session.set_layer("gold")
    assert blocker.args == ["gold"] and session.selected_span_id is None
    with qtbot.assertNotEmitted(session.layer_changed):
        session.set_layer("gold")
    session.set_layer(None)
    ws.set_annotator("maria")
    assert session.layer == "maria"


def test_check_writable_refuses_a_colleagues_layer_with_a_message(session, qtbot):
    """A read-only layer is refused with a status message; gold and yours are writable."""
    from desktop.storage.layers import LayerInfo

    session.workspace._project.layers.ensure(LayerInfo("carol", read_only=True))
    assert session.check_writable("gold") and session.check_writable()
    with qtbot.waitSignal(session.message_posted) as blocker:
        assert not session.check_writable("carol")
    assert "carol" in blocker.args[0] and "read-only" in blocker.args[0]
    assert session.layer_read_only("carol") and not session.layer_read_only("gold")
