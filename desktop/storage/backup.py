"""Backups through SQLite itself (VACUUM INTO), rotated, listed and restored.

A backup is written under a temporary name and renamed into place, so a killed backup
never leaves a file that looks like one (nor a 0-byte file that a check would vouch for);
rotation also removes what such a backup leaves behind (temporaries, orphan -journal files).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from desktop.storage.errors import ProjectLocked, StorageError
from desktop.storage.lock import try_lock

KEEP = 5
_STAMP = "%Y%m%dT%H%M%S%fZ"
_TEMPORARY = ".partial-"
_SIDECARS = ("-wal", "-shm", "-journal")


def backup_dir(project_path: Path) -> Path:
    """Where the backups of `project_path` go: a sibling folder named after the file."""
    return project_path.parent / f".{project_path.name}.backups"


def is_backup_of(project_path: Path, candidate: Path) -> bool:
    """True when `candidate` lies in the backup folder of `project_path`."""
    try:
        folder = backup_dir(project_path.resolve())
        return candidate.resolve().parent == folder
    except OSError:
        return False


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file: when and why it was taken, its size and what it holds."""

    path: Path
    taken_at: datetime
    reason: str
    size: int
    documents: int | None
    spans: int | None

    def to_json(self) -> dict[str, object]:
        """The fields as JSON values (for `gloss backups --json` and the UI)."""
        return {
            "path": str(self.path),
            "time": self.taken_at.isoformat(timespec="seconds"),
            "reason": self.reason,
            "size": self.size,
            "documents": self.documents,
            "spans": self.spans,
        }


def take_backup(db: sqlite_utils.Database, project_path: Path, reason: str) -> Path:
    """Copy the open database to a timestamped file and keep only the newest KEEP copies."""
    folder = backup_dir(project_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime(_STAMP)
    target = folder / f"{project_path.stem}-{stamp}-{_safe_reason(reason)}.gloss"
    partial = folder / f"{_TEMPORARY}{target.name}"
    try:
        db.execute("VACUUM INTO ?", [str(partial)])
        _fsync(partial)
        os.replace(partial, target)
    except BaseException:
        _remove_with_sidecars(partial)
        raise
    rotate(project_path)
    return target


def _safe_reason(reason: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "-", reason) or "backup"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_with_sidecars(path: Path) -> None:
    path.unlink(missing_ok=True)
    for suffix in _SIDECARS:
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _pattern(project_path: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(project_path.stem)}-(\d{{8}}T\d{{12}}Z)-(.+)\.gloss$")


def backup_files(project_path: Path) -> list[Path]:
    """The backups of `project_path`, oldest first (names like `proj[1]` included)."""
    folder = backup_dir(project_path)
    pattern = _pattern(project_path)
    found = glob.glob(glob.escape(str(folder)) + os.sep + "*.gloss")
    return sorted((Path(f) for f in found if pattern.match(Path(f).name)), key=lambda p: p.name)


#: Backups taken on a timer rotate among themselves, so hours of editing never push out
#: the copy taken before an import, a merge or a migration.
PERIODIC = "periodic"


def rotate(project_path: Path, keep: int = KEEP) -> None:
    """Keep the newest `keep` periodic backups and the newest `keep` others; remove
    leftovers of killed backups and restores."""
    pattern = _pattern(project_path)
    groups: dict[bool, list[Path]] = {True: [], False: []}
    for path in backup_files(project_path):
        match = pattern.match(path.name)
        groups[bool(match) and match.group(2) == PERIODIC].append(path)  # type: ignore[union-attr]
    for backups in groups.values():
        for old in backups[:-keep] if keep else backups:
            _remove_with_sidecars(old)
    folder = backup_dir(project_path)
    if not folder.is_dir():
        return
    for item in folder.iterdir():
        name = item.name
        orphan = name.endswith("-journal") and not item.with_name(name[:-8]).exists()
        if name.startswith(_TEMPORARY) or orphan:
            item.unlink(missing_ok=True)


def list_backups(project_path: Path) -> list[BackupInfo]:
    """Every backup of `project_path`, oldest first, with its document and span counts."""
    pattern = _pattern(project_path)
    infos = []
    for path in backup_files(project_path):
        match = pattern.match(path.name)
        assert match is not None
        taken = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
        documents, spans = _counts(path)
        infos.append(BackupInfo(path, taken, match.group(2), path.stat().st_size, documents, spans))
    return infos


def _counts(path: Path) -> tuple[int | None, int | None]:
    """Documents and spans in a backup, read without changing it (None if unreadable)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
        try:
            documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            spans = conn.execute("SELECT count(*) FROM spans").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None, None
    return documents, spans


def find_backup(project_path: Path, name: str | Path) -> Path:
    """The backup named `name` (a path, a file name, or a unique part of one)."""
    given = Path(name)
    if given.is_file():
        return given
    backups = backup_files(project_path)
    matches = [b for b in backups if b.name == str(name)] or [
        b for b in backups if str(name) in b.name
    ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise StorageError(f"{name}: no such backup of {project_path} (see `gloss backups`)")
    raise StorageError(f"{name}: matches {len(matches)} backups; give the full name")


def restore_backup(project_path: Path, backup: Path) -> Path:
    """Put `backup` back as the project, byte for byte; returns where the current file went.

    The current file goes aside into the backup folder with its -wal (so edits a crashed
    session left in the WAL are kept there, and none is replayed onto the restored file).
    Refused while the project is open for writing.
    """
    backup = Path(backup)
    _check_backup(backup)
    folder = backup_dir(project_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime(_STAMP)
    aside = folder / f"{project_path.stem}-{stamp}-before-restore.gloss"
    partial = project_path.with_name(f".{project_path.name}{_TEMPORARY}restore")
    shutil.copyfile(backup, partial)
    _fsync(partial)
    lock = try_lock(project_path, shared=False) if project_path.exists() else None
    if project_path.exists() and lock is None:
        partial.unlink(missing_ok=True)
        raise ProjectLocked(f"{project_path}: open in another Gloss window or process; close it")
    try:
        if project_path.exists():
            for suffix in _SIDECARS:
                side = project_path.with_name(project_path.name + suffix)
                if side.exists():
                    os.replace(side, aside.with_name(aside.name + suffix))
            shutil.copy2(project_path, aside)
        os.replace(partial, project_path)
    finally:
        partial.unlink(missing_ok=True)
        if lock is not None:
            lock.release()
    return aside


def _check_backup(backup: Path) -> None:
    if not backup.is_file():
        raise StorageError(f"{backup}: no such backup file")
    try:
        conn = sqlite3.connect(f"{backup.resolve().as_uri()}?immutable=1", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            conn.execute("SELECT count(*) FROM documents").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StorageError(f"{backup}: not a usable backup ({exc})") from None
    if result != "ok":
        raise StorageError(f"{backup}: damaged backup ({result})")
