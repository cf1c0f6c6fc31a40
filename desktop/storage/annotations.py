"""SpanStore and RelationStore: the annotations of every layer."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import chain, groupby
from operator import itemgetter

import sqlite_utils

from desktop.domain import Relation, Span
from desktop.storage.rows import (
    RELATION_COLUMNS,
    SPAN_COLUMNS,
    relation_from_row,
    relation_rows,
    relations_from_rows,
    span_from_row,
    span_rows,
    span_to_row,
    spans_from_rows,
)

_doc_of_span = _doc_of_relation = itemgetter(1)  # doc_id in SPAN_COLUMNS, RELATION_COLUMNS


class SpanStore:
    """The spans table."""

    def __init__(self, db: sqlite_utils.Database):
        self._db = db

    def add(self, span: Span) -> None:
        """Insert one span."""
        self.add_many([span])

    def add_many(self, spans: Iterable[Span]) -> int:
        """Insert spans; returns how many."""
        return self._db.conn.executemany(
            f"INSERT INTO spans ({SPAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            span_rows(spans),
        ).rowcount

    def replace(self, span: Span) -> None:
        """Overwrite the stored span with the same id."""
        row = span_to_row(span)
        self._db.execute(
            'UPDATE spans SET doc_id = ?, layer = ?, start = ?, "end" = ?, label = ?, attrs = ?,'
            " actor_id = ?, note = ?, unsure = ? WHERE id = ?",
            [*row[1:], row[0]],
        )

    def relink(self, span_ids: Iterable[str], actor_id: str | None) -> int:
        """Link the spans `span_ids` to `actor_id` (None unlinks); returns how many changed."""
        ids = list(span_ids)
        changed = 0
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            changed += self._db.execute(
                f"UPDATE spans SET actor_id = ? WHERE id IN ({marks})", [actor_id, *chunk]
            ).rowcount
        return changed

    def remove(self, span_id: str) -> None:
        """Delete a span (relations touching it go by cascade)."""
        self._db.execute("DELETE FROM spans WHERE id = ?", [span_id])

    def get(self, span_id: str) -> Span | None:
        """The span with this id, if any."""
        row = self._db.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id]
        ).fetchone()
        return span_from_row(row) if row else None

    def existing_ids(self, span_ids: Iterable[str]) -> set[str]:
        """Those of `span_ids` that are stored."""
        return _existing(self._db, "spans", span_ids)

    def for_document(self, doc_id: str, layer: str | None = None) -> list[Span]:
        """Spans of a document (of one layer, or all), by start then end."""
        if layer is None:
            rows = self._db.execute(
                f'SELECT {SPAN_COLUMNS} FROM spans WHERE doc_id = ? ORDER BY start, "end"',
                [doc_id],
            )
        else:
            rows = self._db.execute(
                f"SELECT {SPAN_COLUMNS} FROM spans WHERE doc_id = ? AND layer = ?"
                ' ORDER BY start, "end"',
                [doc_id, layer],
            )
        return spans_from_rows(rows)

    def by_document(self, batch: int = 5000) -> Iterator[tuple[str, list[Span]]]:
        """(document id, its spans) for every document with spans, in project order.

        Each document's spans come by layer, start, end, then insertion order: per layer,
        the order of `for_document`. One query streams them all (no query per document).
        """
        # The index spans_doc_layer gives this order without a sort.
        cursor = self._db.execute(
            'SELECT s.id, s.doc_id, s.layer, s.start, s."end", s.label, s.attrs, s.actor_id,'
            " s.note, s.unsure"
            " FROM documents d CROSS JOIN spans s ON s.doc_id = d.id"
            ' ORDER BY d.seq, s.layer, s.start, s."end", s.rowid'
        )
        for doc_id, rows in groupby(_fetched(cursor, batch), _doc_of_span):
            yield doc_id, spans_from_rows(rows)

    def actor_links(self, layer: str) -> Iterator[tuple[str, str, int, int, str | None]]:
        """(span id, document id, start, end, actor id or None) of every ACTOR span of a layer.

        Plain tuples, in storage order: what networks need of the mentions, read in one scan.
        """
        cursor = self._db.execute(
            'SELECT id, doc_id, start, "end", actor_id FROM spans'
            " WHERE layer = ? AND label = 'ACTOR'",
            [layer],
        )
        return _fetched(cursor, 5000)

    def with_labels(self, layer: str, labels: Iterable[str]) -> Iterator[Span]:
        """The spans of a layer carrying one of `labels`, in storage order, in batches."""
        wanted = list(labels)
        marks = ",".join("?" * len(wanted))
        cursor = self._db.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE layer = ? AND label IN ({marks})",
            [layer, *wanted],
        )
        while rows := cursor.fetchmany(5000):
            yield from spans_from_rows(rows)

    def for_layer(self, layer: str) -> list[Span]:
        """Every span of a layer."""
        rows = self._db.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE layer = ? ORDER BY doc_id, start", [layer]
        )
        return spans_from_rows(rows)

    def with_actor(self, actor_id: str) -> list[Span]:
        """Spans linked to a canonical actor."""
        rows = self._db.execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE actor_id = ?", [actor_id])
        return spans_from_rows(rows)

    def count(self, layer: str | None = None) -> int:
        """Number of spans (of one layer, or all)."""
        if layer is None:
            return self._db.execute("SELECT count(*) FROM spans").fetchone()[0]
        return self._db.execute("SELECT count(*) FROM spans WHERE layer = ?", [layer]).fetchone()[0]

    def count_by_label(self) -> dict[tuple[str, str], int]:
        """Span counts keyed by (layer, label)."""
        rows = self._db.execute("SELECT layer, label, count(*) FROM spans GROUP BY layer, label")
        return {(layer, label): n for layer, label, n in rows}

    def overruns(self) -> list[tuple[str, str]]:
        """(span id, document id) of spans ending past their document's text."""
        return self._db.execute(
            "SELECT s.id, s.doc_id FROM spans s JOIN documents d ON d.id = s.doc_id"
            ' WHERE s."end" > d.text_length'
        ).fetchall()


class RelationStore:
    """The relations (roles) table."""

    def __init__(self, db: sqlite_utils.Database):
        self._db = db

    def add(self, relation: Relation) -> None:
        """Insert one relation."""
        self.add_many([relation])

    def add_many(self, relations: Iterable[Relation]) -> int:
        """Insert relations; returns how many."""
        return self._db.conn.executemany(
            f"INSERT INTO relations ({RELATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            relation_rows(relations),
        ).rowcount

    def remove(self, relation_id: str) -> None:
        """Delete a relation."""
        self._db.execute("DELETE FROM relations WHERE id = ?", [relation_id])

    def get(self, relation_id: str) -> Relation | None:
        """The relation with this id, if any."""
        row = self._db.execute(
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE id = ?", [relation_id]
        ).fetchone()
        return relation_from_row(row) if row else None

    def existing_ids(self, relation_ids: Iterable[str]) -> set[str]:
        """Those of `relation_ids` that are stored."""
        return _existing(self._db, "relations", relation_ids)

    def for_document(self, doc_id: str, layer: str | None = None) -> list[Relation]:
        """Relations of a document (of one layer, or all)."""
        if layer is None:
            rows = self._db.execute(
                f"SELECT {RELATION_COLUMNS} FROM relations WHERE doc_id = ?", [doc_id]
            )
        else:
            rows = self._db.execute(
                f"SELECT {RELATION_COLUMNS} FROM relations WHERE doc_id = ? AND layer = ?",
                [doc_id, layer],
            )
        return relations_from_rows(rows)

    def by_document(self, batch: int = 5000) -> Iterator[tuple[str, list[Relation]]]:
        """(document id, its relations) for every document with relations, in project order.

        Each document's relations come by layer, then insertion order (as `for_document`).
        """
        cursor = self._db.execute(
            "SELECT r.id, r.doc_id, r.layer, r.label, r.head_id, r.child_id"
            " FROM documents d CROSS JOIN relations r ON r.doc_id = d.id"
            " ORDER BY d.seq, r.layer, r.rowid"
        )
        for doc_id, rows in groupby(_fetched(cursor, batch), _doc_of_relation):
            yield doc_id, relations_from_rows(rows)

    def links(self, layer: str) -> Iterator[tuple[str, str, str]]:
        """(label, head id, child id) of every relation of a layer, in insertion order."""
        cursor = self._db.execute(
            "SELECT label, head_id, child_id FROM relations WHERE layer = ? ORDER BY rowid",
            [layer],
        )
        return _fetched(cursor, 5000)

    def for_layer(self, layer: str) -> list[Relation]:
        """Every relation of a layer."""
        rows = self._db.execute(
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE layer = ?", [layer]
        )
        return relations_from_rows(rows)

    def touching(self, span_id: str) -> list[Relation]:
        """Relations whose head or child is `span_id`."""
        rows = self._db.execute(
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE head_id = ?"
            f" UNION SELECT {RELATION_COLUMNS} FROM relations WHERE child_id = ?",
            [span_id, span_id],
        )
        return relations_from_rows(rows)

    def count(self, layer: str | None = None) -> int:
        """Number of relations (of one layer, or all)."""
        if layer is None:
            return self._db.execute("SELECT count(*) FROM relations").fetchone()[0]
        return self._db.execute(
            "SELECT count(*) FROM relations WHERE layer = ?", [layer]
        ).fetchone()[0]

    def count_by_label(self) -> dict[tuple[str, str], int]:
        """Relation counts keyed by (layer, label)."""
        rows = self._db.execute(
            "SELECT layer, label, count(*) FROM relations GROUP BY layer, label"
        )
        return {(layer, label): n for layer, label, n in rows}


def _fetched(cursor: sqlite3.Cursor, batch: int) -> Iterator[tuple]:
    """The rows of `cursor`, fetched `batch` at a time (without a Python loop per row)."""
    return chain.from_iterable(iter(partial(cursor.fetchmany, batch), []))


def _existing(db: sqlite_utils.Database, table: str, ids: Iterable[str]) -> set[str]:
    wanted = list(ids)
    found: set[str] = set()
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            r[0] for r in db.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk)
        )
    return found
