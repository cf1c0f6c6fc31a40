"""The use cases of annotation: one method each, one transaction, one undoable edit-log entry."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path
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
from desktop.storage import Project, open_project
from desktop.storage.layers import LayerInfo
from desktop.workspace.errors import NotFound, ReadOnlyLayer
from desktop.workspace.ops import (
    Op,
    actor_dict,
    apply_ops,
    document_dict,
    invert_ops,
    relation_dict,
    span_dict,
)

Listener = Callable[[Change, object], None]
T = TypeVar("T")


def default_annotator() -> str:
    """The OS user name, or 'annotator' when it cannot be found."""
    try:
        name = getpass.getuser().strip()
    except (KeyError, OSError):
        name = ""
    return name or "annotator"


class Workspace:
    """A project opened for work by one local annotator.

    Every mutating method validates through the domain, writes in one transaction,
    appends to the edit log, pushes an undo entry, then tells every listener.
    """

    def __init__(self, project: Project):
        self.project = project
        self._listeners: list[Listener] = []
        self._schema: Schema | None = None
        project.history.check_stack()  # a damaged undo log turns undo off, never the window
        stored = project.settings.get("annotator")
        self._annotator = stored or default_annotator()
        if not stored and not project.read_only:
            with project.atomic():
                project.settings.set("annotator", self._annotator)
                if project.settings.get("schema") is None:
                    project.settings.set_schema(Schema.default())

    # --- opening -------------------------------------------------------------
    @classmethod
    def open(
        cls, path: Path | str | None, *, create: bool = False, read_only: bool = False
    ) -> Workspace:
        """Open a project file (or a new in-memory project for `None`).

        `read_only` reads one snapshot without creating or changing any file, even while
        another process writes the project (see `open_project`).
        """
        return cls(open_project(path, create=create, read_only=read_only))

    def close(self) -> None:
        """Close the project file cleanly."""
        self.project.close()

    @property
    def path(self) -> Path | None:
        """The project file, None when in memory."""
        return self.project.path

    @property
    def read_only(self) -> bool:
        """True when the project cannot be written (newer Gloss, permissions, or asked)."""
        return self.project.read_only

    @property
    def read_only_note(self) -> str:
        """Why the project is read-only, for a banner ("" when it is writable)."""
        return self.project.note

    @property
    def undo_note(self) -> str:
        """Why undo and redo are off (a damaged undo history), for the UI; "" when fine."""
        return self.project.history.damage_note

    # --- listeners -----------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        """Call `listener(change, initiator)` after every committed edit."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling `listener`."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, change: Change, initiator: object) -> Change:
        for listener in list(self._listeners):
            listener(change, initiator)
        return change

    # --- settings --------------------------------------------------------------
    @property
    def annotator(self) -> str:
        """The local annotator: the layer that edits go to."""
        return self._annotator

    def set_annotator(self, name: str, initiator: object = None) -> Change:
        """Change the local annotator (their layer is created on first edit)."""
        check_layer_name(name)
        if name == GOLD:
            raise ReadOnlyLayer("the annotator cannot be called 'gold'; use review mode for gold")
        self._writable_project()
        with self.project.atomic():
            self.project.settings.set("annotator", name)
        self._annotator = name
        return self._emit(Change(label="Change annotator", layers=True), initiator)

    @property
    def schema(self) -> Schema:
        """The project's label schema."""
        if self._schema is None:
            self._schema = self.project.settings.schema()
        return self._schema

    # --- reading ---------------------------------------------------------------
    def document(self, doc_id: str) -> Document:
        """The document `doc_id`; NotFound if missing."""
        return _required(self.project.documents.get(doc_id), "document", doc_id)

    def span(self, span_id: str) -> Span:
        """The span `span_id`; NotFound if missing."""
        return _required(self.project.spans.get(span_id), "span", span_id)

    def relation(self, relation_id: str) -> Relation:
        """The relation `relation_id`; NotFound if missing."""
        return _required(self.project.relations.get(relation_id), "relation", relation_id)

    def actor(self, actor_id: str) -> Actor:
        """The actor `actor_id`; NotFound if missing."""
        return _required(self.project.actors.get(actor_id), "actor", actor_id)

    def spans(self, doc_id: str, layer: str | None = None) -> list[Span]:
        """Spans of a document in `layer` (the annotator's by default)."""
        return self.project.spans.for_document(doc_id, layer or self.annotator)

    def relations(self, doc_id: str, layer: str | None = None) -> list[Relation]:
        """Relations of a document in `layer` (the annotator's by default)."""
        return self.project.relations.for_document(doc_id, layer or self.annotator)

    def status(self, doc_id: str, layer: str | None = None) -> str:
        """Status of a document in `layer` (the annotator's by default)."""
        return self.project.layers.status(doc_id, layer or self.annotator)

    def layers(self) -> list[LayerInfo]:
        """Every layer of the project."""
        return self.project.layers.all()

    # --- the edit machinery ----------------------------------------------------
    def _writable_project(self) -> None:
        if self.project.read_only:
            raise ReadOnlyLayer(self.project.note or "the project is open read-only")

    def _writable_layer(self, layer: str) -> None:
        self._writable_project()
        info = self.project.layers.get(layer)
        if info is not None and info.read_only:
            raise ReadOnlyLayer(f"layer {layer} is a colleague's and read-only")

    def _ensure_layer(self, layer: str) -> None:
        check_layer_name(layer)
        self.project.layers.ensure(LayerInfo(layer, "gold" if layer == GOLD else "annotator"))

    def commit(
        self,
        action: str,
        label: str,
        ops: list[Op],
        *,
        doc_id: str | None = None,
        initiator: object = None,
        layers: tuple[str, ...] = (),
        undoable: bool = True,
    ) -> Change:
        """Apply `ops` in one transaction, log them, push an undo entry, then broadcast."""
        self._writable_project()
        with self.project.atomic():
            for layer in layers:
                self._ensure_layer(layer)
            change = apply_ops(self.project, ops)
            seq = self.project.history.append(self.annotator, action, doc_id, label, ops)
            if undoable:
                self.project.history.push(seq)
        return self._emit(_labelled(change, label), initiator)

    def can_undo(self) -> str | None:
        """The label of the edit that undo would revert, if any."""
        entry = self.project.history.next_undo()
        return entry.label if entry else None

    def can_redo(self) -> str | None:
        """The label of the edit that redo would replay, if any."""
        entry = self.project.history.next_redo()
        return entry.label if entry else None

    def undo(self, initiator: object = None) -> Change | None:
        """Revert the newest edit (across sessions: the history is in the file)."""
        self._writable_project()
        entry = self.project.history.next_undo()
        if entry is None:
            return None
        inverse = invert_ops(entry.ops)
        with self.project.atomic():
            change = apply_ops(self.project, inverse)
            self.project.history.append(
                self.annotator, "undo", entry.doc_id, f"Undo {entry.label}", inverse
            )
            self.project.history.mark(entry.seq, "undone")
        return self._emit(_labelled(change, f"Undo {entry.label}"), initiator)

    def redo(self, initiator: object = None) -> Change | None:
        """Replay the most recently undone edit."""
        self._writable_project()
        entry = self.project.history.next_redo()
        if entry is None:
            return None
        with self.project.atomic():
            change = apply_ops(self.project, entry.ops)
            self.project.history.append(
                self.annotator, "redo", entry.doc_id, f"Redo {entry.label}", entry.ops
            )
            self.project.history.mark(entry.seq, "done")
        return self._emit(_labelled(change, f"Redo {entry.label}"), initiator)

    # --- documents -------------------------------------------------------------
    def add_documents(self, documents: list[Document], initiator: object = None) -> Change:
        """Add new documents (ids must be new)."""
        existing = self.project.documents.hashes(d.id for d in documents)
        if existing:
            raise NotFound(f"document {next(iter(existing))} already exists")
        ops = [["add_document", document_dict(d)] for d in documents]
        return self.commit(
            "add_documents",
            f"Add {len(documents)} document(s)",
            ops,
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
        return self.commit(
            "add_span",
            f"Add {label}",
            [["add_span", span_dict(span)]],
            doc_id=doc_id,
            initiator=initiator,
            layers=(layer,),
        )

    def remove_span(self, span_id: str, initiator: object = None) -> Change:
        """Delete a span and every role that touches it (undo restores both)."""
        span = self.span(span_id)
        self._writable_layer(span.layer)
        ops: list[Op] = [
            ["remove_relation", relation_dict(r)] for r in self.project.relations.touching(span_id)
        ]
        ops.append(["remove_span", span_dict(span)])
        return self.commit(
            "remove_span", f"Delete {span.label}", ops, doc_id=span.doc_id, initiator=initiator
        )

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
        ops = [*(extra or []), ["update_span", span_dict(before), span_dict(after)]]
        return self.commit(action, label, ops, doc_id=before.doc_id, initiator=initiator)

    def relabel_span(self, span_id: str, label: str, initiator: object = None) -> Change:
        """Give a span another label; attributes and roles the new label lacks are dropped."""
        before = self.span(span_id)
        definition = self.schema.span_label(label)
        attrs = {k: v for k, v in before.attrs.items() if definition.attribute(k) is not None}
        actor_id = before.actor_id if label == "ACTOR" or before.label == label else None
        after = before.with_changes(label=label, attrs=attrs, actor_id=actor_id)
        dropped: list[Op] = []
        for relation in self.project.relations.touching(span_id):
            head = after if relation.head_id == span_id else self.span(relation.head_id)
            child = after if relation.child_id == span_id else self.span(relation.child_id)
            if not self.schema.relation_label(relation.label).allows(head.label, child.label):
                dropped.append(["remove_relation", relation_dict(relation)])
        return self._update_span(
            before, after, "relabel_span", f"Relabel {before.label} as {label}", initiator, dropped
        )

    def resize_span(self, span_id: str, start: int, end: int, initiator: object = None) -> Change:
        """Move a span's boundaries."""
        before = self.span(span_id)
        after = before.with_changes(start=start, end=end)
        return self._update_span(before, after, "resize_span", f"Resize {before.label}", initiator)

    def set_span_attribute(
        self, span_id: str, name: str, value: str | None, initiator: object = None
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
        for existing in self.project.relations.touching(head_id):
            if (existing.head_id, existing.child_id, existing.label) == (head_id, child_id, label):
                raise ReadOnlyLayer(f"{head.label} already has this {label}")
        return self.commit(
            "add_relation",
            f"Link {label}",
            [["add_relation", relation_dict(relation)]],
            doc_id=head.doc_id,
            initiator=initiator,
        )

    def remove_relation(self, relation_id: str, initiator: object = None) -> Change:
        """Delete one role."""
        relation = self.relation(relation_id)
        self._writable_layer(relation.layer)
        return self.commit(
            "remove_relation",
            f"Unlink {relation.label}",
            [["remove_relation", relation_dict(relation)]],
            doc_id=relation.doc_id,
            initiator=initiator,
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
        before = self.project.layers.status(doc_id, layer)
        if before == status:
            return Change(label="No change", status=True, doc_ids=frozenset({doc_id}))
        return self.commit(
            "set_status",
            f"Mark {status.replace('_', ' ')}",
            [["set_status", doc_id, layer, before, status]],
            doc_id=doc_id,
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
        return self.commit(
            "add_actor",
            f"Add actor {actor.name}",
            [["add_actor", actor_dict(actor)]],
            initiator=initiator,
        )

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
            "update_actor",
            f"Edit actor {after.name}",
            [["update_actor", actor_dict(before), actor_dict(after)]],
            initiator=initiator,
        )

    def remove_actor(self, actor_id: str, initiator: object = None) -> Change:
        """Delete an actor; its mentions stay as spans, unlinked (undo relinks them)."""
        actor = self.actor(actor_id)
        ops: list[Op] = []
        for span in self.project.spans.with_actor(actor_id):
            ops.append(
                ["update_span", span_dict(span), span_dict(span.with_changes(actor_id=None))]
            )
        ops.append(["remove_actor", actor_dict(actor)])
        return self.commit("remove_actor", f"Delete actor {actor.name}", ops, initiator=initiator)

    def actors(self) -> list[Actor]:
        """The whole registry, by name."""
        return self.project.actors.all()


def _required(value: T | None, what: str, key: str) -> T:
    """`value`, or NotFound naming what was looked up."""
    if value is None:
        raise NotFound(f"no {what} {key}")
    return value


def _labelled(change: Change, label: str) -> Change:
    return Change(
        label=label,
        documents=change.documents,
        spans=change.spans,
        relations=change.relations,
        actors=change.actors,
        status=change.status,
        schema=change.schema,
        layers=change.layers,
        doc_ids=change.doc_ids,
        span_ids=change.span_ids,
        relation_ids=change.relation_ids,
    )
