"""DocumentStore: documents, their order, summaries for lists, and lazy full-text search."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import orjson
import sqlite_utils

from desktop.domain import Document
from desktop.storage.rows import (
    DOCUMENT_COLUMNS,
    document_from_row,
    document_rows,
    documents_from_rows,
)

# id, title, head of text, status in the layer (param 1), span count in the layer (param 2)
_SUMMARY_COLUMNS = (
    "d.id, d.title, substr(d.text, 1, 120),"
    " coalesce((SELECT status FROM doc_status s WHERE s.doc_id = d.id AND s.layer = ?), 'new'),"
    " (SELECT count(*) FROM spans p WHERE p.doc_id = d.id AND p.layer = ?)"
)


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What a document list shows for one row."""

    id: str
    title: str
    status: str
    span_count: int


class DocumentStore:
    """The documents table and its full-text index."""

    def __init__(self, db: sqlite_utils.Database):
        self._db = db

    def add(self, document: Document) -> None:
        """Insert one document (its id must be new)."""
        self.add_many([document])

    def add_many(self, documents: Iterable[Document], hashes: Iterable[str] | None = None) -> int:
        """Insert documents; returns how many. `hashes`, if given, are their `sha256`s."""
        cursor = self._db.conn.executemany(
            "INSERT INTO documents (id, title, text, text_length, text_sha256, meta)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            document_rows(documents, hashes),
        )
        return cursor.rowcount

    def remove(self, doc_id: str) -> None:
        """Delete a document and, by cascade, its annotations."""
        self._db.execute("DELETE FROM documents WHERE id = ?", [doc_id])

    def get(self, doc_id: str) -> Document | None:
        """The document with this id, if any."""
        row = self._db.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", [doc_id]
        ).fetchone()
        return document_from_row(row) if row else None

    def hashes(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """Text hashes of those of `doc_ids` that exist."""
        ids = list(doc_ids)
        found: dict[str, str] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for doc_id, sha in self._db.execute(
                f"SELECT id, text_sha256 FROM documents WHERE id IN ({marks})", chunk
            ):
                found[doc_id] = sha
        return found

    def all_hashes(self) -> dict[str, str]:
        """Every document id with its text hash."""
        return dict(self._db.execute("SELECT id, text_sha256 FROM documents").fetchall())

    def text_lengths(self) -> dict[str, int]:
        """Every document id with its text length in code points."""
        return dict(self._db.execute("SELECT id, text_length FROM documents").fetchall())

    def metas(self) -> dict[str, dict]:
        """The meta of every document that has any, by id (dates, sources: no text)."""
        rows = self._db.execute("SELECT id, meta FROM documents WHERE meta <> '{}'")
        return {doc_id: orjson.loads(meta) for doc_id, meta in rows}

    def set_meta(self, doc_id: str, meta: dict) -> None:
        """Replace a document's meta (date, source, author, URL, ...)."""
        self._db.execute(
            "UPDATE documents SET meta = ? WHERE id = ?", [orjson.dumps(meta).decode(), doc_id]
        )

    def count(self) -> int:
        """Number of documents."""
        return self._db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def ids(self) -> list[str]:
        """All document ids in project order."""
        return [r[0] for r in self._db.execute("SELECT id FROM documents ORDER BY seq")]

    def iter_all(self, batch: int = 1000) -> Iterator[Document]:
        """Every document in project order, fetched in batches."""
        cursor = self._db.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents ORDER BY seq")
        while rows := cursor.fetchmany(batch):
            yield from documents_from_rows(rows)

    def first_id(self) -> str | None:
        """The first document in project order."""
        row = self._db.execute("SELECT id FROM documents ORDER BY seq LIMIT 1").fetchone()
        return row[0] if row else None

    # --- lists -------------------------------------------------------------
    def _filter_sql(
        self, layer: str, status: str | None, query: str | None, wait: bool = True
    ) -> tuple[str, list]:
        clauses: list[str] = []
        params: list = []
        if status == "new":
            clauses.append(
                "NOT EXISTS (SELECT 1 FROM doc_status s WHERE s.doc_id = d.id"
                " AND s.layer = ? AND s.status <> 'new')"
            )
            params.append(layer)
        elif status:
            clauses.append(
                "EXISTS (SELECT 1 FROM doc_status s WHERE s.doc_id = d.id"
                " AND s.layer = ? AND s.status = ?)"
            )
            params += [layer, status]
        if query:
            if wait:
                self.ensure_fts()
            clauses.append("d.seq IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
            params.append(_fts_query(query))
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return where, params

    def filtered_count(
        self, layer: str, status: str | None = None, query: str | None = None
    ) -> int:
        """How many documents pass the status filter and full-text query."""
        where, params = self._filter_sql(layer, status, query)
        return self._db.execute(f"SELECT count(*) FROM documents d {where}", params).fetchone()[0]

    def filtered_seqs(
        self, layer: str, status: str | None = None, query: str | None = None, wait: bool = True
    ) -> list[int]:
        """The `seq` keys of the documents passing the filter, in project order.

        One indexed scan: 100,000 documents give 100,000 ints (under a megabyte), with
        which a list finds a row's key, or a key's row (by bisection), without counting.
        """
        where, params = self._filter_sql(layer, status, query, wait)
        rows = self._db.execute(f"SELECT d.seq FROM documents d {where} ORDER BY d.seq", params)
        return [seq for (seq,) in rows]

    def seq_of(self, doc_id: str) -> int | None:
        """The `seq` key (project order) of `doc_id`, if there is such a document."""
        row = self._db.execute("SELECT seq FROM documents WHERE id = ?", [doc_id]).fetchone()
        return row[0] if row else None

    def summaries_of(self, layer: str, seqs: Sequence[int]) -> list[DocumentSummary | None]:
        """Summaries of the documents with these `seq` keys, in the order given.

        A key with no document (removed since it was read) gives None. Fetches by primary
        key, so a page far down a long list costs what the first one does (no OFFSET).
        """
        found: dict[int, DocumentSummary] = {}
        keys = list(seqs)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT d.seq, {_SUMMARY_COLUMNS} FROM documents d WHERE d.seq IN ({marks})",
                [layer, layer, *chunk],
            )
            for seq, doc_id, title, head, status, count in rows:
                found[seq] = DocumentSummary(doc_id, title or _first_line(head), status, count)
        return [found.get(seq) for seq in keys]

    # --- full-text search ----------------------------------------------------
    def _fts_mark(self) -> int:
        row = self._db.execute("SELECT value FROM settings WHERE key = 'fts_seq'").fetchone()
        return int(row[0])

    def ensure_fts(self, limit: int | None = None) -> int:
        """Index documents added since the last search (at most `limit` of them, in project
        order); returns how many were indexed.

        The index is filled lazily so that bulk imports stay as fast as plain inserts; the
        window fills it a chunk at a time when idle (`limit`), so no search waits for it.
        """
        mark = self._fts_mark()
        if limit is None:
            top = self._db.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchone()[0]
        else:
            row = self._db.execute(
                "SELECT max(seq) FROM (SELECT seq FROM documents WHERE seq > ? ORDER BY seq"
                " LIMIT ?)",
                [mark, max(1, limit)],
            ).fetchone()
            top = row[0] if row[0] is not None else mark
        if top <= mark or self._db.execute("PRAGMA query_only").fetchone()[0]:
            return 0  # (a read-only project searches what was indexed)
        with self._db.atomic():
            cursor = self._db.execute(
                "INSERT INTO documents_fts (rowid, title, text)"
                " SELECT seq, title, text FROM documents WHERE seq > ? AND seq <= ?",
                [mark, top],
            )
            self._db.execute("UPDATE settings SET value = ? WHERE key = 'fts_seq'", [str(top)])
        return cursor.rowcount

    def fts_pending(self) -> int:
        """How many documents the full-text index does not hold yet."""
        return self._db.execute(
            "SELECT count(*) FROM documents WHERE seq > ?", [self._fts_mark()]
        ).fetchone()[0]

    def search(self, query: str, limit: int = 100) -> list[str]:
        """Ids of documents matching a full-text query, best first."""
        self.ensure_fts()
        rows = self._db.execute(
            "SELECT d.id FROM documents_fts f JOIN documents d ON d.seq = f.rowid"
            " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
            [_fts_query(query), limit],
        )
        return [r[0] for r in rows]


def _first_line(text: str) -> str:
    stripped = text.strip()
    return stripped.splitlines()[0][:80] if stripped else ""


def _fts_query(query: str) -> str:
    """Quote each word so that user input is never parsed as FTS syntax; words are ANDed."""
    words = [w for w in query.replace('"', " ").split() if w]
    return " ".join(f'"{w}"*' if i == len(words) - 1 else f'"{w}"' for i, w in enumerate(words))
