"""Where a user's Gloss files are: the sample project, a project's backups, the logs."""

from __future__ import annotations

from pathlib import Path

from desktop.storage.backup import backup_dir
from desktop.workspace.logs import log_dir
from desktop.workspace.project_files import SAMPLE_NAME, data_dir


def backup_folder(project: Path) -> Path:
    """The folder holding `project`'s backups (it may not exist yet)."""
    return backup_dir(Path(project))


def sample_project_path() -> Path:
    """Where the first-run sample project lives (or will be made)."""
    return data_dir() / SAMPLE_NAME


__all__ = ["backup_folder", "log_dir", "sample_project_path"]
