"""Warnings about where a project is kept (a cloud-sync folder), shown without blocking."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.ui.app.dialogs import message_box
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
