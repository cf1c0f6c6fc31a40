"""Warnings shown without blocking: a project in a cloud-sync folder, a read-only project."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from desktop.ui.app.dialogs import message_box
from desktop.ui.app.session import Session
from desktop.workspace import cloud_sync_warning


def warn_if_cloud_synced(parent: QWidget | None, project: Path | None) -> QMessageBox | None:
    """If `project` is inside a Dropbox, OneDrive, iCloud or Google Drive folder, open a
    warning explaining the risk (window-modal, not blocking) and return it."""
    if project is None:
        return None
    try:
        resolved = Path(project).resolve()
    except OSError:
        resolved = Path(project)
    text = cloud_sync_warning(resolved)
    if text is None:
        return None
    box = message_box(parent, QMessageBox.Icon.Warning, "Project in a cloud-sync folder", text)
    box.open()
    return box


class ProjectBanner(QLabel):
    """A plain-text line over the article saying the project is read-only, and why;
    hidden for a writable project."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.setObjectName("projectBanner")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setContentsMargins(8, 4, 8, 4)
        session.project_opened.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the read-only note of the open project, or hide."""
        ws = self._session.workspace
        note = (ws.read_only_note or "The project is open read-only.") if ws.read_only else ""
        self.setText(f"Read-only: {note}" if note else "")
        self.setVisible(bool(note))
