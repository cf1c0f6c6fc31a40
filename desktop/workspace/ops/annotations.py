"""Ops on a document's annotations: spans, roles and statuses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Self

from desktop.domain import Change, Relation, Span
from desktop.storage import Project
from desktop.workspace.errors import AlreadyExists, HistoryConflict
from desktop.workspace.ops.base import (
    Op,
    register,
    relation_change,
    relation_dict,
    relation_of,
    span_change,
    span_dict,
    span_of,
)

# --- spans ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _OneSpan(Op):
    """Base of the ops that carry one span: its edit-log JSON and its document."""

    span: Span

    def to_json(self) -> list[Any]:
        return [self.name, span_dict(self.span)]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(span_of(payload[0]))

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset({self.span.doc_id})

    @classmethod
    def doc_ids_in_json(cls, payload: list[Any]) -> frozenset[str]:
        return frozenset({payload[0]["doc_id"]})


@register
@dataclass(frozen=True, slots=True)
class AddSpan(_OneSpan):
    """Create a span (its id must be new)."""

    name: ClassVar[str] = "add_span"

    def apply(self, project: Project) -> Change:
        if project.spans.get(self.span.id) is not None:
            raise AlreadyExists(f"span {self.span.id} already exists")
        project.spans.add(self.span)
        return span_change(self.span)

    def invert(self) -> Op:
        return RemoveSpan(self.span)


@register
@dataclass(frozen=True, slots=True)
class RemoveSpan(_OneSpan):
    """Delete a span that no role touches any more (remove its relations first)."""

    name: ClassVar[str] = "remove_span"

    def apply(self, project: Project) -> Change:
        current = project.spans.get(self.span.id)
        if current != self.span:
            raise HistoryConflict(f"{self.span.label} span {self.span.id} changed since")
        if project.relations.touching(self.span.id):
            raise HistoryConflict(f"{self.span.label} span {self.span.id} has roles made since")
        project.spans.remove(self.span.id)
        return span_change(self.span)

    def invert(self) -> Op:
        return AddSpan(self.span)


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
        return span_change(self.after, actors=self.before.actor_id != self.after.actor_id)

    def invert(self) -> Op:
        return UpdateSpan(self.after, self.before)

    def to_json(self) -> list[Any]:
        return [self.name, span_dict(self.before), span_dict(self.after)]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(span_of(payload[0]), span_of(payload[1]))

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset({self.before.doc_id, self.after.doc_id})

    @classmethod
    def doc_ids_in_json(cls, payload: list[Any]) -> frozenset[str]:
        return frozenset({payload[0]["doc_id"], payload[1]["doc_id"]})


# --- relations ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _OneRelation(Op):
    """Base of the ops that carry one role: its edit-log JSON and its document."""

    relation: Relation

    def to_json(self) -> list[Any]:
        return [self.name, relation_dict(self.relation)]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(relation_of(payload[0]))

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset({self.relation.doc_id})

    @classmethod
    def doc_ids_in_json(cls, payload: list[Any]) -> frozenset[str]:
        return frozenset({payload[0]["doc_id"]})


@register
@dataclass(frozen=True, slots=True)
class AddRelation(_OneRelation):
    """Create a role between two stored spans (its id must be new)."""

    name: ClassVar[str] = "add_relation"

    def apply(self, project: Project) -> Change:
        if project.relations.get(self.relation.id) is not None:
            raise AlreadyExists(f"relation {self.relation.id} already exists")
        project.relations.add(self.relation)
        return relation_change(self.relation)

    def invert(self) -> Op:
        return RemoveRelation(self.relation)


@register
@dataclass(frozen=True, slots=True)
class RemoveRelation(_OneRelation):
    """Delete a role."""

    name: ClassVar[str] = "remove_relation"

    def apply(self, project: Project) -> Change:
        if project.relations.get(self.relation.id) != self.relation:
            raise HistoryConflict(f"{self.relation.label} role {self.relation.id} changed since")
        project.relations.remove(self.relation.id)
        return relation_change(self.relation)

    def invert(self) -> Op:
        return AddRelation(self.relation)


# --- document status ------------------------------------------------------------------


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

    @classmethod
    def doc_ids_in_json(cls, payload: list[Any]) -> frozenset[str]:
        return frozenset({payload[0]})
