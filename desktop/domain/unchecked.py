"""Building domain values without re-running their checks, for bulk paths whose input is
already checked (a reader that validated a line, rows the table's CHECKs constrain).

The slot setters skip the frozen dataclass's __setattr__ and __post_init__: about three
times faster. Each setter tuple is empty if its class changed shape; callers then use the
constructor, which is always correct.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

from desktop.domain.document import Document
from desktop.domain.relation import Relation
from desktop.domain.span import Span

Setter = Callable[[Any, Any], None]
new = object.__new__


def _setters(cls: type, names: tuple[str, ...]) -> tuple[Setter, ...]:
    if tuple(f.name for f in fields(cls)) != names:
        return ()
    return tuple(getattr(cls, name).__set__ for name in names)


SPAN_SETTERS = _setters(
    Span,
    ("id", "doc_id", "layer", "start", "end", "label", "attrs", "actor_id", "note", "unsure"),
)
RELATION_SETTERS = _setters(Relation, ("id", "doc_id", "layer", "label", "head_id", "child_id"))
DOCUMENT_SETTERS = _setters(Document, ("id", "text", "title", "meta"))


if SPAN_SETTERS:
    (
        _s_id,
        _s_doc,
        _s_layer,
        _s_start,
        _s_end,
        _s_label,
        _s_attrs,
        _s_actor,
        _s_note,
        _s_unsure,
    ) = SPAN_SETTERS


def span_unchecked(
    span_id: str,
    doc_id: str,
    layer: str,
    start: int,
    end: int,
    label: str,
    attrs: dict[str, Any],
    actor_id: str | None,
    note: str = "",
    unsure: bool = False,
) -> Span:
    """`Span(...)` for values the caller has already checked as `Span` would."""
    if not SPAN_SETTERS:
        return Span(span_id, doc_id, layer, start, end, label, attrs, actor_id, note, unsure)
    span = new(Span)
    _s_id(span, span_id)
    _s_doc(span, doc_id)
    _s_layer(span, layer)
    _s_start(span, start)
    _s_end(span, end)
    _s_label(span, label)
    _s_attrs(span, attrs)
    _s_actor(span, actor_id)
    _s_note(span, note)
    _s_unsure(span, unsure)
    return span
