"""Finding every problem in a project file, with its table and row, and repairing what can be.

`problems(db)` never stops at the first problem: each check runs on its own, and a table
that cannot be read (a damaged page) is itself reported. `repair(db)` rebuilds what is
derived from other data (indexes, triggers, the full-text index, `text_length`, undo
entries whose ops cannot be read) and leaves the rest to be reported.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator

import orjson
import sqlite_utils

from desktop.domain import DomainError, Relation, Span
from desktop.storage.migrations import LATEST_VERSION, apply_migrations
from desktop.storage.rows import RELATION_COLUMNS, SPAN_COLUMNS, relation_from_row, span_from_row

Check = Callable[[sqlite_utils.Database], Iterator[str]]


def problems(db: sqlite_utils.Database) -> list[str]:
    """Every problem found, one line each (`TABLE row N: reason`)."""
    found: list[str] = []
    for check in CHECKS:
        try:
            found.extend(check(db))
        except sqlite3.DatabaseError as exc:
            found.append(f"{_NAMES.get(check, check.__name__)}: cannot be read ({exc})")
    return found


def _integrity(db: sqlite_utils.Database) -> Iterator[str]:
    for (line,) in db.execute("PRAGMA integrity_check(10000)").fetchall():
        if line != "ok":
            yield f"damaged file: {line}"


def _foreign_keys(db: sqlite_utils.Database) -> Iterator[str]:
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall():
        yield f"{table} row {rowid}: points to a missing {parent}"


def expected_objects() -> dict[tuple[str, str], str]:
    """(type, name) -> SQL of every table, index and trigger a current project has."""
    memory = sqlite_utils.Database(sqlite3.connect(":memory:", isolation_level=None))
    apply_migrations(memory, 0)
    rows = memory.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
    ).fetchall()
    memory.conn.close()
    return {(kind, name): sql for kind, name, sql in rows}


def _schema_objects(db: sqlite_utils.Database) -> Iterator[str]:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version != LATEST_VERSION:
        return
    present = {
        (kind, name): sql
        for kind, name, sql in db.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
        )
    }
    for (kind, name), sql in expected_objects().items():
        if (kind, name) not in present:
            yield f"sqlite_master: {kind} {name} is missing"
        elif _squash(present[kind, name]) != _squash(sql):
            yield f"sqlite_master: {kind} {name} differs from what Gloss creates"


def _squash(sql: str) -> str:
    return " ".join(sql.split())


def _documents(db: sqlite_utils.Database) -> Iterator[str]:
    rows = db.execute(
        "SELECT seq, id, CAST(text AS BLOB), text_length, text_sha256, json_valid(meta),"
        " CASE WHEN json_valid(meta) THEN json_type(meta) END FROM documents ORDER BY seq"
    )
    for seq, doc_id, raw, length, sha, meta_ok, meta_type in rows:
        where = f"documents row {seq} ({doc_id})"
        raw = raw or b""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield f"{where}: text is not UTF-8 (byte {exc.start})"
            continue
        if length != len(text):
            yield f"{where}: text_length is {length}, the text has {len(text)} characters"
        if sha != hashlib.sha256(raw).hexdigest():
            yield f"{where}: text does not match its stored hash"
        if not meta_ok or meta_type != "object":
            yield f"{where}: meta is not a JSON object"


def _spans(db: sqlite_utils.Database) -> Iterator[str]:
    rows = db.execute(
        'SELECT s.rowid, s.id, s.start, s."end", typeof(s.start), typeof(s."end"), s.label,'
        " json_valid(s.attrs), CASE WHEN json_valid(s.attrs) THEN json_type(s.attrs) END,"
        " length(d.text)"
        " FROM spans s LEFT JOIN documents d ON d.id = s.doc_id"
    )
    for rowid, span_id, start, end, start_type, end_type, label, attrs_ok, attrs_type, size in rows:
        where = f"spans row {rowid} ({span_id})"
        if start_type != "integer" or end_type != "integer":
            yield f"{where}: offsets are not integers"
        elif start < 0 or end <= start:
            yield f"{where}: offsets {start}-{end} are not a range"
        elif size is not None and end > size:
            yield f"{where}: ends at {end}, past the text ({size} characters)"
        if not label:
            yield f"{where}: no label"
        if not attrs_ok or attrs_type != "object":
            yield f"{where}: attrs is not a JSON object"


def _relations(db: sqlite_utils.Database) -> Iterator[str]:
    rows = db.execute(
        "SELECT r.rowid, r.id, r.doc_id, r.layer, r.head_id, r.child_id,"
        " h.doc_id, h.layer, c.doc_id, c.layer"
        " FROM relations r LEFT JOIN spans h ON h.id = r.head_id"
        " LEFT JOIN spans c ON c.id = r.child_id"
    )
    for rowid, rel_id, doc, layer, head, child, h_doc, h_layer, c_doc, c_layer in rows:
        where = f"relations row {rowid} ({rel_id})"
        if head == child:
            yield f"{where}: links span {head} to itself"
        if (h_doc is not None and h_doc != doc) or (c_doc is not None and c_doc != doc):
            yield f"{where}: doc_id {doc} is not the document of its spans"
        if (h_layer is not None and h_layer != layer) or (c_layer is not None and c_layer != layer):
            yield f"{where}: crosses layers"


def _statuses(db: sqlite_utils.Database) -> Iterator[str]:
    rows = db.execute(
        "SELECT doc_id, layer, status FROM doc_status"
        " WHERE status NOT IN ('new', 'in_progress', 'done')"
    )
    for doc_id, layer, status in rows:
        yield f"doc_status row ({doc_id}, {layer}): unknown status {status!r}"


def _edit_log(db: sqlite_utils.Database) -> Iterator[str]:
    for seq in damaged_log_entries(db, only_stack=True):
        yield f"edit_log row {seq}: ops cannot be read (undo and redo stop here)"
    rows = db.execute("SELECT log_seq, state FROM history WHERE state NOT IN ('done', 'undone')")
    for seq, state in rows:
        yield f"history row {seq}: unknown state {state!r}"


def damaged_log_entries(db: sqlite_utils.Database, only_stack: bool = False) -> list[int]:
    """Edit-log rows whose ops are not UTF-8 JSON lists (only those on the undo stack)."""
    sql = "SELECT seq, CAST(ops AS BLOB) FROM edit_log"
    if only_stack:
        sql += " WHERE seq IN (SELECT log_seq FROM history)"
    damaged = []
    for seq, raw in db.execute(sql):
        try:
            ok = isinstance(orjson.loads(raw or b""), list)
        except orjson.JSONDecodeError:
            ok = False
        if not ok:
            damaged.append(seq)
    return damaged


def _settings(db: sqlite_utils.Database) -> Iterator[str]:
    values = dict(db.execute("SELECT key, value FROM settings").fetchall())
    mark = values.get("fts_seq")
    if mark is None or not str(mark).isdigit():
        yield f"settings row fts_seq: {mark!r} is not a number"
    schema = values.get("schema")
    if schema is not None:
        try:
            if not isinstance(orjson.loads(schema), dict):
                raise orjson.JSONDecodeError("not an object", "", 0)
        except orjson.JSONDecodeError:
            yield "settings row schema: not a JSON object"


def _full_text(db: sqlite_utils.Database) -> Iterator[str]:
    """Documents the full-text index should hold and does not, and entries of no document."""
    row = db.execute("SELECT value FROM settings WHERE key = 'fts_seq'").fetchone()
    if row is None or not str(row[0]).isdigit():
        return
    mark = int(row[0])
    missing = db.execute(
        "SELECT seq, id FROM documents WHERE seq <= ?"
        " AND seq NOT IN (SELECT id FROM documents_fts_docsize)",
        [mark],
    ).fetchall()
    for seq, doc_id in missing:
        yield f"documents_fts: document row {seq} ({doc_id}) is missing from the full-text index"
    extra = db.execute(
        "SELECT id FROM documents_fts_docsize"
        " WHERE id > ? OR id NOT IN (SELECT seq FROM documents)",
        [mark],
    ).fetchall()
    for (rowid,) in extra:
        yield f"documents_fts: row {rowid} indexes no current document"
    yield from _full_text_structure(db)
    if not db.execute("PRAGMA query_only").fetchone()[0]:
        try:
            with db.atomic():
                db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            yield f"documents_fts: the full-text index is stale or damaged ({exc})"


def _full_text_structure(db: sqlite_utils.Database) -> Iterator[str]:
    """Walk every term of the full-text index (a damaged page of it raises).

    Through a temporary fts5vocab table, which a read-only connection may create: its
    main file stays untouched (query_only is lifted for the temporary table only).
    """
    guarded = db.execute("PRAGMA query_only").fetchone()[0]
    if guarded:
        db.execute("PRAGMA query_only = OFF")
    try:
        db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.gloss_fts_terms"
            " USING fts5vocab(main, documents_fts, 'row')"
        )
        db.execute("SELECT count(*), sum(cnt) FROM temp.gloss_fts_terms").fetchone()
    except sqlite3.DatabaseError as exc:
        yield f"documents_fts: the full-text index is damaged ({exc})"
    finally:
        try:
            db.execute("DROP TABLE IF EXISTS temp.gloss_fts_terms")
        finally:
            if guarded:
                db.execute("PRAGMA query_only = ON")


CHECKS: tuple[Check, ...] = (
    _integrity,
    _foreign_keys,
    _schema_objects,
    _documents,
    _spans,
    _relations,
    _statuses,
    _edit_log,
    _settings,
    _full_text,
)
_NAMES: dict[Check, str] = {
    _integrity: "file",
    _foreign_keys: "references",
    _schema_objects: "sqlite_master",
    _documents: "documents",
    _spans: "spans",
    _relations: "relations",
    _statuses: "doc_status",
    _edit_log: "edit_log",
    _settings: "settings",
    _full_text: "documents_fts",
}


def repair(db: sqlite_utils.Database) -> list[str]:
    """Rebuild what is derived: indexes and triggers, the full-text index, text_length,
    and the undo stack without entries whose ops cannot be read. Returns what was done."""
    done: list[str] = []
    present = {(kind, name) for kind, name in db.execute("SELECT type, name FROM sqlite_master")}
    with db.atomic():
        for (kind, name), sql in expected_objects().items():
            if kind in ("index", "trigger") and (kind, name) not in present:
                db.execute(sql)
                done.append(f"recreated {kind} {name}")
        db.execute("REINDEX")
        done.append("rebuilt every index")
        fixed = db.execute(
            "UPDATE documents SET text_length = length(text) WHERE text_length != length(text)"
        ).rowcount
        if fixed:
            done.append(f"corrected text_length of {fixed} document(s)")
        db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
        db.execute(
            "INSERT OR REPLACE INTO settings (key, value)"
            " SELECT 'fts_seq', CAST(coalesce(max(seq), 0) AS TEXT) FROM documents"
        )
        done.append("rebuilt the full-text index")
        damaged = damaged_log_entries(db, only_stack=True)
        if damaged:
            marks = ",".join("?" * len(damaged))
            db.execute(f"DELETE FROM history WHERE log_seq IN ({marks})", damaged)
            done.append(f"removed {len(damaged)} unreadable edit(s) from the undo stack")
    return done


_VALID_SPAN = (
    "json_valid({p}attrs) AND json_type({p}attrs) = 'object' AND typeof({p}start) = 'integer'"
    ' AND typeof({p}"end") = \'integer\' AND {p}start >= 0 AND {p}"end" > {p}start'
    " AND {p}label <> ''"
)


def checkable_spans(db: sqlite_utils.Database) -> Iterator[Span]:
    """Every span whose row is well formed (the others are reported by `problems`)."""
    for row in db.execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE {_VALID_SPAN.format(p='')}"):
        try:
            yield span_from_row(row)
        except (DomainError, ValueError, TypeError):
            continue


def checkable_relations(db: sqlite_utils.Database) -> Iterator[tuple[Relation, Span, Span]]:
    """(relation, head, child) for every relation between two well-formed spans."""
    head_columns = ", ".join(f"h.{c.strip()}" for c in SPAN_COLUMNS.split(","))
    child_columns = ", ".join(f"c.{c.strip()}" for c in SPAN_COLUMNS.split(","))
    relation_columns = ", ".join(f"r.{c.strip()}" for c in RELATION_COLUMNS.split(","))
    rows = db.execute(
        f"SELECT {relation_columns}, {head_columns}, {child_columns} FROM relations r"
        " JOIN spans h ON h.id = r.head_id JOIN spans c ON c.id = r.child_id"
        f" WHERE r.head_id <> r.child_id AND r.label <> ''"
        f" AND {_VALID_SPAN.format(p='h.')} AND {_VALID_SPAN.format(p='c.')}"
    )
    r, h = len(RELATION_COLUMNS.split(",")), len(SPAN_COLUMNS.split(","))
    for row in rows:
        try:
            yield (
                relation_from_row(row[:r]),
                span_from_row(row[r : r + h]),
                span_from_row(row[r + h :]),
            )
        except (DomainError, ValueError, TypeError):
            continue
