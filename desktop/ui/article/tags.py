"""Label tags over the text, brat-style, and a box around every span at every depth.

`layout_tags` places, for the spans in view, one small tag (the label, and a key attribute
such as the actor's canonical name) in the gap above the span's first line. Tags of one
line stack in rows, innermost span lowest, so that no two overlap; a tag that finds no
free row shrinks to its label's initial, and is left out when even that does not fit (its
box still shows the span). Each span also gets an outline in its label colour, larger the
more spans it holds, so an ACTOR nested in an ALLEGATION keeps a visible box.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QStaticText

from desktop.domain import Span
from desktop.ui.article.colors import readable_on, to_qcolor

#: Points the tag font is smaller than the text's.
TAG_SHRINK = 0.68
#: Pixels each level of nesting adds around a span's box.
BOX_STEP = 2.0
MAX_LEVEL = 4


@dataclass(frozen=True, slots=True)
class Tag:
    """One tag as drawn: its span, text, place in viewport pixels and colour."""

    span_id: str
    text: str
    rect: QRectF
    color: str


@dataclass(frozen=True, slots=True)
class Box:
    """The outline of one span: a rectangle per line, grown by its nesting level."""

    span_id: str
    rects: tuple[QRectF, ...]
    color: str
    level: int


@dataclass
class TagScene:
    """What `paint_tags` draws."""

    boxes: list[Box] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)


def tag_font(base: QFont) -> QFont:
    """The small bold font of tags."""
    font = QFont(base)
    size = base.pointSizeF()
    if size > 0:
        font.setPointSizeF(max(6.0, size * TAG_SHRINK))
    else:
        font.setPixelSize(max(8, round(base.pixelSize() * TAG_SHRINK)))
    font.setBold(True)
    return font


def row_height(font: QFont) -> float:
    """Pixels one row of tags takes."""
    return QFontMetricsF(font).height() + 2


def nesting_levels(spans: Sequence[Span]) -> dict[str, int]:
    """0 for a span holding no other span; else one more than the deepest span it holds."""
    levels: dict[str, int] = {}
    ordered = sorted(spans, key=lambda s: (s.end - s.start, s.start, s.id))
    for i, span in enumerate(ordered):
        inner = [
            levels[other.id]
            for other in ordered[:i]
            if span.start <= other.start and other.end <= span.end
        ]
        levels[span.id] = min(MAX_LEVEL, 1 + max(inner)) if inner else 0
    return levels


def layout_tags(
    spans: Sequence[Span],
    rects_of: Callable[[Span], list[QRect]],
    text_of: Callable[[Span], str],
    color_of: Callable[[Span], str],
    font: QFont,
    rows: int,
) -> TagScene:
    """Boxes and non-overlapping tags for `spans` (those in view), in viewport pixels.

    `rects_of` gives a span's line rectangles; `rows` is how many rows of tags fit above a
    line.
    """
    scene = TagScene()
    levels = nesting_levels(spans)
    metrics = QFontMetricsF(font)
    height = row_height(font)
    taken: dict[int, list[list[tuple[float, float]]]] = {}  # line top -> rows of extents
    for span in sorted(spans, key=lambda s: (levels[s.id], s.start, s.id)):
        rects = rects_of(span)
        if not rects:
            continue
        grow = BOX_STEP * levels[span.id] + 1
        boxes = tuple(QRectF(r).adjusted(-grow, -grow / 2, grow, grow / 2) for r in rects)
        scene.boxes.append(Box(span.id, boxes, color_of(span), levels[span.id]))
        first = QRectF(rects[0])
        line = taken.setdefault(round(first.top()), [[] for _ in range(rows)])
        full = text_of(span)
        for text in dict.fromkeys((full, full[:1])):
            width = metrics.horizontalAdvance(text) + 6
            left, right = first.left() - grow, first.left() - grow + width
            row = next(
                (i for i, row in enumerate(line) if all(right <= a or b <= left for a, b in row)),
                None,
            )
            if row is None:
                continue
            line[row].append((left, right + 2))
            top = first.top() - grow / 2 - (row + 1) * height
            scene.tags.append(
                Tag(span.id, text, QRectF(left, top, width, height - 1), color_of(span))
            )
            break
    return scene


def paint_tags(painter: QPainter, scene: TagScene, font: QFont, selected: str | None) -> None:
    """Draw the boxes (outermost first), then the tags on chips of their label colour.

    Crisp (not antialiased) rectangles and cached static texts: a paint with a hundred
    tags stays within a few milliseconds.
    """
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for box in sorted(scene.boxes, key=lambda b: -b.level):
        pen = QPen(to_qcolor(box.color), 2 if box.span_id == selected else 1)
        painter.setPen(pen)
        for outline in box.rects:
            painter.drawRect(outline.toRect())
    painter.setFont(font)
    key = font.key()
    for tag in scene.tags:
        chip = to_qcolor(tag.color)
        rect = tag.rect.toRect()
        painter.fillRect(rect, chip)
        painter.setPen(QColor(readable_on(chip)))
        text = _static_text(tag.text, key, font)
        size = text.size()
        x = rect.left() + (rect.width() - size.width()) / 2
        y = rect.top() + (rect.height() - size.height()) / 2
        painter.drawStaticText(QPointF(x, y), text)


_STATIC: dict[tuple[str, str], QStaticText] = {}


def _static_text(text: str, key: str, font: QFont) -> QStaticText:
    """The laid-out text of a tag, kept (tags repeat the same few words)."""
    found = _STATIC.get((text, key))
    if found is None:
        if len(_STATIC) > 2000:
            _STATIC.clear()
        found = _STATIC[text, key] = QStaticText(text)
        found.setTextFormat(Qt.TextFormat.PlainText)
        found.prepare(font=font)
    return found
