"""A fast stand-in for the schema's checks, for readers' inner loops.

It gives the same result as the domain call it replaces; tests compare them.
"""

from __future__ import annotations

from desktop.domain import Relation, Schema, Span


class SchemaCheck:
    """`Schema.check_span`/`check_relation` behind lookup tables that accept the usual case.

    Anything the tables do not plainly accept goes to the schema itself, which raises
    its own message (so the tables can only make checking faster, never different).
    """

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.attrs = {
            label.name: {a.name: frozenset(a.choices) for a in label.attributes}
            for label in schema.span_labels
        }
        self.roles = {
            (role.name, head, tail)
            for role in schema.relation_labels
            for head in role.heads
            for tail in role.tails
        }

    def span(self, span: Span) -> None:
        allowed = self.attrs.get(span.label)
        if allowed is not None:
            for name, value in span.attrs.items():
                choices = allowed.get(name)
                if choices is None or not (
                    value is None or (type(value) is str and (not choices or value in choices))
                ):
                    break
            else:
                return
        self.schema.check_span(span)

    def relation(self, relation: Relation, head: Span, child: Span) -> None:
        if (relation.label, head.label, child.label) not in self.roles:
            self.schema.check_relation(relation, head, child)
