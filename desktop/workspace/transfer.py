"""Import and export use cases: all-or-nothing imports with a backup first, streamed exports."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sized
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import groupby, islice
from operator import attrgetter
from pathlib import Path
from typing import Any, BinaryIO

from desktop.domain import (
    GOLD,
    Actor,
    AnnotatedDocument,
    Change,
    Document,
    DomainError,
    Relation,
    Schema,
    Span,
)
from desktop.domain.codebook import CodebookGrowth, additions
from desktop.formats import registry
from desktop.formats.errors import FormatError, keep_or_raise
from desktop.storage.bulk import BrokenReference
from desktop.storage.layers import LayerInfo
from desktop.workspace.codebook_import import import_codebook
from desktop.workspace.codebook_ops import SetSchema
from desktop.workspace.core import BulkEdit
from desktop.workspace.errors import ReadOnlyLayer
from desktop.workspace.ops import AddActor, AddDocument, AddRelation, AddSpan, Op, SetStatus
from desktop.workspace.workspace import Workspace

Progress = Callable[[int], None]
UNDO_LIMIT = 20_000  # larger imports are protected by the backup instead of the undo stack


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
    backup: Path | None = None
    undoable: bool = True
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
        if self.skipped:
            parts.append(f"{len(self.skipped)} bad record(s) skipped")
        if self.codebook_added:
            parts.append(f"{len(self.codebook_added)} addition(s) to the codebook")
        return "Imported " + "; ".join(parts)


def read_paths(
    paths: Iterable[Path],
    *,
    default_layer: str,
    schema,
    skipped: list | None = None,
    format_name: str | None = None,
) -> Iterator[AnnotatedDocument]:
    """Records from files or folders in any registered format (by name, else by extension)."""
    for path in paths:
        if not path.exists():
            raise FormatError(str(path), None, "no such file")
        fmt = registry.by_name(format_name) if format_name else registry.for_path(path)
        if fmt.reader is None:
            raise FormatError(str(path), None, f"{fmt.name} files cannot be imported")
        for record in fmt.reader(path, default_layer=default_layer, schema=schema, errors=skipped):
            yield record if record.source else replace(record, source=str(path))


def import_paths(
    ws: Workspace,
    paths: Iterable[Path | str],
    layer: str | None = None,
    *,
    skip_bad: bool = False,
    progress: Progress | None = None,
    initiator: object = None,
    format_name: str | None = None,
    add_labels: bool = False,
    undoable: bool = True,
) -> ImportReport:
    """Import files into the project in one transaction; nothing changes if any record is bad.

    Records are streamed from the files into the transaction; a bad one rolls it all back.
    A brat folder's annotation.conf adds its types to the codebook; with `add_labels`,
    labels, roles, attributes and choices the codebook lacks are added to it too (in the
    same transaction and undo step) instead of refused.
    """
    files = [Path(p) for p in paths]
    for path in files:
        if not path.exists():  # before the backup and the transaction
            raise FormatError(str(path), None, "no such file")
    skipped: list[FormatError] | None = [] if skip_bad else None
    codebook = import_codebook(ws, files, format_name, add_labels)
    growth = codebook.growth
    records: Iterable[AnnotatedDocument] = read_paths(
        files,
        default_layer=layer or ws.annotator,
        schema=codebook.reading,
        skipped=skipped,
        format_name=format_name,
    )
    if growth is not None:
        records = growing(records, growth, skipped)
    report = import_records(
        ws,
        records,
        progress=progress,
        initiator=initiator,
        large=_input_bytes(files) > LARGE,
        codebook=growth,
        undoable=undoable,
    )
    report.skipped = [str(s) for s in (skipped or [])]
    report.codebook_notes = codebook.notes
    return report


def growing(
    records: Iterable[AnnotatedDocument],
    growth: CodebookGrowth,
    skipped: list[FormatError] | None = None,
) -> Iterator[AnnotatedDocument]:
    """`records`, each taken into `growth` first; one it cannot take is refused (or skipped)."""
    for record in records:
        try:
            growth.record(record)
        except DomainError as exc:
            where = record.source or "input"
            keep_or_raise(FormatError(where, record.line or None, str(exc)), skipped)
            continue
        yield record


def _input_bytes(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        try:
            if path.is_file():
                total += path.stat().st_size
        except OSError:
            pass
    return total


def import_records(
    ws: Workspace,
    records: Iterable[AnnotatedDocument],
    *,
    progress: Progress | None = None,
    initiator: object = None,
    read_only_layers: bool = False,
    source: str = "",
    action: str = "import",
    large: bool | None = None,
    codebook: CodebookGrowth | None = None,
    undoable: bool = True,
) -> ImportReport:
    """Write records to the project in one transaction: documents, actors, annotations.

    Documents are matched by id and text hash: the same id with other text is refused.
    Spans, relations and actors already present (same id) are left as they are.
    `records` may be a stream: it is consumed in batches inside the transaction, and any
    error (a bad record, a read-only layer) rolls everything back. `large` (guessed
    from a list's size when None) tunes the transaction for volume (see `Project.bulk`).
    `codebook`, when given, has taken in every record: what it grew is stored with them.
    An import of more than UNDO_LIMIT rows, or any with `undoable=False`, cannot be undone
    and empties the undo stack (an older step undone on top of it could take its work).
    """
    project = ws._project
    if large is None:
        large = isinstance(records, Sized) and len(records) * 4 > UNDO_LIMIT
    loader = _Loader(ws, read_only_layers, source, action)
    loader.undoable = undoable
    if project.documents.count():
        loader.report.backup = project.backup(f"before-{action}")
    done = 0
    with (
        _gc_paused(large),
        ws.bulk(action, large=large, initiator=initiator, undoable=undoable) as edit,
    ):
        bulk = edit.write
        loader.check_references = bulk.references_checked_by_caller
        for batch in _batches(records, BATCH):
            loader.load(batch)
            done += len(batch)
            if large and not bulk.indexes_deferred and loader.worth_deferring_indexes():
                bulk.defer_indexes()
            if progress:
                progress(done)
        if codebook is not None and codebook.grown:
            loader.grow_codebook(codebook.original, codebook.schema)
        loader.finish(edit)
    return loader.report


BATCH = 2000  # records written at a time
LARGE = 8 << 20  # bytes of input from which an import is tuned for volume


@contextmanager
def _gc_paused(pause: bool) -> Iterator[None]:
    """No cyclic garbage collection while a large import runs.

    Readers keep every id they have seen (a set of a million strings for a million
    spans), and each full collection walks it: with collections triggered by the
    records flowing through, that was 15% of a large import. Imports make no cycles
    worth collecting; the collector is back afterwards.
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _batches(records: Iterable[AnnotatedDocument], size: int) -> Iterator[list]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


class _Loader:
    """The state of one import: what is known, what was added, the undo ops (while small)."""

    def __init__(self, ws: Workspace, read_only_layers: bool, source: str, action: str):
        project = ws._project
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
        return self.rows > max(UNDO_LIMIT, self.existing_rows)

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
        if self.undoable and self.rows > UNDO_LIMIT:
            self.undoable = False
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
            ops["status"].append(SetStatus(doc_id, layer, before, status))
            known[key] = status

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


def export_records(
    ws: Workspace, layers: Iterable[str] | None = None, *, include_empty: bool = True
) -> Iterator[AnnotatedDocument]:
    """One record per document and layer (and one bare record per unannotated document).

    Records come in project order, layers by name. The project is read with four queries
    walked side by side (documents, spans, relations, statuses, each in project order),
    never one query per document.
    """
    project = ws._project
    wanted = set(layers) if layers is not None else None
    actors = {a.id: a for a in project.actors.all()}
    spans_of = _Follower(project.spans.by_document())
    relations_of = _Follower(project.relations.by_document())
    statuses_of = _Follower(project.layers.statuses_by_document())
    for document in project.documents.iter_all():
        doc_id = document.id
        spans = spans_of(doc_id, ())
        relations = relations_of(doc_id, ())
        statuses = statuses_of(doc_id, _NO_STATUS)
        by_layer = _by_layer(spans)
        rels_by_layer = _by_layer(relations)
        layer_names = by_layer.keys() | rels_by_layer.keys() | statuses.keys()
        if wanted is not None:
            layer_names &= wanted
        if not layer_names:
            if include_empty and wanted is None:
                yield AnnotatedDocument(document)
            continue
        for layer in sorted(layer_names) if len(layer_names) > 1 else layer_names:
            layer_spans = by_layer.get(layer, ())
            linked = set(map(_actor_id, layer_spans))
            linked.difference_update(_NO_ACTOR)
            yield AnnotatedDocument(
                document,
                layer,
                statuses.get(layer, "new"),
                layer_spans,
                rels_by_layer.get(layer, ()),
                tuple(actors[a] for a in sorted(linked) if a in actors) if linked else (),
            )


_NO_STATUS: dict[str, str] = {}
_NO_ACTOR = (None, "")
_id = attrgetter("id")
_doc_id = attrgetter("doc_id")
_layer = attrgetter("layer")
_actor_id = attrgetter("actor_id")
_head_id = attrgetter("head_id")
_child_id = attrgetter("child_id")


def _by_layer(items: list) -> dict[str, tuple]:
    """Spans or relations (sorted by layer) grouped by layer."""
    if not items:
        return {}
    first = items[0].layer
    if first == items[-1].layer:
        return {first: tuple(items)}
    return {layer: tuple(group) for layer, group in groupby(items, _layer)}


class _Follower:
    """Walks a stream of (document id, items) in project order beside the documents."""

    def __init__(self, stream: Iterator[tuple[str, Any]]):
        self._stream = stream
        self._next = next(stream, None)

    def __call__(self, doc_id: str, default: Any) -> Any:
        """The items of `doc_id` (the next document in project order), or `default`."""
        head = self._next
        if head is None or head[0] != doc_id:
            return default
        self._next = next(self._stream, None)
        return head[1]


def export_jsonl(ws: Workspace, out: Path | str | BinaryIO, layer: str | None = None) -> int:
    """Write native JSONL to a path or binary stream; returns lines written."""
    from desktop.formats import jsonl  # only when exporting: not at start-up

    layers = [layer] if layer else None
    if isinstance(out, (str, Path)):
        return jsonl.write_path(Path(out), export_records(ws, layers))
    return jsonl.write(out, export_records(ws, layers))


def export_path(ws: Workspace, out: Path | str, format_name: str, layer: str | None = None) -> int:
    """Write the project (or one layer) to a file or folder in a registered format."""
    if format_name == "jsonl":
        return export_jsonl(ws, out, layer)
    fmt = registry.by_name(format_name)
    if fmt.writer is None:
        raise FormatError(str(out), None, f"{fmt.name} cannot be written")
    layers = [layer] if layer else None
    return fmt.writer(Path(out), export_records(ws, layers, include_empty=False))
