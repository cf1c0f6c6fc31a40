"""Conversions between table rows and domain values; the only place that knows the columns."""

from __future__ import annotations

from typing import Any

import orjson

from desktop.domain import Actor, Document, Relation, Span

SPAN_COLUMNS = 'id, doc_id, layer, start, "end", label, attrs, actor_id'
RELATION_COLUMNS = "id, doc_id, layer, label, head_id, child_id"
DOCUMENT_COLUMNS = "id, title, text, meta"


def dumps(value: Any) -> str:
    """Compact JSON text for a TEXT column."""
    return orjson.dumps(value).decode("utf-8")


def span_from_row(row: tuple) -> Span:
    """A Span from a row selected with SPAN_COLUMNS."""
    span_id, doc_id, layer, start, end, label, attrs, actor_id = row
    return Span(span_id, doc_id, layer, start, end, label, orjson.loads(attrs), actor_id)


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
    )


def relation_from_row(row: tuple) -> Relation:
    """A Relation from a row selected with RELATION_COLUMNS."""
    return Relation(*row)


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


def document_from_row(row: tuple) -> Document:
    """A Document from a row selected with DOCUMENT_COLUMNS."""
    doc_id, title, text, meta = row
    return Document(doc_id, text, title, orjson.loads(meta))


def actor_from_row(row: tuple, aliases: tuple[str, ...]) -> Actor:
    """An Actor from (id, name, kind) and its aliases."""
    actor_id, name, kind = row
    return Actor(actor_id, name, kind, aliases)
