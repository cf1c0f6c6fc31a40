"""File > Import's choices (files, format, layer, CoNLL column) and the report of what a
format could not carry (plain text, one line per item). Progress is the task runner's."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from desktop.ui.app import dialogs
from desktop.workspace import Losses

BY_EXTENSION = "By file extension"


class ImportDialog(QDialog):
    """Which format to read the chosen files as, into which layer, and CoNLL's tag column."""

    def __init__(
        self,
        formats: Iterable[tuple[str, str]],
        layers: Iterable[str],
        layer: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.format = QComboBox(self)
        self.format.addItem(BY_EXTENSION, None)
        for key, title in formats:  # (format name, what the user reads)
            self.format.addItem(title, key)
        self.layer = QComboBox(self)
        self.layer.setEditable(True)
        self.layer.setToolTip("The layer for records that name none (a new name makes a layer)")
        names = [layer, *(name for name in layers if name != layer)]
        for name in names:
            self.layer.addItem(name, name)
        self.column = QSpinBox(self)
        self.column.setRange(0, 99)
        self.column.setSpecialValueText("last")
        self.column.setToolTip("CoNLL: the column holding the tags (last by default)")
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Layer", self.layer)
        form.addRow("CoNLL tag column", self.column)
        dialogs.lay_out_form(self, form)
        self.format.currentIndexChanged.connect(self._on_format_changed)
        self._on_format_changed()

    def choice(self) -> tuple[str | None, str, int | None]:
        """(format name or None for by extension, layer, CoNLL column or None)."""
        column = self.column.value() if self.column.isEnabled() and self.column.value() else None
        return self.format.currentData(), self.layer.currentText().strip(), column

    def _on_format_changed(self, *_: object) -> None:
        self.column.setEnabled(self.format.currentData() in (None, "conll"))


def show_losses(parent: QWidget | None, title: str, losses: Losses) -> None:
    """What a format could not carry (or skipped): the summary over every item."""
    if not losses:
        return
    details = "\n".join(str(item) for item in losses.items)
    if losses.not_listed:
        details += f"\n… and {losses.not_listed:,} more of the kinds counted above"
    dialogs.show_report(parent, title, losses.summary(), details)


def ask_import_files(parent: QWidget | None) -> list[Path]:
    """Files (or a brat/XMI folder's files) to import, of any format."""
    return dialogs.ask_import_files(parent)
