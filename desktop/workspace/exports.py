"""What an export wrote: every document and span accounted for, and what a format left out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from desktop.domain import AnnotatedDocument, Span


@dataclass
class ExportTally:
    """Counts of what went into a writer, and the spans the format could not hold."""

    records: int = 0
    documents: int = 0
    bare_documents: int = 0
    spans: int = 0
    relations: int = 0
    dropped: list[Span] = field(default_factory=list)
    #: Spans written with other offsets (CoNLL: whitespace at an edge is not a token).
    trimmed: list[Span] = field(default_factory=list)

    def count(self, records: Iterable[AnnotatedDocument]) -> Iterator[AnnotatedDocument]:
        """Pass `records` through, counting them (documents counted once, in order)."""
        last = None
        for record in records:
            self.records += 1
            if record.document.id != last:
                last = record.document.id
                self.documents += 1
            if record.layer is None:
                self.bare_documents += 1
            self.spans += len(record.spans)
            self.relations += len(record.relations)
            yield record

    def summary(self, total_documents: int) -> str:
        """One line: documents, bare ones, spans written, spans left out, documents skipped."""
        parts = [f"{self.documents} document(s)"]
        if self.bare_documents:
            parts.append(f"{self.bare_documents} without annotations (text only)")
        parts.append(f"{self.spans - len(self.dropped)} span(s)")
        parts.append(f"{self.relations} relation(s)")
        if self.dropped:
            parts.append(f"{len(self.dropped)} span(s) the format cannot hold left out")
        if self.trimmed:
            parts.append(f"{len(self.trimmed)} span(s) trimmed of whitespace at an edge")
        if total_documents > self.documents:
            missing = total_documents - self.documents
            parts.append(f"{missing} document(s) without this layer not written")
        return ", ".join(parts)
