"""Merging colleagues' work: their layers arrive read-only beside yours, idempotently."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain import AnnotatedDocument, DomainError, ReviewDecision, Schema
from desktop.domain.codebook import CodebookGrowth, additions, union
from desktop.formats.errors import FormatError
from desktop.storage import open_project
from desktop.storage.migrations import APPLICATION_ID
from desktop.workspace.adjudication import decisions
from desktop.workspace.codebook import CodebookConflict
from desktop.workspace.transfer import ImportReport, export_records, import_records
from desktop.workspace.workspace import Workspace


@dataclass
class MergeReport:
    """What a merge brought in, and what it refused."""

    imported: ImportReport = field(default_factory=ImportReport)
    refused_documents: list[str] = field(default_factory=list)
    refused_layers: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"Merged {', '.join(self.sources)}: " + str(self.imported).removeprefix("Imported ")
        if self.refused_documents:
            text += f"; refused {len(self.refused_documents)} document(s) whose text differs"
        if self.refused_layers:
            text += f"; skipped layer(s) {', '.join(self.refused_layers)} (yours)"
        return text


def _is_project(path: Path) -> bool:
    with path.open("rb") as handle:
        header = handle.read(100)
    return (
        header.startswith(b"SQLite format 3\x00")
        and int.from_bytes(header[68:72], "big") == APPLICATION_ID
    )


def read_colleague(path: Path, schema) -> list[AnnotatedDocument]:
    """Every annotated record of another project file or a native JSONL export."""
    return _read_colleague(path, schema)[0]


def _read_colleague(
    path: Path, schema: Schema | None
) -> tuple[list[AnnotatedDocument], Schema | None, list[ReviewDecision]]:
    """The records of a colleague's file, and their codebook and review decisions when the
    file is a project (a JSONL export carries neither)."""
    if not path.exists():
        raise FormatError(str(path), None, "no such file")
    if _is_project(path):
        other = Workspace(open_project(path, read_only=True))
        try:
            records = list(export_records(other, include_empty=False))
            return records, other.schema, decisions(other)
        finally:
            other.close()
    from desktop.formats import jsonl  # only when merging: not at start-up

    with path.open("rb") as stream:
        records = list(jsonl.read(stream, source=str(path), schema=schema))
    return [r for r in records if r.layer], None, []


def _codebook_check(
    ws: Workspace,
    records: list[AnnotatedDocument],
    theirs: list[Schema],
    sources: list[str],
    add_labels: bool,
) -> CodebookGrowth | None:
    """What merging `records` does to the codebook: None if they fit it as it is.

    Labels, roles, attributes or choices missing here refuse the merge with the list,
    unless `add_labels`: then they are added, with the colleagues' own definitions
    (colour, key, description) when their project file carries them.
    """
    probe = CodebookGrowth(ws.schema)
    for record in records:
        try:
            probe.record(record)
        except DomainError as exc:
            raise FormatError(record.source or ", ".join(sources), None, str(exc)) from None
    if not probe.grown:
        return None
    # (the keys the probe chose are not the ones the merge would give: leave them out)
    missing = [re.sub(r" \(key .\)$", "", line) for line in additions(ws.schema, probe.schema)]
    if not add_labels:
        layers = sorted({r.layer for r in records if r.layer})
        raise CodebookConflict(
            f"{', '.join(sources)}: layer(s) {', '.join(layers)} use what this codebook lacks:"
            f" {'; '.join(missing)} (merge with --add-labels to add them)"
        )
    start = ws.schema
    used = set(probe.schema.label_names)
    for other in theirs:
        try:
            start = union(start, _restricted(other, used))
        except DomainError:
            continue  # their definitions disagree with ours: the data decides below
    growth = CodebookGrowth(start, original=ws.schema)
    for record in records:
        growth.record(record)
    return growth


def _restricted(schema: Schema, labels: set[str]) -> Schema:
    """`schema` without the labels (and roles touching them) outside `labels`."""
    kept = tuple(s for s in schema.span_labels if s.name in labels)
    roles = tuple(
        r for r in schema.relation_labels if set(r.heads) <= labels and set(r.tails) <= labels
    )
    return Schema(kept or schema.span_labels[:1], roles, schema.name, schema.version)


def merge_paths(
    ws: Workspace,
    paths: Iterable[Path | str],
    initiator: object = None,
    *,
    progress: Callable[[int], None] | None = None,
    add_labels: bool = False,
) -> MergeReport:
    """Merge colleagues' project files or JSONL exports into this project in one transaction.

    Documents match by id and text hash; a document whose text differs is refused whole
    and listed. Layers named like the local annotator are skipped. Review decisions of a
    project file come along for the documents that arrive: one already taken here stays
    (a different one is counted as a conflict). Merging twice changes nothing the second
    time; the merge is backed up before and can be undone. Layers using labels this
    codebook lacks are refused with the list, unless `add_labels` adds them (see
    `_codebook_check`).
    """
    report = MergeReport()
    records: list[AnnotatedDocument] = []
    theirs: list[Schema] = []
    decided: list[ReviewDecision] = []
    for path in (Path(p) for p in paths):
        report.sources.append(path.name)
        found, schema, their_decisions = _read_colleague(path, None)
        records += found
        decided += their_decisions
        if schema is not None:
            theirs.append(schema)
    mine = ws._project.documents.hashes(
        {r.document.id for r in records} | {d.doc_id for d in decided}
    )
    kept: list[AnnotatedDocument] = []
    for record in records:
        doc = record.document
        if doc.id in mine and mine[doc.id] != doc.sha256:
            if doc.id not in report.refused_documents:
                report.refused_documents.append(doc.id)
            continue
        if record.layer == ws.annotator:
            if record.layer not in report.refused_layers:
                report.refused_layers.append(record.layer)
            continue
        kept.append(record)
    arriving = mine.keys() | {r.document.id for r in kept}
    refused = set(report.refused_documents)
    growth = _codebook_check(ws, kept, theirs, report.sources, add_labels)
    report.imported = import_records(
        ws,
        kept,
        initiator=initiator,
        read_only_layers=True,
        source=", ".join(report.sources),
        action="merge",
        progress=progress,
        codebook=growth,
        decisions=[d for d in decided if d.doc_id in arriving and d.doc_id not in refused],
    )
    return report
