"""The base of every op, the registry, and the JSON forms of domain values in the edit log."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Self, TypeVar

from desktop.domain import Actor, Change, Document, Relation, ReviewDecision, Span
from desktop.storage import Project


class Op:
    """Base of every operation; subclasses are frozen dataclasses registered in `OPS`."""

    __slots__ = ()
    name: ClassVar[str]

    def apply(self, project: Project) -> Change:
        """Perform the op inside the caller's transaction; what it changed."""
        raise NotImplementedError

    def invert(self) -> Op:
        """The op that undoes this one."""
        raise NotImplementedError

    def to_json(self) -> list[Any]:
        """`[name, *payload]` as stored in the edit log."""
        raise NotImplementedError

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        """The op from the payload of its JSON list (without the name)."""
        raise NotImplementedError

    @property
    def doc_ids(self) -> frozenset[str]:
        """The documents this op touches (empty for project-wide data such as actors)."""
        return frozenset()

    @classmethod
    def doc_ids_in_json(cls, payload: list[Any]) -> frozenset[str]:
        """`doc_ids` read from the JSON payload (override to skip building the op)."""
        return cls.from_json(payload).doc_ids


OPS: dict[str, type[Op]] = {}
OpClass = TypeVar("OpClass", bound=type[Op])


def register(cls: OpClass) -> OpClass:
    """Class decorator: make an op readable from the edit log by its `name`."""
    if cls.name in OPS:
        raise ValueError(f"op {cls.name!r} is registered twice")
    OPS[cls.name] = cls
    return cls


def op_from_json(data: Sequence[Any]) -> Op:
    """An op from its edit-log JSON list."""
    if not data or not isinstance(data[0], str) or data[0] not in OPS:
        raise ValueError(f"unknown op {data[0] if data else data!r}")
    return OPS[data[0]].from_json(list(data[1:]))


def ops_from_json(data: Iterable[Sequence[Any]]) -> list[Op]:
    """Ops from an edit-log entry's JSON."""
    return [op_from_json(item) for item in data]


def ops_to_json(ops: Iterable[Op]) -> list[list[Any]]:
    """The edit-log JSON of `ops`."""
    return [op.to_json() for op in ops]


def invert_ops(ops: Sequence[Op]) -> list[Op]:
    """The ops that undo `ops`, in the order to apply them."""
    return [op.invert() for op in reversed(ops)]


def apply_ops(project: Project, ops: Iterable[Op]) -> Change:
    """Perform ops in order; the union of their changes."""
    change = Change()
    for op in ops:
        change = change.merged(op.apply(project))
    return change


def documents_in_json(data: Iterable[Sequence[Any]]) -> frozenset[str]:
    """Every document an edit-log entry's ops touch, without building the ops."""
    found: set[str] = set()
    for item in data:
        if not item or item[0] not in OPS:
            raise ValueError(f"unknown op {item[0] if item else item!r}")
        found.update(OPS[item[0]].doc_ids_in_json(list(item[1:])))
    return frozenset(found)


def documents_of(ops: Iterable[Op]) -> frozenset[str]:
    """Every document the ops touch."""
    found: set[str] = set()
    for op in ops:
        found.update(op.doc_ids)
    return frozenset(found)


# --- the JSON forms of domain values (unchanged since the first project file) -------


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
        **({"note": span.note} if span.note else {}),
        **({"unsure": True} if span.unsure else {}),
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


def span_of(data: dict[str, Any]) -> Span:
    """A span read from an op."""
    return Span(**data)


def relation_of(data: dict[str, Any]) -> Relation:
    """A relation read from an op."""
    return Relation(**data)


def actor_of(data: dict[str, Any]) -> Actor:
    """An actor read from an op."""
    return Actor(data["id"], data["name"], data["kind"], tuple(data["aliases"]))


def document_of(data: dict[str, Any]) -> Document:
    """A document read from an op."""
    return Document(**data)


def span_change(span: Span, *, actors: bool = False) -> Change:
    """What adding, removing or changing `span` changed."""
    return Change(
        spans=True,
        actors=actors,
        doc_ids=frozenset({span.doc_id}),
        span_ids=frozenset({span.id}),
    )


def relation_change(relation: Relation) -> Change:
    """What adding or removing `relation` changed."""
    return Change(
        relations=True,
        doc_ids=frozenset({relation.doc_id}),
        relation_ids=frozenset({relation.id}),
    )


def decision_dict(decision: ReviewDecision) -> dict[str, Any]:
    """A review decision as stored in an op."""
    return {
        "doc_id": decision.doc_id,
        "gold": decision.gold,
        "key": decision.key,
        "decision": decision.decision,
        "reviewer": decision.reviewer,
        "at": decision.at,
        "layer": decision.layer,
    }


def decision_of(data: dict[str, Any] | None) -> ReviewDecision | None:
    """A review decision (or none) read from an op."""
    return ReviewDecision(**data) if data is not None else None
