"""Comparing layers of one document item by item: spans, labels, roles and attributes.

Exact (start, end, label) matches are span items; a range given different labels is a label
item; roles match on (role, head unit, child unit); attribute values are compared on exactly
matched spans. Used by review mode to list disagreements and decide what gold already holds.
Items are structured (kinds, ranges, layers, versions); the window words and colours them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from desktop.domain import Relation, Span

Kind = Literal["span", "label", "role", "attribute"]
Decision = Literal["open", "accepted", "rejected"]
Unit = tuple[int, int, str]
RoleKey = tuple[str, Unit, Unit]


ACTOR_LINK = "actor link"  # compared like an attribute: the span's link to the actor registry
_KIND_ORDER = {"span": 0, "label": 0, "attribute": 1, "role": 2}


@dataclass(frozen=True, slots=True)
class Version:
    """What one layer has for an item: its spans (a role's head and child), relation or value."""

    layer: str
    spans: tuple[Span, ...] = ()
    relation: Relation | None = None
    value: Any = None


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One thing to decide in one document, with each compared layer's version of it."""

    kind: Kind
    doc_id: str
    key: str
    start: int
    end: int
    layers: tuple[str, ...]
    versions: tuple[Version, ...]
    unanimous: bool = False
    decided: Decision = "open"
    name: str = ""  # the role of a role item, the attribute of an attribute item

    def version(self, layer: str) -> Version | None:
        """The version of `layer`, None if that layer lacks the item."""
        return next((v for v in self.versions if v.layer == layer), None)

    @property
    def labels(self) -> tuple[str, ...]:
        """The span labels the versions propose, first-seen order."""
        return tuple(dict.fromkeys(s.label for v in self.versions for s in v.spans))


# Comparing (pure)


def unit_of(span: Span) -> Unit:
    return (span.start, span.end, span.label)


def value_of(span: Span, name: str) -> Any:
    return span.actor_id if name == ACTOR_LINK else span.attrs.get(name)


def compare(
    doc_id: str,
    spans: Mapping[str, Sequence[Span]],
    relations: Mapping[str, Sequence[Relation]],
) -> list[ReviewItem]:
    """Items of one document for the layers keyed in `spans` (in that order), all open.

    Exact (start, end, label) matches are spans; a range given different labels by two or
    more layers is one label item; roles match on (role, head unit, child unit); attribute
    values (and actor links) are compared on spans that two or more layers have exactly.
    """
    layers = tuple(spans)
    units: dict[Unit, dict[str, Span]] = {}
    for layer in layers:
        for span in spans[layer]:
            units.setdefault(unit_of(span), {}).setdefault(layer, span)
    by_range: dict[tuple[int, int], list[Unit]] = {}
    for unit in units:
        by_range.setdefault(unit[:2], []).append(unit)

    def item(
        kind: Kind,
        key: str,
        start: int,
        end: int,
        versions: Sequence[Version],
        name: str = "",
    ) -> ReviewItem:
        unanimous = kind in ("span", "role") and len(versions) == len(layers)
        return ReviewItem(
            kind, doc_id, key, start, end, layers, tuple(versions), unanimous, name=name
        )

    def span_item(unit: Unit) -> ReviewItem:
        has = [la for la in layers if la in units[unit]]
        versions = [Version(la, (units[unit][la],)) for la in has]
        return item("span", f"span {unit[0]}-{unit[1]} {unit[2]}", *unit[:2], versions)

    items: list[ReviewItem] = []
    for (start, end), at_range in by_range.items():
        rest = [u for u in at_range if len(units[u]) < len(layers)]
        items += [span_item(u) for u in at_range if u not in rest]
        rest_layers = [la for la in layers if any(la in units[u] for u in rest)]
        if len({u[2] for u in rest}) >= 2 and len(rest_layers) >= 2:
            versions = [
                Version(la, tuple(units[u][la] for u in rest if la in units[u]))
                for la in rest_layers
            ]
            items.append(item("label", f"label {start}-{end}", start, end, versions))
        else:
            items += [span_item(u) for u in rest]
        for unit in at_range:
            found = units[unit]
            names = dict.fromkeys(n for s in found.values() for n in s.attrs)
            names.update({ACTOR_LINK: None} if any(s.actor_id for s in found.values()) else {})
            for name in names if len(found) > 1 else ():
                values = {la: value_of(s, name) for la, s in found.items()}
                if len(set(map(repr, values.values()))) < 2:
                    continue
                versions = [Version(la, (s,), value=values[la]) for la, s in found.items()]
                key = f"attribute {name} {unit[0]}-{unit[1]} {unit[2]}"
                items.append(item("attribute", key, *unit[:2], versions, name))

    roles: dict[RoleKey, dict[str, Version]] = {}
    for layer in layers:
        by_id = {s.id: s for s in spans[layer]}
        for relation in relations.get(layer, ()):
            if (role_key := _role_key(relation, by_id)) is not None:
                ends = (by_id[relation.head_id], by_id[relation.child_id])
                roles.setdefault(role_key, {}).setdefault(layer, Version(layer, ends, relation))
    for (role, head, child), by_layer in roles.items():
        has = [la for la in layers if la in by_layer]
        key = f"role {role} {head[0]}-{head[1]} {head[2]} > {child[0]}-{child[1]} {child[2]}"
        start, end = min(head[0], child[0]), max(head[1], child[1])
        items.append(item("role", key, start, end, [by_layer[la] for la in has], role))
    items.sort(key=_reading_order)
    return items


def _reading_order(item: ReviewItem) -> tuple[int, int, int, str]:
    """By the item's span (a role's head), outer spans first, then attributes, then roles."""
    anchor = item.versions[0].spans[0]
    return (anchor.start, -anchor.end, _KIND_ORDER[item.kind], item.key)


def _role_key(relation: Relation, by_id: Mapping[str, Span]) -> RoleKey | None:
    head, child = by_id.get(relation.head_id), by_id.get(relation.child_id)
    return (relation.label, unit_of(head), unit_of(child)) if head and child else None


# Decisions relative to gold


def gold_equivalents(
    item: ReviewItem, gold_spans: Sequence[Span], gold_relations: Sequence[Relation]
) -> list[Span | Relation]:
    """What in gold makes `item` decided: spans on its range with one of its labels, the same
    role between equivalent spans, or the span whose attribute holds one of the versions' values."""
    if item.kind in ("span", "label"):
        here = (item.start, item.end)
        return [s for s in gold_spans if (s.start, s.end) == here and s.label in item.labels]
    if item.kind == "role":
        by_id = {s.id: s for s in gold_spans}
        head, child = item.versions[0].spans
        wanted = (item.name, unit_of(head), unit_of(child))
        return [r for r in gold_relations if _role_key(r, by_id) == wanted]
    unit = unit_of(item.versions[0].spans[0])
    values = [v.value for v in item.versions if v.value is not None]
    return [s for s in gold_spans if unit_of(s) == unit and value_of(s, item.name) in values]
