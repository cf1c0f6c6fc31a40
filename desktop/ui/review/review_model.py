"""ReviewItemListModel: review items as rows of a list, passive (`set_rows`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.ui.review.review_text import SHARED_COLOR, layer_color, summary, version_text
from desktop.workspace.adjudication import ReviewItem

MARKS = {"open": "•", "accepted": "✓", "rejected": "✗"}
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
_DECIDED_GREY = QColor("#8a8a8a")
_Index = QModelIndex | QPersistentModelIndex


class ReviewItemListModel(QAbstractListModel):
    """Review items as rows: a decision mark and the summary; decided rows are grey and
    rejected ones struck through. The item itself is under ITEM_ROLE."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReviewItem] = []
        self._summaries: list[str] = []

    def set_rows(
        self, items: Sequence[ReviewItem], text: str = "", actor_name: Callable[[str], str] = str
    ) -> None:
        """Replace every row; each is worded from the document `text` it is about."""
        self.beginResetModel()
        self._rows = list(items)
        self._summaries = [summary(item, text, actor_name) for item in self._rows]
        self.endResetModel()

    def item(self, row: int) -> ReviewItem | None:
        """The item of `row`, None outside the list."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: str) -> int | None:
        """The row of the item with this key, if shown."""
        return next((i for i, item in enumerate(self._rows) if item.key == key), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{MARKS[item.decided]} {self._summaries[index.row()]}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [self._summaries[index.row()]]
            lines += [f"{la}: {version_text(item, la)}" for la in item.layers]
            return "\n".join([*lines, f"decision: {item.decided}"])
        if role == Qt.ItemDataRole.ForegroundRole and item.decided != "open":
            return QBrush(_DECIDED_GREY)
        if role == Qt.ItemDataRole.FontRole and item.decided == "rejected":
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole:  # whose item it is: one layer, or several
            one = len(item.versions) == 1
            return QColor(layer_color(item.layers, item.versions[0].layer) if one else SHARED_COLOR)
        if role == ITEM_ROLE:
            return item
        return None
