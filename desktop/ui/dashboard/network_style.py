"""How the network view looks: node colours by actor kind in light and dark palettes, and
the geometry of hit-testing (distance from a point to an edge)."""

from __future__ import annotations

import math

from PySide6.QtGui import QColor, QPalette

#: Node colours by actor kind: (light palette, dark palette).
KIND_COLORS = {
    "state": ("#1f77b4", "#6fb3e8"),
    "government": ("#17becf", "#7fe3ee"),
    "armed forces": ("#d62728", "#ff7b7b"),
    "official": ("#9467bd", "#c9a8f0"),
    "NGO or IGO": ("#2ca02c", "#7ee07e"),
    "media": ("#ff7f0e", "#ffb36b"),
    "victims or civilians": ("#8c564b", "#d4a190"),
    "group": ("#e377c2", "#f5b3e0"),
    "person": ("#7f7f7f", "#c7c7c7"),
    "other": ("#bcbd22", "#e5e67a"),
    "category": ("#444444", "#dddddd"),
}


def is_dark(palette: QPalette) -> bool:
    """True for a dark window palette."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def node_color(kind: str, dark: bool) -> QColor:
    """The colour of an actor kind in the light or dark palette."""
    light_hex, dark_hex = KIND_COLORS.get(kind, KIND_COLORS["other"])
    return QColor(dark_hex if dark else light_hex)


def segment_distance(
    p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]
) -> float:
    """Distance from point p to the segment a-b."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / length))
    return math.hypot(p[0] - (ax + t * dx), p[1] - (ay + t * dy))
