"""How the article text looks: SpanStyler gives each piece of text the character format of
the spans covering it (the outermost span's tint, the innermost one's underline, wavy where
three or more stack, faded outside a kept set), and build_document lays the text out.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from desktop.domain import Span
from desktop.ui.article.colors import FALLBACK, span_format
from desktop.ui.article.offsets import OffsetMap
from desktop.ui.article.span_index import Layer, SpanIndex

# (outermost label, innermost label or None, nested two levels or more, dimmed)
FormatKey = tuple[str, str | None, bool, bool]
Run = list  # [start, end, FormatKey | None]
_TOOLTIP_CHARS = 60


def shorten(text: str, limit: int = _TOOLTIP_CHARS) -> str:
    """`text` on one line, its middle replaced by an ellipsis if longer than `limit`."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    half = (limit - 1) // 2
    return f"{flat[:half]}…{flat[-half:]}"


def tooltip_html(text: str, spans: Sequence[Span]) -> str:
    """Escaped rich text naming each span with its (shortened) text, "" for none."""
    rows = []
    for span in spans:
        covered = html.escape(shorten(text[span.start : span.end]))
        rows.append(f"<b>{html.escape(span.label)}</b>&nbsp; “{covered}”")
    return "<qt>" + "<br>".join(rows) + "</qt>" if rows else ""


class SpanStyler:
    """Label colours, the set of spans kept undimmed, and the formats they make."""

    def __init__(self, colors: Mapping[str, str] | None = None, dark: bool = False) -> None:
        self.colors: dict[str, str] = dict(colors or {})
        self.keep: set[str] | None = None
        self.dark = dark
        self.cache: dict[FormatKey, QTextCharFormat] = {}  # key -> format, read in hot loops

    def reset(self, colors: Mapping[str, str]) -> None:
        """New colours, nothing dimmed, an empty cache."""
        self.colors = dict(colors)
        self.keep = None
        self.cache.clear()

    def set_dark(self, dark: bool) -> bool:
        """Switch tints for a dark or light palette; True if that changed anything."""
        if dark == self.dark:
            return False
        self.dark = dark
        self.cache.clear()
        return True

    def color(self, label: str) -> str:
        """The "#rrggbb" of a label (grey when unknown)."""
        return self.colors.get(label, FALLBACK)

    def key(self, stack: list[Layer]) -> FormatKey | None:
        """Format key of a piece from its covering layers, innermost first."""
        if not stack:
            return None
        if self.keep is not None:
            shown = [layer for layer in stack if layer[2] in self.keep]
            if not shown:
                return (stack[-1][3], None, False, True)
            stack = shown
        inner = stack[0][3] if len(stack) > 1 else None
        return (stack[-1][3], inner, len(stack) > 2, False)

    def char_format(self, key: FormatKey | None) -> QTextCharFormat:
        """The (cached) format for a key; a plain format for None."""
        if key is None:
            return QTextCharFormat()
        fmt = self.cache.get(key)
        if fmt is None:
            outer, inner, heavy, dimmed = key
            inner_color = self.color(inner) if inner is not None else None
            fmt = span_format(self.color(outer), inner_color, heavy, dimmed, self.dark)
            self.cache[key] = fmt
        return fmt

    def runs(self, index: SpanIndex, start: int, end: int, skip_empty: bool) -> list[Run]:
        """[start, end, format key] runs over [start, end), equal neighbours merged."""
        runs: list[Run] = []
        key_of, plain = self.key, self.keep is None
        for x, y, stack in index.layers(start, end):
            if not stack:
                if skip_empty:
                    continue
                key = None
            elif plain:  # the common case, inlined: this loop runs once per piece
                n = len(stack)
                key = (stack[-1][3], stack[0][3] if n > 1 else None, n > 2, False)
            else:
                key = key_of(stack)
            if runs and runs[-1][2] == key and runs[-1][1] == x:
                runs[-1][1] = y
            else:
                runs.append([x, y, key])
        return runs


def build_document(
    parent: QObject,
    template: QTextDocument,
    omap: OffsetMap,
    display: str,
    runs: list[Run],
    styler: SpanStyler,
    paragraph: tuple[QTextBlockFormat, QTextBlockFormat],
) -> QTextDocument:
    """A new document (child of `parent`, with the template's font, options and margins)
    holding `display` piece by piece with the runs' formats.

    It is filled before any view owns it, so Qt lays it out once, lazily, instead of after
    each insertion. Blocks take `paragraph[0]`; blocks that a cut of a long paragraph ended
    take `paragraph[1]` (no gap after them), and empty lines a plain format.
    """
    # The parent is given, not asked of the template: the first `QObject.parent()` call
    # makes PySide6 set up ~100 unrelated classes' enums (~35 ms of the window's start).
    document = QTextDocument(parent)
    document.setUndoRedoEnabled(False)
    document.setDefaultFont(template.defaultFont())
    document.setDefaultTextOption(template.defaultTextOption())
    document.setDocumentMargin(template.documentMargin())
    document.rootFrame().setFrameFormat(template.rootFrame().frameFormat())  # e.g. the top
    if omap.crlf_count:
        to_display = omap.to_display
        for run in runs:
            run[0], run[1] = to_display(run[0]), to_display(run[1])
    cursor = QTextCursor(document)
    insert, plain = cursor.insertText, QTextCharFormat()
    cache, make_format = styler.cache, styler.char_format
    done = 0
    cursor.beginEditBlock()
    cursor.setBlockFormat(paragraph[0])
    for x, y, key in runs:
        if x > done:
            insert(display[done:x], plain)
        fmt = cache.get(key)
        insert(display[x:y], fmt if fmt is not None else make_format(key))
        done = y
    if done < len(display):
        insert(display[done:], plain)
    original = omap.display_text
    if display != original:
        qt, last = 0, 0  # Qt counts UTF-16 units: astral characters count twice
        for i in (i for i, ch in enumerate(display) if ch == "\n" != original[i]):
            qt += len(display[last:i].encode("utf-16-le")) // 2
            last = i
            cursor.setPosition(qt)
            cursor.setBlockFormat(paragraph[1])
    if "\n\n" in display or display.startswith("\n") or display.endswith("\n"):
        block = document.firstBlock()
        while block.isValid():
            if block.length() == 1:
                cursor.setPosition(block.position())
                cursor.setBlockFormat(QTextBlockFormat())
            block = block.next()
    cursor.endEditBlock()
    return document
