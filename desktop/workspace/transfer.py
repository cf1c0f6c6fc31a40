"""Import and export use cases: all-or-nothing imports with a backup first, streamed exports."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from desktop.domain import GOLD, AnnotatedDocument, Change
from desktop.formats import jsonl, text
from desktop.formats.errors import FormatError
from desktop.storage.layers import LayerInfo
from desktop.workspace.errors import ReadOnlyLayer
from desktop.workspace.ops import Op, actor_dict, document_dict, relation_dict, span_dict
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
        return "Imported " + "; ".join(parts)


def read_paths(
    paths: Iterable[Path], *, default_layer: str, schema, skipped: list[str] | None = None
) -> Iterator[AnnotatedDocument]:
    """Records from JSONL files and plain-text files or folders, by extension."""
    for path in paths:
        if path.is_dir() or path.suffix.lower() == ".txt":
            yield from text.read_paths([path])
            continue
        if not path.exists():
            raise FormatError(str(path), None, "no such file")
        with path.open("rb") as stream:
            for record in jsonl.read(
                stream,
                source=str(path),
                default_layer=default_layer,
                schema=schema,
                errors=skipped,
            ):
                yield record if record.source else replace(record, source=str(path))


def import_paths(
    ws: Workspace,
    paths: Iterable[Path | str],
    layer: str | None = None,
    *,
    skip_bad: bool = False,
    progress: Progress | None = None,
    initiator: object = None,
) -> ImportReport:
    """Import files into the project in one transaction; nothing changes if any record is bad."""
    skipped: list[str] | None = [] if skip_bad else None
    records = list(
        read_paths(
            [Path(p) for p in paths],
            default_layer=layer or ws.annotator,
            schema=ws.schema,
            skipped=skipped,
        )
    )
    report = import_records(ws, records, progress=progress, initiator=initiator)
    report.skipped = [str(s) for s in (skipped or [])]
    return report


def import_records(
    ws: Workspace,
    records: list[AnnotatedDocument],
    *,
    progress: Progress | None = None,
    initiator: object = None,
    read_only_layers: bool = False,
    source: str = "",
    action: str = "import",
) -> ImportReport:
    """Write records to the project: new documents, then each layer's annotations.

    Documents are matched by id and text hash: the same id with other text is refused.
    Spans, relations and actors already present (same id) are left as they are.
    """
    project = ws.project
    report = ImportReport()
    known = project.documents.hashes({r.document.id for r in records})
    new_docs: dict[str, AnnotatedDocument] = {}
    for record in records:
        doc = record.document
        sha = known.get(doc.id) or (
            new_docs[doc.id].document.sha256 if doc.id in new_docs else None
        )
        if sha is None:
            new_docs[doc.id] = record
        elif sha != doc.sha256:
            raise FormatError(
                record.source or source or "input",
                record.line or None,
                f"document {doc.id} already exists with different text (not re-offset)",
            )
    report.documents_added = len(new_docs)
    report.documents_present = len({r.document.id for r in records}) - len(new_docs)
    layers = {r.layer for r in records if r.layer}
    for name in layers:
        info = project.layers.get(name)
        if info is not None and info.read_only and not read_only_layers:
            raise ReadOnlyLayer(f"layer {name} is a colleague's and read-only; use merge")
    report.layers = layers
    if project.documents.count() and not ws.read_only:
        report.backup = project.backup(f"before-{action}")

    spans = [s for r in records for s in r.spans]
    relations = [rel for r in records for rel in r.relations]
    actors = {a.id: a for r in records for a in r.actors}
    existing_actor_ids = project.actors.existing_ids() if actors else set()
    new_actors = [a for a in actors.values() if a.id not in existing_actor_ids]
    fresh_project = project.spans.count() == 0 and project.relations.count() == 0
    present_spans = set() if fresh_project else project.spans.existing_ids(s.id for s in spans)
    present_rels = (
        set() if fresh_project else project.relations.existing_ids(r.id for r in relations)
    )
    new_spans = [s for s in spans if s.id not in present_spans]
    new_rels = [r for r in relations if r.id not in present_rels]
    statuses = [(r.document.id, r.layer, r.status) for r in records if r.layer and r.status]
    size = len(new_docs) + len(new_spans) + len(new_rels)
    report.undoable = size <= UNDO_LIMIT

    ws._writable_project()
    with project.atomic():
        for name in layers:
            kind = "gold" if name == GOLD else "annotator"
            project.layers.ensure(LayerInfo(name, kind, read_only_layers, source))
        project.documents.add_many(r.document for r in new_docs.values())
        if progress:
            progress(len(new_docs))
        for actor in new_actors:
            project.actors.add(actor)
        report.spans_added = project.spans.add_many(new_spans)
        report.relations_added = project.relations.add_many(new_rels)
        report.actors_added = len(new_actors)
        before = (
            {(d, lay): project.layers.status(d, lay) for d, lay, _ in statuses}
            if (report.undoable)
            else {}
        )
        project.layers.set_statuses(statuses)
        ops: list[Op] = []
        if report.undoable:
            ops += [["add_document", document_dict(r.document)] for r in new_docs.values()]
            ops += [["add_actor", actor_dict(a)] for a in new_actors]
            ops += [["add_span", span_dict(s)] for s in new_spans]
            ops += [["add_relation", relation_dict(r)] for r in new_rels]
            ops += [["set_status", d, lay, before[(d, lay)], st] for d, lay, st in statuses]
        seq = project.history.append(
            ws.annotator, action, None, str(report), ops if report.undoable else []
        )
        if report.undoable and ops:
            project.history.push(seq)
    if progress:
        progress(len(records))
    change = Change(
        label=str(report),
        documents=True,
        spans=True,
        relations=True,
        actors=bool(new_actors),
        status=True,
        layers=True,
    )
    ws._emit(change, initiator)
    return report


def export_records(
    ws: Workspace, layers: Iterable[str] | None = None, *, include_empty: bool = True
) -> Iterator[AnnotatedDocument]:
    """One record per document and layer (and one bare record per unannotated document)."""
    project = ws.project
    wanted = set(layers) if layers is not None else None
    actors = {a.id: a for a in project.actors.all()}
    for document in project.documents.iter_all():
        spans = project.spans.for_document(document.id)
        relations = project.relations.for_document(document.id)
        by_layer: dict[str, list] = {}
        for span in spans:
            by_layer.setdefault(span.layer, []).append(span)
        rels_by_layer: dict[str, list] = {}
        for relation in relations:
            rels_by_layer.setdefault(relation.layer, []).append(relation)
        layer_names = (
            set(by_layer) | set(rels_by_layer) | set(project.layers.layers_with_status(document.id))
        )
        if wanted is not None:
            layer_names &= wanted
        if not layer_names:
            if include_empty and wanted is None:
                yield AnnotatedDocument(document)
            continue
        for layer in sorted(layer_names):
            layer_spans = tuple(by_layer.get(layer, ()))
            linked = {s.actor_id for s in layer_spans if s.actor_id}
            yield AnnotatedDocument(
                document,
                layer,
                project.layers.status(document.id, layer),
                layer_spans,
                tuple(rels_by_layer.get(layer, ())),
                tuple(actors[a] for a in sorted(linked) if a in actors),
            )


def export_jsonl(ws: Workspace, out: Path | str | BinaryIO, layer: str | None = None) -> int:
    """Write native JSONL to a path or binary stream; returns lines written."""
    layers = [layer] if layer else None
    if isinstance(out, (str, Path)):
        target = Path(out)
        partial = target.with_name(target.name + ".partial")
        with partial.open("wb") as stream:
            count = jsonl.write(stream, export_records(ws, layers))
        partial.replace(target)
        return count
    return jsonl.write(out, export_records(ws, layers))
