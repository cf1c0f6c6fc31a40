"""DecisionStore: review decisions (accepted or rejected items), one row per item and gold layer."""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from desktop.domain import ReviewDecision

_COLUMNS = "doc_id, gold, item_key, decision, reviewer, decided_at, layer"


class DecisionStore:
    """The review_decisions table."""

    def __init__(self, db: sqlite_utils.Database):
        self._db = db

    def get(self, doc_id: str, gold: str, key: str) -> ReviewDecision | None:
        """The decision on item `key` of `doc_id` for `gold`, if any."""
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM review_decisions"
            " WHERE doc_id = ? AND gold = ? AND item_key = ?",
            [doc_id, gold, key],
        ).fetchone()
        return _decision(row) if row else None

    def put(self, decision: ReviewDecision) -> None:
        """Store a decision, replacing any earlier one on the same item."""
        self.put_many([decision])

    def put_many(self, decisions: Iterable[ReviewDecision]) -> int:
        """Store decisions, replacing earlier ones on the same items; returns how many."""
        return self._db.conn.executemany(
            f"INSERT OR REPLACE INTO review_decisions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((d.doc_id, d.gold, d.key, d.decision, d.reviewer, d.at, d.layer) for d in decisions),
        ).rowcount

    def remove(self, doc_id: str, gold: str, key: str) -> None:
        """Forget the decision on one item."""
        self._db.execute(
            "DELETE FROM review_decisions WHERE doc_id = ? AND gold = ? AND item_key = ?",
            [doc_id, gold, key],
        )

    def rejected(self, gold: str, doc_id: str | None = None) -> dict[str, set[str]]:
        """Keys of the rejected items for `gold` (of one document, or all), by document."""
        sql = "SELECT doc_id, item_key FROM review_decisions WHERE gold = ? AND decision = ?"
        params = [gold, "rejected"]
        if doc_id is not None:
            sql += " AND doc_id = ?"
            params.append(doc_id)
        found: dict[str, set[str]] = {}
        for doc, key in self._db.execute(sql, params):
            found.setdefault(doc, set()).add(key)
        return found

    def all(self) -> list[ReviewDecision]:
        """Every decision, by document, gold layer and item."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM review_decisions ORDER BY doc_id, gold, item_key"
        )
        return [_decision(row) for row in rows]

    def count(self) -> int:
        """Number of decisions."""
        return self._db.execute("SELECT count(*) FROM review_decisions").fetchone()[0]


def _decision(row: tuple) -> ReviewDecision:
    doc_id, gold, key, decision, reviewer, at, layer = row
    return ReviewDecision(doc_id, gold, key, decision, reviewer, at, layer)
