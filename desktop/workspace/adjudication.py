"""Review mode: compare layers of a document item by item and write the decisions into gold.

Items are spans only some layers have, labels that differ on one range, roles and attribute
values. Every decision is one ordinary undoable edit of the gold layer. A rejection removes
the gold equivalent (if any) and is an edit-log entry labelled "Reject <key>": it lasts in the
project file, and undo/redo take it back like any other edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from desktop.domain import GOLD, Change, Relation, Span, new_id
from desktop.workspace.errors import WorkspaceError
from desktop.workspace.ops import Op, relation_dict, span_dict
from desktop.workspace.workspace import Workspace

Kind = Literal["span", "label", "role", "attribute"]
Decision = Literal["open", "accepted", "rejected"]
Unit = tuple[int, int, str]
RoleKey = tuple[str, Unit, Unit]

ACTOR_LINK = "actor link"  # compared like an attribute: the span's link to the actor registry
REJECT = "Reject "
LAYER_COLORS = ("#8e44ad", "#e83e8c", "#17a2b8", "#fd7e14", "#6f42c1", "#20c997", "#795548")
SHARED_COLOR = "#9e9e9e"
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
    summary: str
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


def layer_color(layers: Sequence[str], layer: str) -> str:
    """The colour that marks `layer`'s one-sided items (by its place among `layers`)."""
    index = list(layers).index(layer) if layer in layers else len(layers)
    return LAYER_COLORS[index % len(LAYER_COLORS)]


# Comparing (pure)


def _unit(span: Span) -> Unit:
    return (span.start, span.end, span.label)


def _quote(text: str, start: int, end: int, limit: int = 40) -> str:
    words = " ".join(text[start:end].split())
    return f'"{words if len(words) <= limit else words[: limit - 3] + "..."}"'


def _value(span: Span, name: str) -> Any:
    return span.actor_id if name == ACTOR_LINK else span.attrs.get(name)


def _shown(value: Any, name: str, actor_name: Callable[[str], str]) -> str:
    if value is None:
        return "(none)"
    return actor_name(value) if name == ACTOR_LINK else str(value)


def _who(has: Sequence[str], layers: Sequence[str]) -> str:
    return "agreed" if len(has) == len(layers) else f"{' + '.join(has)} only"


def compare(
    doc_id: str,
    text: str,
    spans: Mapping[str, Sequence[Span]],
    relations: Mapping[str, Sequence[Relation]],
    actor_name: Callable[[str], str] = str,
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
            units.setdefault(_unit(span), {}).setdefault(layer, span)
    by_range: dict[tuple[int, int], list[Unit]] = {}
    for unit in units:
        by_range.setdefault(unit[:2], []).append(unit)

    def item(
        kind: Kind,
        key: str,
        start: int,
        end: int,
        versions: Sequence[Version],
        summary: str,
        name: str = "",
    ) -> ReviewItem:
        unanimous = kind in ("span", "role") and len(versions) == len(layers)
        return ReviewItem(
            kind, doc_id, key, start, end, layers, tuple(versions), summary, unanimous, name=name
        )

    def span_item(unit: Unit) -> ReviewItem:
        has = [la for la in layers if la in units[unit]]
        summary = f"{unit[2]} {_quote(text, *unit[:2])}: {_who(has, layers)}"
        versions = [Version(la, (units[unit][la],)) for la in has]
        return item("span", f"span {unit[0]}-{unit[1]} {unit[2]}", *unit[:2], versions, summary)

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
            sides = " vs ".join(f"{v.layer} {'+'.join(s.label for s in v.spans)}" for v in versions)
            summary = f"{_quote(text, start, end)}: {sides}"
            items.append(item("label", f"label {start}-{end}", start, end, versions, summary))
        else:
            items += [span_item(u) for u in rest]
        for unit in at_range:
            found = units[unit]
            names = dict.fromkeys(n for s in found.values() for n in s.attrs)
            names.update({ACTOR_LINK: None} if any(s.actor_id for s in found.values()) else {})
            for name in names if len(found) > 1 else ():
                values = {la: _value(s, name) for la, s in found.items()}
                if len(set(map(repr, values.values()))) < 2:
                    continue
                sides = " vs ".join(
                    f"{la} {_shown(v, name, actor_name)}" for la, v in values.items()
                )
                summary = f"{name} of {unit[2]} {_quote(text, *unit[:2])}: {sides}"
                versions = [Version(la, (s,), value=values[la]) for la, s in found.items()]
                key = f"attribute {name} {unit[0]}-{unit[1]} {unit[2]}"
                items.append(item("attribute", key, *unit[:2], versions, summary, name))

    roles: dict[RoleKey, dict[str, Version]] = {}
    for layer in layers:
        by_id = {s.id: s for s in spans[layer]}
        for relation in relations.get(layer, ()):
            if (role_key := _role_key(relation, by_id)) is not None:
                ends = (by_id[relation.head_id], by_id[relation.child_id])
                roles.setdefault(role_key, {}).setdefault(layer, Version(layer, ends, relation))
    for (role, head, child), by_layer in roles.items():
        has = [la for la in layers if la in by_layer]
        summary = (
            f"{role}: {head[2]} {_quote(text, *head[:2], 24)} -> {child[2]}"
            f" {_quote(text, *child[:2], 24)}: {_who(has, layers)}"
        )
        key = f"role {role} {head[0]}-{head[1]} {head[2]} > {child[0]}-{child[1]} {child[2]}"
        start, end = min(head[0], child[0]), max(head[1], child[1])
        items.append(item("role", key, start, end, [by_layer[la] for la in has], summary, role))
    items.sort(key=_reading_order)
    return items


def _reading_order(item: ReviewItem) -> tuple[int, int, int, str]:
    """By the item's span (a role's head), outer spans first, then attributes, then roles."""
    anchor = item.versions[0].spans[0]
    return (anchor.start, -anchor.end, _KIND_ORDER[item.kind], item.key)


def _role_key(relation: Relation, by_id: Mapping[str, Span]) -> RoleKey | None:
    head, child = by_id.get(relation.head_id), by_id.get(relation.child_id)
    return (relation.label, _unit(head), _unit(child)) if head and child else None


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
        wanted = (item.name, _unit(head), _unit(child))
        return [r for r in gold_relations if _role_key(r, by_id) == wanted]
    unit = _unit(item.versions[0].spans[0])
    values = [v.value for v in item.versions if v.value is not None]
    return [s for s in gold_spans if _unit(s) == unit and _value(s, item.name) in values]


def rejections(ws: Workspace) -> dict[str, set[str]]:
    """Keys of the items rejected and not undone, by document (replayed from the edit log)."""
    events = []
    for action, prefix, live in (
        ("review_reject", "", 1),
        ("undo", "Undo ", 0),
        ("redo", "Redo ", 1),
    ):
        for entry in ws.project.history.entries(action):
            if entry.doc_id and entry.label.startswith(prefix + REJECT):
                key = entry.label[len(prefix + REJECT) :]
                events.append((entry.seq, entry.doc_id, key, live))
    state = {(doc_id, key): live for _, doc_id, key, live in sorted(events)}
    found: dict[str, set[str]] = {}
    for (doc_id, key), live in state.items():
        if live:
            found.setdefault(doc_id, set()).add(key)
    return found


def _compared(layers: Iterable[str], gold: str) -> list[str]:
    return [la for la in dict.fromkeys(layers) if la != gold]


def review_items(
    ws: Workspace,
    doc_id: str,
    layers: Sequence[str],
    gold: str = GOLD,
    *,
    rejected: Mapping[str, set[str]] | None = None,
) -> list[ReviewItem]:
    """Every agreed or disputed item of one document between `layers`, in text order."""
    chosen = _compared(layers, gold)
    if not chosen:
        return []
    project = ws.project
    text = ws.document(doc_id).text
    spans = {la: project.spans.for_document(doc_id, la) for la in chosen}
    relations = {la: project.relations.for_document(doc_id, la) for la in chosen}

    def actor_name(actor_id: str) -> str:
        actor = project.actors.get(actor_id)
        return actor.name if actor else actor_id

    items = compare(doc_id, text, spans, relations, actor_name)
    gold_spans = project.spans.for_document(doc_id, gold)
    gold_relations = project.relations.for_document(doc_id, gold)
    keys = (rejected if rejected is not None else rejections(ws)).get(doc_id, set())

    def decision(item: ReviewItem) -> Decision:
        if gold_equivalents(item, gold_spans, gold_relations):
            return "accepted"
        return "rejected" if item.key in keys else "open"

    return [replace(item, decided=decision(item)) for item in items]


def review_spans(
    ws: Workspace, doc_id: str, layers: Sequence[str], gold: str = GOLD
) -> tuple[list[Span], dict[str, str]]:
    """Spans for the article view: "agreed: ACTOR" in the label's colour, "alice only: ACTOR"
    in alice's colour (several but not all layers: grey), plus the label -> colour map."""
    chosen = _compared(layers, gold)
    units: dict[Unit, list[Span]] = {}
    for layer in chosen:
        for span in ws.project.spans.for_document(doc_id, layer):
            found = units.setdefault(_unit(span), [])
            if all(s.layer != layer for s in found):
                found.append(span)
    label_colors = {label.name: label.color for label in ws.schema.span_labels}
    shown: list[Span] = []
    colors: dict[str, str] = {}
    for (start, end, label), found in units.items():
        has = [s.layer for s in found]
        if len(has) == len(chosen):
            name, color = f"agreed: {label}", label_colors.get(label, SHARED_COLOR)
        elif len(has) == 1:
            name, color = f"{has[0]} only: {label}", layer_color(chosen, has[0])
        else:
            name, color = f"{' + '.join(has)}: {label}", SHARED_COLOR
        colors[name] = color
        span_id = f"review:{'+'.join(has)}:{found[0].id}"
        shown.append(Span(span_id, doc_id, "review", start, end, name))
    shown.sort(key=lambda s: (s.start, -s.end, s.label))
    return shown, colors


# Writing gold


class _GoldEdit:
    """Ops that bring one document's gold layer to a decision, checked against the schema."""

    def __init__(self, ws: Workspace, doc_id: str, gold: str):
        ws._writable_layer(gold)
        self.ws, self.doc_id, self.gold = ws, doc_id, gold
        self.document = ws.document(doc_id)
        self.spans = ws.project.spans.for_document(doc_id, gold)
        self.relations = ws.project.relations.for_document(doc_id, gold)
        self.ops: list[Op] = []

    def find(self, unit: Unit) -> Span | None:
        return next((s for s in self.spans if _unit(s) == unit), None)

    def ensure_span(
        self, source: Span, attrs: dict[str, Any] | None = None, *, link: bool = True
    ) -> Span:
        if (found := self.find(_unit(source))) is not None:
            return found
        actor_id = source.actor_id if link else None
        if actor_id is not None and self.ws.project.actors.get(actor_id) is None:
            actor_id = None
        attrs = dict(source.attrs if attrs is None else attrs)
        span = Span(new_id(), self.doc_id, self.gold, *_unit(source), attrs, actor_id)
        span.fits(self.document)
        self.ws.schema.check_span(span)
        self.spans.append(span)
        self.ops.append(["add_span", span_dict(span)])
        return span

    def ensure_relation(self, label: str, head_source: Span, child_source: Span) -> None:
        head, child = self.ensure_span(head_source), self.ensure_span(child_source)
        wanted = (label, head.id, child.id)
        if any((r.label, r.head_id, r.child_id) == wanted for r in self.relations):
            return
        relation = Relation(new_id(), self.doc_id, self.gold, label, head.id, child.id)
        self.ws.schema.check_relation(relation, head, child)
        self.relations.append(relation)
        self.ops.append(["add_relation", relation_dict(relation)])

    def remove_relation(self, relation: Relation) -> None:
        self.relations.remove(relation)
        self.ops.append(["remove_relation", relation_dict(relation)])

    def remove_span(self, span: Span) -> None:
        for relation in [r for r in self.relations if r.touches(span.id)]:
            self.remove_relation(relation)
        self.spans.remove(span)
        self.ops.append(["remove_span", span_dict(span)])

    def set_value(self, source: Span, name: str, value: Any) -> None:
        before = self.ensure_span(source)
        if name == ACTOR_LINK:
            if value is not None and self.ws.project.actors.get(value) is None:
                raise WorkspaceError(f"actor {value} is not in this project's registry")
            after = before.with_changes(actor_id=value)
        else:
            attrs = {k: v for k, v in before.attrs.items() if k != name}
            after = before.with_changes(attrs=attrs if value is None else {**attrs, name: value})
        if after == before:
            return
        self.ws.schema.check_span(after)
        self.spans[self.spans.index(before)] = after
        self.ops.append(["update_span", span_dict(before), span_dict(after)])

    def remove_equivalents(self, item: ReviewItem) -> None:
        """Take out of gold whatever makes `item` count as accepted."""
        for found in gold_equivalents(item, self.spans, self.relations):
            if isinstance(found, Relation):
                self.remove_relation(found)
            elif item.kind == "attribute":
                self.set_value(found, item.name, None)
            else:
                self.remove_span(found)


def _commit(
    ws: Workspace, edits: Sequence[_GoldEdit], action: str, label: str, **kw: Any
) -> Change:
    ops = [op for edit in edits for op in edit.ops]
    doc_ids = {edit.doc_id for edit in edits}
    doc_id = next(iter(doc_ids)) if len(doc_ids) == 1 else None
    if not ops and action != "review_reject":
        return Change(label="Already in gold", doc_ids=frozenset(doc_ids))
    gold = edits[0].gold if edits else GOLD
    return ws.commit(action, label, ops, doc_id=doc_id, layers=(gold,), **kw)


def accept(
    ws: Workspace, item: ReviewItem, layer: str, *, gold: str = GOLD, initiator: object = None
) -> Change:
    """Copy `layer`'s version of the item into gold as one undoable edit.

    Spans keep their attributes and actor link (new ids); a role is copied between the gold
    equivalents of its head and child (created if missing); an attribute value is set on the
    gold span. Choosing a layer that lacks the item (or the attribute) rejects the item.
    """
    if layer not in item.layers:
        raise WorkspaceError(f"layer {layer} is not one of the compared layers")
    version = item.version(layer)
    if version is None or (item.kind == "attribute" and version.value is None):
        return reject(ws, item, gold=gold, initiator=initiator)
    edit = _GoldEdit(ws, item.doc_id, gold)
    if item.kind == "span":
        edit.ensure_span(version.spans[0])
    elif item.kind == "label":
        chosen = {s.label for s in version.spans}
        for span in [s for s in edit.spans if (s.start, s.end) == (item.start, item.end)]:
            if span.label in item.labels and span.label not in chosen:
                edit.remove_span(span)
        for span in version.spans:
            edit.ensure_span(span)
    elif item.kind == "role":
        edit.ensure_relation(item.name, *version.spans)
    else:
        edit.set_value(version.spans[0], item.name, version.value)
    label = f"Accept {layer}'s {item.key}"
    return _commit(ws, [edit], "review_accept", label, initiator=initiator)


def accept_all(
    ws: Workspace, item: ReviewItem, *, gold: str = GOLD, initiator: object = None
) -> Change:
    """Accept every side at once: each label proposed for a range goes to gold.

    An attribute holds one value, so accepting all sides of an attribute item is refused.
    """
    edit = _GoldEdit(ws, item.doc_id, gold)
    if item.kind == "attribute":
        raise WorkspaceError(f"{item.name} holds one value; accept one side or reject")
    for version in item.versions:
        if item.kind == "role":
            edit.ensure_relation(item.name, *version.spans)
        else:
            for span in version.spans:
                edit.ensure_span(span)
    return _commit(ws, [edit], "review_accept", f"Accept all of {item.key}", initiator=initiator)


def reject(
    ws: Workspace, item: ReviewItem, *, gold: str = GOLD, initiator: object = None
) -> Change:
    """Decide that gold has none of the item: remove its gold equivalent if present and log
    the rejection ("Reject <key>"), so the item shows as decided until the edit is undone."""
    edit = _GoldEdit(ws, item.doc_id, gold)
    edit.remove_equivalents(item)
    return _commit(ws, [edit], "review_reject", REJECT + item.key, initiator=initiator)


def _all_say(spans: Sequence[Span], name: str, value: Any) -> bool:
    return all(_value(s, name) == value for s in spans)


def accept_unanimous(
    ws: Workspace,
    doc_id: str | None,
    layers: Sequence[str],
    *,
    gold: str = GOLD,
    initiator: object = None,
) -> Change:
    """Copy every open unanimous span (with the attributes and actor link all layers agree on)
    and unanimous role of one document, or of every document with `None`, as one edit."""
    chosen = _compared(layers, gold)
    if not chosen:
        raise WorkspaceError("pick at least one layer to compare")
    doc_ids = [doc_id] if doc_id is not None else []
    if doc_id is None:
        with_any = set().union(*(ws.project.layers.documents_with(la) for la in chosen))
        doc_ids = [d for d in ws.project.documents.ids() if d in with_any]
    rejected = rejections(ws)
    edits = []
    for doc in doc_ids:
        edit = _GoldEdit(ws, doc, gold)
        items = [i for i in review_items(ws, doc, chosen, gold, rejected=rejected) if i.unanimous]
        for item in sorted(items, key=lambda i: i.kind != "span"):
            if item.decided != "open":
                continue
            first, *_ = spans = [v.spans[0] for v in item.versions]
            if item.kind == "span":
                agreed = {k: v for k, v in first.attrs.items() if _all_say(spans, k, v)}
                edit.ensure_span(first, agreed, link=_all_say(spans, ACTOR_LINK, first.actor_id))
            elif all(edit.find(_unit(s)) for s in item.versions[0].spans):  # endpoints not rejected
                edit.ensure_relation(item.name, *item.versions[0].spans)
        edits.append(edit)
    count = sum(1 for edit in edits for op in edit.ops if op[0] in ("add_span", "add_relation"))
    where = "this document" if doc_id is not None else "the project"
    label = f"Accept {count} unanimous item(s) in {where}"
    return _commit(ws, edits, "review_accept_unanimous", label, initiator=initiator)
