"""Streamed imports, the bulk-write path of large ones, and streamed exports."""

import io
import sqlite3

import orjson
import pytest

from desktop.domain import AnnotatedDocument, Document, Relation, Span
from desktop.formats import jsonl
from desktop.formats.errors import FormatError
from desktop.storage.migrations import _V1
from desktop.workspace import Workspace, export_jsonl, export_records, import_paths, transfer
from desktop.workspace.transfer import import_records


def _line(number: int, layer: str = "alice", *, bad_text: bool = False) -> dict:
    text = f"Article {number}: Human Rights Watch accused the army; the army denied it."
    hrw, accused, denied = (17, 35), (36, 43), (50, 61)
    spans = [
        {"id": f"s{number}a", "start": hrw[0], "end": hrw[1], "label": "ACTOR"},
        {"id": f"s{number}b", "start": accused[0], "end": accused[1], "label": "ALLEGATION"},
        {"id": f"s{number}c", "start": denied[0], "end": denied[1], "label": "RESPONSE"},
        # Same range as the first: the export keeps them in insertion order.
        {"id": f"s{number}d", "start": hrw[0], "end": hrw[1], "label": "ACTOR"},
    ]
    for span in spans:
        span["text"] = text[span["start"] : span["end"]]
    if bad_text:
        spans[0]["text"] = "not the text"
    return {
        "id": f"doc{number}",
        "text": text,
        "layer": layer,
        "status": "done" if number % 2 else "in_progress",
        "spans": spans,
        "relations": [
            {
                "id": f"r{number}",
                "label": "accuser",
                "head_id": f"s{number}b",
                "child_id": f"s{number}a",
            }
        ],
    }


def _write(path, lines):
    path.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    return path


def _settings(ws):
    db = ws._project.db
    return {
        "journal": db.execute("PRAGMA journal_mode").fetchone()[0],
        "foreign_keys": db.execute("PRAGMA foreign_keys").fetchone()[0],
        "cache": db.execute("PRAGMA cache_size").fetchone()[0],
        "indexes": sorted(
            db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall()
        ),
    }


def _export(ws):
    out = io.BytesIO()
    export_jsonl(ws, out)
    return out.getvalue()


@pytest.fixture
def fresh(tmp_path):
    opened = []

    def make(name):
        ws = Workspace.open(tmp_path / name, create=True)
        ws.set_annotator("alice")
        opened.append(ws)
        return ws

    yield make
    for ws in opened:
        ws.close()


@pytest.fixture
def small_undo_limit(monkeypatch):
    monkeypatch.setattr(transfer, "UNDO_LIMIT", 50)
    monkeypatch.setattr(transfer, "BATCH", 7)


def test_large_import_writes_what_a_small_one_writes(fresh, tmp_path, small_undo_limit):
    """Deferred indexes, journal and foreign keys off: the same rows, settings restored."""
    source = _write(tmp_path / "in.jsonl", [_line(n) for n in range(40)])
    small, large = fresh("small.gloss"), fresh("large.gloss")
    before = _settings(large)
    import_records(small, list(jsonl.read_path(source)), large=False)
    report = import_records(large, jsonl.read_path(source), large=True)
    assert (report.documents_added, report.spans_added, report.relations_added) == (40, 160, 40)
    assert not report.undoable
    assert _settings(large) == before
    assert _export(large) == _export(small)
    assert large._project.integrity_errors() == []
    assert (
        "spans_doc_layer",
        'CREATE INDEX spans_doc_layer ON spans (doc_id, layer, start, "end")',
    ) in before["indexes"]


def test_a_bad_line_late_in_a_streamed_import_leaves_nothing(fresh, tmp_path, small_undo_limit):
    lines = [_line(n) for n in range(30)] + [_line(30, bad_text=True)]
    source = _write(tmp_path / "in.jsonl", lines)
    ws = fresh("p.gloss")
    before = _settings(ws)
    with pytest.raises(FormatError, match=":31:"):
        import_paths(ws, [source])
    assert ws._project.documents.count() == 0 and ws._project.spans.count() == 0
    assert _settings(ws) == before
    report = import_paths(ws, [source], skip_bad=True)
    assert report.documents_added == 30 and len(report.skipped) == 1


def test_large_import_refuses_broken_references_as_sqlite_would(fresh, small_undo_limit):
    """With foreign keys left to the import, a relation to a missing span still fails."""
    records = [r for n in range(20) for r in jsonl.read(io.BytesIO(orjson.dumps(_line(n))))]
    document = Document("lonely", "Some text here.")
    broken = AnnotatedDocument(
        document,
        "alice",
        None,
        (Span("x1", "lonely", "alice", 0, 4, "ALLEGATION"),),
        (Relation("x2", "lonely", "alice", "accuser", "x1", "nowhere"),),
    )
    for large in (False, True):
        ws = fresh(f"p{large}.gloss")
        before = _settings(ws)
        with pytest.raises(sqlite3.IntegrityError):
            import_records(ws, [*records, broken], large=large)
        assert ws._project.documents.count() == 0
        assert _settings(ws) == before


def test_small_streamed_import_is_undoable_and_counts_repeats(fresh, tmp_path):
    source = _write(tmp_path / "in.jsonl", [_line(n) for n in range(3)])
    statuses = [{**_line(n, "bob"), "spans": [], "relations": []} for n in range(4)]
    again = _write(tmp_path / "again.jsonl", statuses)
    ws = fresh("p.gloss")
    report = import_paths(ws, [source, again])
    assert report.undoable and (report.documents_added, report.documents_present) == (4, 0)
    assert ws.status("doc1", "bob") == "done"
    assert ws.undo() is not None
    assert ws._project.documents.count() == 0 and ws.status("doc1", "bob") == "new"
    assert import_paths(ws, [again]).documents_present == 0
    assert import_paths(ws, [source]).documents_present == 3


def test_export_streams_in_project_order_with_ties_in_insertion_order(fresh, tmp_path):
    ws = fresh("p.gloss")
    import_paths(ws, [_write(tmp_path / "in.jsonl", [_line(2), _line(1, "bob"), _line(3)])])
    ws.add_documents([Document("bare", "Nothing annotated.")])
    ws.set_status("bare", "done", layer="carol")
    records = list(export_records(ws))
    assert [(r.document.id, r.layer) for r in records] == [
        ("doc2", "alice"),
        ("doc1", "bob"),
        ("doc3", "alice"),
        ("bare", "carol"),
    ]
    assert [s.id for s in records[0].spans] == ["s2a", "s2d", "s2b", "s2c"]
    for record in records[:3]:
        expected = ws._project.spans.for_document(record.document.id, record.layer)
        assert list(record.spans) == expected
    assert records[3].status == "done" and records[3].spans == ()
    assert [r.document.id for r in export_records(ws, ["bob"])] == ["doc1"]


def test_migration_indexes_match_what_the_bulk_path_rebuilds():
    assert 'CREATE INDEX spans_doc_layer ON spans (doc_id, layer, start, "end");' in _V1
