"""Typed, invertible operations: what the edit log stores and undo/redo replay.

Each op is a frozen dataclass with `apply(project) -> Change` (performed inside the
caller's transaction) and `invert() -> Op`. In the edit log an op is the JSON list
`[name, *payload]` (the format of every Gloss project so far); `to_json` writes it,
`op_from_json` reads it back through the registry `OPS`.

`apply` checks that the project is in the state the op expects (a row to remove is
there and unchanged, a row to add is not): a history step that no longer fits the
project raises `HistoryConflict` (or `AlreadyExists`) and its transaction rolls back,
so undo and redo never delete or overwrite work they did not make.

How to add an op (e.g. for a new table):

1. Write a `@register`-decorated frozen, slotted dataclass subclassing `Op`, with a
   unique `name: ClassVar[str]` (the first element of its JSON list, never renamed).
2. Implement `apply` (check the current state, write through the stores, return a
   `Change` naming what changed and which documents), `invert` (the op that undoes
   it: usually the mirror op), `to_json` (`[name, *payload]`, JSON types only) and
   the classmethod `from_json(payload)` (the payload after the name).
3. If it touches documents, return them from `doc_ids` (undo goes to them).
4. Write through `Workspace.commit(ops, label)`; tests in
   `tests/workspace/test_ops.py` run every registered op through a JSON round trip,
   apply, invert and apply again (add a sample to `SAMPLES` there).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Self, TypeVar

from desktop.domain import Actor, Change, Document, Relation, Span
from desktop.storage import Project
from desktop.workspace.errors import AlreadyExists, HistoryConflict


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


def _span(data: dict[str, Any]) -> Span:
    return Span(**data)


def _relation(data: dict[str, Any]) -> Relation:
    return Relation(**data)


def _actor(data: dict[str, Any]) -> Actor:
    return Actor(data["id"], data["name"], data["kind"], tuple(data["aliases"]))


def _document(data: dict[str, Any]) -> Document:
    return Document(**data)


def _span_change(span: Span, *, actors: bool = False) -> Change:
    return Change(
        spans=True,
        actors=actors,
        doc_ids=frozenset({span.doc_id}),
        span_ids=frozenset({span.id}),
    )


def _relation_change(relation: Relation) -> Change:
    return Change(
        relations=True,
        doc_ids=frozenset({relation.doc_id}),
        relation_ids=frozenset({relation.id}),
    )


# --- spans ----------------------------------------------------------------------------


@register
@dataclass(frozen=True, slots=True)
class AddSpan(Op):
    """Create a span (its id must be new)."""

    name: ClassVar[str] = "add_span"
    span: Span

    def apply(self, project: Project) -> Change:
        if project.spans.get(self.span.id) is not None:
            raise AlreadyExists(f"span {self.span.id} already exists")
        project.spans.add(self.span)
        return _span_change(self.span)

    def invert(self) -> Op:
        return RemoveSpan(self.span)

    def to_json(self) -> list[Any]:
        return [self.name, span_dict(self.span)]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(_span(payload[0]))

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset({self.span.doc_id})


@register
@dataclass(frozen=True, slots=True)
class RemoveSpan(Op):
    """Delete a span that no role touches any more (remove its relations first)."""

    name: ClassVar[str] = "remove_span"
    span: Span

    def apply(self, project: Project) -> Change:
        current = project.spans.get(self.span.id)
        if current != self.span:
            raise HistoryConflict(f"{self.span.label} span {self.span.id} changed since")
        if project.relations.touching(self.span.id):
            raise HistoryConflict(f"{self.span.label} span {self.span.id} has roles made since")
        project.spans.remove(self.span.id)
        return _span_change(self.span)

    def invert(self) -> Op:
        return AddSpan(self.span)

    def to_json(self) -> list[Any]:
        return [self.name, span_dict(self.span)]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(_span(payload[0]))

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset({self.span.doc_id})


@register
@dataclass(frozen=True, slots=True)
class UpdateSpan(Op):
    """Replace a span by another version of it (same id): label, offsets, attributes, actor."""

    name: ClassVar[str] = "update_span"
    before: Span
    after: Span

    def apply(self, project: Project) -> Change:
        if project.spans.get(self.before.id) != self.before:
            raise HistoryConflict(f"{self.before.label} span {self.before.id} changed since")
        project.spans.replace(self.after)
        return _span_change(self.after, actors=self.before.actor_id != self.after.actor_id)

    def invert(self) -> Op:
        return UpdateSpan(self.after, self.before)

    def to_json(self) -> list[Any]:
        return [self.name, span_dict(self.before), span_dict(self.after)]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(_span(payload[0]), _span(payload[1]))

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset({self.before.doc_id, self.after.doc_id})


# --- relations ------------------------------------------------------------------------


@register
@dataclass(frozen=True, slots=True)
class AddRelation(Op):
    """Create a role between two stored spans (its id must be new)."""

    name: ClassVar[str] = "add_relation"
    relation: Relation

    def apply(self, project: Project) -> Change:
        if project.relations.get(self.relation.id) is not None:
            raise AlreadyExists(f"relation {self.relation.id} already exists")
        project.relations.add(self.relation)
        return _relation_change(self.relation)

    def invert(self) -> Op:
        return RemoveRelation(self.relation)

    def to_json(self) -> list[Any]:
        return [self.name, relation_dict(self.relation)]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(_relation(payload[0]))

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset({self.relation.doc_id})


@register
@dataclass(frozen=True, slots=True)
class RemoveRelation(Op):
    """Delete a role."""

    name: ClassVar[str] = "remove_relation"
    relation: Relation

    def apply(self, project: Project) -> Change:
        if project.relations.get(self.relation.id) != self.relation:
            raise HistoryConflict(f"{self.relation.label} role {self.relation.id} changed since")
        project.relations.remove(self.relation.id)
        return _relation_change(self.relation)

    def invert(self) -> Op:
        return AddRelation(self.relation)

    def to_json(self) -> list[Any]:
        return [self.name, relation_dict(self.relation)]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(_relation(payload[0]))

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset({self.relation.doc_id})


# --- document status ----------------------------------------------------------------


@register
@dataclass(frozen=True, slots=True)
class SetStatus(Op):
    """Move a document's status in one layer from `before` to `after`."""

    name: ClassVar[str] = "set_status"
    doc_id: str
    layer: str
    before: str
    after: str

    def apply(self, project: Project) -> Change:
        current = project.layers.status(self.doc_id, self.layer)
        if current != self.before:
            raise HistoryConflict(
                f"document {self.doc_id} is {current.replace('_', ' ')} in {self.layer} now,"
                f" not {self.before.replace('_', ' ')}"
            )
        project.layers.set_status(self.doc_id, self.layer, self.after)
        return Change(status=True, doc_ids=frozenset({self.doc_id}))

    def invert(self) -> Op:
        return SetStatus(self.doc_id, self.layer, self.after, self.before)

    def to_json(self) -> list[Any]:
        return [self.name, self.doc_id, self.layer, self.before, self.after]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        doc_id, layer, before, after = payload
        return cls(doc_id, layer, before, after)

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset({self.doc_id})


# --- actors -----------------------------------------------------------------------------


@register
@dataclass(frozen=True, slots=True)
class AddActor(Op):
    """Add a canonical actor to the registry (its id must be new)."""

    name: ClassVar[str] = "add_actor"
    actor: Actor

    def apply(self, project: Project) -> Change:
        if project.actors.get(self.actor.id) is not None:
            raise AlreadyExists(f"actor {self.actor.name} ({self.actor.id}) already exists")
        project.actors.add(self.actor)
        return Change(actors=True)

    def invert(self) -> Op:
        return RemoveActor(self.actor)

    def to_json(self) -> list[Any]:
        return [self.name, actor_dict(self.actor)]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(_actor(payload[0]))


@register
@dataclass(frozen=True, slots=True)
class RemoveActor(Op):
    """Delete an actor no span links to any more (unlink its mentions first)."""

    name: ClassVar[str] = "remove_actor"
    actor: Actor

    def apply(self, project: Project) -> Change:
        if project.actors.get(self.actor.id) != self.actor:
            raise HistoryConflict(f"actor {self.actor.name} changed since")
        if project.spans.with_actor(self.actor.id):
            raise HistoryConflict(f"actor {self.actor.name} has mentions linked since")
        project.actors.remove(self.actor.id)
        return Change(actors=True)

    def invert(self) -> Op:
        return AddActor(self.actor)

    def to_json(self) -> list[Any]:
        return [self.name, actor_dict(self.actor)]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(_actor(payload[0]))


@register
@dataclass(frozen=True, slots=True)
class UpdateActor(Op):
    """Rename an actor, change its kind or aliases."""

    name: ClassVar[str] = "update_actor"
    before: Actor
    after: Actor

    def apply(self, project: Project) -> Change:
        if project.actors.get(self.before.id) != self.before:
            raise HistoryConflict(f"actor {self.before.name} changed since")
        project.actors.replace(self.after)
        return Change(actors=True)

    def invert(self) -> Op:
        return UpdateActor(self.after, self.before)

    def to_json(self) -> list[Any]:
        return [self.name, actor_dict(self.before), actor_dict(self.after)]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(_actor(payload[0]), _actor(payload[1]))


# --- documents ------------------------------------------------------------------------


@register
@dataclass(frozen=True, slots=True)
class AddDocument(Op):
    """Add a document (its id must be new)."""

    name: ClassVar[str] = "add_document"
    document: Document

    def apply(self, project: Project) -> Change:
        if project.documents.hashes([self.document.id]):
            raise AlreadyExists(f"document {self.document.id} already exists")
        project.documents.add(self.document)
        return Change(documents=True, doc_ids=frozenset({self.document.id}))

    def invert(self) -> Op:
        return RemoveDocument(self.document)

    def to_json(self) -> list[Any]:
        return [self.name, document_dict(self.document)]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(_document(payload[0]))

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset({self.document.id})


@register
@dataclass(frozen=True, slots=True)
class RemoveDocument(Op):
    """Delete a document that holds no spans or roles any more (remove those first)."""

    name: ClassVar[str] = "remove_document"
    document: Document

    def apply(self, project: Project) -> Change:
        doc_id = self.document.id
        if project.documents.hashes([doc_id]).get(doc_id) != self.document.sha256:
            raise HistoryConflict(f"document {doc_id} changed since")
        if project.spans.for_document(doc_id) or project.relations.for_document(doc_id):
            # The cascade would take them with the document: refuse instead.
            raise HistoryConflict(f"document {doc_id} has annotations made since")
        project.documents.remove(doc_id)
        return Change(
            documents=True, spans=True, relations=True, status=True, doc_ids=frozenset({doc_id})
        )

    def invert(self) -> Op:
        return AddDocument(self.document)

    def to_json(self) -> list[Any]:
        return [self.name, document_dict(self.document)]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(_document(payload[0]))

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset({self.document.id})
