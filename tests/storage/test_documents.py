"""DocumentStore lists: filtered keys, summaries by key, a document's key, status counts."""

from __future__ import annotations

from desktop.domain import Document
from desktop.storage.documents import DocumentSummary
from desktop.workspace import Workspace


def test_filtered_seqs_follow_status_and_query(seeded_ws):
    """The keys of the filtered list are in project order and agree with the count."""
    documents = seeded_ws._project.documents
    seqs = documents.filtered_seqs("tester")
    assert seqs == sorted(seqs) and len(seqs) == documents.filtered_count("tester") == 3
    seeded_ws.set_status("d2", "done")
    assert documents.filtered_seqs("tester", "done") == [documents.seq_of("d2")]
    assert documents.filtered_seqs("tester", "new") == [
        documents.seq_of("d1"),
        documents.seq_of("d3"),
    ]
    assert documents.filtered_seqs("tester", None, "captur") == [
        documents.seq_of("d1"),
        documents.seq_of("d2"),
    ]
    assert documents.filtered_seqs("tester", "done", "bold") == []


def test_seq_of_an_unknown_document_is_none(seeded_ws):
    """Only stored documents have a key."""
    assert seeded_ws._project.documents.seq_of("nope") is None


def test_summaries_of_keys_come_in_the_order_asked(seeded_ws):
    """Summaries by key give title, status and span count in the order asked; gaps are None."""
    documents = seeded_ws._project.documents
    seeded_ws.add_span("d2", 0, 7, "ACTOR")
    seeded_ws.set_status("d3", "in_progress")
    seqs = documents.filtered_seqs("tester")
    assert [s.id for s in documents.summaries_of("tester", seqs)] == ["d1", "d2", "d3"]
    assert documents.summaries_of("tester", [seqs[2], 10_000, seqs[1]]) == [
        DocumentSummary("d3", "<b>bold</b> title", "in_progress", 0),
        None,
        DocumentSummary("d2", "Armenia captures troops", "new", 1),
    ]
    assert documents.summaries_of("tester", []) == []


def test_count_with_status_agrees_with_the_filtered_list():
    """The status bar's count (an index lookup) equals the filtered list's count."""
    from desktop.domain import Document
    from desktop.workspace import Workspace

    ws = Workspace.open(None)
    ws.add_documents([Document(f"d{i}", f"text {i}") for i in range(6)])
    ws.set_status("d1", "done")
    ws.set_status("d2", "in_progress")
    ws.set_status("d4", "done")
    project = ws._project
    for status in ("done", "in_progress"):
        assert project.layers.count_with_status(ws.annotator, status) == (
            project.documents.filtered_count(ws.annotator, status)
        )
    assert project.layers.count_with_status("someone-else", "done") == 0


def test_full_text_index_fills_a_chunk_at_a_time(tmp_path):
    """ensure_fts(limit) indexes that many documents in project order; fts_pending counts
    the rest; a search that does not wait covers only the indexed ones."""
    ws = Workspace.open(tmp_path / "p.gloss", create=True)
    try:
        docs = ws._project.documents
        ws.add_documents(
            [Document(f"d{i}", f"alpha 🙂 word{i}\r\nשלום e\u0301", f"T{i}") for i in range(5)]
        )
        assert docs.fts_pending() == 5
        assert docs.filtered_seqs("alice", None, "alpha", wait=False) == []
        assert docs.ensure_fts(2) == 2
        assert docs.fts_pending() == 3
        assert len(docs.filtered_seqs("alice", None, "alpha", wait=False)) == 2
        assert docs.ensure_fts(10) == 3
        assert docs.ensure_fts(10) == 0 and docs.fts_pending() == 0
        assert len(docs.filtered_seqs("alice", None, "alpha", wait=False)) == 5
        assert len(docs.filtered_seqs("alice", None, "שלום")) == 5
        assert ws.search_index_pending() == 0 and ws.index_for_search() == 0
    finally:
        ws.close()
