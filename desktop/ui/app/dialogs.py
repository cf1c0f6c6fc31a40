"""Dialogs: errors and reports (plain text), settings, the generated shortcuts window, the
export choices, file choosers, and the wait cursor."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.ui.app.actions import shortcut_rows
from desktop.ui.app.codebook_editor import CodebookEditor
from desktop.ui.app.session import Session
from desktop.workspace import HistoryStep

log = logging.getLogger(__name__)

PROJECT_FILTER = "Gloss projects (*.gloss);;All files (*)"
IMPORT_FILTER = (
    "Annotations (*.jsonl *.json *.txt *.ann *.conll *.bio *.iob *.xmi *.tsv *.qdpx *.spacy)"
    ";;All files (*)"
)
MERGE_FILTER = "Gloss projects and JSONL exports (*.gloss *.jsonl);;All files (*)"
ALL_LAYERS = "All layers"


class WaitCursor:
    """A busy cursor for the duration of a `with` block."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


def message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str
) -> QMessageBox:
    """A message box that shows `text` literally (never as HTML)."""
    box = QMessageBox(icon, title, "", QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user that something failed, in plain text, and wait for OK."""
    message_box(parent, QMessageBox.Icon.Warning, title, text).exec()


def ask_confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask before doing something that cannot be taken back; True if the user agrees."""
    box = message_box(parent, QMessageBox.Icon.Question, title, text)
    go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.removeButton(box.button(QMessageBox.StandardButton.Ok))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go


def show_report(parent: QWidget | None, title: str, summary: str, details: str) -> None:
    """A summary line over a scrollable plain-text list (e.g. refused documents)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    label = QLabel(dialog)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setText(summary)
    text = QPlainTextEdit(dialog)
    text.setReadOnly(True)
    text.setPlainText(details)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(label)
    layout.addWidget(text, 1)
    layout.addWidget(buttons)
    dialog.resize(520, 360)
    dialog.exec()


def about_text(project: Path | None) -> str:
    """Version, what Gloss is, and where this project, its backups and the logs are."""
    from desktop.workspace import backup_folder, log_dir

    where = (
        f"Project: {project}\nBackups: {backup_folder(project)}"
        if project is not None
        else "Project: in memory (not saved)"
    )
    return (
        f"Gloss {__version__}\n\nAnnotate actors, allegations and responses in news text."
        f" Every edit is saved at once to the project file.\n\n{where}\nLogs: {log_dir()}"
    )


def show_about(parent: QWidget | None, project: Path | None = None) -> None:
    """The About box (plain text, paths selectable)."""
    box = message_box(parent, QMessageBox.Icon.Information, "About Gloss", about_text(project))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


def ask_new_project(parent: QWidget | None) -> Path | None:
    """A path for a new project file (with .gloss added if no extension was typed)."""
    name, _ = QFileDialog.getSaveFileName(parent, "New project", "", PROJECT_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".gloss")


def ask_open_project(parent: QWidget | None) -> Path | None:
    """An existing project file."""
    name, _ = QFileDialog.getOpenFileName(parent, "Open project", "", PROJECT_FILTER)
    return Path(name) if name else None


def ask_import_files(parent: QWidget | None) -> list[Path]:
    """Files to import."""
    names, _ = QFileDialog.getOpenFileNames(parent, "Import", "", IMPORT_FILTER)
    return [Path(n) for n in names]


def ask_merge_files(parent: QWidget | None) -> list[Path]:
    """Colleagues' project files or JSONL exports to merge."""
    names, _ = QFileDialog.getOpenFileNames(parent, "Merge colleague's work", "", MERGE_FILTER)
    return [Path(n) for n in names]


def ask_export_path(
    parent: QWidget | None, suggestion: str = "", file_filter: str = "All files (*)"
) -> Path | None:
    """Where to write an export."""
    name, _ = QFileDialog.getSaveFileName(parent, "Export", suggestion, file_filter)
    return Path(name) if name else None


def lay_out_form(dialog: QDialog, form: QFormLayout) -> None:
    """`form` above OK and Cancel buttons that accept or reject `dialog`."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(buttons)


class ExportDialog(QDialog):
    """Which format to export, and which layer (for the formats that export by layer)."""

    def __init__(
        self,
        formats: Iterable[tuple[str, str, bool]],
        layers: Iterable[str],
        layer: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self._by_layer: dict[str, bool] = {}
        self.format = QComboBox(self)
        for key, title, by_layer in formats:  # (key, what the user reads, takes a layer)
            self.format.addItem(title, key)
            self._by_layer[key] = by_layer
        self.layer = QComboBox(self)
        self.layer.addItem(ALL_LAYERS, None)
        for name in layers:
            self.layer.addItem(name, name)
        self.layer.setCurrentIndex(max(0, self.layer.findData(layer)))
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Layer", self.layer)
        lay_out_form(self, form)
        self.format.currentIndexChanged.connect(self._on_format_changed)
        self._on_format_changed()

    def choice(self) -> tuple[str, str | None]:
        """(format key, layer or None for every layer)."""
        key = self.format.currentData()
        return key, self.layer.currentData() if self._by_layer.get(key) else None

    def _on_format_changed(self, *_: object) -> None:
        self.layer.setEnabled(self._by_layer.get(self.format.currentData(), False))


class SettingsDialog(QDialog):
    """The local annotator (the layer your edits go to)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.setWindowTitle("Settings")
        self._build_ui()

    def _build_ui(self) -> None:
        ws = self._session.workspace
        self.annotator = QLineEdit(ws.annotator, self)
        self.annotator.setToolTip("Your name as it appears on your layer (default: your OS user)")
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        project = QLabel(str(ws.path) if ws.path else "(in memory)", self)
        project.setTextFormat(Qt.TextFormat.PlainText)
        project.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.codebook = QPushButton("&Codebook…", self)
        self.codebook.setToolTip("Labels, keys, colours, attributes and roles of this project")
        self.codebook.clicked.connect(self._on_codebook_clicked)
        form = QFormLayout()
        form.addRow("Project file", project)
        form.addRow("Annotator", self.annotator)
        form.addRow("Codebook", self.codebook)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _on_codebook_clicked(self) -> None:
        CodebookEditor(self._session, self).exec()

    def _on_buttons_accepted(self) -> None:
        ws = self._session.workspace
        name = self.annotator.text().strip()
        if name == ws.annotator:
            self.accept()
            return
        try:
            ws.set_annotator(name, initiator=self)
        except Exception as exc:  # shown in the dialog, which stays open
            log.exception("settings not saved")
            self.error.setText(str(exc).strip().splitlines()[0] if str(exc).strip() else "")
            self.error.show()
            return
        self.accept()


class ShortcutsDialog(QDialog):
    """Every action that has a shortcut, generated from the actions themselves."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        actions = list(actions)
        rows = shortcut_rows(actions)
        guidelines = [_guideline(a) for a in actions if a.shortcuts()]
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Action", "Shortcut", "Guideline"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, (name, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
            self.table.setItem(row, 2, QTableWidgetItem(guidelines[row]))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def guideline(self, row: int) -> str:
        """The codebook's description shown for a label action (empty for the others)."""
        return _cell_text(self.table.item(row, 2))

    def rows(self) -> list[tuple[str, str]]:
        """The (action, shortcut) pairs shown."""
        return [
            (_cell_text(self.table.item(r, 0)), _cell_text(self.table.item(r, 1)))
            for r in range(self.table.rowCount())
        ]


def _guideline(action: QAction) -> str:
    """A label action's description (its tooltip reads `NAME: description`)."""
    tip = action.toolTip()
    if action.property("group") != "Label" or ": " not in tip:
        return ""
    return tip.split(": ", 1)[1]


def _cell_text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""


if __name__ == "__main__":  # pragma: no cover - manual preview
    from desktop.ui.app.actions import Actions
    from desktop.ui.app.preview import preview

    def _make(_session: Session, actions: Actions) -> ShortcutsDialog:
        return ShortcutsDialog(actions.all())

    preview(_make)


class HistoryDialog(QDialog):
    """Edit > History: the steps of the undo and redo stacks, newest first, with their
    documents and times (undone steps are marked)."""

    COLUMNS = ("Step", "Documents", "When", "By", "State")

    def __init__(self, steps: list[HistoryStep], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit history")
        self.table = QTableWidget(len(steps), len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, step in enumerate(reversed(steps)):
            shown = ", ".join(step.documents[:3]) + ("…" if len(step.documents) > 3 else "")
            state = "undone (redo brings it back)" if step.undone else "done"
            cells = (step.label, shown, step.at.replace("T", " ")[:19], step.annotator, state)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        note = QLabel("Nothing to undo or redo yet." if not steps else "", self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def rows(self) -> list[tuple[str, ...]]:
        """The table's text, row by row (for tests)."""
        return [
            tuple(_cell_text(self.table.item(r, c)) for c in range(self.table.columnCount()))
            for r in range(self.table.rowCount())
        ]
