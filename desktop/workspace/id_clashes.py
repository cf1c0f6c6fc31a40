"""Ids already taken: what an import or merge finds present, and what gets a new id."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import replace

from desktop.domain import Relation, Span, new_id


def placed(
    items: list, stored: Callable[[Iterable[str]], dict]
) -> tuple[list, int, dict[tuple[str, str, str], str], int]:
    """`items` to add (some under new ids), how many are present, the ids changed, how
    many are added under a new id.

    The ids changed map (document, layer, old id) to the new id (present or added).
    """
    known = stored(i.id for i in items)
    if not known:
        return items, 0, {}, 0
    present = 0
    clashing: list = []
    kept: list = []
    for item in items:
        held = known.get(item.id)
        if held is None:
            kept.append(item)
        elif held == item:
            present += 1
        else:
            clashing.append(item)
    moved: dict[tuple[str, str, str], str] = {}
    if not clashing:
        return kept, present, moved, 0
    present_before = present
    derived = [replace(item, id=_derived_id(item)) for item in clashing]
    known = stored(d.id for d in derived)
    for item, candidate in zip(clashing, derived, strict=True):
        held = known.get(candidate.id)
        if held == candidate:
            present += 1
            moved[item.doc_id, item.layer, item.id] = candidate.id
            continue
        if held is not None:  # that one too is taken by other content
            candidate = replace(item, id=new_id())
        kept.append(candidate)
        moved[item.doc_id, item.layer, item.id] = candidate.id
    return kept, present, moved, len(clashing) - (present - present_before)


_ID_SPACE = uuid.UUID("5b0d6f0e-3c1e-4a59-9a51-6f1f3d0c2a77")


def _derived_id(item: Span | Relation) -> str:
    """The id given to `item` when its own is taken: the same for the same layer and id."""
    return uuid.uuid5(_ID_SPACE, f"{item.doc_id}\0{item.layer}\0{item.id}").hex


def followed(relation: Relation, moved: dict[tuple[str, str, str], str]) -> Relation:
    """`relation` pointing at the new ids of its end-points that were given one."""
    doc, layer = relation.doc_id, relation.layer
    head = moved.get((doc, layer, relation.head_id), relation.head_id)
    child = moved.get((doc, layer, relation.child_id), relation.child_id)
    if head == relation.head_id and child == relation.child_id:
        return relation
    return replace(relation, head_id=head, child_id=child)
