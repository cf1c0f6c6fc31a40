"""Merging colleagues' work and measuring agreement between layers."""

import json

import pytest

from desktop.domain import Document
from desktop.workspace import Workspace, WorkspaceError, agreement, merge_paths, stats

SOURCE = [
    Document("a1", "Rebels accused the army of shelling the village."),
    Document("a2", "The ministry denied the report on Tuesday."),
]


def annotator_project(path, name, spans):
    """A project of one annotator, built independently from the same documents."""
    ws = Workspace.open(path, create=True)
    ws.set_annotator(name)
    ws.add_documents(SOURCE)
    for doc_id, start, end, label in spans:
        ws.add_span(doc_id, start, end, label)
    for doc in SOURCE:
        ws.set_status(doc.id, "done")
    ws.close()
    return path


@pytest.fixture
def colleagues(tmp_path):
    alice = annotator_project(
        tmp_path / "alice.gloss",
        "alice",
        [("a1", 0, 6, "ACTOR"), ("a1", 20, 28, "ACTOR"), ("a2", 0, 12, "ACTOR")],
    )
    bob = annotator_project(
        tmp_path / "bob.gloss",
        "bob",
        [("a1", 0, 6, "ACTOR"), ("a1", 24, 28, "ACTOR"), ("a2", 13, 19, "RESPONSE")],
    )
    return alice, bob


def test_merge_twice_gives_the_same_result(tmp_path, colleagues):
    """Two annotators' projects merge into a third, twice, with the same result."""
    ws = Workspace.open(tmp_path / "review.gloss", create=True)
    ws.set_annotator("carol")
    first = merge_paths(ws, colleagues)
    assert first.imported.documents_added == 2 and first.imported.spans_added == 6
    snapshot = stats(ws)
    second = merge_paths(ws, colleagues)
    assert second.imported.spans_added == 0 and stats(ws)["spans"] == snapshot["spans"]
    layers = {layer.name: layer.read_only for layer in ws.layers()}
    assert layers == {"alice": True, "bob": True}
    assert ws._project.backup is not None
    ws.close()


def test_merge_refuses_documents_whose_text_differs(tmp_path, colleagues):
    """A document with the same id and other text is refused whole and listed."""
    ws = Workspace.open(tmp_path / "review.gloss", create=True)
    ws.add_documents([Document("a1", "A different text entirely.")])
    report = merge_paths(ws, colleagues)
    assert report.refused_documents == ["a1"]
    assert ws.spans("a1", "alice") == [] and len(ws.spans("a2", "alice")) == 1
    assert "refused 1 document" in str(report)
    ws.close()


def test_merge_of_a_jsonl_export_and_undo(tmp_path, colleagues):
    """A JSONL export merges like a project file, and the merge can be undone."""
    from desktop.workspace import export_jsonl

    alice = Workspace.open(colleagues[0])
    export_jsonl(alice, tmp_path / "alice.jsonl")
    alice.close()
    ws = Workspace.open(tmp_path / "review.gloss", create=True)
    merge_paths(ws, [tmp_path / "alice.jsonl"])
    assert len(ws.spans("a1", "alice")) == 2
    ws.undo()
    assert ws.spans("a1", "alice") == [] and ws._project.documents.count() == 0
    ws.close()


def test_agreement_between_merged_layers(tmp_path, colleagues):
    """Agreement compares the merged layers over documents both marked done."""
    ws = Workspace.open(tmp_path / "review.gloss", create=True)
    merge_paths(ws, colleagues)
    report = agreement(ws)
    assert report["layers"] == ["alice", "bob"] and report["documents"] == 2
    (pair,) = report["pairs"]
    # alice: 3 spans; bob: 3 spans; exact matches: 1 -> F1 = 2*1/(3+3)
    assert pair["span_f1_exact"] == pytest.approx(1 / 3)
    assert pair["span_f1_overlap"] == pytest.approx(2 / 3)
    assert json.dumps(report)  # JSON-serializable, no NaN
    with pytest.raises(WorkspaceError, match="no layer"):
        agreement(ws, ["alice", "zed"])
    ws.close()
