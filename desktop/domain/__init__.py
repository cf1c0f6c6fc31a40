"""Frozen values and invariants of Gloss; the standard library only."""

from desktop.domain import unchecked
from desktop.domain.actor import ACTOR_KINDS, Actor
from desktop.domain.change import Change
from desktop.domain.decision import DECISIONS, ReviewDecision
from desktop.domain.document import Document, sha256_of
from desktop.domain.errors import (
    DomainError,
    InvalidActor,
    InvalidAttribute,
    InvalidDecision,
    InvalidDocument,
    InvalidLayer,
    InvalidRelation,
    InvalidSchema,
    InvalidSpan,
    UnknownLabel,
)
from desktop.domain.ids import new_id
from desktop.domain.layer import GOLD, STATUSES, check_layer_name, check_status
from desktop.domain.record import AnnotatedDocument
from desktop.domain.relation import Relation
from desktop.domain.schema import AttributeDef, RelationLabel, Schema, SpanLabel
from desktop.domain.span import Span

__all__ = [
    "ACTOR_KINDS",
    "DECISIONS",
    "GOLD",
    "STATUSES",
    "Actor",
    "AnnotatedDocument",
    "AttributeDef",
    "Change",
    "Document",
    "DomainError",
    "InvalidActor",
    "InvalidAttribute",
    "InvalidDecision",
    "InvalidDocument",
    "InvalidLayer",
    "InvalidRelation",
    "InvalidSchema",
    "InvalidSpan",
    "Relation",
    "RelationLabel",
    "ReviewDecision",
    "Schema",
    "Span",
    "SpanLabel",
    "UnknownLabel",
    "check_layer_name",
    "check_status",
    "new_id",
    "sha256_of",
    "unchecked",
]
