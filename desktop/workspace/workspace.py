"""The use cases of annotation: one method each, one transaction, one undoable edit-log entry."""

from __future__ import annotations

import getpass
from collections.abc import Sequence
from typing import Any, TypeVar

from desktop.domain import (
    GOLD,
    Actor,
    Change,
    Document,
    Relation,
    Schema,
    Span,
    check_layer_name,
    check_status,
    new_id,
)
from desktop.storage import Project
from desktop.storage.layers import LayerInfo
from desktop.workspace.core import WorkspaceCore
from desktop.workspace.errors import AlreadyExists, NotFound, ReadOnlyLayer
from desktop.workspace.ops import (
    AddActor,
    AddDocument,
    AddRelation,
    AddSpan,
    Op,
    RemoveActor,
    RemoveRelation,
    RemoveSpan,
    SetStatus,
    UpdateActor,
    UpdateSpan,
)
from desktop.workspace.queries import Queries

T = TypeVar("T")


def default_annotator() -> str:
    """The OS user name, or 'annotator' when it cannot be found."""
    try:
        name = getpass.getuser().strip()
    except (KeyError, OSError):
        name = ""
    return name or "annotator"


class Workspace(WorkspaceCore, Queries):
    """A project opened for work by one local annotator.

    Every mutating method validates through the domain and writes through `commit`
    (one transaction, one edit-log row, one undo entry, then one broadcast).
    """

    def __init__(self, project: Project):
        super().__init__(project)
        self._schema: Schema | None = None
        project.history.check_stack()  # a damaged undo log turns undo off, never the window
        self.subscribe(self._forget_schema)
        stored = project.settings.get("annotator")
        self._annotator = stored or default_annotator()
        if not stored and not project.read_only:
            with project.atomic():
                project.settings.set("annotator", self._annotator)
                if project.settings.get("schema") is None:
                    project.settings.set_schema(Schema.default())

    # --- settings (not edits: they are not logged and not undone) ---------------
    def set_annotator(self, name: str, initiator: object = None) -> Change:
        """Change the local annotator (their layer is created on first edit)."""
        check_layer_name(name)
        if name == GOLD:
            raise ReadOnlyLayer("the annotator cannot be called 'gold'; use review mode for gold")

        def committed() -> None:
            self._annotator = name

        return self.commit_settings(
            {"annotator": name},
            Change(label="Change annotator", layers=True),
            initiator,
            committed=committed,
        )

    def _forget_schema(self, change: Change, initiator: object) -> None:
        """The first listener: after a codebook change, read the codebook again."""
        if change.schema:
            self._schema = None

    @property
    def schema(self) -> Schema:
        """The project's label schema."""
        if self._schema is None:
            self._schema = self._project.settings.schema()
        return self._schema

    # --- reading ---------------------------------------------------------------
    def document(self, doc_id: str) -> Document:
        """The document `doc_id`; NotFound if missing."""
        return _required(self._project.documents.get(doc_id), "document", doc_id)

    def span(self, span_id: str) -> Span:
        """The span `span_id`; NotFound if missing."""
        return _required(self._project.spans.get(span_id), "span", span_id)

    def relation(self, relation_id: str) -> Relation:
        """The relation `relation_id`; NotFound if missing."""
        return _required(self._project.relations.get(relation_id), "relation", relation_id)

    def actor(self, actor_id: str) -> Actor:
        """The actor `actor_id`; NotFound if missing."""
        return _required(self._project.actors.get(actor_id), "actor", actor_id)

    def spans(self, doc_id: str, layer: str | None = None) -> list[Span]:
        """Spans of a document in `layer` (the annotator's by default), by start then end.

        Kept between edits for the documents being looked at (see `span_cache`): a new
        list each call, equal to a fresh read.
        """
        layer = layer or self.annotator
        cache = self._span_cache
        found = cache.get(doc_id, layer)
        if found is not None:
            return found
        generation = cache.generation
        spans = self._project.spans.for_document(doc_id, layer)
        if not self._write_lock.locked():  # another thread's transaction may roll back
            cache.put(doc_id, layer, spans, generation)
        return spans

    def relations(self, doc_id: str, layer: str | None = None) -> list[Relation]:
        """Relations of a document in `layer` (the annotator's by default)."""
        return self._project.relations.for_document(doc_id, layer or self.annotator)

    def status(self, doc_id: str, layer: str | None = None) -> str:
        """Status of a document in `layer` (the annotator's by default)."""
        return self._project.layers.status(doc_id, layer or self.annotator)

    def layers(self) -> list[LayerInfo]:
        """Every layer of the project."""
        return self._project.layers.all()

    # --- documents -------------------------------------------------------------
    def add_documents(self, documents: list[Document], initiator: object = None) -> Change:
        """Add new documents (ids must be new)."""
        for document in documents:
            document.check_storable()
        existing = self._project.documents.hashes(d.id for d in documents)
        if existing:
            raise AlreadyExists(f"document {next(iter(existing))} already exists")
        return self.commit(
            [AddDocument(d) for d in documents],
            f"Add {len(documents)} document(s)",
            action="add_documents",
            initiator=initiator,
        )

    # --- spans -------------------------------------------------------------------
    def add_span(
        self,
        doc_id: str,
        start: int,
        end: int,
        label: str,
        *,
        attrs: dict[str, Any] | None = None,
        layer: str | None = None,
        actor_id: str | None = None,
        initiator: object = None,
    ) -> Change:
        """Create a span; the new id is the only member of `change.span_ids`."""
        layer = layer or self.annotator
        self._writable_layer(layer)
        document = self.document(doc_id)
        span = Span(new_id(), doc_id, layer, start, end, label, dict(attrs or {}), actor_id)
        span.fits(document)
        self.schema.check_span(span)
        if actor_id is not None:
            self.actor(actor_id)
        return self.commit([AddSpan(span)], f"Add {label}", initiator=initiator, layers=(layer,))

    def add_spans(
        self,
        doc_id: str,
        ranges: Sequence[tuple[int, int]],
        label: str,
        *,
        layer: str | None = None,
        initiator: object = None,
    ) -> Change:
        """Create one span of `label` per range as a single undoable edit (e.g. every
        occurrence a search found); the new ids are `change.span_ids`."""
        layer = layer or self.annotator
        self._writable_layer(layer)
        document = self.document(doc_id)
        ops: list[Op] = []
        for start, end in ranges:
            span = Span(new_id(), doc_id, layer, start, end, label, {}, None)
            span.fits(document)
            self.schema.check_span(span)
            ops.append(AddSpan(span))
        count = len(ops)
        return self.commit(ops, f"Add {count} {label}", initiator=initiator, layers=(layer,))

    def remove_span(self, span_id: str, initiator: object = None) -> Change:
        """Delete a span and every role that touches it (undo restores both)."""
        span = self.span(span_id)
        self._writable_layer(span.layer)
        ops: list[Op] = [RemoveRelation(r) for r in self._project.relations.touching(span_id)]
        ops.append(RemoveSpan(span))
        return self.commit(ops, f"Delete {span.label}", initiator=initiator)

    def _update_span(
        self,
        before: Span,
        after: Span,
        action: str,
        label: str,
        initiator: object,
        extra: list[Op] | None = None,
    ) -> Change:
        self._writable_layer(before.layer)
        after.fits(self.document(after.doc_id))
        self.schema.check_span(after)
        ops = [*(extra or []), UpdateSpan(before, after)]
        return self.commit(ops, label, action=action, initiator=initiator)

    def relabel_span(self, span_id: str, label: str, initiator: object = None) -> Change:
        """Give a span another label; attributes and roles the new label lacks are dropped."""
        before = self.span(span_id)
        definition = self.schema.span_label(label)
        attrs = {k: v for k, v in before.attrs.items() if definition.attribute(k) is not None}
        actor_id = before.actor_id if label == "ACTOR" or before.label == label else None
        after = before.with_changes(label=label, attrs=attrs, actor_id=actor_id)
        dropped: list[Op] = []
        for relation in self._project.relations.touching(span_id):
            head = after if relation.head_id == span_id else self.span(relation.head_id)
            child = after if relation.child_id == span_id else self.span(relation.child_id)
            if not self.schema.relation_label(relation.label).allows(head.label, child.label):
                dropped.append(RemoveRelation(relation))
        return self._update_span(
            before, after, "relabel_span", f"Relabel {before.label} as {label}", initiator, dropped
        )

    def resize_span(self, span_id: str, start: int, end: int, initiator: object = None) -> Change:
        """Move a span's boundaries."""
        before = self.span(span_id)
        after = before.with_changes(start=start, end=end)
        return self._update_span(before, after, "resize_span", f"Resize {before.label}", initiator)

    def set_span_attribute(
        self, span_id: str, name: str, value: str | bool | None, initiator: object = None
    ) -> Change:
        """Set (or with None, clear) one attribute of a span."""
        before = self.span(span_id)
        attrs = dict(before.attrs)
        if value is None:
            attrs.pop(name, None)
        else:
            attrs[name] = value
        after = before.with_changes(attrs=attrs)
        shown = value if value is not None else "none"
        return self._update_span(
            before, after, "set_attribute", f"Set {name} to {shown}", initiator
        )

    def set_span_note(self, span_id: str, note: str, initiator: object = None) -> Change:
        """Write (or with "", clear) the annotator's note on a span; undoable."""
        before = self.span(span_id)
        after = before.with_changes(note=note.strip())
        if after == before:
            return Change(label="No change", doc_ids=frozenset({before.doc_id}))
        label = f"Note on {before.label}" if after.note else f"Clear note on {before.label}"
        return self._update_span(before, after, "set_note", label, initiator)

    def set_span_unsure(self, span_id: str, unsure: bool, initiator: object = None) -> Change:
        """Flag a span as uncertain (or not); undoable."""
        before = self.span(span_id)
        after = before.with_changes(unsure=bool(unsure))
        if after == before:
            return Change(label="No change", doc_ids=frozenset({before.doc_id}))
        label = f"Mark {before.label} unsure" if unsure else f"Mark {before.label} sure"
        return self._update_span(before, after, "set_unsure", label, initiator)

    def link_actor(self, span_id: str, actor_id: str | None, initiator: object = None) -> Change:
        """Link a span to a canonical actor (or unlink it with None)."""
        before = self.span(span_id)
        if actor_id is not None:
            actor = self.actor(actor_id)
            label = f"Link to {actor.name}"
        else:
            label = "Unlink actor"
        after = before.with_changes(actor_id=actor_id)
        return self._update_span(before, after, "link_actor", label, initiator)

    # --- relations ---------------------------------------------------------------
    def add_relation(
        self, head_id: str, child_id: str, label: str, initiator: object = None
    ) -> Change:
        """Link two spans of one document and layer with a role the schema allows."""
        head, child = self.span(head_id), self.span(child_id)
        self._writable_layer(head.layer)
        relation = Relation(new_id(), head.doc_id, head.layer, label, head_id, child_id)
        self.schema.check_relation(relation, head, child)
        for existing in self._project.relations.touching(head_id):
            if (existing.head_id, existing.child_id, existing.label) == (head_id, child_id, label):
                raise AlreadyExists(f"{head.label} already has this {label}")
        return self.commit([AddRelation(relation)], f"Link {label}", initiator=initiator)

    def remove_relation(self, relation_id: str, initiator: object = None) -> Change:
        """Delete one role."""
        relation = self.relation(relation_id)
        self._writable_layer(relation.layer)
        return self.commit(
            [RemoveRelation(relation)], f"Unlink {relation.label}", initiator=initiator
        )

    # --- status ------------------------------------------------------------------
    def set_status(
        self, doc_id: str, status: str, *, layer: str | None = None, initiator: object = None
    ) -> Change:
        """Mark a document new, in progress or done for a layer."""
        layer = layer or self.annotator
        check_status(status)
        self._writable_layer(layer)
        self.document(doc_id)
        before = self._project.layers.status(doc_id, layer)
        if before == status:
            return Change(label="No change", status=True, doc_ids=frozenset({doc_id}))
        return self.commit(
            [SetStatus(doc_id, layer, before, status)],
            f"Mark {status.replace('_', ' ')}",
            initiator=initiator,
            layers=(layer,),
        )

    # --- actors ------------------------------------------------------------------
    def add_actor(
        self,
        name: str,
        kind: str = "other",
        aliases: tuple[str, ...] = (),
        initiator: object = None,
    ) -> Change:
        """Create a canonical actor; its id is `change.span_ids`-free, read it from `last_actor`."""
        actor = Actor(new_id(), name.strip(), kind, tuple(a.strip() for a in aliases if a.strip()))
        self.last_actor_id = actor.id
        return self.commit([AddActor(actor)], f"Add actor {actor.name}", initiator=initiator)

    def update_actor(
        self,
        actor_id: str,
        *,
        name: str | None = None,
        kind: str | None = None,
        aliases: tuple[str, ...] | None = None,
        initiator: object = None,
    ) -> Change:
        """Rename an actor, change its kind or its aliases."""
        before = self.actor(actor_id)
        after = Actor(
            before.id,
            (name if name is not None else before.name).strip(),
            kind if kind is not None else before.kind,
            tuple(a.strip() for a in aliases if a.strip())
            if aliases is not None
            else before.aliases,
        )
        return self.commit(
            [UpdateActor(before, after)], f"Edit actor {after.name}", initiator=initiator
        )

    def remove_actor(self, actor_id: str, initiator: object = None) -> Change:
        """Delete an actor; its mentions stay as spans, unlinked (undo relinks them)."""
        actor = self.actor(actor_id)
        ops: list[Op] = [
            UpdateSpan(span, span.with_changes(actor_id=None))
            for span in self._project.spans.with_actor(actor_id)
        ]
        ops.append(RemoveActor(actor))
        return self.commit(ops, f"Delete actor {actor.name}", initiator=initiator)

    def actors(self) -> list[Actor]:
        """The whole registry, by name."""
        return self._project.actors.all()


def _required(value: T | None, what: str, key: str) -> T:
    """`value`, or NotFound naming what was looked up."""
    if value is None:
        raise NotFound(f"no {what} {key}")
    return value
