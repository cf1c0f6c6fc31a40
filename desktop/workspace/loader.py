"""The state of one import or merge: what is known, what was added, the undo ops while small."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from desktop.domain import (
    GOLD,
    Actor,
    AnnotatedDocument,
    Change,
    Document,
    Relation,
    ReviewDecision,
    Schema,
    Span,
    check_layer_name,
)
from desktop.domain.codebook import additions
from desktop.domain.errors import InvalidDocument, InvalidLayer
from desktop.formats.errors import FormatError
from desktop.storage.bulk import BrokenReference
from desktop.storage.layers import LayerInfo
from desktop.workspace.codebook_ops import SetSchema
from desktop.workspace.core import BulkEdit
from desktop.workspace.errors import ReadOnlyLayer
from desktop.workspace.ops import (
    AddActor,
    AddDocument,
    AddRelation,
    AddSpan,
    Op,
    SetDecision,
    SetStatus,
)
from desktop.workspace.workspace import Workspace

_id = attrgetter("id")
_doc_id = attrgetter("doc_id")
_layer = attrgetter("layer")
_actor_id = attrgetter("actor_id")
_head_id = attrgetter("head_id")
_child_id = attrgetter("child_id")


@dataclass
class ImportReport:
    """What an import did, for the status bar and the CLI."""

    documents_added: int = 0
    documents_present: int = 0
    spans_added: int = 0
    relations_added: int = 0
    actors_added: int = 0
    layers: set[str] = field(default_factory=set)
    skipped: list[str] = field(default_factory=list)
    decisions_added: int = 0
    decisions_present: int = 0
    decisions_conflicting: int = 0
    backup: Path | None = None
    undoable: bool = True
    too_large: bool = False  # more rows than UNDO_LIMIT: not undoable
    #: What the import added to the codebook, one line each (`label Person (key p)`).
    codebook_added: list[str] = field(default_factory=list)
    #: What a codebook brought along (a brat annotation.conf) could not keep.
    codebook_notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [f"{self.documents_added} new document(s)"]
        if self.documents_present:
            parts.append(f"{self.documents_present} already present")
        parts.append(f"{self.spans_added} span(s), {self.relations_added} relation(s)")
        if self.actors_added:
            parts.append(f"{self.actors_added} actor(s)")
        if self.layers:
            parts.append(f"layer(s) {', '.join(sorted(self.layers))}")
        if self.decisions_added or self.decisions_present or self.decisions_conflicting:
            decided = f"{self.decisions_added} review decision(s)"
            if self.decisions_present:
                decided += f" ({self.decisions_present} already present)"
            if self.decisions_conflicting:
                decided += f"; kept yours on {self.decisions_conflicting} decided differently"
            parts.append(decided)
        if self.skipped:
            parts.append(f"{len(self.skipped)} bad record(s) skipped")
        if self.codebook_added:
            parts.append(f"{len(self.codebook_added)} addition(s) to the codebook")
        if self.too_large:
            parts.append("too large to undo: undo history cleared")
        return "Imported " + "; ".join(parts)


class Loader:
    """The state of one import: what is known, what was added, the undo ops (while small)."""

    def __init__(
        self,
        ws: Workspace,
        read_only_layers: bool,
        source: str,
        action: str,
        undo_limit: int,
    ):
        project = ws._project
        self.undo_limit = undo_limit
        self.ws = ws
        self.project = project
        self.read_only_layers = read_only_layers
        self.source = source
        self.action = action
        self.report = ImportReport()
        documents = project.documents.count()
        spans, relations = project.spans.count(), project.relations.count()
        self.existing_rows = documents + spans + relations
        self.no_documents = documents == 0
        # The same test as ever: with no annotations at all, nothing can be "present".
        self.fresh = spans == 0 and relations == 0
        self.hashes: dict[str, str] = {}  # every document id of the import: its text hash
        self.actor_ids = project.actors.existing_ids()
        self.new_actors: dict[str, Actor] = {}
        # Ids this import added, to tell them from those present before it (not fresh only).
        self.added_spans: set[str] = set()
        self.added_relations: set[str] = set()
        self.rows = 0
        self.undoable = True
        self.check_references = False  # True when the bulk write leaves foreign keys to us
        self.ops: dict[str, list[Op]] = {
            "document": [],
            "span": [],
            "relation": [],
            "status": [],
        }
        self.statuses: dict[tuple[str, str], str] = {}  # (document, layer): status so far
        self.schema_ops: list[Op] = []

    def grow_codebook(self, before: Schema, after: Schema) -> None:
        """Store the grown codebook (the first op of the import, so undo restores it last)."""
        self.project.settings.set_schema(after)
        self.schema_ops = [SetSchema(before, after)]
        self.report.codebook_added = additions(before, after)

    def worth_deferring_indexes(self) -> bool:
        """True once this import wrote more rows than the project held (and many)."""
        return self.rows > max(self.undo_limit, self.existing_rows)

    def load(self, batch: list[AnnotatedDocument]) -> None:
        project, report = self.project, self.report
        self._layers(batch)
        new_docs = self._documents(batch)
        actors = [a for r in batch for a in r.actors]
        if actors:
            self._actors(actors)
        spans = [s for r in batch for s in r.spans]
        relations = [rel for r in batch for rel in r.relations]
        if not self.fresh:
            spans = self._not_present(spans, project.spans.existing_ids, self.added_spans)
            relations = self._not_present(
                relations, project.relations.existing_ids, self.added_relations
            )
        if self.check_references:
            self._check_references(spans, relations)
        report.spans_added += project.spans.add_many(spans)
        report.relations_added += project.relations.add_many(relations)
        statuses = [(r.document.id, r.layer, r.status) for r in batch if r.layer and r.status]
        self.rows += len(new_docs) + len(spans) + len(relations)
        if self.undoable and self.rows > self.undo_limit:
            self.undoable = False
            self.report.too_large = True
            self.ops = {}
            self.statuses = {}
        if self.undoable:
            self._undo_ops(new_docs, spans, relations, statuses)
        project.layers.set_statuses(statuses)

    def _layers(self, batch: list[AnnotatedDocument]) -> None:
        report = self.report
        for record in batch:
            name = record.layer
            if not name or name in report.layers:
                continue
            try:
                check_layer_name(name)
            except InvalidLayer as exc:
                raise FormatError(
                    record.source or self.source or "input", record.line or None, str(exc)
                ) from None
            info = self.project.layers.get(name)
            if info is not None and info.read_only and not self.read_only_layers:
                raise ReadOnlyLayer(f"layer {name} is a colleague's and read-only; use merge")
            kind = "gold" if name == GOLD else "annotator"
            self.project.layers.ensure(LayerInfo(name, kind, self.read_only_layers, self.source))
            report.layers.add(name)

    def _documents(self, batch: list[AnnotatedDocument]) -> list[Document]:
        """Insert the batch's new documents (returned); refuse known ids with other text."""
        hashes = self.hashes
        stored = (
            {}
            if self.no_documents
            else self.project.documents.hashes(
                {r.document.id for r in batch if r.document.id not in hashes}
            )
        )
        new_docs: list[Document] = []
        new_hashes: list[str] = []
        for record in batch:
            doc = record.document
            sha = hashes.get(doc.id) or stored.get(doc.id)
            if sha is None:
                try:
                    doc.check_storable()
                except InvalidDocument as exc:
                    raise FormatError(
                        record.source or self.source or "input", record.line or None, str(exc)
                    ) from None
                sha = doc.sha256
                new_docs.append(doc)
                new_hashes.append(sha)
                hashes[doc.id] = sha
                continue
            hashes.setdefault(doc.id, sha)
            if sha != doc.sha256:
                raise FormatError(
                    record.source or self.source or "input",
                    record.line or None,
                    f"document {doc.id} already exists with different text (not re-offset)",
                )
        self.project.documents.add_many(new_docs, new_hashes)
        self.report.documents_added += len(new_docs)
        return new_docs

    def _actors(self, actors: list[Actor]) -> None:
        """Add new actors; one described again later in the import takes the later form."""
        for actor in actors:
            if actor.id in self.actor_ids:
                continue
            known = self.new_actors.get(actor.id)
            if known is None:
                self.project.actors.add(actor)
            elif known != actor:
                self.project.actors.replace(actor)
            self.new_actors[actor.id] = actor
        self.report.actors_added = len(self.new_actors)

    @staticmethod
    def _not_present(items: list, existing: Callable, added: set[str]) -> list:
        """Those of `items` whose id the project did not hold before this import."""
        present = existing(i.id for i in items) - added
        kept = [i for i in items if i.id not in present]
        added.update(i.id for i in kept)
        return kept

    def _check_references(self, spans: list[Span], relations: list[Relation]) -> None:
        """What the foreign keys of `spans` and `relations` would check, when they are off.

        Every reference must name a row of this batch or one already stored (before the
        import or by an earlier batch); the error is (a subclass of) the one SQLite
        raises for a broken foreign key.
        """
        project = self.project
        hashes = self.hashes  # (iterate the batch's few ids, not every id of the import)
        documents = {d for d in {*map(_doc_id, spans), *map(_doc_id, relations)} if d not in hashes}
        layers = set(map(_layer, spans))
        layers.update(map(_layer, relations))
        layers.difference_update(self.report.layers)
        actors = set(map(_actor_id, spans))
        actors.discard(None)
        actors.difference_update(self.actor_ids, self.new_actors)
        ends = set(map(_head_id, relations))
        ends.update(map(_child_id, relations))
        ends.difference_update(map(_id, spans))
        if (
            (documents and len(project.documents.hashes(documents)) < len(documents))
            or any(project.layers.get(name) is None for name in layers)
            or actors
            or (ends and len(project.spans.existing_ids(ends)) < len(ends))
        ):
            raise BrokenReference()

    def _undo_ops(
        self,
        documents: list[Document],
        spans: list[Span],
        relations: list[Relation],
        statuses: list[tuple[str, str, str]],
    ) -> None:
        ops, known = self.ops, self.statuses
        ops["document"] += map(AddDocument, documents)
        ops["span"] += map(AddSpan, spans)
        ops["relation"] += map(AddRelation, relations)
        for doc_id, layer, status in statuses:
            key = (doc_id, layer)
            before = known[key] if key in known else self.project.layers.status(doc_id, layer)
            if before != status:  # merging the same work again leaves nothing to undo
                ops["status"].append(SetStatus(doc_id, layer, before, status))
            known[key] = status

    def decide(self, decisions: Iterable[ReviewDecision]) -> None:
        """Add review decisions on items not decided here yet; count those already present
        and those decided differently here (ours are kept)."""
        store, report = self.project.decisions, self.report
        new: dict[tuple[str, str, str], ReviewDecision] = {}
        for decision in decisions:
            current = store.get(*decision.identity)
            if current is None:
                new[decision.identity] = decision
            elif (current.decision, current.layer) == (decision.decision, decision.layer):
                report.decisions_present += 1
            else:
                report.decisions_conflicting += 1
        store.put_many(new.values())
        report.decisions_added = len(new)
        if self.undoable:
            self.ops["decision"] = [SetDecision(None, d) for d in new.values()]

    def finish(self, edit: BulkEdit) -> None:
        """Count what was already there; hand the undo ops over while the import is small."""
        report = self.report
        report.documents_present = len(self.hashes) - report.documents_added
        report.undoable = self.undoable
        if self.undoable:
            edit.keep_undo(
                [
                    *self.schema_ops,
                    *self.ops["document"],
                    *map(AddActor, self.new_actors.values()),
                    *self.ops["span"],
                    *self.ops["relation"],
                    *self.ops["status"],
                    *self.ops.get("decision", ()),
                ]
            )
        edit.label = str(report)
        edit.change = Change(
            schema=bool(report.codebook_added),
            documents=True,
            spans=True,
            relations=True,
            actors=bool(report.actors_added),
            status=True,
            layers=True,
        )
