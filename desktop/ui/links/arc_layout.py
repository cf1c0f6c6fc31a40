"""What the arc overlay draws, without drawing it: which links make a span's claim frame,
where a span is relative to the viewport, the scene of trunks, outlines, pills and markers,
and the lanes that keep trunks apart."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from desktop.domain import Span
from desktop.workspace import Workspace

Link = tuple[Span, Span, str]  # (head, child, role)
ABOVE, VISIBLE, BELOW = -1, 0, 1


@dataclass(frozen=True, slots=True)
class Place:
    """Where a span is: above, in or below the viewport, and its first line's box."""

    side: int
    top: int = 0
    bottom: int = 0
    left: int = 0


@dataclass
class Scene:
    """Everything the overlay draws for its links, in viewport coordinates."""

    trunks: list[tuple[float, float, float, list[tuple[float, bool]], QColor]] = field(
        default_factory=list
    )  # (x, top, bottom, [(stub y, is head)], colour)
    outlines: list[tuple[list[QRectF], QColor]] = field(default_factory=list)
    pills: list[tuple[QRectF, str, QColor]] = field(default_factory=list)
    markers: list[tuple[QRectF, str, QColor, str]] = field(default_factory=list)  # + span id


def frame_links(ws: Workspace, span_id: str) -> list[Link]:
    """The links to draw for a selected span: every role touching it, and for a selected
    allegation also the respondents of the responses to it (the whole claim frame)."""
    focus = ws.span(span_id)
    spans = {s.id: s for s in ws.spans(focus.doc_id, focus.layer)}
    relations = ws.relations(focus.doc_id, focus.layer)
    responses = {r.head_id for r in relations if r.child_id == span_id and r.label == "responds_to"}
    wanted = [
        r
        for r in relations
        if r.touches(span_id) or (r.head_id in responses and r.label == "respondent")
    ]
    return [
        (spans[r.head_id], spans[r.child_id], r.label)
        for r in wanted
        if r.head_id in spans and r.child_id in spans
    ]


def assign_lanes(extents: list[tuple[float, float]]) -> list[int]:
    """A lane for each vertical extent: shorter ones nearer the text, none overlapping."""
    lanes: list[list[tuple[float, float]]] = []
    result = [0] * len(extents)
    for i in sorted(range(len(extents)), key=lambda i: extents[i][1] - extents[i][0]):
        low, high = extents[i]
        if high - low <= 1:
            continue  # on one line: no trunk
        free = (
            n for n, taken in enumerate(lanes) if all(high < a - 3 or low > b + 3 for a, b in taken)
        )
        n = next(free, len(lanes))
        if n == len(lanes):
            lanes.append([])
        lanes[n].append((low, high))
        result[i] = n
    return result
