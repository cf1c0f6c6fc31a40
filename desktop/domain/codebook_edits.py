"""Edits of a codebook as pure functions: each takes a Schema and returns the edited one.

The annotations that must follow an edit (spans relabelled, roles renamed) are the
use cases' business; these only keep the codebook itself consistent.
"""

from __future__ import annotations

from dataclasses import replace

from desktop.domain.codebook import RESERVED_KEYS, free_hotkey, new_color
from desktop.domain.errors import InvalidSchema, UnknownLabel
from desktop.domain.schema import AttributeDef, RelationLabel, Schema, SpanLabel


def _bumped(
    schema: Schema,
    span_labels: tuple[SpanLabel, ...] | None = None,
    relation_labels: tuple[RelationLabel, ...] | None = None,
) -> Schema:
    """`_with`, and the version moved on."""
    changed = _with(schema, span_labels, relation_labels)
    return Schema(changed.span_labels, changed.relation_labels, changed.name, changed.version + 1)


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


# --- the editor's edits (the version moves on when the use case stores them) ---------


def _with(
    schema: Schema,
    span_labels: tuple[SpanLabel, ...] | None = None,
    relation_labels: tuple[RelationLabel, ...] | None = None,
) -> Schema:
    return Schema(
        schema.span_labels if span_labels is None else span_labels,
        schema.relation_labels if relation_labels is None else relation_labels,
        schema.name,
        schema.version,
    )


def check_hotkey(schema: Schema, key: str, owner: str = "") -> str:
    """`key` (lower case) if a label other than `owner` may not already have it; else raise."""
    key = key.strip().lower()
    if not key:
        return ""
    if len(key) != 1 or not (key.isascii() and key.isalnum()):
        raise InvalidSchema(f"a key is one letter or digit, not {key!r}")
    if key in RESERVED_KEYS:
        raise InvalidSchema(f"key {key} is the window's own (G links, J/K move)")
    holder = next((s.name for s in schema.span_labels if s.hotkey == key and s.name != owner), "")
    if holder:
        raise InvalidSchema(f"key {key} is taken by {holder}")
    return key


def add_label(schema: Schema, name: str, description: str = "") -> Schema:
    """A new label at the end, with a free key and a new colour."""
    _clean_name(name, "label")
    if name in schema.label_names:
        raise InvalidSchema(f"label {name} exists already")
    labels = schema.span_labels
    label = SpanLabel(
        name,
        free_hotkey(name, (s.hotkey for s in labels)),
        new_color(len(labels), (s.color for s in labels)),
        description,
    )
    return _with(schema, (*labels, label))


def change_label(
    schema: Schema,
    name: str,
    *,
    color: str | None = None,
    hotkey: str | None = None,
    description: str | None = None,
) -> Schema:
    """Label `name` with another colour, key (checked: no clash) or description."""
    label = schema.span_label(name)
    if hotkey is not None:
        hotkey = check_hotkey(schema, hotkey, name)
    changed = replace(
        label,
        color=label.color if color is None else color,
        hotkey=label.hotkey if hotkey is None else hotkey,
        description=label.description if description is None else description,
    )
    return _with(schema, tuple(changed if s.name == name else s for s in schema.span_labels))


def move_label(schema: Schema, name: str, step: int) -> Schema:
    """Label `name` moved `step` places up (negative) or down the label bar."""
    labels = list(schema.span_labels)
    index = schema.label_names.index(name) if name in schema.label_names else -1
    if index < 0:
        schema.span_label(name)  # raises UnknownLabel
    target = max(0, min(len(labels) - 1, index + step))
    labels.insert(target, labels.pop(index))
    return _with(schema, tuple(labels))


def remove_label(schema: Schema, name: str) -> Schema:
    """Label `name` gone; roles lose it as an end (and go when no end is left)."""
    schema.span_label(name)
    labels = tuple(s for s in schema.span_labels if s.name != name)
    if not labels:
        raise InvalidSchema("a codebook needs at least one label")
    roles = []
    for role in schema.relation_labels:
        heads = tuple(h for h in role.heads if h != name)
        tails = tuple(t for t in role.tails if t != name)
        if heads and tails:
            roles.append(replace(role, heads=heads, tails=tails))
    return _with(schema, labels, tuple(roles))


def set_attribute(schema: Schema, label_name: str, attribute: AttributeDef) -> Schema:
    """Add `attribute` to a label, or replace the one of the same name."""
    _clean_name(attribute.name, "attribute")
    for choice in attribute.choices:
        _clean_name(choice, "choice")
    label = schema.span_label(label_name)
    attributes = list(label.attributes)
    names = [a.name for a in attributes]
    if attribute.name in names:
        attributes[names.index(attribute.name)] = attribute
    else:
        attributes.append(attribute)
    changed = replace(label, attributes=tuple(attributes))
    return _with(schema, tuple(changed if s.name == label_name else s for s in schema.span_labels))


def remove_attribute(schema: Schema, label_name: str, attribute: str) -> Schema:
    """Attribute `attribute` of a label gone."""
    label = schema.span_label(label_name)
    if label.attribute(attribute) is None:
        raise UnknownLabel(f"label {label_name} has no attribute {attribute!r}")
    changed = replace(label, attributes=tuple(a for a in label.attributes if a.name != attribute))
    return _with(schema, tuple(changed if s.name == label_name else s for s in schema.span_labels))


def set_role(schema: Schema, role: RelationLabel) -> Schema:
    """Add `role`, or replace the role of the same name (its key checked for clashes)."""
    _clean_name(role.name, "role")
    if not role.heads or not role.tails:
        raise InvalidSchema(f"role {role.name} needs at least one head and one tail label")
    roles = list(schema.relation_labels)
    names = [r.name for r in roles]
    if role.hotkey:
        key = role.hotkey.strip().lower()
        if key in RESERVED_KEYS:
            raise InvalidSchema(f"key {key} is link mode's own (J/K move, G starts it)")
        holder = next((r.name for r in roles if r.hotkey == key and r.name != role.name), "")
        if holder:
            raise InvalidSchema(f"role key {key} is taken by {holder}")
        role = replace(role, hotkey=key)
    if role.name in names:
        roles[names.index(role.name)] = role
    else:
        roles.append(role)
    return _with(schema, relation_labels=tuple(roles))


def remove_role(schema: Schema, name: str) -> Schema:
    """Role `name` gone."""
    schema.relation_label(name)
    return _with(schema, relation_labels=tuple(r for r in schema.relation_labels if r.name != name))
