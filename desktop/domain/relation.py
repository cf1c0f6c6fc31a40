"""A relation: a directed, labeled link (a role) from a head span to a child span."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.errors import InvalidRelation


@dataclass(frozen=True, slots=True)
class Relation:
    """`head -[label]-> child`, both spans in the same document and layer."""

    id: str
    doc_id: str
    layer: str
    label: str
    head_id: str
    child_id: str

    def __post_init__(self) -> None:
        if not self.label:
            raise InvalidRelation("relation label must be a non-empty string")
        if self.head_id == self.child_id:
            raise InvalidRelation("a relation cannot link a span to itself")

    def touches(self, span_id: str) -> bool:
        """True if `span_id` is the head or the child."""
        return span_id in (self.head_id, self.child_id)
