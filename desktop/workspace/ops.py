"""Invertible primitive operations: what the edit log stores and undo/redo replay.

An op is a JSON list `[name, *payload]`; `apply_op` performs it on a project and
`invert_op` gives the op that undoes it.
"""

from __future__ import annotations

from typing import Any

from desktop.domain import Actor, Change, Document, Relation, Schema, Span
from desktop.storage import Project

Op = list[Any]


def span_dict(span: Span) -> dict[str, Any]:
    """A span as stored in an op."""
    return {
        "id": span.id,
        "doc_id": span.doc_id,
        "layer": span.layer,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "attrs": span.attrs,
        "actor_id": span.actor_id,
    }


def relation_dict(relation: Relation) -> dict[str, Any]:
    """A relation as stored in an op."""
    return {
        "id": relation.id,
        "doc_id": relation.doc_id,
        "layer": relation.layer,
        "label": relation.label,
        "head_id": relation.head_id,
        "child_id": relation.child_id,
    }


def actor_dict(actor: Actor) -> dict[str, Any]:
    """An actor as stored in an op."""
    return {"id": actor.id, "name": actor.name, "kind": actor.kind, "aliases": list(actor.aliases)}


def document_dict(document: Document) -> dict[str, Any]:
    """A document as stored in an op."""
    return {
        "id": document.id,
        "title": document.title,
        "text": document.text,
        "meta": document.meta,
    }


_INVERSE = {
    "add_span": "remove_span",
    "remove_span": "add_span",
    "add_relation": "remove_relation",
    "remove_relation": "add_relation",
    "add_actor": "remove_actor",
    "remove_actor": "add_actor",
    "add_document": "remove_document",
    "remove_document": "add_document",
}


def invert_op(op: Op) -> Op:
    """The op that undoes `op`."""
    name = op[0]
    if name in _INVERSE:
        return [_INVERSE[name], *op[1:]]
    if name in ("update_span", "update_actor", "set_schema"):
        return [name, op[2], op[1]]
    if name == "set_status":
        _, doc_id, layer, before, after = op
        return ["set_status", doc_id, layer, after, before]
    raise ValueError(f"unknown op {name!r}")


def invert_ops(ops: list[Op]) -> list[Op]:
    """The ops that undo `ops`, in the order to apply them."""
    return [invert_op(op) for op in reversed(ops)]


def apply_op(project: Project, op: Op) -> Change:
    """Perform one op on the project (inside the caller's transaction)."""
    name = op[0]
    if name == "add_span":
        span = Span(**op[1])
        project.spans.add(span)
        return Change(spans=True, doc_ids=frozenset({span.doc_id}), span_ids=frozenset({span.id}))
    if name == "remove_span":
        project.spans.remove(op[1]["id"])
        return Change(
            spans=True, doc_ids=frozenset({op[1]["doc_id"]}), span_ids=frozenset({op[1]["id"]})
        )
    if name == "update_span":
        span = Span(**op[2])
        project.spans.replace(span)
        return Change(
            spans=True,
            actors=op[1]["actor_id"] != op[2]["actor_id"],
            doc_ids=frozenset({span.doc_id}),
            span_ids=frozenset({span.id}),
        )
    if name == "add_relation":
        relation = Relation(**op[1])
        project.relations.add(relation)
        return Change(
            relations=True,
            doc_ids=frozenset({relation.doc_id}),
            relation_ids=frozenset({relation.id}),
        )
    if name == "remove_relation":
        project.relations.remove(op[1]["id"])
        return Change(
            relations=True,
            doc_ids=frozenset({op[1]["doc_id"]}),
            relation_ids=frozenset({op[1]["id"]}),
        )
    if name == "set_status":
        _, doc_id, layer, _before, after = op
        project.layers.set_status(doc_id, layer, after)
        return Change(status=True, doc_ids=frozenset({doc_id}))
    if name == "add_actor":
        project.actors.add(_actor(op[1]))
        return Change(actors=True)
    if name == "remove_actor":
        project.actors.remove(op[1]["id"])
        return Change(actors=True)
    if name == "update_actor":
        project.actors.replace(_actor(op[2]))
        return Change(actors=True)
    if name == "set_schema":
        project.settings.set_schema(Schema.from_dict(op[2]))
        return Change(schema=True)
    if name == "add_document":
        project.documents.add(Document(**op[1]))
        return Change(documents=True, doc_ids=frozenset({op[1]["id"]}))
    if name == "remove_document":
        project.documents.remove(op[1]["id"])
        return Change(documents=True, spans=True, relations=True, status=True)
    raise ValueError(f"unknown op {name!r}")


def _actor(data: dict[str, Any]) -> Actor:
    return Actor(data["id"], data["name"], data["kind"], tuple(data["aliases"]))


def apply_ops(project: Project, ops: list[Op]) -> Change:
    """Perform ops in order; the union of their changes."""
    change = Change()
    for op in ops:
        change = change.merged(apply_op(project, op))
    return change
