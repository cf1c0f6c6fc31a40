"""`gloss merge` checks codebooks: layers using labels missing here are refused, listed."""

from __future__ import annotations

from dataclasses import replace

from desktop.cli import main
from desktop.domain import Document, Schema, SpanLabel
from desktop.workspace import Workspace, export_jsonl
from desktop.workspace.codebook import set_codebook

TEXT = "Baku denied it. 👩‍👩‍👧 مرحبا\r\nthe rest."


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def make(path, annotator, label="RESPONSE", extra=False):
    ws = Workspace.open(path, create=True)
    ws.set_annotator(annotator)
    if extra:
        base = Schema.default()
        denial = SpanLabel("DENIAL", "n", "#aa0033", "A flat denial.")
        set_codebook(ws, replace(base, span_labels=(*base.span_labels, denial)))
    ws.add_documents([Document("d1", TEXT, "t")])
    start = TEXT.index("denied it")
    ws.add_span("d1", start, start + 9, label)
    ws.close()


def counts(path):
    ws = Workspace.open(path)
    try:
        return ws.schema.label_names, ws._project.spans.count()
    finally:
        ws.close()


def test_merge_refuses_a_layer_with_labels_missing_here(tmp_path, capsys):
    """bob's DENIAL label is not in this codebook: the merge is refused with the list."""
    mine, theirs = tmp_path / "me.gloss", tmp_path / "bob.gloss"
    make(mine, "alice")
    make(theirs, "bob", "DENIAL", extra=True)
    before = counts(mine)
    code, out, err = run(capsys, "merge", mine, theirs)
    assert code == 1 and out == ""
    (line,) = err.strip().splitlines()
    assert "layer(s) bob use what this codebook lacks: label DENIAL (merge" in line
    assert "--add-labels" in line
    assert counts(mine) == before


def test_merge_with_add_labels_takes_their_definitions_and_undoes(tmp_path, capsys):
    """--add-labels adds DENIAL with bob's colour and description; undo takes both back."""
    mine, theirs = tmp_path / "me.gloss", tmp_path / "bob.gloss"
    make(mine, "alice")
    make(theirs, "bob", "DENIAL", extra=True)
    code, out, err = run(capsys, "merge", mine, theirs, "--add-labels")
    assert code == 0, err
    assert "added label DENIAL (key n)" in out and "1 span(s)" in out
    ws = Workspace.open(mine)
    try:
        denial = ws.schema.span_label("DENIAL")
        assert (denial.color, denial.description) == ("#aa0033", "A flat denial.")
        assert ws._project.spans.count() == 2
        ws.undo()
        assert ws.schema == Schema.default() and ws._project.spans.count() == 1
    finally:
        ws.close()


def test_merge_of_a_jsonl_export_is_checked_too(tmp_path, capsys):
    """A JSONL export with an unknown label is refused with the list, then added on request."""
    mine, theirs = tmp_path / "me.gloss", tmp_path / "bob.gloss"
    make(mine, "alice")
    make(theirs, "bob", "DENIAL", extra=True)
    ws = Workspace.open(theirs)
    export = tmp_path / "bob.jsonl"
    export_jsonl(ws, export)
    ws.close()
    code, _, err = run(capsys, "merge", mine, export)
    assert code == 1 and "label DENIAL" in err
    code, out, _ = run(capsys, "merge", mine, export, "--add-labels")
    assert code == 0 and "added label DENIAL" in out
    assert counts(mine)[1] == 2


def test_merge_within_the_codebook_needs_no_flag(tmp_path, capsys):
    """A colleague using only known labels merges as before and changes no codebook."""
    mine, theirs = tmp_path / "me.gloss", tmp_path / "bob.gloss"
    make(mine, "alice")
    make(theirs, "bob")
    code, out, _ = run(capsys, "merge", mine, theirs)
    assert code == 0 and "added" not in out
    assert counts(mine) == (Schema.default().label_names, 2)
