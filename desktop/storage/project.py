"""Opening a project file: header and version checks, pragmas, the exclusive lock."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from desktop.storage.actors import ActorStore
from desktop.storage.annotations import RelationStore, SpanStore
from desktop.storage.backup import take_backup
from desktop.storage.bulk import BulkWrite
from desktop.storage.decisions import DecisionStore
from desktop.storage.documents import DocumentStore
from desktop.storage.errors import (
    NewerProjectVersion,
    NotAProject,
    ProjectLocked,
    ReadOnlyProject,
    StorageError,
)
from desktop.storage.history import HistoryStore
from desktop.storage.layers import LayerStore
from desktop.storage.lock import AVAILABLE as LOCK_AVAILABLE
from desktop.storage.lock import FileLock, try_lock
from desktop.storage.migrations import APPLICATION_ID, LATEST_VERSION, apply_migrations
from desktop.storage.settings import SettingsStore

SQLITE_HEADER = b"SQLite format 3\x00"
#: Page size of new project files. A document row of 2-4 KB fills a 4 KB page alone,
#: wasting up to half of it; 8 KB pages pack them tighter. Measured on 100,000 documents
#: of 2 KB with 10 spans each: the file 764 -> 614 MB, writing them 9.2 -> 7.3 s.
PAGE_SIZE = 8192


class Project:
    """An open project file and its stores. Stores never commit; use cases wrap them in `atomic`."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        path: Path | None,
        read_only: bool,
        note: str,
        lock: FileLock | None = None,
    ):
        self.db = db
        self._lock = lock
        self.close_note = ""
        self.path = path
        self.read_only = read_only
        self.note = note
        self.closed = False
        self.settings = SettingsStore(db)
        self.documents = DocumentStore(db)
        self.layers = LayerStore(db)
        self.spans = SpanStore(db)
        self.relations = RelationStore(db)
        self.actors = ActorStore(db)
        self.history = HistoryStore(db)
        self.decisions = DecisionStore(db)

    def atomic(self):
        """One transaction: committed on success, rolled back on any error."""
        return self.db.atomic()

    def bulk(self, *, journal: bool = False, check_references: bool = True) -> BulkWrite:
        """One transaction tuned for writing many rows (see BulkWrite).

        `journal` trades the WAL for the rollback journal while it runs (file projects
        only); `check_references=False` leaves checking foreign keys to the caller.
        """
        return BulkWrite(
            self.db,
            journal=journal and self.path is not None,
            check_references=check_references,
        )

    def backup(self, reason: str) -> Path | None:
        """A rotated copy of the file before a risky operation (none for in-memory projects).

        A read-only project takes none: the operation it would protect cannot write.
        """
        if self.read_only:
            raise ReadOnlyProject(self.note or f"{self.path} is open read-only")
        if self.path is None:
            return None
        return take_backup(self.db, self.path, reason)

    def integrity_errors(self) -> list[str]:
        """SQLite's own integrity and foreign-key checks; empty when all is well."""
        problems = [row[0] for row in self.db.execute("PRAGMA integrity_check").fetchall()]
        problems = [p for p in problems if p != "ok"]
        for table, rowid, parent, _ in self.db.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"{table} row {rowid} points to a missing {parent}")
        return problems

    def close(self) -> None:
        """Checkpoint the WAL into the main file (so it can be copied) and close; idempotent.

        Everything committed is already safe in the WAL: a checkpoint that fails (a full
        disk) is noted in `close_note`, never raised, so it cannot hide a success.
        """
        if self.closed:
            return
        self.closed = True
        try:
            if not self.read_only and self.path is not None:
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except (sqlite3.Error, OSError) as exc:
            self.close_note = f"{self.path}: edits are saved, but were left in the WAL ({exc})"
        finally:
            try:
                self.db.close()
            finally:
                if self._lock is not None:
                    self._lock.release()


def _check_header(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StorageError(f"{path}: cannot read ({exc.strerror})") from None
    if header and not header.startswith(SQLITE_HEADER):
        raise NotAProject(f"{path}: not a Gloss project (not an SQLite database)")
    return header


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _file_version(path: Path, header: bytes) -> int | None:
    """The schema version from the file header; 0 for an empty file; None if not Gloss's.

    Read from the header (and, if need be, a connection that cannot write) so that another
    application's database is never opened for writing: that would checkpoint and delete
    its WAL.
    """
    if not header:
        return 0
    app_id = int.from_bytes(header[68:72], "big")
    version = int.from_bytes(header[60:64], "big")
    if app_id == APPLICATION_ID:
        return version
    if app_id != 0 or version != 0:
        return None
    wal = _sidecar(path, "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        uri = f"{path.resolve().as_uri()}?mode=ro"  # the WAL may hold the newest header
    else:
        uri = f"{path.resolve().as_uri()}?immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=0.2)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotAProject(f"{path}: not a Gloss project ({exc})") from None
    if app_id == APPLICATION_ID:
        return int(version)
    return 0 if app_id == 0 and version == 0 and tables == 0 else None


def _writable(path: Path) -> bool:
    """False for a file or folder without write permission (its mode bits, even for root)."""
    for item in (path, path.parent):
        try:
            mode = item.stat().st_mode
        except OSError:
            return False
        if not mode & 0o222 or not os.access(item, os.W_OK):
            return False
    return True


def _connect(path: Path | None, read_only: bool) -> sqlite3.Connection:
    # One connection per project; the window runs long use cases on a worker thread while
    # the UI thread waits for them (SQLite serializes calls on a connection: threadsafety 3).
    if path is None:
        return sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    if read_only:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        return sqlite3.connect(
            uri, uri=True, isolation_level=None, timeout=0.2, check_same_thread=False
        )
    return sqlite3.connect(str(path), isolation_level=None, timeout=0.2, check_same_thread=False)


def open_project(
    path: Path | str | None, *, create: bool = False, read_only: bool = False
) -> Project:
    """Open (or with `create`, make) a project; `None` opens a fresh in-memory project.

    Raises NotAProject for other files (an empty file too, unless `create`), ProjectLocked
    when another process writes it. A file from a newer Gloss, or one without write
    permission, opens read-only with the reason in `Project.note`; `read_only` opens any
    file that way: it never creates or changes a file, reads one consistent snapshot even
    while a window writes the project, and needs no free space.
    """
    file = Path(path) if path is not None else None
    if file is None:
        return _open_writable(None, 0)
    if file.exists():
        if file.is_dir():
            raise StorageError(f"{file}: is a folder, not a project file")
        header = _check_header(file)
        version = _file_version(file, header)
        if version is None:
            raise NotAProject(f"{file}: not a Gloss project (another application's database)")
        if version == 0 and not create:
            raise NotAProject(
                f"{file}: not a Gloss project (an empty file); `gloss init` creates a project"
            )
    elif not create or read_only:
        raise StorageError(f"{file}: no such project file")
    elif not file.parent.exists():
        raise StorageError(f"{file.parent}: no such folder")
    else:
        version = 0
    note = ""
    if version > LATEST_VERSION:
        note = (
            f"{file} was written by a newer Gloss (file version {version}, this Gloss reads"
            f" up to {LATEST_VERSION}); opened read-only"
        )
    elif not read_only and not _writable(file if file.exists() else file.parent):
        note = f"{file} is read-only (no permission to write it or its folder); opened read-only"
    elif read_only:
        note = f"{file} is open read-only"
    if note:
        if version == 0:
            raise StorageError(f"{file}: cannot create a project here (read-only)")
        return _open_read_only(file, version, note)
    return _open_writable(file, version)


def _open_writable(file: Path | None, version: int) -> Project:
    lock = None
    created = file is not None and not file.exists()
    if file is not None:
        if created:
            file.touch()
        lock = try_lock(file, shared=False)
        if lock is None:
            raise ProjectLocked(f"{file}: already open in another Gloss window or process")
    conn = _connect(file, read_only=False)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    try:
        if file is None or not LOCK_AVAILABLE:
            db.execute("PRAGMA locking_mode = EXCLUSIVE")
        if version == 0:
            # A new (empty) file: its page size is fixed by the first write.
            db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        if file is not None:
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("BEGIN IMMEDIATE")
        db.execute("COMMIT")
        db.execute("PRAGMA foreign_keys = ON")
        project = Project(db, file, False, "", lock)
        if version < LATEST_VERSION:
            if version > 0:
                project.backup(f"before-v{LATEST_VERSION}")
            apply_migrations(db, version)
    except BaseException as exc:
        conn.close()
        if lock is not None:
            lock.release()
        if created and file is not None:
            for leftover in (file, _sidecar(file, "-wal"), _sidecar(file, "-shm")):
                leftover.unlink(missing_ok=True)
        raise _storage_error(exc, file) from None
    return project


def _open_read_only(file: Path, version: int, note: str) -> Project:
    """A connection that cannot write, reading one snapshot; see `open_project`."""
    wal = _sidecar(file, "-wal")
    lock = None
    if not wal.exists():
        # Nobody writes the file (a writer keeps a WAL beside it): read it as immutable,
        # which creates no -wal/-shm and needs no free space, under a shared lock that
        # keeps writers out meanwhile.
        lock = try_lock(file, shared=True)
    if lock is not None:
        uri = f"{file.resolve().as_uri()}?immutable=1"
    else:
        uri = f"{file.resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=2.0)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    try:
        db.execute("PRAGMA query_only = ON")
        if version < LATEST_VERSION:
            db = _migrated_copy(db, version)
            note += " (written by an older Gloss: read through an upgraded copy in memory)"
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("BEGIN")  # one snapshot for everything read, kept until close
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException as exc:
        conn.close()
        if lock is not None:
            lock.release()
        raise _storage_error(exc, file) from None
    return Project(db, file, True, note, lock)


def _migrated_copy(db: sqlite_utils.Database, version: int) -> sqlite_utils.Database:
    """An in-memory copy of an older file, migrated, so that reading it changes nothing."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    db.conn.backup(memory)
    db.conn.close()
    copy = sqlite_utils.Database(memory, execute_plugins=False)
    apply_migrations(copy, version)
    copy.execute("PRAGMA query_only = ON")
    return copy


def _storage_error(exc: BaseException, file: Path | None) -> BaseException:
    if isinstance(exc, StorageError) or not isinstance(exc, Exception):
        return exc
    if isinstance(exc, sqlite3.OperationalError):
        if "locked" in str(exc):
            return ProjectLocked(f"{file}: already open in another Gloss window or process")
        return StorageError(f"{file}: {exc}")
    if isinstance(exc, sqlite3.DatabaseError):
        return NotAProject(f"{file}: not a Gloss project ({exc})")
    return exc


__all__ = ["APPLICATION_ID", "LATEST_VERSION", "NewerProjectVersion", "Project", "open_project"]
