"""The one write path: commit and bulk, the undo stack they keep, and the history list."""

from pathlib import Path

import pytest

import desktop
from desktop.domain import AnnotatedDocument, Document, Span
from desktop.storage.layers import LayerInfo
from desktop.workspace import (
    AlreadyExists,
    HistoryConflict,
    Workspace,
    create_sample_project,
    import_records,
    merge_paths,
)
from desktop.workspace.ops import AddSpan, RemoveSpan
from desktop.workspace.transfer import UNDO_LIMIT
from tests.workspace.conftest import TEXT, new_id


def _spans(ws: Workspace, doc_id: str, layer: str) -> int:
    return len(ws._project.spans.for_document(doc_id, layer))


def _bob_spans(count: int, start: int = 0) -> tuple[Span, ...]:
    return tuple(
        Span(f"bob-{i}", "d1", "bob", i % 10, i % 10 + 8, "ACTOR")
        for i in range(start, start + count)
    )


def test_large_import_cannot_be_undone_and_older_steps_cannot_take_its_spans():
    """Small import of d1, then a large import of spans on d1: undo must not delete them."""
    ws = Workspace.open(None)
    ws.set_annotator("alice")
    small = import_records(ws, [AnnotatedDocument(Document("d1", TEXT))])
    assert small.undoable and ws.undo_step() is not None
    count = UNDO_LIMIT + 1
    large = import_records(
        ws, [AnnotatedDocument(Document("d1", TEXT), "bob", "done", _bob_spans(count))]
    )
    assert large.spans_added == count and not large.undoable and large.too_large
    assert str(large).endswith("too large to undo: undo history cleared")
    assert ws.can_undo() is None and ws.can_redo() is None
    assert ws.undo() is None
    assert _spans(ws, "d1", "bob") == count and ws.document("d1").text == TEXT


def test_a_commit_that_cannot_be_undone_empties_both_stacks(ws):
    """undoable=False logs the edit and clears undo and redo, as QUndoStack.clear() would."""
    first = new_id(ws.add_span("d1", 0, 18, "ACTOR"))
    ws.add_span("d1", 19, 26, "ALLEGATION")
    ws.undo()
    assert ws.can_undo() == "Add ACTOR" and ws.can_redo() == "Add ALLEGATION"
    logged = ws._project.history.count()
    ws.commit([RemoveSpan(ws.span(first))], "Drop it for good", undoable=False)
    assert ws.can_undo() is None and ws.can_redo() is None
    assert ws._project.history.count() == logged + 1 and ws.spans("d1") == []


def test_a_failed_commit_writes_logs_and_broadcasts_nothing(ws):
    """An op that does not fit rolls the whole commit back; listeners hear nothing."""
    span_id = new_id(ws.add_span("d1", 0, 18, "ACTOR"))
    heard = []
    ws.subscribe(lambda change, initiator: heard.append(change))
    logged = ws._project.history.count()
    fresh = Span("fresh", "d1", "alice", 1, 4, "ACTOR")
    with pytest.raises(AlreadyExists):
        ws.commit([AddSpan(fresh), AddSpan(ws.span(span_id))], "Twice")
    assert heard == [] and ws._project.history.count() == logged
    assert [s.id for s in ws.spans("d1")] == [span_id]


def test_commit_reports_the_documents_it_touched(ws):
    """The change and the history step name the document of the edit."""
    change = ws.add_span("d2", 0, 6, "ACTOR")
    assert change.doc_ids == {"d2"} and change.label == "Add ACTOR"
    step = ws.undo_step()
    assert step is not None and step.documents == ("d2",) and not step.asks_first


def test_undo_names_the_document_it_changes(ws):
    """Undo of an edit in d1 while working in d2 says d1 in its change and its label."""
    ws.add_span("d1", 0, 18, "ACTOR")
    ws.add_span("d2", 0, 6, "ACTOR")
    ws.undo()
    change = ws.undo()
    assert change is not None and change.doc_ids == {"d1"} and change.label == "Undo Add ACTOR"


def test_history_lists_steps_with_labels_documents_and_times(ws):
    """Edit > History: every step of both stacks, oldest first, with its documents."""
    ws.add_span("d1", 0, 18, "ACTOR")
    ws.set_status("d2", "done")
    ws.add_span("d2", 0, 6, "ACTOR")
    ws.undo()
    steps = ws.history()
    assert [(s.label, s.documents, s.undone) for s in steps][-3:] == [
        ("Add ACTOR", ("d1",), False),
        ("Mark done", ("d2",), False),
        ("Add ACTOR", ("d2",), True),
    ]
    assert all(s.at and s.annotator == "alice" for s in steps)


def test_undoing_an_import_asks_first():
    """An import (or merge) step is marked so the window confirms before undoing it."""
    ws = Workspace.open(None)
    import_records(ws, [AnnotatedDocument(Document("d1", TEXT))])
    step = ws.undo_step()
    assert step is not None and step.asks_first and step.action == "import"
    assert step.documents == ("d1",)


def test_first_run_sample_is_not_on_the_undo_stack(tmp_path):
    """A new sample project has nothing to undo: Ctrl+Z cannot delete the sample article."""
    path = create_sample_project(tmp_path / "sample.gloss")
    ws = Workspace.open(path)
    try:
        spans = ws._project.spans.count()
        assert spans > 0 and ws.can_undo() is None and ws.undo() is None
        assert ws._project.spans.count() == spans
    finally:
        ws.close()


def test_undo_refuses_a_step_that_would_take_later_work():
    """A file whose stack survived a large import (older Gloss): undo refuses, keeps the spans."""
    ws = Workspace.open(None)
    import_records(ws, [AnnotatedDocument(Document("d1", TEXT))])
    with ws._project.atomic():  # what the old large import wrote without touching the stack
        ws._project.layers.ensure(LayerInfo("bob", "annotator"))
        ws._project.spans.add_many(_bob_spans(5))
    with pytest.raises(HistoryConflict, match="annotations made since"):
        ws.undo()
    assert _spans(ws, "d1", "bob") == 5 and ws.can_undo() is not None


def test_merge_goes_through_bulk_and_is_undoable_while_small(ws, tmp_path):
    """A small merge is one undoable step that asks first; undo takes exactly its spans back."""
    other_path = tmp_path / "bob.gloss"
    other = Workspace.open(other_path, create=True)
    other.set_annotator("bob")
    other.add_documents([Document("d1", TEXT, "HRW")])
    other.add_span("d1", 0, 18, "ACTOR")
    other.add_span("d1", 19, 26, "ALLEGATION")
    other.close()
    ws.add_span("d1", 0, 18, "ACTOR")
    report = merge_paths(ws, [other_path])
    assert report.imported.spans_added == 2 and _spans(ws, "d1", "bob") == 2
    step = ws.undo_step()
    assert step is not None and step.action == "merge" and step.asks_first
    ws.undo()
    assert _spans(ws, "d1", "bob") == 0 and _spans(ws, "d1", "alice") == 1
    ws.redo()
    assert _spans(ws, "d1", "bob") == 2
    seq = ws.undo_step().seq
    again = merge_paths(ws, [other_path])
    assert again.imported.spans_added == 0 and ws.undo_step().seq == seq  # nothing to undo


def test_only_the_core_writes_history_or_broadcasts():
    """No module but core.py appends to the edit log, pushes undo entries or calls _emit."""
    root = Path(desktop.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "core.py" and path.parent.name == "workspace":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("history.append(", "history.push(", "history.clear(", "._emit("):
            if needle in text:
                offenders.append(f"{path.relative_to(root)}: {needle}")
    assert offenders == []


def test_history_conflict_is_a_workspace_error():
    """A stale step is reported like any other refused use case (one line, no traceback)."""
    assert issubclass(HistoryConflict, desktop.workspace.WorkspaceError)


def test_a_second_writer_is_refused_while_one_writes(ws):
    """A write from another thread during a bulk write is refused, not folded into it."""
    import threading

    from desktop.workspace import WorkspaceBusy

    outcome: list[object] = []

    def other_writer() -> None:
        try:
            outcome.append(ws.add_span("d1", 0, 18, "ACTOR"))
        except WorkspaceBusy as exc:
            outcome.append(exc)

    with ws.bulk("import") as edit:
        thread = threading.Thread(target=other_writer)
        thread.start()
        thread.join()
        edit.label = "Imported nothing"
    assert isinstance(outcome[0], WorkspaceBusy) and ws.spans("d1") == []
    assert ws.add_span("d1", 0, 18, "ACTOR").span_ids  # free again afterwards
