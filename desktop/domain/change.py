"""What a use case changed: the record every panel reads after the one broadcast."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Change:
    """Flags and ids naming what an operation touched (after it committed)."""

    label: str = ""
    documents: bool = False
    spans: bool = False
    relations: bool = False
    actors: bool = False
    status: bool = False
    schema: bool = False  # the codebook changed: labels, colours, keys, attributes, roles
    layers: bool = False
    decisions: bool = False
    doc_ids: frozenset[str] = frozenset()
    span_ids: frozenset[str] = frozenset()
    relation_ids: frozenset[str] = frozenset()

    def touches(self, doc_id: str) -> bool:
        """True if the change concerns `doc_id` (or the whole project)."""
        return not self.doc_ids or doc_id in self.doc_ids

    def merged(self, other: Change) -> Change:
        """The union of two changes."""
        return Change(
            label=self.label or other.label,
            documents=self.documents or other.documents,
            spans=self.spans or other.spans,
            relations=self.relations or other.relations,
            actors=self.actors or other.actors,
            status=self.status or other.status,
            schema=self.schema or other.schema,
            layers=self.layers or other.layers,
            decisions=self.decisions or other.decisions,
            doc_ids=self.doc_ids | other.doc_ids,
            span_ids=self.span_ids | other.span_ids,
            relation_ids=self.relation_ids | other.relation_ids,
        )
