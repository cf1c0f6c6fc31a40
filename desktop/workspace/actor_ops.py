"""Ops for cleaning the actor registry (merge, split) and for document metadata.

Registered with the ops of `desktop.workspace.ops` (imported by `desktop.workspace`, so
any edit log naming them can be read back). A merge relinks every mention in one
statement and logs span ids, not span copies, so merging an actor of 10,000 mentions
is one small log entry; its inverse is the matching split, and back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Self

from desktop.domain import Actor, Change
from desktop.storage import Project
from desktop.workspace.errors import AlreadyExists, HistoryConflict
from desktop.workspace.ops.base import Op, actor_dict, actor_of, register


def _linked(project: Project, actor_id: str) -> set[str]:
    return {span.id for span in project.spans.with_actor(actor_id)}


@register
@dataclass(frozen=True, slots=True)
class MergeActors(Op):
    """Fold `absorbed` into `kept`: its mentions (`span_ids`) link to `kept`, which becomes
    `kept_after` (the absorbed names as aliases), and `absorbed` leaves the registry."""

    name: ClassVar[str] = "merge_actors"
    kept_before: Actor
    kept_after: Actor
    absorbed: Actor
    span_ids: tuple[str, ...]

    def apply(self, project: Project) -> Change:
        if project.actors.get(self.kept_before.id) != self.kept_before:
            raise HistoryConflict(f"actor {self.kept_before.name} changed since")
        if project.actors.get(self.absorbed.id) != self.absorbed:
            raise HistoryConflict(f"actor {self.absorbed.name} changed since")
        if _linked(project, self.absorbed.id) != set(self.span_ids):
            raise HistoryConflict(f"the mentions of {self.absorbed.name} changed since")
        project.spans.relink(self.span_ids, self.kept_before.id)
        project.actors.replace(self.kept_after)
        project.actors.remove(self.absorbed.id)
        return Change(actors=True, spans=bool(self.span_ids))

    def invert(self) -> Op:
        return SplitActor(self.kept_after, self.kept_before, self.absorbed, self.span_ids)

    def to_json(self) -> list[Any]:
        return [
            self.name,
            actor_dict(self.kept_before),
            actor_dict(self.kept_after),
            actor_dict(self.absorbed),
            list(self.span_ids),
        ]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        kept_before, kept_after, absorbed, span_ids = payload
        return cls(actor_of(kept_before), actor_of(kept_after), actor_of(absorbed), tuple(span_ids))


@register
@dataclass(frozen=True, slots=True)
class SplitActor(Op):
    """Split `split_off` (a new actor) out of `source`: the mentions `span_ids` move to it
    and `source` becomes `source_after` (without the names that left)."""

    name: ClassVar[str] = "split_actor"
    source: Actor
    source_after: Actor
    split_off: Actor
    span_ids: tuple[str, ...]

    def apply(self, project: Project) -> Change:
        if project.actors.get(self.source.id) != self.source:
            raise HistoryConflict(f"actor {self.source.name} changed since")
        if project.actors.get(self.split_off.id) is not None:
            raise AlreadyExists(f"actor {self.split_off.name} ({self.split_off.id}) exists")
        if not set(self.span_ids) <= _linked(project, self.source.id):
            raise HistoryConflict(f"the mentions of {self.source.name} changed since")
        project.actors.add(self.split_off)
        project.spans.relink(self.span_ids, self.split_off.id)
        project.actors.replace(self.source_after)
        return Change(actors=True, spans=bool(self.span_ids))

    def invert(self) -> Op:
        return MergeActors(self.source_after, self.source, self.split_off, self.span_ids)

    def to_json(self) -> list[Any]:
        return [
            self.name,
            actor_dict(self.source),
            actor_dict(self.source_after),
            actor_dict(self.split_off),
            list(self.span_ids),
        ]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        source, source_after, split_off, span_ids = payload
        return cls(actor_of(source), actor_of(source_after), actor_of(split_off), tuple(span_ids))


@register
@dataclass(frozen=True, slots=True)
class SetDocumentMeta(Op):
    """Replace a document's meta (date, source, author, URL) by another version of it."""

    name: ClassVar[str] = "set_document_meta"
    doc_id: str
    before: dict[str, Any]
    after: dict[str, Any]

    def apply(self, project: Project) -> Change:
        document = project.documents.get(self.doc_id)
        if document is None or document.meta != self.before:
            raise HistoryConflict(f"the metadata of document {self.doc_id} changed since")
        project.documents.set_meta(self.doc_id, self.after)
        return Change(documents=True, doc_ids=frozenset({self.doc_id}))

    def invert(self) -> Op:
        return SetDocumentMeta(self.doc_id, self.after, self.before)

    def to_json(self) -> list[Any]:
        return [self.name, self.doc_id, self.before, self.after]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        doc_id, before, after = payload
        return cls(doc_id, dict(before), dict(after))

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset({self.doc_id})
