"""Large all-or-nothing writes (imports, merges): one transaction tuned for volume."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager

import sqlite_utils

#: Tables whose secondary indexes a bulk write may drop and rebuild.
BULK_TABLES = ("documents", "spans", "relations", "doc_status")
#: Page cache while a bulk write runs (KiB): holds the primary-key indexes being filled
#: (random ids: 1,000,000 spans make a ~50 MB key index) and sorts the deferred index
#: builds. 512 MiB made a 100,000-document import peak at ~877 MB of memory, 96 MiB at
#: 444 MB, 32 MiB at 338 MB (issue 16's budget is 300 MB), with no measurable change in time.
BULK_CACHE_KIB = 32 * 1024


class BrokenReference(sqlite3.IntegrityError):
    """A reference to a missing row, found by a caller checking foreign keys itself.

    The same kind of error SQLite raises when it checks them.
    """

    def __init__(self, message: str = "FOREIGN KEY constraint failed"):
        super().__init__(message)


class BulkWrite:
    """One transaction for many rows: committed on success, rolled back on any error.

    Compared with `Project.atomic()`:

    - the page cache is enlarged while it runs (random inserts into the id indexes
      stay in memory instead of spilling to disk);
    - with `journal=True` (a file project, outside any transaction) the rollback journal
      replaces the WAL for its duration. A WAL transaction is written twice, to the WAL
      and then to the file; the rollback journal keeps only the old content of pages
      that existed before, so rows written into new pages are written once. Atomicity
      and durability are the same (synchronous=FULL); the WAL is back on exit;
    - `defer_indexes()` drops the secondary indexes of BULK_TABLES, to be rebuilt in
      one sorted pass each just before the commit (worth it when the rows written
      outnumber those already there). Being DDL inside the transaction, a rollback
      brings them back untouched;
    - with `check_references=False`, SQLite does not look up the parent of every row
      written (a random index lookup per reference): the caller takes over, and must
      check every reference of what it writes as the foreign keys would (see
      `references_checked_by_caller`). Foreign keys are back on at exit.

    Inside another transaction it is a plain savepoint, with nothing tuned.
    """

    def __init__(
        self,
        db: sqlite_utils.Database,
        *,
        journal: bool = False,
        check_references: bool = True,
    ):
        self._db = db
        self._journal = journal
        self._check_references = check_references
        self._deferred: list[str] = []
        self._cache: int | None = None
        self._switched = False
        self._foreign_keys_off = False
        self._nested: AbstractContextManager[object] | None = None

    def __enter__(self) -> BulkWrite:
        conn = self._db.conn
        if conn.in_transaction:
            self._nested = self._db.atomic()
            self._nested.__enter__()
            return self
        if not self._check_references and conn.execute("PRAGMA foreign_keys").fetchone()[0]:
            conn.execute("PRAGMA foreign_keys = OFF")
            self._foreign_keys_off = True
        if self._journal:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode == "wal":
                switched = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
                self._switched = switched == "delete"
        self._cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        try:
            conn.execute("BEGIN")
        except BaseException:
            self._restore()
            raise
        return self

    def defer_indexes(self) -> None:
        """Drop the secondary indexes of BULK_TABLES until the commit (once; not when nested)."""
        if self._deferred or self._nested is not None:
            return
        marks = ",".join("?" * len(BULK_TABLES))
        rows = self._db.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({marks}) ORDER BY name",
            BULK_TABLES,
        ).fetchall()
        for name, sql in rows:
            self._db.conn.execute(f'DROP INDEX "{name}"')
            self._deferred.append(sql)

    @property
    def references_checked_by_caller(self) -> bool:
        """True when SQLite is not checking foreign keys: the caller must."""
        return self._foreign_keys_off

    @property
    def indexes_deferred(self) -> bool:
        """True once `defer_indexes` has dropped the indexes."""
        return bool(self._deferred)

    def __exit__(self, kind, error, trace) -> None:
        if self._nested is not None:
            self._nested.__exit__(kind, error, trace)
            return
        conn = self._db.conn
        try:
            if kind is None:
                try:
                    for sql in self._deferred:
                        conn.execute(sql)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            elif conn.in_transaction:
                conn.execute("ROLLBACK")
        finally:
            self._restore()

    def _restore(self) -> None:
        conn = self._db.conn
        if self._foreign_keys_off:
            conn.execute("PRAGMA foreign_keys = ON")
            self._foreign_keys_off = False
        if self._cache is not None:
            conn.execute(f"PRAGMA cache_size = {self._cache}")
        if self._switched:
            conn.execute("PRAGMA journal_mode = WAL")
            self._switched = False
