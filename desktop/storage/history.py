"""HistoryStore: the append-only edit log and the persistent undo/redo stack over it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
import sqlite_utils

from desktop.storage.layers import now


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One row of the edit log."""

    seq: int
    at: str
    annotator: str
    action: str
    doc_id: str | None
    label: str
    ops: list[Any]


class HistoryStore:
    """`edit_log` (never updated or deleted) and `history` (which entries are undoable/redoable)."""

    def __init__(self, db: sqlite_utils.Database):
        self._db = db

    def append(
        self, annotator: str, action: str, doc_id: str | None, label: str, ops: list[Any]
    ) -> int:
        """Add an edit-log row; returns its sequence number."""
        cursor = self._db.execute(
            "INSERT INTO edit_log (at, annotator, action, doc_id, label, ops)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [now(), annotator, action, doc_id, label, orjson.dumps(ops).decode("utf-8")],
        )
        return int(cursor.lastrowid or 0)

    def push(self, seq: int) -> None:
        """Make `seq` the newest undoable edit; the redo stack is dropped."""
        self._db.execute("DELETE FROM history WHERE state = 'undone'")
        self._db.execute("INSERT INTO history (log_seq, state) VALUES (?, 'done')", [seq])

    def clear(self) -> None:
        """Empty the undo and redo stacks (the edit log itself is kept)."""
        self._db.execute("DELETE FROM history")

    def stack(self, limit: int = 200) -> list[tuple[LogEntry, str]]:
        """The newest `limit` entries of the undo and redo stacks with their state, oldest first."""
        rows = self._db.execute(
            "SELECT e.seq, e.at, e.annotator, e.action, e.doc_id, e.label, e.ops, h.state"
            " FROM history h JOIN edit_log e ON e.seq = h.log_seq"
            " ORDER BY h.log_seq DESC LIMIT ?",
            [limit],
        ).fetchall()
        return [(_entry(row[:7]), row[7]) for row in reversed(rows)]

    def mark(self, seq: int, state: str) -> None:
        """Move an entry between the undo ('done') and redo ('undone') stacks."""
        self._db.execute("UPDATE history SET state = ? WHERE log_seq = ?", [state, seq])

    def next_undo(self) -> LogEntry | None:
        """The newest edit that can be undone."""
        row = self._db.execute("SELECT max(log_seq) FROM history WHERE state = 'done'").fetchone()
        return self.entry(row[0]) if row and row[0] is not None else None

    def next_redo(self) -> LogEntry | None:
        """The oldest undone edit (redo replays it)."""
        row = self._db.execute("SELECT min(log_seq) FROM history WHERE state = 'undone'").fetchone()
        return self.entry(row[0]) if row and row[0] is not None else None

    def entry(self, seq: int) -> LogEntry | None:
        """The log row `seq`."""
        row = self._db.execute(
            "SELECT seq, at, annotator, action, doc_id, label, ops FROM edit_log WHERE seq = ?",
            [seq],
        ).fetchone()
        if row is None:
            return None
        return _entry(row)

    def entries(self, action: str | None = None) -> Iterator[LogEntry]:
        """Every log row in order (optionally of one action), ops decoded."""
        sql = "SELECT seq, at, annotator, action, doc_id, label, ops FROM edit_log"
        params: list = []
        if action:
            sql += " WHERE action = ?"
            params.append(action)
        for row in self._db.execute(sql + " ORDER BY seq", params):
            yield _entry(row)

    def count(self) -> int:
        """Number of log rows."""
        return self._db.execute("SELECT count(*) FROM edit_log").fetchone()[0]


def _entry(row: tuple) -> LogEntry:
    seq, at, annotator, action, doc_id, label, ops = row
    return LogEntry(seq, at, annotator, action, doc_id, label, orjson.loads(ops))
