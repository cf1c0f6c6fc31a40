"""`gloss layers`: colleagues' layers are read-only however they arrived, until taken over."""

from __future__ import annotations

import json

from desktop.cli import main
from desktop.domain import Document
from desktop.workspace import ReadOnlyLayer, Workspace
from desktop.workspace.layers import default_review_layers

TEXT = "Baku denied it. 👩‍👩‍👧 مرحبا\r\nthe rest."


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def line(layer: str | None, start: int, end: int, label: str) -> str:
    record = {"id": "d1", "text": TEXT, "spans": [{"start": start, "end": end, "label": label}]}
    if layer:
        record["layer"] = layer
    return json.dumps(record, ensure_ascii=False) + "\n"


def test_import_with_a_colleagues_layer_is_read_only_until_taken_over(tmp_path, capsys):
    """--layer bob arrives read-only (edits refused); --take-over makes it editable."""
    project, bob = tmp_path / "p.gloss", tmp_path / "bob.jsonl"
    ws = Workspace.open(project, create=True)
    ws.set_annotator("alice")
    ws.close()
    bob.write_text(line(None, 0, 4, "ACTOR"), encoding="utf-8")
    mine = tmp_path / "mine.jsonl"
    mine.write_text(line(None, 5, 11, "RESPONSE"), encoding="utf-8")
    assert run(capsys, "import", project, bob, "--layer", "bob")[0] == 0
    assert run(capsys, "import", project, mine, "--layer", "alice")[0] == 0
    code, out, _ = run(capsys, "layers", project)
    assert code == 0
    rows = {r.split("\t")[0]: r.split("\t")[1:] for r in out.splitlines()}
    assert rows["bob"][:2] == ["annotator", "read-only"]
    assert rows["alice (yours)"][:2] == ["annotator", "editable"]

    ws = Workspace.open(project)
    (span,) = ws.spans("d1", "bob")
    try:
        ws.relabel_span(span.id, "EVIDENCE")
        raise AssertionError("a colleague's layer took an edit")
    except ReadOnlyLayer as exc:
        assert "read-only" in str(exc)
    ws.close()

    code, out, _ = run(capsys, "layers", project, "--take-over", "bob")
    assert code == 0 and out.splitlines()[0] == "Take over layer bob"
    assert "bob\tannotator\teditable" in out
    ws = Workspace.open(project)
    ws.relabel_span(span.id, "EVIDENCE")
    assert [s.label for s in ws.spans("d1", "bob")] == ["EVIDENCE"]
    ws.close()
    code, _, err = run(capsys, "layers", project, "--take-over", "bob")
    assert code != 0 and "already editable" in err and "Traceback" not in err


def test_review_compares_the_annotators_not_the_sample_layer():
    """With example, alice and bob, review compares alice and bob; with example and bob, both."""
    ws = Workspace.open(None)
    ws.add_documents([Document("d1", TEXT)])
    for layer in ("example", "bob"):
        ws.add_span("d1", 0, 4, "ACTOR", layer=layer)
    assert sorted(default_review_layers(ws)) == ["bob", "example"]
    ws.add_span("d1", 0, 4, "ACTOR", layer="alice")
    ws.add_span("d1", 0, 4, "ACTOR", layer="gold")
    assert sorted(default_review_layers(ws)) == ["alice", "bob"]
    ws.close()
