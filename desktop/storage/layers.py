"""LayerStore: who annotated (layers) and how far each layer got (document status)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from itertools import chain, groupby
from operator import itemgetter

import sqlite_utils


@dataclass(frozen=True, slots=True)
class LayerInfo:
    """A layer as stored: its name, kind, whether it is read-only, where it came from."""

    name: str
    kind: str = "annotator"
    read_only: bool = False
    source: str = ""


def now() -> str:
    """The current UTC time as stored in the project (ISO 8601, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class LayerStore:
    """The layers and doc_status tables."""

    def __init__(self, db: sqlite_utils.Database):
        self._db = db

    def ensure(self, layer: LayerInfo) -> bool:
        """Create the layer if missing; True if it was created."""
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO layers (name, kind, read_only, source) VALUES (?, ?, ?, ?)",
            [layer.name, layer.kind, int(layer.read_only), layer.source],
        )
        return cursor.rowcount > 0

    def set_read_only(self, name: str, read_only: bool) -> None:
        """Mark a layer read-only (a colleague's) or writable."""
        self._db.execute("UPDATE layers SET read_only = ? WHERE name = ?", [int(read_only), name])

    def remove(self, name: str) -> None:
        """Delete an empty layer."""
        self._db.execute("DELETE FROM layers WHERE name = ?", [name])

    def get(self, name: str) -> LayerInfo | None:
        """The layer called `name`, if any."""
        row = self._db.execute(
            "SELECT name, kind, read_only, source FROM layers WHERE name = ?", [name]
        ).fetchone()
        return LayerInfo(row[0], row[1], bool(row[2]), row[3]) if row else None

    def all(self) -> list[LayerInfo]:
        """Every layer, gold last."""
        rows = self._db.execute(
            "SELECT name, kind, read_only, source FROM layers ORDER BY kind = 'gold', name"
        )
        return [LayerInfo(r[0], r[1], bool(r[2]), r[3]) for r in rows]

    # --- document status ---------------------------------------------------
    def status(self, doc_id: str, layer: str) -> str:
        """The status of a document in a layer ('new' if never set)."""
        row = self._db.execute(
            "SELECT status FROM doc_status WHERE doc_id = ? AND layer = ?", [doc_id, layer]
        ).fetchone()
        return row[0] if row else "new"

    def set_status(self, doc_id: str, layer: str, status: str) -> None:
        """Set the status of a document in a layer."""
        self._db.execute(
            "INSERT INTO doc_status (doc_id, layer, status, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (doc_id, layer) DO UPDATE"
            " SET status = excluded.status, updated_at = excluded.updated_at",
            [doc_id, layer, status, now()],
        )

    def set_statuses(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Set many (doc_id, layer, status) at once."""
        stamp = now()
        self._db.conn.executemany(
            "INSERT INTO doc_status (doc_id, layer, status, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (doc_id, layer) DO UPDATE"
            " SET status = excluded.status, updated_at = excluded.updated_at",
            ((d, layer, s, stamp) for d, layer, s in rows),
        )

    def count_with_status(self, layer: str, status: str) -> int:
        """How many documents `layer` has marked `status` (an index lookup, not a scan)."""
        return self._db.execute(
            "SELECT count(*) FROM doc_status WHERE layer = ? AND status = ?", [layer, status]
        ).fetchone()[0]

    def status_counts(self) -> dict[tuple[str, str], int]:
        """Counts keyed by (layer, status) of documents with a stored status."""
        rows = self._db.execute("SELECT layer, status, count(*) FROM doc_status GROUP BY 1, 2")
        return {(layer, status): n for layer, status, n in rows}

    def done_documents(self, layers: Iterable[str]) -> list[str]:
        """Ids of documents that every one of `layers` has marked done."""
        names = list(layers)
        if not names:
            return []
        marks = ",".join("?" * len(names))
        rows = self._db.execute(
            f"SELECT doc_id FROM doc_status WHERE status = 'done' AND layer IN ({marks})"
            " GROUP BY doc_id HAVING count(DISTINCT layer) = ?",
            [*names, len(names)],
        )
        return [r[0] for r in rows]

    def documents_with(self, layer: str) -> list[str]:
        """Ids of documents that have any annotation or status in `layer`."""
        rows = self._db.execute(
            "SELECT doc_id FROM spans WHERE layer = ? UNION SELECT doc_id FROM doc_status"
            " WHERE layer = ?",
            [layer, layer],
        )
        return [r[0] for r in rows]

    def statuses_by_document(self) -> Iterator[tuple[str, dict[str, str]]]:
        """(document id, {layer: status}) of each document with a stored status, in order."""
        cursor = self._db.execute(
            "SELECT t.doc_id, t.layer, t.status"
            " FROM documents d CROSS JOIN doc_status t ON t.doc_id = d.id ORDER BY d.seq"
        )
        rows = _fetched(cursor)
        for doc_id, group in groupby(rows, _first):
            yield doc_id, {layer: status for _, layer, status in group}


_first = itemgetter(0)


def _fetched(cursor, batch: int = 5000) -> Iterator[tuple]:
    """The rows of `cursor`, fetched `batch` at a time."""
    return chain.from_iterable(iter(partial(cursor.fetchmany, batch), []))
