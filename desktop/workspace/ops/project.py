"""Ops on project-wide data: the actor registry, documents and review decisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Self

from desktop.domain import Actor, Change, Document, ReviewDecision
from desktop.storage import Project
from desktop.workspace.errors import AlreadyExists, HistoryConflict
from desktop.workspace.ops.base import (
    Op,
    actor_dict,
    actor_of,
    decision_dict,
    decision_of,
    document_dict,
    document_of,
    register,
)

# --- actors -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _OneActor(Op):
    """Base of the ops that carry one actor: its edit-log JSON."""

    actor: Actor

    def to_json(self) -> list[Any]:
        return [self.name, actor_dict(self.actor)]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(actor_of(payload[0]))


@register
@dataclass(frozen=True, slots=True)
class AddActor(_OneActor):
    """Add a canonical actor to the registry (its id must be new)."""

    name: ClassVar[str] = "add_actor"

    def apply(self, project: Project) -> Change:
        if project.actors.get(self.actor.id) is not None:
            raise AlreadyExists(f"actor {self.actor.name} ({self.actor.id}) already exists")
        project.actors.add(self.actor)
        return Change(actors=True)

    def invert(self) -> Op:
        return RemoveActor(self.actor)


@register
@dataclass(frozen=True, slots=True)
class RemoveActor(_OneActor):
    """Delete an actor no span links to any more (unlink its mentions first)."""

    name: ClassVar[str] = "remove_actor"

    def apply(self, project: Project) -> Change:
        if project.actors.get(self.actor.id) != self.actor:
            raise HistoryConflict(f"actor {self.actor.name} changed since")
        if project.spans.with_actor(self.actor.id):
            raise HistoryConflict(f"actor {self.actor.name} has mentions linked since")
        project.actors.remove(self.actor.id)
        return Change(actors=True)

    def invert(self) -> Op:
        return AddActor(self.actor)


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
        return cls(actor_of(payload[0]), actor_of(payload[1]))


# --- documents ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _OneDocument(Op):
    """Base of the ops that carry one document: its edit-log JSON and its id."""

    document: Document

    def to_json(self) -> list[Any]:
        return [self.name, document_dict(self.document)]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(document_of(payload[0]))

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset({self.document.id})

    @classmethod
    def doc_ids_in_json(cls, payload: list[Any]) -> frozenset[str]:
        return frozenset({payload[0]["id"]})


@register
@dataclass(frozen=True, slots=True)
class AddDocument(_OneDocument):
    """Add a document (its id must be new)."""

    name: ClassVar[str] = "add_document"

    def apply(self, project: Project) -> Change:
        if project.documents.hashes([self.document.id]):
            raise AlreadyExists(f"document {self.document.id} already exists")
        project.documents.add(self.document)
        return Change(documents=True, doc_ids=frozenset({self.document.id}))

    def invert(self) -> Op:
        return RemoveDocument(self.document)


@register
@dataclass(frozen=True, slots=True)
class RemoveDocument(_OneDocument):
    """Delete a document that holds no spans or roles any more (remove those first)."""

    name: ClassVar[str] = "remove_document"

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


@register
@dataclass(frozen=True, slots=True)
class SetDecision(Op):
    """Move one review item's decision from `before` to `after` (None: undecided)."""

    name: ClassVar[str] = "set_decision"
    before: ReviewDecision | None
    after: ReviewDecision | None

    def __post_init__(self) -> None:
        if self.before is None and self.after is None:
            raise ValueError("set_decision needs a decision before or after")
        if self.before and self.after and self.before.identity != self.after.identity:
            raise ValueError("set_decision must keep the document, gold layer and item")

    @property
    def _identity(self) -> tuple[str, str, str]:
        known = self.after or self.before
        assert known is not None
        return known.identity

    def apply(self, project: Project) -> Change:
        doc_id, gold, key = self._identity
        if project.decisions.get(doc_id, gold, key) != self.before:
            raise HistoryConflict(f"the decision on {key} changed since")
        if self.after is None:
            project.decisions.remove(doc_id, gold, key)
        else:
            project.decisions.put(self.after)
        return Change(decisions=True, doc_ids=frozenset({doc_id}))

    def invert(self) -> Op:
        return SetDecision(self.after, self.before)

    def to_json(self) -> list[Any]:
        return [
            self.name,
            decision_dict(self.before) if self.before else None,
            decision_dict(self.after) if self.after else None,
        ]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(decision_of(payload[0]), decision_of(payload[1]))

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset({self._identity[0]})

    @classmethod
    def doc_ids_in_json(cls, payload: list[Any]) -> frozenset[str]:
        return frozenset({(payload[1] or payload[0])["doc_id"]})
