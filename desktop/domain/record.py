"""One document with one layer's annotations: what readers yield and writers take."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.actor import Actor
from desktop.domain.document import Document
from desktop.domain.relation import Relation
from desktop.domain.span import Span


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """A document and, when `layer` is set, that layer's spans, relations and status.

    `actors` holds the registry entries that `spans` link to (by `Span.actor_id`).
    `line` is where the record started in `source` (1-based), 0 if unknown.
    """

    document: Document
    layer: str | None = None
    status: str | None = None
    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()
    actors: tuple[Actor, ...] = ()
    line: int = 0
    source: str = ""
