"""Opening a project file: header and version checks, pragmas, the exclusive lock."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from desktop.storage.actors import ActorStore
from desktop.storage.annotations import RelationStore, SpanStore
from desktop.storage.backup import take_backup
from desktop.storage.bulk import BulkWrite
from desktop.storage.decisions import DecisionStore
from desktop.storage.documents import DocumentStore
from desktop.storage.errors import NewerProjectVersion, NotAProject, ProjectLocked, StorageError
from desktop.storage.history import HistoryStore
from desktop.storage.layers import LayerStore
from desktop.storage.migrations import APPLICATION_ID, LATEST_VERSION, apply_migrations
from desktop.storage.settings import SettingsStore

SQLITE_HEADER = b"SQLite format 3\x00"
#: Page size of new project files. A document row of 2-4 KB fills a 4 KB page alone,
#: wasting up to half of it; 8 KB pages pack them tighter. Measured on 100,000 documents
#: of 2 KB with 10 spans each: the file 764 -> 614 MB, writing them 9.2 -> 7.3 s.
PAGE_SIZE = 8192


class Project:
    """An open project file and its stores. Stores never commit; use cases wrap them in `atomic`."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None, read_only: bool, note: str):
        self.db = db
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
        """A rotated copy of the file before a risky operation (none for in-memory projects)."""
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
        """Checkpoint the WAL into the main file (so it can be copied) and close; idempotent."""
        if self.closed:
            return
        self.closed = True
        try:
            if not self.read_only:
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.db.close()


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StorageError(f"{path}: cannot read ({exc.strerror})") from None
    if header and not header.startswith(SQLITE_HEADER):
        raise NotAProject(f"{path}: not a Gloss project (not an SQLite database)")


def _identify(db: sqlite_utils.Database, path: Path | None) -> int:
    """The file's schema version; NotAProject if another application owns it."""
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if app_id == APPLICATION_ID:
        return int(version)
    if app_id == 0 and version == 0 and not db.table_names():
        return 0
    raise NotAProject(f"{path}: not a Gloss project (another application's database)")


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

    Raises NotAProject for other files, ProjectLocked when another process has it open.
    A file from a newer Gloss opens read-only, with the reason in `Project.note`;
    `read_only` opens any file that way (without locking or migrating it), e.g. to merge it.
    """
    file = Path(path) if path is not None else None
    if file is not None:
        if file.exists():
            if file.is_dir():
                raise StorageError(f"{file}: is a folder, not a project file")
            _check_header(file)
        elif not create:
            raise StorageError(f"{file}: no such project file")
        elif not file.parent.exists():
            raise StorageError(f"{file.parent}: no such folder")

    conn = _connect(file, read_only=False)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    note = ""
    try:
        version = _identify(db, file)
        if version > LATEST_VERSION:
            note = (
                f"{file} was written by a newer Gloss (file version {version}, this Gloss reads"
                f" up to {LATEST_VERSION}); opened read-only"
            )
        elif read_only:
            note = f"{file} is open read-only"
        read_only = read_only or version > LATEST_VERSION
        if read_only and file is not None:
            if version < LATEST_VERSION:
                raise StorageError(f"{file}: written by an older Gloss; open it once to upgrade it")
            conn.close()
            conn = _connect(file, read_only=True)
            db = sqlite_utils.Database(conn, execute_plugins=False)
            db.execute("PRAGMA query_only = ON")
        else:
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
        project = Project(db, file, read_only, note)
        if not read_only and version < LATEST_VERSION:
            if version > 0:
                project.backup(f"before-v{LATEST_VERSION}")
            apply_migrations(db, version)
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc):
            raise ProjectLocked(
                f"{file}: already open in another Gloss window or process"
            ) from None
        raise StorageError(f"{file}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise NotAProject(f"{file}: not a Gloss project ({exc})") from None
    except StorageError:
        conn.close()
        raise
    return project


__all__ = ["APPLICATION_ID", "LATEST_VERSION", "NewerProjectVersion", "Project", "open_project"]
