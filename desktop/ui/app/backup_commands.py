"""File > Restore from backup…, and a backup every 30 minutes of editing.

Restoring closes the project, puts the chosen backup back (the current file is kept aside
in the backup folder) and reopens it. The periodic backup is taken only when edits were
saved since the last one.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import Change
from desktop.ui.app import dialogs
from desktop.ui.app.actions import Actions
from desktop.ui.app.session import Session, one_line
from desktop.workspace import Workspace, project_backups, restore_project
from desktop.workspace.project_files import BackupInfo

log = logging.getLogger(__name__)

BACKUP_INTERVAL_MS = 30 * 60 * 1000
PERIODIC_REASON = "periodic"  # rotated apart from other backups (storage.backup.PERIODIC)
COLUMNS = ("Time", "Reason", "Size", "Documents", "Spans")


def size_text(size: int) -> str:
    """A file size in KB or MB, one decimal."""
    return f"{size / 1024:,.1f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


def _count(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


class BackupDialog(QDialog):
    """The project's backups, newest first; `chosen()` is the selected one."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.backups = sorted(backups, key=lambda b: b.taken_at, reverse=True)
        layout = QVBoxLayout(self)
        note = QLabel(
            "Choose a backup to put back. The current file is kept aside in the backup folder.",
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(len(self.backups), len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for row, info in enumerate(self.backups):
            local = info.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            size = size_text(info.size)
            cells = (local, info.reason, size, _count(info.documents), _count(info.spans))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                self.table.setItem(row, column, item)
        layout.addWidget(self.table)
        self.buttons = QDialogButtonBox(self)
        self.restore_button = self.buttons.addButton(
            "Restore…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if self.backups:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(self.backups))
        self.resize(640, 360)

    def chosen(self) -> BackupInfo | None:
        """The selected backup, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None


class BackupCommands(QObject):
    """Restore from backup, and the periodic backup timer (`interval_ms` for tests)."""

    def __init__(
        self,
        session: Session,
        actions: Actions,
        parent: QWidget | None,
        interval_ms: int = BACKUP_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._actions = actions
        self._parent = parent
        self.edits_since_backup = 0
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._on_timer_timeout)
        actions.restore_backup.triggered.connect(self._on_restore_backup_triggered)
        session.changed.connect(self._on_session_changed)
        session.project_opened.connect(self._on_session_project_opened)
        self._on_session_project_opened()

    def set_interval(self, interval_ms: int) -> None:
        """How often edits are backed up."""
        self.timer.setInterval(interval_ms)

    def take_periodic_backup(self) -> Path | None:
        """Back the project up if edits were saved since the last backup; the backup's path."""
        ws = self._session.workspace
        if self.edits_since_backup == 0 or ws.path is None or ws.read_only:
            return None
        try:
            path = ws.backup(PERIODIC_REASON)
        except Exception as exc:  # a failed backup must not stop editing: say so
            log.exception("periodic backup failed")
            self._session.notify(f"Backup failed: {one_line(exc)}")
            return None
        self.edits_since_backup = 0
        log.info("periodic backup %s", path)
        return path

    def restore(self, backup: Path) -> bool:
        """Close the project, put `backup` back and reopen it; False (and say why) if not."""
        session = self._session
        path = session.workspace.path
        if path is None:
            return False
        if session.busy is not None:
            session.notify(f"{session.busy} is running: wait for it or cancel it")
            return False
        doc_id = session.doc_id
        session.close()
        try:
            aside = restore_project(path, backup)
        except Exception as exc:
            log.exception("cannot restore %s", backup)
            dialogs.show_error(self._parent, "Cannot restore the backup", one_line(exc))
            aside = None
        ws = Workspace.open(path)  # the restored file, or the untouched one after a failure
        session.set_workspace(ws)
        kept = doc_id is not None and ws.has_document(doc_id)
        session.open_document(doc_id if kept else ws.first_document_id())
        self.edits_since_backup = 0
        if aside is not None:
            session.notify(f"Restored {Path(backup).name}; the previous file is at {aside}")
        return aside is not None

    # --- slots --------------------------------------------------------------------------
    def _on_timer_timeout(self) -> None:
        self.take_periodic_backup()

    def _on_session_changed(self, _change: Change, _initiator: object) -> None:
        self.edits_since_backup += 1

    def _on_session_project_opened(self) -> None:
        self.edits_since_backup = 0
        ws = self._session.workspace
        if ws.path is not None and not ws.read_only:
            self.timer.start()
        else:
            self.timer.stop()

    def _on_restore_backup_triggered(self) -> None:
        ws = self._session.workspace
        if ws.path is None:
            self._session.notify("An in-memory project has no backups")
            return
        backups = project_backups(ws.path)
        if not backups:
            self._session.notify(f"{ws.path.name} has no backups yet")
            return
        dialog = BackupDialog(backups, self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        info = dialog.chosen()
        if info is None:
            return
        text = (
            f"Put back the backup of {info.taken_at.astimezone():%Y-%m-%d %H:%M} ({info.reason})?"
            "\n\nThe project is closed, the backup restored and reopened; the current file is"
            " kept aside in the backup folder."
        )
        if dialogs.ask_confirm(self._parent, "Restore from backup", text, "Restore"):
            self.restore(info.path)
