"""Merging colleagues' work: their layers arrive read-only beside yours, idempotently."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain import AnnotatedDocument
from desktop.formats import jsonl
from desktop.formats.errors import FormatError
from desktop.storage import open_project
from desktop.storage.migrations import APPLICATION_ID
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
    if not path.exists():
        raise FormatError(str(path), None, "no such file")
    if _is_project(path):
        other = Workspace(open_project(path, read_only=True))
        try:
            return list(export_records(other, include_empty=False))
        finally:
            other.close()
    with path.open("rb") as stream:
        records = list(jsonl.read(stream, source=str(path), schema=schema))
    return [r for r in records if r.layer]


def merge_paths(
    ws: Workspace, paths: Iterable[Path | str], initiator: object = None
) -> MergeReport:
    """Merge colleagues' project files or JSONL exports into this project in one transaction.

    Documents match by id and text hash; a document whose text differs is refused whole
    and listed. Layers named like the local annotator are skipped. Merging twice changes
    nothing the second time; the merge is backed up before and can be undone.
    """
    report = MergeReport()
    records: list[AnnotatedDocument] = []
    for path in (Path(p) for p in paths):
        report.sources.append(path.name)
        records += read_colleague(path, ws.schema)
    mine = ws._project.documents.hashes({r.document.id for r in records})
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
    report.imported = import_records(
        ws,
        kept,
        initiator=initiator,
        read_only_layers=True,
        source=", ".join(report.sources),
        action="merge",
    )
    return report
