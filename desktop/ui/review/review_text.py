"""How review items and agreement spans are worded and coloured on screen (no Qt).

`desktop.review.compare` and `desktop.workspace.adjudication` return structured items; this
module turns them into the list's sentences ('ACTOR "Rebels": agreed') and into the spans
and colours the article view draws ("agreed: ACTOR", "alice only: ACTOR").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from desktop.domain import Span
from desktop.review.compare import ACTOR_LINK, ReviewItem
from desktop.workspace.adjudication import ReviewSpan

LAYER_COLORS = ("#8e44ad", "#e83e8c", "#17a2b8", "#fd7e14", "#6f42c1", "#20c997", "#795548")
SHARED_COLOR = "#9e9e9e"


def layer_color(layers: Sequence[str], layer: str) -> str:
    """The colour that marks `layer`'s one-sided items (by its place among `layers`)."""
    index = list(layers).index(layer) if layer in layers else len(layers)
    return LAYER_COLORS[index % len(LAYER_COLORS)]


def quote(text: str, start: int, end: int, limit: int = 40) -> str:
    """The text of a range on one line, in double quotes, cut to `limit` characters."""
    words = " ".join(text[start:end].split())
    return f'"{words if len(words) <= limit else words[: limit - 3] + "..."}"'


def who(has: Sequence[str], layers: Sequence[str]) -> str:
    """ "agreed" when every layer has it, else "alice + bob only"."""
    return "agreed" if len(has) == len(layers) else f"{' + '.join(has)} only"


def _shown(value: Any, name: str, actor_name: Callable[[str], str]) -> str:
    if value is None:
        return "(none)"
    return actor_name(value) if name == ACTOR_LINK else str(value)


def summary(item: ReviewItem, text: str, actor_name: Callable[[str], str] = str) -> str:
    """One line saying what the item is and who has it, quoting the document `text`."""
    has = [v.layer for v in item.versions]
    if item.kind == "span":
        label = item.versions[0].spans[0].label
        return f"{label} {quote(text, item.start, item.end)}: {who(has, item.layers)}"
    if item.kind == "label":
        sides = " vs ".join(
            f"{v.layer} {'+'.join(s.label for s in v.spans)}" for v in item.versions
        )
        return f"{quote(text, item.start, item.end)}: {sides}"
    if item.kind == "attribute":
        span = item.versions[0].spans[0]
        sides = " vs ".join(
            f"{v.layer} {_shown(v.value, item.name, actor_name)}" for v in item.versions
        )
        return f"{item.name} of {span.label} {quote(text, span.start, span.end)}: {sides}"
    head, child = item.versions[0].spans
    return (
        f"{item.name}: {head.label} {quote(text, head.start, head.end, 24)} -> {child.label}"
        f" {quote(text, child.start, child.end, 24)}: {who(has, item.layers)}"
    )


def version_text(item: ReviewItem, layer: str) -> str:
    """What `layer` says about the item, in a few words ("—" when it has nothing)."""
    version = item.version(layer)
    if version is None:
        return "—"
    if item.kind in ("span", "label"):
        return " + ".join(s.label for s in version.spans)
    if item.kind == "role":
        return item.name
    return "(none)" if version.value is None else str(version.value)


def agreement_spans(
    found: Sequence[ReviewSpan], doc_id: str, label_colors: Mapping[str, str]
) -> tuple[list[Span], dict[str, str]]:
    """Spans for the article view: "agreed: ACTOR" in the label's colour, "alice only: ACTOR"
    in alice's colour (several but not all layers: grey), plus the label -> colour map."""
    shown: list[Span] = []
    colors: dict[str, str] = {}
    for item in found:
        if item.agreed:
            name, color = f"agreed: {item.label}", label_colors.get(item.label, SHARED_COLOR)
        elif len(item.layers) == 1:
            name, color = (
                f"{item.layers[0]} only: {item.label}",
                layer_color(item.compared, item.layers[0]),
            )
        else:
            name, color = f"{' + '.join(item.layers)}: {item.label}", SHARED_COLOR
        colors[name] = color
        span_id = f"review:{'+'.join(item.layers)}:{item.span_id}"
        shown.append(Span(span_id, doc_id, "review", item.start, item.end, name))
    return shown, colors
