"""Codebook use cases through the workspace: one undoable step, broadcast with `schema`."""

from dataclasses import replace

import pytest

from desktop.domain import Schema, SpanLabel
from desktop.workspace import HistoryConflict
from desktop.workspace.codebook import (
    CodebookConflict,
    edit_codebook,
    rename_label,
    set_codebook,
)
from desktop.workspace.codebook_ops import SetSchema


def test_codebook_edits_broadcast_a_schema_change(ws):
    """Listeners hear one change with the schema flag, and the workspace reads the new codebook."""
    heard = []
    ws.subscribe(lambda change, initiator: heard.append((change, initiator)))
    base = ws.schema
    bigger = replace(base, span_labels=(*base.span_labels, SpanLabel("DENIAL", "n")))
    set_codebook(ws, bigger, source="x.toml", initiator="me")
    ((change, initiator),) = heard
    assert change.schema and initiator == "me" and "DENIAL" in ws.schema.label_names
    ws.undo()
    assert heard[-1][0].schema and "DENIAL" not in ws.schema.label_names


def test_undo_of_a_codebook_step_refuses_a_codebook_changed_since(ws):
    """A stale set_schema step (the codebook changed elsewhere) is a HistoryConflict."""
    base = ws.schema
    other = replace(base, name="other")
    with pytest.raises(HistoryConflict), ws._project.atomic():
        SetSchema(other, base).apply(ws._project)


def test_edit_codebook_refuses_what_annotations_use(ws):
    """Removing a label in use through the editor path is refused, naming it."""
    start = ws.document("d1").text.index("Azerbaijani")
    ws.add_span("d1", start, start + 11, "ACTOR")
    base = ws.schema
    smaller = replace(
        base,
        span_labels=tuple(s for s in base.span_labels if s.name != "ACTOR"),
        relation_labels=(),
    )
    with pytest.raises(CodebookConflict, match="1 span uses ACTOR, which this edit removes"):
        edit_codebook(ws, smaller, "Remove ACTOR")
    assert ws.schema == base


def test_rename_label_keeps_actor_links_and_counts(ws):
    """Every span of every layer moves to the new name, nothing else changes."""
    text = ws.document("d1").text
    for layer in ("alice", "gold"):
        start = text.index("Human Rights Watch")
        ws.add_span("d1", start, start + 18, "ACTOR", layer=layer, attrs={"kind": "NGO or IGO"})
    change = rename_label(ws, "ACTOR", "PARTY")
    assert change.schema and len(change.span_ids) == 2
    assert [s.label for s in ws.spans("d1", "gold")] == ["PARTY"]
    assert ws.schema.version == Schema.default().version + 1
