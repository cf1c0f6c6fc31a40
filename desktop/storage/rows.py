"""Conversions between table rows and domain values; the only place that knows the columns."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from desktop.domain import Actor, Document, Relation, Span, unchecked
from desktop.domain.unchecked import DOCUMENT_SETTERS, RELATION_SETTERS, SPAN_SETTERS

SPAN_COLUMNS = 'id, doc_id, layer, start, "end", label, attrs, actor_id, note, unsure'
RELATION_COLUMNS = "id, doc_id, layer, label, head_id, child_id"
DOCUMENT_COLUMNS = "id, title, text, meta"

_loads = orjson.loads
_dumps = orjson.dumps


def dumps(value: Any) -> str:
    """Compact JSON text for a TEXT column."""
    return orjson.dumps(value).decode("utf-8")


# --- rows to values ----------------------------------------------------------
#
# Reading many rows (an export, a document's spans) builds values through the domain's
# unchecked builders (desktop.domain.unchecked). Each loop checks inline what
# __post_init__ would check and the table's CHECK constraints do not already guarantee;
# a row that fails (a file edited by hand outside Gloss) is built by the constructor,
# which raises as it always did.


def span_from_row(row: tuple) -> Span:
    """A Span from a row selected with SPAN_COLUMNS."""
    span_id, doc_id, layer, start, end, label, attrs, actor_id, note, unsure = row
    attrs = orjson.loads(attrs)
    return Span(span_id, doc_id, layer, start, end, label, attrs, actor_id, note, bool(unsure))


def spans_from_rows(rows: Iterable[tuple]) -> list[Span]:
    """`[span_from_row(r) for r in rows]`, faster."""
    if not SPAN_SETTERS:
        return [span_from_row(r) for r in rows]
    (
        set_id,
        set_doc,
        set_layer,
        set_start,
        set_end,
        set_label,
        set_attrs,
        set_actor,
        set_note,
        set_unsure,
    ) = SPAN_SETTERS
    new, loads = unchecked.new, _loads
    spans: list[Span] = []
    append = spans.append
    for span_id, doc_id, layer, start, end, label, attrs, actor_id, note, unsure in rows:
        attrs = loads(attrs)
        # The table's CHECKs hold start and end to integers with 0 <= start < end, the
        # label to a non-empty value and unsure to 0 or 1.
        if type(attrs) is not dict or type(label) is not str or type(note) is not str:
            append(
                Span(span_id, doc_id, layer, start, end, label, attrs, actor_id, note, unsure == 1)
            )
            continue
        span = new(Span)
        set_id(span, span_id)
        set_doc(span, doc_id)
        set_layer(span, layer)
        set_start(span, start)
        set_end(span, end)
        set_label(span, label)
        set_attrs(span, attrs)
        set_actor(span, actor_id)
        set_note(span, note)
        set_unsure(span, unsure == 1)
        append(span)
    return spans


def relation_from_row(row: tuple) -> Relation:
    """A Relation from a row selected with RELATION_COLUMNS."""
    return Relation(*row)


def relations_from_rows(rows: Iterable[tuple]) -> list[Relation]:
    """`[relation_from_row(r) for r in rows]`, faster."""
    if not RELATION_SETTERS:
        return [relation_from_row(r) for r in rows]
    set_id, set_doc, set_layer, set_label, set_head, set_child = RELATION_SETTERS
    new = unchecked.new
    relations: list[Relation] = []
    append = relations.append
    for row in rows:
        relation_id, doc_id, layer, label, head_id, child_id = row
        if not label or head_id == child_id:
            append(Relation(*row))
            continue
        relation = new(Relation)
        set_id(relation, relation_id)
        set_doc(relation, doc_id)
        set_layer(relation, layer)
        set_label(relation, label)
        set_head(relation, head_id)
        set_child(relation, child_id)
        append(relation)
    return relations


def document_from_row(row: tuple) -> Document:
    """A Document from a row selected with DOCUMENT_COLUMNS."""
    doc_id, title, text, meta = row
    return Document(doc_id, text, title, orjson.loads(meta))


def documents_from_rows(rows: Iterable[tuple]) -> list[Document]:
    """`[document_from_row(r) for r in rows]`, faster.

    Text read from SQLite cannot hold a lone surrogate (it would not decode), so the
    costly check for one is not repeated.
    """
    if not DOCUMENT_SETTERS:
        return [document_from_row(r) for r in rows]
    set_id, set_text, set_title, set_meta = DOCUMENT_SETTERS
    new, loads = unchecked.new, _loads
    documents: list[Document] = []
    append = documents.append
    for doc_id, title, text, meta in rows:
        meta = loads(meta)
        if (
            type(doc_id) is not str
            or not doc_id
            or type(text) is not str
            or not text
            or type(meta) is not dict
        ):
            append(Document(doc_id, text, title, meta))
            continue
        document = new(Document)
        set_id(document, doc_id)
        set_text(document, text)
        set_title(document, title)
        set_meta(document, meta)
        append(document)
    return documents


def actor_from_row(row: tuple, aliases: tuple[str, ...]) -> Actor:
    """An Actor from (id, name, kind) and its aliases."""
    actor_id, name, kind = row
    return Actor(actor_id, name, kind, aliases)


# --- values to rows ----------------------------------------------------------


def span_to_row(span: Span) -> tuple:
    """The values for SPAN_COLUMNS."""
    return (
        span.id,
        span.doc_id,
        span.layer,
        span.start,
        span.end,
        span.label,
        dumps(span.attrs),
        span.actor_id,
        span.note,
        int(span.unsure),
    )


def span_rows(spans: Iterable[Span]) -> list[tuple]:
    """`[span_to_row(s) for s in spans]` in one pass (no call per span)."""
    dumps_ = _dumps
    return [
        (
            s.id,
            s.doc_id,
            s.layer,
            s.start,
            s.end,
            s.label,
            dumps_(s.attrs).decode("utf-8") if s.attrs else "{}",
            s.actor_id,
            s.note,
            int(s.unsure),
        )
        for s in spans
    ]


def relation_to_row(relation: Relation) -> tuple:
    """The values for RELATION_COLUMNS."""
    return (
        relation.id,
        relation.doc_id,
        relation.layer,
        relation.label,
        relation.head_id,
        relation.child_id,
    )


def relation_rows(relations: Iterable[Relation]) -> list[tuple]:
    """`[relation_to_row(r) for r in relations]` in one pass."""
    return [(r.id, r.doc_id, r.layer, r.label, r.head_id, r.child_id) for r in relations]


def document_rows(
    documents: Iterable[Document], hashes: Iterable[str] | None = None
) -> list[tuple]:
    """(id, title, text, text_length, text_sha256, meta) for each document.

    `hashes`, if given, are the documents' `sha256` (already computed by the caller).
    """
    dumps_ = _dumps
    if hashes is None:
        return [
            (d.id, d.title, d.text, len(d.text), d.sha256, dumps_(d.meta).decode("utf-8"))
            for d in documents
        ]
    return [
        (d.id, d.title, d.text, len(d.text), sha, dumps_(d.meta).decode("utf-8"))
        for d, sha in zip(documents, hashes, strict=True)
    ]
