"""Review mode: compare layers of a document item by item and write the decisions into gold.

Items are spans only some layers have, labels that differ on one range, roles and attribute
values. Every decision is one ordinary undoable edit: the gold layer's changes plus a row of
the review_decisions table (`SetDecision`) saying who decided what, from which layer. A
rejection removes the gold equivalent (if any); the rejected keys are read back in one query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from desktop.domain import GOLD, Change, Relation, ReviewDecision, Span, new_id
from desktop.review.compare import (
    ACTOR_LINK,
    Decision,
    ReviewItem,
    Unit,
    compare,
    gold_equivalents,
    unit_of,
    value_of,
)
from desktop.storage.layers import now
from desktop.workspace.errors import WorkspaceError
from desktop.workspace.ops import (
    AddRelation,
    AddSpan,
    Op,
    RemoveRelation,
    RemoveSpan,
    SetDecision,
    UpdateSpan,
)
from desktop.workspace.workspace import Workspace

REJECT = "Reject "

__all__ = [
    "ReviewItem",
    "ReviewSpan",
    "accept",
    "accept_all",
    "accept_unanimous",
    "decisions",
    "reject",
    "rejections",
    "review_items",
    "review_spans",
]


def rejections(ws: Workspace, gold: str = GOLD) -> dict[str, set[str]]:
    """Keys of the items rejected for `gold`, by document (one query of the decisions table)."""
    return ws._project.decisions.rejected(gold)


def decisions(ws: Workspace) -> list[ReviewDecision]:
    """Every recorded review decision of the project."""
    return ws._project.decisions.all()


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
    project = ws._project
    ws.document(doc_id)  # NotFound for a missing document
    spans = {la: project.spans.for_document(doc_id, la) for la in chosen}
    relations = {la: project.relations.for_document(doc_id, la) for la in chosen}
    items = compare(doc_id, spans, relations)
    gold_spans = project.spans.for_document(doc_id, gold)
    gold_relations = project.relations.for_document(doc_id, gold)
    if rejected is None:
        rejected = ws._project.decisions.rejected(gold, doc_id)
    keys = rejected.get(doc_id, set())

    def decision(item: ReviewItem) -> Decision:
        if gold_equivalents(item, gold_spans, gold_relations):
            return "accepted"
        return "rejected" if item.key in keys else "open"

    return [replace(item, decided=decision(item)) for item in items]


@dataclass(frozen=True, slots=True)
class ReviewSpan:
    """One (start, end, label) of the compared layers and which of them have it.

    `layers` lists those that have it, in the order compared; `compared` every compared
    layer; `span_id` the first layer's span (a stable id for the view)."""

    span_id: str
    start: int
    end: int
    label: str
    layers: tuple[str, ...]
    compared: tuple[str, ...]

    @property
    def agreed(self) -> bool:
        """True when every compared layer has the span."""
        return len(self.layers) == len(self.compared)


def review_spans(
    ws: Workspace, doc_id: str, layers: Sequence[str], gold: str = GOLD
) -> list[ReviewSpan]:
    """Every distinct (start, end, label) of the compared layers of one document, with the
    layers that have it, in reading order (outer spans first)."""
    chosen = tuple(_compared(layers, gold))
    units: dict[Unit, list[Span]] = {}
    for layer in chosen:
        for span in ws._project.spans.for_document(doc_id, layer):
            found = units.setdefault(unit_of(span), [])
            if all(s.layer != layer for s in found):
                found.append(span)
    shown = [
        ReviewSpan(found[0].id, start, end, label, tuple(s.layer for s in found), chosen)
        for (start, end, label), found in units.items()
    ]
    shown.sort(key=lambda s: (s.start, -s.end, s.label))
    return shown


# Writing gold


class _GoldEdit:
    """Ops that bring one document's gold layer to a decision, checked against the schema."""

    def __init__(self, ws: Workspace, doc_id: str, gold: str):
        ws._writable_layer(gold)
        self.ws, self.doc_id, self.gold = ws, doc_id, gold
        self.document = ws.document(doc_id)
        self.spans = ws._project.spans.for_document(doc_id, gold)
        self.relations = ws._project.relations.for_document(doc_id, gold)
        self.ops: list[Op] = []

    def find(self, unit: Unit) -> Span | None:
        return next((s for s in self.spans if unit_of(s) == unit), None)

    def ensure_span(
        self, source: Span, attrs: dict[str, Any] | None = None, *, link: bool = True
    ) -> Span:
        if (found := self.find(unit_of(source))) is not None:
            return found
        actor_id = source.actor_id if link else None
        if actor_id is not None and self.ws._project.actors.get(actor_id) is None:
            actor_id = None
        attrs = dict(source.attrs if attrs is None else attrs)
        span = Span(new_id(), self.doc_id, self.gold, *unit_of(source), attrs, actor_id)
        span.fits(self.document)
        self.ws.schema.check_span(span)
        self.spans.append(span)
        self.ops.append(AddSpan(span))
        return span

    def ensure_relation(self, label: str, head_source: Span, child_source: Span) -> None:
        head, child = self.ensure_span(head_source), self.ensure_span(child_source)
        wanted = (label, head.id, child.id)
        if any((r.label, r.head_id, r.child_id) == wanted for r in self.relations):
            return
        relation = Relation(new_id(), self.doc_id, self.gold, label, head.id, child.id)
        self.ws.schema.check_relation(relation, head, child)
        self.relations.append(relation)
        self.ops.append(AddRelation(relation))

    def remove_relation(self, relation: Relation) -> None:
        self.relations.remove(relation)
        self.ops.append(RemoveRelation(relation))

    def remove_span(self, span: Span) -> None:
        for relation in [r for r in self.relations if r.touches(span.id)]:
            self.remove_relation(relation)
        self.spans.remove(span)
        self.ops.append(RemoveSpan(span))

    def setvalue_of(self, source: Span, name: str, value: Any) -> None:
        before = self.ensure_span(source)
        if name == ACTOR_LINK:
            if value is not None and self.ws._project.actors.get(value) is None:
                raise WorkspaceError(f"actor {value} is not in this project's registry")
            after = before.with_changes(actor_id=value)
        else:
            attrs = {k: v for k, v in before.attrs.items() if k != name}
            after = before.with_changes(attrs=attrs if value is None else {**attrs, name: value})
        if after == before:
            return
        self.ws.schema.check_span(after)
        self.spans[self.spans.index(before)] = after
        self.ops.append(UpdateSpan(before, after))

    def decide(self, item: ReviewItem, decision: str, layer: str | None = None) -> None:
        """Record the decision on `item` (replacing an earlier one), unless it is already so."""
        before = self.ws._project.decisions.get(self.doc_id, self.gold, item.key)
        if before is not None and (before.decision, before.layer) == (decision, layer):
            return
        after = ReviewDecision(
            self.doc_id, self.gold, item.key, decision, self.ws.annotator, now(), layer
        )
        self.ops.append(SetDecision(before, after))

    def remove_equivalents(self, item: ReviewItem) -> None:
        """Take out of gold whatever makes `item` count as accepted."""
        for found in gold_equivalents(item, self.spans, self.relations):
            if isinstance(found, Relation):
                self.remove_relation(found)
            elif item.kind == "attribute":
                self.setvalue_of(found, item.name, None)
            else:
                self.remove_span(found)


def _commit(
    ws: Workspace, edits: Sequence[_GoldEdit], action: str, label: str, **kw: Any
) -> Change:
    ops = [op for edit in edits for op in edit.ops]
    doc_ids = {edit.doc_id for edit in edits}
    if not ops:
        done = "Already rejected" if action == "review_reject" else "Already in gold"
        return Change(label=done, doc_ids=frozenset(doc_ids))
    gold = edits[0].gold if edits else GOLD
    return ws.commit(ops, label, action=action, layers=(gold,), documents=doc_ids, **kw)


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
        edit.setvalue_of(version.spans[0], item.name, version.value)
    edit.decide(item, "accepted", layer)
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
    edit.decide(item, "accepted")
    return _commit(ws, [edit], "review_accept", f"Accept all of {item.key}", initiator=initiator)


def reject(
    ws: Workspace, item: ReviewItem, *, gold: str = GOLD, initiator: object = None
) -> Change:
    """Decide that gold has none of the item: remove its gold equivalent if present and record
    the rejection, so the item shows as decided until the edit is undone."""
    edit = _GoldEdit(ws, item.doc_id, gold)
    edit.remove_equivalents(item)
    edit.decide(item, "rejected")
    return _commit(ws, [edit], "review_reject", REJECT + item.key, initiator=initiator)


def _all_say(spans: Sequence[Span], name: str, value: Any) -> bool:
    return all(value_of(s, name) == value for s in spans)


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
        with_any = set().union(*(ws._project.layers.documents_with(la) for la in chosen))
        doc_ids = [d for d in ws._project.documents.ids() if d in with_any]
    rejected = rejections(ws, gold)
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
            elif all(
                edit.find(unit_of(s)) for s in item.versions[0].spans
            ):  # endpoints not rejected
                edit.ensure_relation(item.name, *item.versions[0].spans)
        edits.append(edit)
    count = sum(1 for edit in edits for op in edit.ops if isinstance(op, AddSpan | AddRelation))
    where = "this document" if doc_id is not None else "the project"
    label = f"Accept {count} unanimous item(s) in {where}"
    return _commit(ws, edits, "review_accept_unanimous", label, initiator=initiator)
