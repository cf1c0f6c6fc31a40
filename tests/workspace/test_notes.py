"""A note and an "unsure" flag per span: undoable, stored (migration 6), in JSONL."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.cli import main
from desktop.workspace import Workspace, export_jsonl, import_paths
from tests.workspace.conftest import TEXT, new_id


def test_note_and_unsure_are_undoable_edits_kept_in_the_file(ws, project_path):
    """Both are one undoable edit each and survive closing the project."""
    span_id = new_id(ws.add_span("d1", 0, 18, "ACTOR"))
    ws.set_span_note(span_id, "  check the spelling 👩‍👩‍👧 مرحبا  ")
    ws.set_span_unsure(span_id, True)
    assert ws.span(span_id).note == "check the spelling 👩‍👩‍👧 مرحبا" and ws.span(span_id).unsure
    ws.undo()
    assert not ws.span(span_id).unsure and ws.span(span_id).note
    ws.redo()
    ws.close()
    reopened = Workspace.open(project_path)
    span = reopened.span(span_id)
    assert (span.note, span.unsure) == ("check the spelling 👩‍👩‍👧 مرحبا", True)
    reopened.close()


def test_undoing_a_delete_brings_the_note_back(ws):
    """Deleting a span and undoing it restores its note and flag."""
    span_id = new_id(ws.add_span("d1", 0, 18, "ACTOR"))
    ws.set_span_note(span_id, "why this one?")
    ws.set_span_unsure(span_id, True)
    ws.remove_span(span_id)
    ws.undo()
    assert (ws.span(span_id).note, ws.span(span_id).unsure) == ("why this one?", True)


def test_jsonl_carries_note_and_unsure_both_ways(ws, tmp_path):
    """Export writes "note" and "unsure" on the spans that have them; import reads them."""
    noted = new_id(ws.add_span("d1", 0, 18, "ACTOR"))
    plain = new_id(ws.add_span("d1", 27, 46, "ACTOR"))
    ws.set_span_note(noted, "the NGO\r\nsee p. 2")
    ws.set_span_unsure(noted, True)
    out = tmp_path / "out.jsonl"
    assert export_jsonl(ws, out) == 2
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    spans = {s["id"]: s for s in record["spans"]}
    assert spans[noted]["note"] == "the NGO\r\nsee p. 2" and spans[noted]["unsure"] is True
    assert "note" not in spans[plain] and "unsure" not in spans[plain]
    other = Workspace.open(tmp_path / "other.gloss", create=True)
    other.set_annotator("bob")
    import_paths(other, [out])
    span = other.span(noted)
    assert (span.note, span.unsure) == ("the NGO\r\nsee p. 2", True)
    assert len(other.spans("d1", "alice")) == 2 and not other.span(plain).unsure
    other.close()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [("note", 3, "note must be a string"), ("unsure", "yes", "unsure must be true or false")],
)
def test_bad_note_or_flag_is_one_line_and_nothing_is_imported(
    tmp_path, capsys, field, value, words
):
    """A bad value names the file and line, exits non-zero and imports nothing."""
    record = {
        "id": "d1",
        "text": TEXT,
        "layer": "alice",
        "spans": [{"start": 0, "end": 5, "label": "ACTOR", field: value}],
    }
    source = tmp_path / "bad.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    project = tmp_path / "p.gloss"
    assert main(["import", str(project), str(source)]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "bad.jsonl:1:" in err and words in err
    ws = Workspace.open(project)
    assert ws.document_count() == 0
    ws.close()


def test_a_version_1_project_gains_notes_when_opened(tmp_path):
    """Opening a project written before migration 6 adds the columns and keeps the spans."""
    path = tmp_path / "old.gloss"
    ws = Workspace.open(path, create=True)
    ws.set_annotator("alice")
    from desktop.domain import Document

    ws.add_documents([Document("d1", TEXT)])
    span_id = new_id(ws.add_span("d1", 0, 18, "ACTOR"))
    ws.close()
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE spans DROP COLUMN note")
    db.execute("ALTER TABLE spans DROP COLUMN unsure")
    db.execute("DROP TABLE review_decisions")  # (migration 2) a true version-1 file
    db.execute("DELETE FROM _migrations WHERE version IN (2, 6)")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    reopened = Workspace.open(path)
    span = reopened.span(span_id)
    assert (span.start, span.end, span.note, span.unsure) == (0, 18, "", False)
    reopened.set_span_note(span_id, "after the upgrade")
    assert reopened.span(span_id).note == "after the upgrade"
    reopened.close()
