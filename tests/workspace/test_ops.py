"""Typed ops: the registry, the edit-log JSON, apply/invert, the checks refusing stale steps."""

from dataclasses import replace

import pytest

from desktop.domain import Actor, Document, Relation, ReviewDecision, Schema, Span
from desktop.storage.layers import LayerInfo
from desktop.workspace import AlreadyExists, HistoryConflict, Workspace
from desktop.workspace.actor_ops import MergeActors, SetDocumentMeta, SplitActor
from desktop.workspace.codebook_ops import SetSchema
from desktop.workspace.ops import (
    OPS,
    AddActor,
    AddDocument,
    AddRelation,
    AddSpan,
    Op,
    RemoveActor,
    RemoveDocument,
    RemoveRelation,
    RemoveSpan,
    SetDecision,
    SetStatus,
    UpdateActor,
    UpdateSpan,
    apply_ops,
    op_from_json,
)
from tests.workspace.conftest import TEXT

SPAN = Span("s1", "d1", "alice", 0, 18, "ACTOR", {"kind": "NGO or IGO"}, None)
SPAN2 = Span("s2", "d1", "alice", 19, 26, "ALLEGATION", {}, None)
RELATION = Relation("r1", "d1", "alice", "accuser", "s2", "s1")
ACTOR = Actor("a1", "Human Rights Watch", "NGO or IGO", ("HRW",))
ACTOR2 = Actor("a2", "HRW", "NGO or IGO", ())
DECISION = ReviewDecision(
    "d1", "gold", "span 0-18 ACTOR", "rejected", "carol", "2026-01-02T03:04:05+00:00"
)
DOC = Document("d9", "Ninth 👩‍👩‍👧 text\r\nwith e\u0301 and مرحبا.", "Nine", {"source": "x"})

# One sample per registered op with its edit-log JSON exactly as Gloss has always written it.
SAMPLES: dict[str, tuple[Op, list]] = {
    "add_span": (
        AddSpan(SPAN),
        [
            "add_span",
            {
                "id": "s1",
                "doc_id": "d1",
                "layer": "alice",
                "start": 0,
                "end": 18,
                "label": "ACTOR",
                "attrs": {"kind": "NGO or IGO"},
                "actor_id": None,
            },
        ],
    ),
    "remove_span": (RemoveSpan(SPAN2), []),
    "update_span": (UpdateSpan(SPAN, SPAN.with_changes(label="EVIDENCE", attrs={})), []),
    "add_relation": (
        AddRelation(RELATION),
        [
            "add_relation",
            {
                "id": "r1",
                "doc_id": "d1",
                "layer": "alice",
                "label": "accuser",
                "head_id": "s2",
                "child_id": "s1",
            },
        ],
    ),
    "remove_relation": (RemoveRelation(RELATION), []),
    "set_status": (
        SetStatus("d1", "alice", "new", "done"),
        ["set_status", "d1", "alice", "new", "done"],
    ),
    "add_actor": (
        AddActor(ACTOR),
        [
            "add_actor",
            {"id": "a1", "name": "Human Rights Watch", "kind": "NGO or IGO", "aliases": ["HRW"]},
        ],
    ),
    "remove_actor": (RemoveActor(ACTOR), []),
    "update_actor": (UpdateActor(ACTOR, Actor("a1", "HRW", "NGO or IGO", ())), []),
    "add_document": (
        AddDocument(DOC),
        ["add_document", {"id": "d9", "title": "Nine", "text": DOC.text, "meta": {"source": "x"}}],
    ),
    "remove_document": (RemoveDocument(DOC), []),
    "merge_actors": (
        MergeActors(
            ACTOR,
            Actor("a1", "Human Rights Watch", "NGO or IGO", ("HRW", "Rights Watch")),
            Actor("a2", "Rights Watch", "NGO or IGO", ()),
            ("s1",),
        ),
        [
            "merge_actors",
            {"id": "a1", "name": "Human Rights Watch", "kind": "NGO or IGO", "aliases": ["HRW"]},
            {
                "id": "a1",
                "name": "Human Rights Watch",
                "kind": "NGO or IGO",
                "aliases": ["HRW", "Rights Watch"],
            },
            {"id": "a2", "name": "Rights Watch", "kind": "NGO or IGO", "aliases": []},
            ["s1"],
        ],
    ),
    "split_actor": (
        SplitActor(ACTOR, Actor("a1", "Human Rights Watch", "NGO or IGO", ()), ACTOR2, ("s1",)),
        [],
    ),
    "set_document_meta": (
        SetDocumentMeta("d9", {"source": "x"}, {"source": "x", "date": "2024-01-05"}),
        ["set_document_meta", "d9", {"source": "x"}, {"source": "x", "date": "2024-01-05"}],
    ),
    "set_decision": (
        SetDecision(None, DECISION),
        [
            "set_decision",
            None,
            {
                "doc_id": "d1",
                "gold": "gold",
                "key": "span 0-18 ACTOR",
                "decision": "rejected",
                "reviewer": "carol",
                "at": "2026-01-02T03:04:05+00:00",
                "layer": None,
            },
        ],
    ),
    "set_schema": (
        SetSchema(Schema.default(), replace(Schema.default(), name="renamed", version=2)),
        [
            "set_schema",
            Schema.default().to_dict(),
            {**Schema.default().to_dict(), "name": "renamed", "version": 2},
        ],
    ),
}


def test_every_registered_op_has_a_sample():
    """Each op in the registry is covered by the round-trip tests below."""
    assert set(OPS) == set(SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_json_round_trip_keeps_the_edit_log_format(name):
    """to_json gives `[name, *payload]` in the historical format, and reading it back is equal."""
    op, expected = SAMPLES[name]
    data = op.to_json()
    assert data[0] == name == op.name
    if expected:
        assert data == expected
    assert op_from_json(data) == op
    assert OPS[name].doc_ids_in_json(data[1:]) == op.doc_ids  # the shortcut agrees
    assert op_from_json(op.invert().to_json()) == op.invert()
    assert op.invert().invert() == op


def test_unknown_op_names_are_refused():
    """A log entry naming no registered op is an error, not a silent skip."""
    with pytest.raises(ValueError, match="unknown op"):
        op_from_json(["rename_everything", {}])


@pytest.fixture
def ws_layer(ws):
    """The workspace with alice's layer created (ops do not create layers)."""
    with ws._project.atomic():
        ws._project.layers.ensure(LayerInfo("alice", "annotator"))
    return ws


def _snapshot(ws: Workspace) -> dict:
    project = ws._project
    return {
        "documents": {d.id: d for d in project.documents.iter_all()},
        "spans": sorted(
            (s.id, s) for doc in project.documents.ids() for s in project.spans.for_document(doc)
        ),
        "relations": sorted(
            (r.id, r)
            for doc in project.documents.ids()
            for r in project.relations.for_document(doc)
        ),
        "actors": project.actors.all(),
        "status": project.layers.status("d1", "alice"),
        "decisions": project.decisions.all(),
    }


def test_apply_then_inverse_restores_the_project(ws_layer):
    ws = ws_layer
    """Applying each kind of op and then its inverse leaves the project as it was."""
    project = ws._project
    chain = [
        AddDocument(DOC),
        AddActor(ACTOR),
        AddSpan(SPAN.with_changes(actor_id="a1")),
        AddSpan(SPAN2),
        AddRelation(RELATION),
        UpdateSpan(SPAN2, SPAN2.with_changes(attrs={"status": "hedged"})),
        UpdateActor(ACTOR, Actor("a1", "HRW", "NGO or IGO", ())),
        SetStatus("d1", "alice", "new", "done"),
        SetDecision(None, DECISION),
        SetDecision(DECISION, ReviewDecision(*DECISION.identity, "accepted", "dan", "t", "bob")),
    ]
    before = _snapshot(ws)
    with project.atomic():
        apply_ops(project, chain)
    after = _snapshot(ws)
    assert after != before and len(after["spans"]) == 2 and len(after["relations"]) == 1
    with project.atomic():
        apply_ops(project, [op.invert() for op in reversed(chain)])
    assert _snapshot(ws) == before


@pytest.mark.parametrize(
    ("ops", "error", "words"),
    [
        ([AddSpan(SPAN), AddSpan(SPAN)], AlreadyExists, "already exists"),
        ([AddActor(ACTOR), AddActor(ACTOR)], AlreadyExists, "already exists"),
        ([AddDocument(DOC), AddDocument(DOC)], AlreadyExists, "already exists"),
        ([RemoveSpan(SPAN)], HistoryConflict, "changed since"),
        (
            [AddSpan(SPAN), RemoveSpan(SPAN.with_changes(label="EVIDENCE", attrs={}))],
            HistoryConflict,
            "changed",
        ),
        (
            [AddSpan(SPAN), AddSpan(SPAN2), AddRelation(RELATION), RemoveSpan(SPAN)],
            HistoryConflict,
            "roles",
        ),
        ([SetStatus("d1", "alice", "done", "new")], HistoryConflict, "new in alice now"),
        (
            [AddActor(ACTOR), AddSpan(SPAN.with_changes(actor_id="a1")), RemoveActor(ACTOR)],
            HistoryConflict,
            "mentions",
        ),
        (
            [AddSpan(SPAN), RemoveDocument(Document("d1", TEXT, "HRW"))],
            HistoryConflict,
            "annotations",
        ),
        ([SetDecision(DECISION, None)], HistoryConflict, "decision on span 0-18 ACTOR"),
    ],
)
def test_ops_refuse_a_project_that_does_not_fit(ws_layer, ops, error, words):
    """Adding what exists is AlreadyExists; removing or changing what changed is a HistoryConflict,
    and the transaction leaves the project untouched."""
    ws = ws_layer
    before = _snapshot(ws)
    with pytest.raises(error, match=words), ws._project.atomic():
        apply_ops(ws._project, ops)
    assert _snapshot(ws) == before
