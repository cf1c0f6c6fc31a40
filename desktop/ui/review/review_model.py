"""ReviewItemListModel: review items as rows of a list, passive (`set_rows`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.workspace.adjudication import SHARED_COLOR, ReviewItem, layer_color

MARKS = {"open": "•", "accepted": "✓", "rejected": "✗"}
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
_DECIDED_GREY = QColor("#8a8a8a")
_Index = QModelIndex | QPersistentModelIndex


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


class ReviewItemListModel(QAbstractListModel):
    """Review items as rows: a decision mark and the summary; decided rows are grey and
    rejected ones struck through. The item itself is under ITEM_ROLE."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReviewItem] = []

    def set_rows(self, items: Sequence[ReviewItem]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(items)
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
            return f"{MARKS[item.decided]} {item.summary}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [item.summary, *(f"{la}: {version_text(item, la)}" for la in item.layers)]
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
