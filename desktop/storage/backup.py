"""Backups through SQLite itself (VACUUM INTO), rotated, taken before risky operations."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

KEEP = 5


def backup_dir(project_path: Path) -> Path:
    """Where the backups of `project_path` go: a sibling folder named after the file."""
    return project_path.parent / f".{project_path.name}.backups"


def take_backup(db: sqlite_utils.Database, project_path: Path, reason: str) -> Path:
    """Copy the open database to a timestamped file and keep only the newest KEEP copies."""
    folder = backup_dir(project_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{project_path.stem}-{stamp}-{reason}.gloss"
    db.execute("VACUUM INTO ?", [str(target)])
    backups = sorted(folder.glob(f"{project_path.stem}-*.gloss"))
    for old in backups[:-KEEP]:
        old.unlink(missing_ok=True)
    return target
