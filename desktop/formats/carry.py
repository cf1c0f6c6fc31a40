"""What each writer leaves out, reported per record as the records stream to it.

The older writers (doccano, Label Studio, brat, CoNLL) were written before losses were
reported; `reporting` wraps their record stream and tells `losses` what the format has no
place for, so that every export says what it did not carry.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from desktop.domain import AnnotatedDocument
from desktop.formats.losses import Losses

#: Things a record may hold beyond spans.
PARTS = frozenset({"relations", "attrs", "actors", "status", "title", "meta", "notes"})


def reporting(
    records: Iterable[AnnotatedDocument],
    losses: Losses | None,
    format_name: str,
    carries: frozenset[str],
) -> Iterator[AnnotatedDocument]:
    """`records` unchanged, each one's parts outside `carries` added to `losses`."""
    for record in records:
        if losses is not None:
            report(record, losses, format_name, carries)
        yield record


def report(
    record: AnnotatedDocument, losses: Losses, format_name: str, carries: frozenset[str]
) -> None:
    """Add to `losses` what of `record` a format carrying only `carries` drops."""
    document = record.document
    where = f"document {document.id}" + (f", layer {record.layer}" if record.layer else "")
    source = format_name
    if "relations" not in carries:
        for relation in record.relations:
            losses.lose(source, None, "relation", f"{where}: {relation.label} {relation.id}")
    if "attrs" not in carries:
        for span in record.spans:
            for name, value in span.attrs.items():
                losses.lose(source, None, "attribute", f"{where}: span {span.id} {name}={value}")
    if "actors" not in carries:
        for span in record.spans:
            if span.actor_id:
                losses.lose(source, None, "actor link", f"{where}: span {span.id}")
    if "notes" not in carries:
        for span in record.spans:
            if span.note:
                losses.lose(source, None, "note", f"{where}: span {span.id}: {span.note}")
            if span.unsure:
                losses.lose(source, None, "unsure flag", f"{where}: span {span.id}")
    if "status" not in carries and record.status not in (None, "new"):
        losses.lose(source, None, "document status", f"{where}: {record.status}")
    if "title" not in carries and document.title:
        losses.lose(source, None, "title", f"{where}: {document.title}")
    if "meta" not in carries and document.meta:
        losses.lose(source, None, "meta", f"{where}: {', '.join(sorted(document.meta))}")
