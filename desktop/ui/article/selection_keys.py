"""Extending the text selection by keyboard: one press per word, and by paragraph.

Qt's Ctrl+Shift+Right stops at the start of the next word, so after a find hit (which ends
at a word end) it takes two presses to take in one more word; Ctrl+Shift+Down scrolls in a
read-only view. Here Ctrl+Shift+Right/Left go to the next word end (previous word start),
and Ctrl+Shift+Down/Up to the end of this or the next paragraph (start of this or the
previous one), all in code points of the stored text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTextEdit

from desktop.ui.article.offsets import OffsetMap
from desktop.ui.article.span_edges import word_step

_CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def paragraph_step(text: str, position: int, direction: int) -> int:
    """The end of this paragraph (or of the next, if already at an end), going forward;
    the start of this one (or of the previous one), going back."""
    n = len(text)
    if direction > 0:
        i = position
        while i < n and text[i] in "\r\n":
            i += 1
        end = text.find("\n", i)
        end = n if end < 0 else end
        return end - 1 if end > 0 and text[end - 1] == "\r" and end - 1 >= i else end
    i = position
    while i > 0 and text[i - 1] in "\r\n":
        i -= 1
    start = text.rfind("\n", 0, i)
    return start + 1


def selection_key_target(edit: QTextEdit, omap: OffsetMap, event: QKeyEvent) -> int | None:
    """The Qt position a Ctrl+Shift+arrow should extend the selection to; None for any
    other key (Qt handles it)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if modifiers != _CTRL_SHIFT:
        return None
    key = event.key()
    text = omap.text
    position = omap.from_qt(edit.textCursor().position())
    if key == Qt.Key.Key_Right:
        target = word_step(text, position, 1, "end")
    elif key == Qt.Key.Key_Left:
        target = word_step(text, position, -1, "start")
    elif key == Qt.Key.Key_Down:
        target = paragraph_step(text, position, 1)
    elif key == Qt.Key.Key_Up:
        target = paragraph_step(text, position, -1)
    else:
        return None
    return omap.to_qt(target)
