"""Growing a codebook from data: labels, roles, attributes and choices it lacks are added.

New labels get a generated colour and a free hotkey; `additions` says what was added.
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterable
from dataclasses import replace

from desktop.domain.errors import DomainError, InvalidAttribute, InvalidRelation, UnknownLabel
from desktop.domain.record import AnnotatedDocument
from desktop.domain.relation import Relation
from desktop.domain.schema import AttributeDef, RelationLabel, Schema, SpanLabel
from desktop.domain.span import Span

#: Keys the window keeps for itself where label and role keys are read (link mode, J/K).
RESERVED_KEYS = frozenset("gjk")
_KEYS = "abcdefghijklmnopqrstuvwxyz0123456789"
_GOLDEN = 0.618033988749895


def free_hotkey(name: str, taken: Iterable[str]) -> str:
    """A key for `name`: its first free letter or digit, else any free one, else ''."""
    used = {key.lower() for key in taken} | RESERVED_KEYS
    for char in (*name.lower(), *_KEYS):
        if char in _KEYS and char not in used:
            return char
    return ""


def _rgb(color: str) -> tuple[int, int, int] | None:
    digits = color.lstrip("#")
    if len(digits) != 6:
        return None
    try:
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    except ValueError:
        return None


def _candidate(step: int) -> str:
    hue = (0.11 + step * _GOLDEN) % 1.0
    value = 0.80 if step % 2 == 0 else 0.62
    red, green, blue = colorsys.hsv_to_rgb(hue, 0.70, value)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def new_color(index: int, taken: Iterable[str] = ()) -> str:
    """A colour for the `index`-th label, as far as can be from the colours `taken`.

    Candidates walk the hue circle by the golden angle from `index`; the first one far
    enough from every taken colour wins, else the farthest of 32 (deterministic).
    """
    used = [rgb for color in taken if (rgb := _rgb(color.lower())) is not None]
    best, best_distance = _candidate(index), -1.0
    for step in range(index, index + 32):
        color = _candidate(step)
        rgb = _rgb(color)
        assert rgb is not None
        distance = min(
            (sum((a - b) ** 2 for a, b in zip(rgb, other, strict=True)) ** 0.5 for other in used),
            default=1000.0,
        )
        if distance >= 110:
            return color
        if distance > best_distance:
            best, best_distance = color, distance
    return best


class CodebookGrowth:
    """A schema that takes in whatever spans and relations use that it does not define.

    `span` and `relation` add what is missing (a label, an attribute, a choice, a role or
    a role's endpoint); a value no attribute could hold (a number, a list) is refused.
    """

    def __init__(
        self, schema: Schema, *, original: Schema | None = None, strict: bool = False
    ) -> None:
        self.original = original or schema
        self.schema = schema
        #: Strict: add nothing but brat's numbered roles (`Org-Arg2` for a repeated
        #: `Org-Arg`), with the endpoints of the role they number; the records were
        #: checked against the schema (numbered roles included) by their reader.
        self.strict = strict
        self._known_spans: set[tuple[str, str, object]] = set()
        self._labels = set(schema.label_names)
        self._roles = {
            (role.name, head, tail)
            for role in schema.relation_labels
            for head in role.heads
            for tail in role.tails
        }

    @property
    def grown(self) -> bool:
        """True if the schema differs from the original one."""
        return self.schema != self.original

    def record(self, record: AnnotatedDocument) -> None:
        """Take in every span and relation of one record; all of it, or nothing if refused."""
        before = self.schema
        labels: dict[str, str] = {}
        try:
            for span in record.spans:
                self.span(span)
                labels[span.id] = span.label
            for relation in record.relations:
                head, tail = labels.get(relation.head_id), labels.get(relation.child_id)
                if head is not None and tail is not None:
                    self.relation(relation, head, tail)
        except DomainError:
            if self.schema is not before:
                self._restore(before)
            raise

    def _restore(self, schema: Schema) -> None:
        self.schema = schema
        self._labels = set(schema.label_names)
        self._known_spans = set()  # a cache: it may hold what the refused record added
        self._roles = {
            (role.name, head, tail)
            for role in schema.relation_labels
            for head in role.heads
            for tail in role.tails
        }

    def span(self, span: Span) -> None:
        """Add the span's label and any attribute or choice it uses that are missing."""
        if self.strict:
            return  # strict growth follows readers that checked spans against the schema
        if span.label not in self._labels:
            self._add_label(span.label)
        for name, value in span.attrs.items():
            if value is None:
                continue
            key = (span.label, name, value if type(value) in (str, bool) else repr(value))
            if key not in self._known_spans:
                self._attribute(span.label, name, value)
                self._known_spans.add(key)

    def relation(self, relation: Relation, head_label: str, tail_label: str) -> None:
        """Add the role, or the endpoint labels it does not allow yet."""
        if (relation.label, head_label, tail_label) in self._roles:
            return
        if self.strict:
            self._numbered_role(relation.label, head_label, tail_label)
            return
        roles = list(self.schema.relation_labels)
        for index, role in enumerate(roles):
            if role.name == relation.label:
                heads = role.heads if head_label in role.heads else (*role.heads, head_label)
                tails = role.tails if tail_label in role.tails else (*role.tails, tail_label)
                roles[index] = replace(role, heads=heads, tails=tails)
                break
        else:
            key = free_hotkey(relation.label, (r.hotkey for r in roles))
            roles.append(RelationLabel(relation.label, (head_label,), (tail_label,), key))
        self._set(relation_labels=tuple(roles))
        role = next(r for r in roles if r.name == relation.label)
        self._roles.update((role.name, h, t) for h in role.heads for t in role.tails)

    # --- internals ---------------------------------------------------------
    def _numbered_role(self, name: str, head_label: str, tail_label: str) -> None:
        base = name.rstrip("0123456789")
        known = {role.name: role for role in self.schema.relation_labels}
        role = known.get(name)
        if role is None and base != name and base in known:
            role = replace(known[base], name=name, hotkey="")
            self._set(relation_labels=(*self.schema.relation_labels, role))
            self._roles.update((name, h, t) for h in role.heads for t in role.tails)
        if role is None:
            raise UnknownLabel(f"unknown role {name!r}")
        if not role.allows(head_label, tail_label):
            raise InvalidRelation(
                f"role {name} cannot go from {head_label} to {tail_label}"
                f" (allowed: {'/'.join(role.heads)} -> {'/'.join(role.tails)})"
            )

    def _set(
        self,
        span_labels: tuple[SpanLabel, ...] | None = None,
        relation_labels: tuple[RelationLabel, ...] | None = None,
    ) -> None:
        current = self.schema
        self.schema = Schema(
            current.span_labels if span_labels is None else span_labels,
            current.relation_labels if relation_labels is None else relation_labels,
            current.name,
            self.original.version + 1,
        )

    def _add_label(self, name: str) -> None:
        labels = self.schema.span_labels
        label = SpanLabel(
            name,
            free_hotkey(name, (label.hotkey for label in labels)),
            new_color(len(labels), (label.color for label in labels)),
        )
        self._set(span_labels=(*labels, label))
        self._labels.add(name)

    def _attribute(self, label_name: str, name: str, value: object) -> None:
        label = self.schema.span_label(label_name)
        known = label.attribute(name)
        if value is True:
            if known is None:
                self._replace_attribute(label, AttributeDef(name, binary=True))
            elif not known.binary:
                raise InvalidAttribute(f"attribute {name} of {label_name} takes a value, not true")
            return
        if type(value) is not str or not value:
            raise InvalidAttribute(
                f"attribute {name} of {label_name}: {value!r} is neither a text nor true"
            )
        if known is None:
            self._replace_attribute(label, AttributeDef(name, (value,)))
        elif known.binary:
            raise InvalidAttribute(f"attribute {name} of {label_name} is binary, got {value!r}")
        elif known.choices and value not in known.choices:
            self._replace_attribute(label, replace(known, choices=(*known.choices, value)))

    def _replace_attribute(self, label: SpanLabel, attribute: AttributeDef) -> None:
        attributes = [a for a in label.attributes if a.name != attribute.name]
        index = next(
            (i for i, a in enumerate(label.attributes) if a.name == attribute.name),
            len(attributes),
        )
        attributes.insert(index, attribute)
        changed = replace(label, attributes=tuple(attributes))
        labels = tuple(changed if s.name == label.name else s for s in self.schema.span_labels)
        self._set(span_labels=labels)


def additions(before: Schema, after: Schema) -> list[str]:
    """What `after` defines that `before` does not, one short line each."""
    lines: list[str] = []
    for label in after.span_labels:
        try:
            old = before.span_label(label.name)
        except ValueError:
            key = f" (key {label.hotkey})" if label.hotkey else ""
            lines.append(f"label {label.name}{key}")
            old = SpanLabel(label.name)
        for attribute in label.attributes:
            known = old.attribute(attribute.name)
            if known is None:
                kind = "binary" if attribute.binary else ", ".join(attribute.choices) or "text"
                lines.append(f"attribute {label.name}.{attribute.name} ({kind})")
                continue
            new_choices = [c for c in attribute.choices if c not in known.choices]
            if new_choices:
                lines.append(f"choice(s) {', '.join(new_choices)} of {label.name}.{attribute.name}")
    for role in after.relation_labels:
        old_role = next((r for r in before.relation_labels if r.name == role.name), None)
        if old_role is None:
            lines.append(f"role {role.name} ({'|'.join(role.heads)} -> {'|'.join(role.tails)})")
            continue
        heads = [h for h in role.heads if h not in old_role.heads]
        tails = [t for t in role.tails if t not in old_role.tails]
        if heads or tails:
            lines.append(
                f"role {role.name} also from {'|'.join(heads) or '-'} to {'|'.join(tails) or '-'}"
            )
    return lines


def union(base: Schema, other: Schema) -> Schema:
    """`base` with whatever `other` defines that it lacks: labels (their key and colour
    kept when free), attributes, choices, roles and role endpoints. `base` wins on the rest.
    """
    labels = {label.name: label for label in base.span_labels}
    for label in other.span_labels:
        known = labels.get(label.name)
        if known is None:
            keys = [lab.hotkey for lab in labels.values()]
            colours = [lab.color.lower() for lab in labels.values()]
            hotkey = label.hotkey if label.hotkey and label.hotkey not in keys else ""
            hotkey = hotkey or free_hotkey(label.name, keys)
            color = (
                label.color
                if label.color.lower() not in colours
                else new_color(len(labels), colours)
            )
            labels[label.name] = replace(label, hotkey=hotkey, color=color)
            continue
        attributes = list(known.attributes)
        for attribute in label.attributes:
            mine = known.attribute(attribute.name)
            if mine is None:
                attributes.append(attribute)
            elif mine.binary != attribute.binary:
                raise InvalidAttribute(
                    f"attribute {attribute.name} of {label.name} is binary in one codebook"
                    " and takes values in the other"
                )
            elif mine.choices and attribute.choices:
                choices = tuple(dict.fromkeys((*mine.choices, *attribute.choices)))
                attributes[attributes.index(mine)] = replace(mine, choices=choices)
        labels[label.name] = replace(
            known,
            attributes=tuple(attributes),
            description=known.description or label.description,
        )
    roles = {role.name: role for role in base.relation_labels}
    for role in other.relation_labels:
        known_role = roles.get(role.name)
        if known_role is None:
            keys = [r.hotkey for r in roles.values()]
            hotkey = role.hotkey if role.hotkey and role.hotkey not in keys else ""
            roles[role.name] = replace(role, hotkey=hotkey or free_hotkey(role.name, keys))
            continue
        roles[role.name] = replace(
            known_role,
            heads=tuple(dict.fromkeys((*known_role.heads, *role.heads))),
            tails=tuple(dict.fromkeys((*known_role.tails, *role.tails))),
        )
    result = Schema(tuple(labels.values()), tuple(roles.values()), base.name, base.version)
    if result == base:
        return base
    return replace(result, version=base.version + 1)
