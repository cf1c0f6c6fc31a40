"""Long articles formatted in parts: what the first paint shows at once, the rest when idle.

A mixin of ArticleView (kept apart to keep that module readable). Giving every span of a
200,000-character article its character format before the first paint made opening it
cost 5.4 times a plain `setPlainText`; the first FIRST_FORMAT code points (several
screens) are formatted while the document is built, the rest IDLE_FORMAT at a time in
idle steps, and any part scrolled into view before them at once. Edits format their own
range as always, so nothing waits for the idle steps to be right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QTimer

from desktop.ui.article.offsets import OffsetMap

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTextEdit as _Base
else:
    _Base = object


class LazyFormatting(_Base):
    """The idle formatting of ArticleView."""

    #: Code points given their span formats before the first paint (several screens).
    FIRST_FORMAT = 12_000
    #: Code points formatted per idle step after that.
    IDLE_FORMAT = 25_000

    _map: OffsetMap
    if TYPE_CHECKING:

        def _format(self, start: int, end: int, skip_empty: bool = False) -> None: ...

    def _start_lazy_formatting(self) -> None:
        self._format_from = 0  # code points from here on still wait for their formats
        self._format_timer = QTimer(self)
        self._format_timer.setSingleShot(True)
        self._format_timer.setInterval(0)
        self._format_timer.timeout.connect(self._format_more)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    def _first_formatted(self) -> int:
        """Where the formats given while building the document stop (the end, if short)."""
        n = len(self._map)
        return n if n <= self.FIRST_FORMAT + self.IDLE_FORMAT else self.FIRST_FORMAT

    def _format_rest_from(self, cut: int) -> None:
        """Format [cut, end) in idle steps (nothing left: stop any steps of a text before)."""
        self._format_from = cut
        if cut < len(self._map):
            self._format_timer.start()
        else:
            self._format_timer.stop()

    def _format_more(self) -> None:
        """One idle step of formatting the rest of a long article."""
        n = len(self._map)
        if self._format_from >= n:
            return
        end = min(n, self._format_from + self.IDLE_FORMAT)
        self._format(self._format_from, end, skip_empty=True)
        self._format_from = end
        if end < n:
            self._format_timer.start()

    def finish_formatting(self) -> None:
        """Format whatever of a long article still waits for idle time, now."""
        self._format_timer.stop()
        if self._format_from < len(self._map):
            self._format(self._format_from, len(self._map), skip_empty=True)
            self._format_from = len(self._map)

    def formatting_pending(self) -> bool:
        """True while part of the article still waits for its span formats."""
        return self._format_from < len(self._map)

    def _format_visible(self) -> None:
        """Format the part in view now if idle formatting has not reached it yet."""
        if self._format_from >= len(self._map):
            return
        viewport = self.viewport()
        top = self.cursorForPosition(QPoint(0, 0)).position()
        bottom = self.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        start, end = self._map.from_qt_range(top, bottom + 1)
        if end > self._format_from:
            self._format(max(start, self._format_from), end, skip_empty=True)

    def _on_scrolled(self, *_args: object) -> None:
        if self._format_from < len(self._map):
            self._format_visible()
