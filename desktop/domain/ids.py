"""Identifiers: UUID strings, so that merging colleagues' work never collides."""

import uuid
from typing import NewType

DocId = NewType("DocId", str)
SpanId = NewType("SpanId", str)
RelationId = NewType("RelationId", str)
ActorId = NewType("ActorId", str)


def new_id() -> str:
    """A fresh random identifier (32 hex digits)."""
    return uuid.uuid4().hex
