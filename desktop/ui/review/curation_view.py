"""CurationView: the compared layers' versions of one review item side by side (as in
INCEpTION's curation), each under its key number, layer name and layer colour."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.ui.app.actions import color_chip
from desktop.ui.review.review_text import ABSENT, version_detail
from desktop.workspace.adjudication import ReviewItem


@dataclass(frozen=True)
class Column:
    """What one column shows: the key that accepts it, the layer, its colour, its version."""

    key: str
    layer: str
    color: str
    text: str

    @property
    def absent(self) -> bool:
        """True when the layer has no version of the item."""
        return self.text == ABSENT


class CurationView(QWidget):
    """One column per compared layer for the current item; absent versions are greyed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns: list[Column] = []
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self.setToolTip("Each layer's version: press its number to accept it")

    def columns(self) -> list[Column]:
        """The columns shown, left to right."""
        return list(self._columns)

    def show_item(
        self,
        item: ReviewItem | None,
        layers: Sequence[str],
        palette: Mapping[str, str],
        text: str,
        actor_name: Callable[[str], str] = str,
    ) -> None:
        """Show each of `layers`' version of `item` (nothing for None)."""
        while self._row.count():
            taken = self._row.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self._columns = []
        if item is None:
            return
        for n, layer in enumerate(layers):
            column = Column(
                str(n + 1) if n < 9 else "",
                layer,
                palette.get(layer, "#9e9e9e"),
                version_detail(item, layer, text, actor_name),
            )
            self._columns.append(column)
            self._row.addWidget(self._frame(column), 1)

    @staticmethod
    def _frame(column: Column) -> QFrame:
        frame = QFrame()
        frame.setObjectName("curationColumn")
        frame.setStyleSheet(
            f"#curationColumn {{ border: 1px solid #c8c8c8; border-top: 4px solid {column.color};"
            " border-radius: 3px; }"
        )
        box = QVBoxLayout(frame)
        box.setContentsMargins(6, 4, 6, 6)
        header = QHBoxLayout()
        chip = QLabel()
        chip.setPixmap(color_chip(column.color, 12).pixmap(12, 12))
        name = QLabel(f"{column.key}  {column.layer}" if column.key else column.layer)
        name.setTextFormat(Qt.TextFormat.PlainText)
        font = name.font()
        font.setBold(True)
        name.setFont(font)
        header.addWidget(chip)
        header.addWidget(name, 1)
        body = QLabel(column.text)
        body.setTextFormat(Qt.TextFormat.PlainText)
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        if column.absent:
            body.setStyleSheet("color: #8a8a8a; font-style: italic;")
        box.addLayout(header)
        box.addWidget(body, 1)
        return frame
