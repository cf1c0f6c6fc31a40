"""Validated records from the offsets and labels of foreign formats (doccano, brat, ...).

One `FileBuilder` per file remembers texts and ids across its records; one `Draft` per
record checks each span and relation as the reader finds it and derives its id.
"""

from __future__ import annotations

from typing import Any

from desktop.domain import (
    AnnotatedDocument,
    Document,
    DomainError,
    Relation,
    Schema,
    Span,
    check_layer_name,
    check_status,
)
from desktop.formats import ids
from desktop.formats.errors import FormatError
from desktop.formats.fast import SchemaCheck
from desktop.formats.losses import Losses, skip
from desktop.formats.records import Bad, bad, mismatch, range_problem, short


def refusal(source: str, line: int | None, exc: Exception, where: str = "") -> FormatError:
    """The FormatError for a `Bad` or `DomainError` raised while building one record."""
    prefix = f"{where}: " if where else ""
    return FormatError(source, line, f"{prefix}{exc}")


REFUSED = (Bad, DomainError)


class FileBuilder:
    """Builds the records of one file: same id means same text, and no id twice."""

    def __init__(
        self, source: str, schema: Schema | None = None, losses: Losses | None = None
    ) -> None:
        self.source = source
        self.check = SchemaCheck(schema) if schema is not None else None
        self.losses = losses
        self.texts: dict[str, tuple[int, int, str]] = {}
        self.span_ids: set[str] = set()
        self.relation_ids: set[str] = set()

    def document(
        self,
        text: object,
        doc_id: object = None,
        title: object = "",
        meta: dict[str, Any] | None = None,
    ) -> Document:
        """A document from what the format carries; its id derives from the text if absent."""
        if type(text) is not str:
            bad(f"the text must be a string, got {short(text)}")
        if not text:
            bad("the text is empty")
        if doc_id is None:
            doc_id = ids.document_id(text)
        elif type(doc_id) is not str or not doc_id:
            bad(f"the document id must be a non-empty string, got {short(doc_id)}")
        if type(title) is not str:
            bad(f"the title must be a string, got {short(title)}")
        return Document(doc_id, text, title, meta or {})

    def draft(self, document: Document, layer: str | None) -> Draft:
        """An empty record of `document` in `layer` (None: spans will be refused)."""
        if layer is not None:
            check_layer_name(layer)
        return Draft(self, document, layer)

    def finish(
        self,
        draft: Draft,
        *,
        line: int = 0,
        place: str = "",
        status: str | None = None,
        source: str | None = None,
    ) -> AnnotatedDocument:
        """The record, once its text agrees with earlier records of the same document id.

        `place` says where the record starts (for messages) and `source` which file it
        came from, when not the builder's; a refused draft leaves no ids behind.
        """
        document = draft.document
        if status is not None:
            check_status(status)
        fingerprint = (len(document.text), hash(document.text), place or f"line {line}")
        seen = self.texts.setdefault(document.id, fingerprint)
        if seen[:2] != fingerprint[:2]:
            bad(f"document {document.id!r} has a different text than in {seen[2]}")
        # The same span in the same layer of the same document again (a task repeated in
        # Label Studio, a line repeated in Prodigy): one copy is kept, the others counted.
        spans = [span for span in draft.spans if span.id not in self.span_ids]
        relations = [rel for rel in draft.relations if rel.id not in self.relation_ids]
        where = place or f"line {line}"
        for span in draft.spans:
            if span.id in self.span_ids:
                skip(
                    self.losses,
                    self.source,
                    line or None,
                    "duplicate span",
                    f"{where}: {span.start}-{span.end} {span.label} was in an earlier record",
                )
        for relation in draft.relations:
            if relation.id in self.relation_ids:
                skip(
                    self.losses,
                    self.source,
                    line or None,
                    "duplicate relation",
                    f"{where}: {relation.label} was in an earlier record",
                )
        self.span_ids.update(span.id for span in spans)
        self.relation_ids.update(relation.id for relation in relations)
        return AnnotatedDocument(
            document,
            draft.layer,
            status,
            tuple(spans),
            tuple(relations),
            line=line,
            source=self.source if source is None else source,
        )


class Draft:
    """The spans and relations of one record, each checked as it is added."""

    def __init__(self, builder: FileBuilder, document: Document, layer: str | None) -> None:
        self.builder = builder
        self.document = document
        self.layer = layer
        self.spans: list[Span] = []
        self.relations: list[Relation] = []
        self._span_ids: set[str] = set()
        self._relation_ids: set[str] = set()

    def _layer(self) -> str:
        if self.layer is None:
            bad("the record has annotations but no layer (and no default layer)")
        return self.layer

    def span(
        self,
        start: object,
        end: object,
        label: object,
        *,
        where: str,
        text: object = None,
        attrs: dict[str, Any] | None = None,
        key: str = "",
        given_id: str | None = None,
    ) -> Span:
        """Add the span [start, end); `text`, when the format carries it, must match.

        An identical span added twice is kept once (and counted); `key` tells apart spans
        of the same range and label that are different things (two brat events on one
        trigger). `given_id` is the span's own id, when the format keeps Gloss ids.
        """
        layer = self._layer()
        size = len(self.document.text)
        if type(start) is not int or type(end) is not int or not 0 <= start < end <= size:
            bad(f"{where}: {range_problem(start, end, size)}")
        if type(label) is not str or not label:
            bad(f"{where}: the label must be a non-empty string, got {short(label)}")
        found = self.document.text[start:end]
        if text is not None and text != found:
            bad(f"{where}: {mismatch(text, found, start, end)}")
        span_id = given_id or ids.span_id(self.document.id, layer, start, end, label, key)
        if span_id in self._span_ids:
            twin = next(span for span in self.spans if span.id == span_id)
            if twin.attrs != dict(attrs or {}):
                bad(f"{where}: span {start}-{end} {label} appears twice, with other attributes")
            skip(
                self.builder.losses,
                self.builder.source,
                None,
                "duplicate span",
                f"{where}: {start}-{end} {label} appears twice in one record",
            )
            return twin
        span = Span(span_id, self.document.id, layer, start, end, label, dict(attrs or {}))
        self.check_span(span, where)
        self._span_ids.add(span_id)
        self.spans.append(span)
        return span

    def check_span(self, span: Span, where: str) -> None:
        """Check `span` (as it is now, attributes included) against the schema, if any."""
        check = self.builder.check
        if check is not None:
            try:
                check.span(span)
            except DomainError as exc:
                bad(f"{where}: {exc}")

    def replace_span(self, old: Span, new: Span, where: str) -> None:
        """Swap `old` for `new` (same id, say with attributes added), checked again."""
        self.check_span(new, where)
        self.spans[self.spans.index(old)] = new

    def relation(
        self, label: object, head: Span, child: Span, *, where: str, given_id: str | None = None
    ) -> Relation:
        """Add `head -[label]-> child` between two spans of this draft."""
        layer = self._layer()
        if type(label) is not str or not label:
            bad(f"{where}: the role must be a non-empty string, got {short(label)}")
        relation_id = given_id or ids.relation_id(self.document.id, layer, label, head.id, child.id)
        if relation_id in self._relation_ids:
            skip(
                self.builder.losses,
                self.builder.source,
                None,
                "duplicate relation",
                f"{where}: {label} appears twice between the same spans",
            )
            return next(rel for rel in self.relations if rel.id == relation_id)
        try:
            relation = Relation(relation_id, self.document.id, layer, label, head.id, child.id)
            if self.builder.check is not None:
                self.builder.check.relation(relation, head, child)
        except DomainError as exc:
            bad(f"{where}: {exc}")
        self._relation_ids.add(relation_id)
        self.relations.append(relation)
        return relation


def stream_name(stream: object) -> str:
    """The file name of `stream` for messages, or `<stream>`."""
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) else "<stream>"
