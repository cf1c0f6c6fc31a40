"""Edits of a codebook as pure functions: each takes a Schema and returns the edited one.

The annotations that must follow an edit (spans relabelled, roles renamed) are the
use cases' business; these only keep the codebook itself consistent.
"""

from __future__ import annotations

from dataclasses import replace

from desktop.domain.errors import InvalidSchema, UnknownLabel
from desktop.domain.schema import AttributeDef, RelationLabel, Schema, SpanLabel


def _bumped(
    schema: Schema,
    span_labels: tuple[SpanLabel, ...] | None = None,
    relation_labels: tuple[RelationLabel, ...] | None = None,
) -> Schema:
    return Schema(
        schema.span_labels if span_labels is None else span_labels,
        schema.relation_labels if relation_labels is None else relation_labels,
        schema.name,
        schema.version + 1,
    )


def _rename_ends(names: tuple[str, ...], mapping: dict[str, str]) -> tuple[str, ...]:
    """`names` with each renamed through `mapping`, duplicates dropped, order kept."""
    return tuple(dict.fromkeys(mapping.get(name, name) for name in names))


def _clean_name(name: str, what: str) -> str:
    if not isinstance(name, str) or not name.strip() or name != name.strip():
        raise InvalidSchema(f"a {what} name must be non-empty, without outer spaces: {name!r}")
    return name


def rename_label(schema: Schema, old: str, new: str) -> Schema:
    """Label `old` called `new` (roles follow); `new` must be free."""
    schema.span_label(old)
    _clean_name(new, "label")
    if new in schema.label_names:
        raise InvalidSchema(f"label {new} exists already; merge the labels instead")
    labels = tuple(replace(s, name=new) if s.name == old else s for s in schema.span_labels)
    roles = tuple(
        replace(
            r,
            heads=_rename_ends(r.heads, {old: new}),
            tails=_rename_ends(r.tails, {old: new}),
        )
        for r in schema.relation_labels
    )
    return _bumped(schema, labels, roles)


def _merged_attributes(labels: list[SpanLabel]) -> tuple[AttributeDef, ...]:
    merged: dict[str, AttributeDef] = {}
    for label in labels:
        for attribute in label.attributes:
            known = merged.get(attribute.name)
            if known is None:
                merged[attribute.name] = attribute
                continue
            if known.binary != attribute.binary:
                raise InvalidSchema(
                    f"attribute {attribute.name} is binary in one label and not the other"
                )
            if not known.choices or not attribute.choices:
                choices: tuple[str, ...] = ()  # free text takes any choice
            else:
                choices = tuple(dict.fromkeys((*known.choices, *attribute.choices)))
            merged[attribute.name] = replace(
                known, choices=choices, description=known.description or attribute.description
            )
    return tuple(merged.values())


def merge_labels(schema: Schema, first: str, second: str, into: str) -> Schema:
    """Labels `first` and `second` become one label `into`, with both labels' attributes.

    `into` may be one of the two, a third label (which takes the others in), or a new
    name (which takes the place, key and colour of `first`).
    """
    if first == second:
        raise InvalidSchema(f"cannot merge {first} with itself")
    sources = [schema.span_label(first), schema.span_label(second)]
    _clean_name(into, "label")
    target = next((s for s in schema.span_labels if s.name == into), None)
    base = target or replace(sources[0], name=into)
    parts = [base, *(s for s in sources if s.name != into)]
    description = "\n\n".join(dict.fromkeys(p.description for p in parts if p.description))
    merged = replace(base, attributes=_merged_attributes(parts), description=description)
    if target is not None:
        gone = {first, second} - {into}
        labels = tuple(
            merged if s.name == into else s for s in schema.span_labels if s.name not in gone
        )
    else:  # a new name takes the place of the first label
        labels = tuple(
            merged if s.name == first else s for s in schema.span_labels if s.name != second
        )
    mapping = {name: into for name in (first, second)}
    roles = tuple(
        replace(r, heads=_rename_ends(r.heads, mapping), tails=_rename_ends(r.tails, mapping))
        for r in schema.relation_labels
    )
    return _bumped(schema, labels, roles)


def rename_role(schema: Schema, old: str, new: str) -> Schema:
    """Role `old` called `new`; `new` must be free."""
    schema.relation_label(old)
    _clean_name(new, "role")
    if any(r.name == new for r in schema.relation_labels):
        raise InvalidSchema(f"role {new} exists already")
    roles = tuple(replace(r, name=new) if r.name == old else r for r in schema.relation_labels)
    return _bumped(schema, relation_labels=roles)


def attribute_owners(schema: Schema, attribute: str) -> list[tuple[SpanLabel, AttributeDef]]:
    """(label, definition) of every label with attribute `attribute` (`LABEL.name` for one)."""
    label_name, dot, name = attribute.rpartition(".")
    if dot and label_name in schema.label_names:
        label = schema.span_label(label_name)
        found = label.attribute(name)
        owners = [(label, found)] if found is not None else []
    else:
        owners = [
            (label, definition)
            for label in schema.span_labels
            if (definition := label.attribute(attribute)) is not None
        ]
    if not owners:
        raise UnknownLabel(f"no label has an attribute {attribute!r}")
    return owners


def rename_choice(schema: Schema, attribute: str, old: str, new: str) -> Schema:
    """Choice `old` of `attribute` (on every label having it, or `LABEL.attr`) called `new`.

    When `new` is a choice already, the two become one.
    """
    _clean_name(new, "choice")
    owners = attribute_owners(schema, attribute)
    if not any(old in d.choices or not d.choices for _, d in owners if not d.binary):
        raise UnknownLabel(f"attribute {attribute} has no choice {old!r}")
    changed: dict[str, SpanLabel] = {}
    for label, definition in owners:
        if old not in definition.choices:
            continue
        choices = _rename_ends(definition.choices, {old: new})
        new_def = replace(definition, choices=choices)
        attrs = tuple(new_def if a.name == definition.name else a for a in label.attributes)
        changed[label.name] = replace(label, attributes=attrs)
    labels = tuple(changed.get(s.name, s) for s in schema.span_labels)
    return _bumped(schema, labels)
