"""Label colours: tints readable in light and dark palettes, and the text formats using them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette, QTextCharFormat

FALLBACK = "#9e9e9e"
_LIGHT_BASE = QColor(255, 255, 255)
_DARK_BASE = QColor(30, 30, 30)
# How much of the label colour goes into a tint; the rest is the base colour. Chosen so
# that black text on any light tint keeps a contrast of >= 8, and white text on any dark
# tint >= 6 (WCAG AA asks 4.5).
_STRENGTH_LIGHT = 0.38
_STRENGTH_DARK = 0.30
DIM_STRENGTH = 0.35


def to_qcolor(value: str | QColor) -> QColor:
    """A QColor from "#rrggbb" (an invalid string gives the fallback grey)."""
    color = QColor(value)
    return color if color.isValid() else QColor(FALLBACK)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() * t + b.red() * (1 - t)),
        round(a.green() * t + b.green() * (1 - t)),
        round(a.blue() * t + b.blue() * (1 - t)),
    )


def tint(hex_color: str | QColor, dark: bool, strength: float = 1.0) -> QColor:
    """An opaque background tint of a label colour for a light or dark palette.

    `strength` below 1 fades it further towards the base colour (used for dimmed spans).
    """
    if dark:
        return _mix(to_qcolor(hex_color), _DARK_BASE, _STRENGTH_DARK * strength)
    return _mix(to_qcolor(hex_color), _LIGHT_BASE, _STRENGTH_LIGHT * strength)


def is_dark(palette: QPalette) -> bool:
    """True if the palette draws text on a dark base."""
    return palette.base().color().lightness() < 128


def relative_luminance(color: QColor) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""

    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + (0.0722 * channel(color.blue()))
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio between two colours, 1 to 21."""
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def readable_on(color: str | QColor) -> QColor:
    """Black or white, whichever contrasts more with `color` (text on a label chip)."""
    background = to_qcolor(color)
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    return black if contrast(background, black) >= contrast(background, white) else white


def span_format(
    outer: str, inner: str | None, heavy: bool, dimmed: bool, dark: bool
) -> QTextCharFormat:
    """Format of text under spans: the outermost label's tint, the innermost one's underline.

    `heavy` (three or more spans stacked) makes the underline wavy; `dimmed` fades the
    tint. Text colour is left to the palette.
    """
    fmt = QTextCharFormat()
    fmt.setBackground(tint(outer, dark, DIM_STRENGTH if dimmed else 1.0))
    if inner is not None:
        style = QTextCharFormat.UnderlineStyle
        fmt.setUnderlineStyle(style.WaveUnderline if heavy else style.SingleUnderline)
        fmt.setUnderlineColor(to_qcolor(inner))
    return fmt


def suggestion_format(accent: QColor) -> QTextCharFormat:
    """Proposed, not accepted: hatched background and a dashed underline in `accent`."""
    fmt = QTextCharFormat()
    fmt.setBackground(QBrush(accent, Qt.BrushStyle.BDiagPattern))
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
    fmt.setUnderlineColor(accent)
    return fmt


def selected_format(color: str | QColor) -> QTextCharFormat:
    """The selected span: inverted, full label colour behind black or white text."""
    background = to_qcolor(color)
    fmt = QTextCharFormat()
    fmt.setBackground(background)
    fmt.setForeground(readable_on(background))
    return fmt
