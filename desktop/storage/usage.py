"""UsageStore: how the annotations use the codebook (labels, attribute values, roles)."""

from __future__ import annotations

from collections.abc import Iterable

import orjson
import sqlite_utils

from desktop.domain import Relation, Span
from desktop.storage.rows import (
    RELATION_COLUMNS,
    SPAN_COLUMNS,
    relations_from_rows,
    spans_from_rows,
)


class UsageStore:
    """Counts and selections of annotations by label, for codebook changes and guides."""

    def __init__(self, db: sqlite_utils.Database):
        self._db = db

    def span_attributes(self) -> list[tuple[str, dict[str, object], int]]:
        """(label, attributes, how many spans) for every distinct pair stored."""
        rows = self._db.execute("SELECT label, attrs, count(*) FROM spans GROUP BY label, attrs")
        return [(label, orjson.loads(attrs), n) for label, attrs, n in rows]

    def roles(self) -> list[tuple[str, str, str, int]]:
        """(role, head label, tail label, how many relations) for every distinct triple."""
        rows = self._db.execute(
            "SELECT r.label, h.label, t.label, count(*) FROM relations r"
            " JOIN spans h ON h.id = r.head_id JOIN spans t ON t.id = r.child_id"
            " GROUP BY r.label, h.label, t.label"
        )
        return [(role, head, tail, n) for role, head, tail, n in rows]

    def spans_labelled(self, labels: Iterable[str]) -> list[Span]:
        """Every span whose label is one of `labels`, in project order."""
        wanted = list(labels)
        marks = ", ".join("?" for _ in wanted)
        rows = self._db.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE label IN ({marks})"
            ' ORDER BY doc_id, layer, start, "end", rowid',
            wanted,
        )
        return spans_from_rows(rows)

    def spans_with_value(self, attribute: str, value: str) -> list[Span]:
        """Every span whose attribute `attribute` is `value`."""
        rows = self._db.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE json_extract(attrs, ?) = ?"
            ' ORDER BY doc_id, layer, start, "end", rowid',
            [_path(attribute), value],
        )
        return spans_from_rows(rows)

    def first_spans(self, layer: str, label: str, limit: int = 3) -> list[Span]:
        """The first `limit` spans of `layer` labelled `label`, in project order."""
        rows = self._db.execute(
            f"SELECT {', '.join('s.' + c.strip() for c in SPAN_COLUMNS.split(','))}"
            " FROM spans s JOIN documents d ON d.id = s.doc_id"
            " WHERE s.layer = ? AND s.label = ? ORDER BY d.seq, s.start LIMIT ?",
            [layer, label, limit],
        )
        return spans_from_rows(rows)

    def done_by_layer(self) -> dict[str, int]:
        """How many documents each layer marked done."""
        rows = self._db.execute(
            "SELECT layer, count(*) FROM doc_status WHERE status = 'done' GROUP BY layer"
        )
        return dict(rows.fetchall())

    def spans_by_layer(self) -> dict[str, int]:
        """How many spans each layer holds."""
        return dict(self._db.execute("SELECT layer, count(*) FROM spans GROUP BY layer").fetchall())

    def relations_labelled(self, label: str) -> list[Relation]:
        """Every relation in role `label`."""
        rows = self._db.execute(
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE label = ? ORDER BY doc_id, rowid",
            [label],
        )
        return relations_from_rows(rows)


def _path(attribute: str) -> str:
    """A JSON path naming one key, whatever characters it holds."""
    return "$." + orjson.dumps(attribute).decode("utf-8")
