"""Numbered migrations of the project file; each runs in one transaction with its own record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

APPLICATION_ID = 0x474C5353  # "GLSS"

_V1 = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE CHECK (id <> ''),
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL CHECK (length(text) > 0),
    text_length INTEGER NOT NULL CHECK (text_length > 0),
    text_sha256 TEXT NOT NULL CHECK (length(text_sha256) = 64),
    meta TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE layers (
    name TEXT PRIMARY KEY CHECK (name <> ''),
    kind TEXT NOT NULL DEFAULT 'annotator' CHECK (kind IN ('annotator', 'gold')),
    read_only INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1)),
    source TEXT NOT NULL DEFAULT ''
);
CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    kind TEXT NOT NULL DEFAULT 'other'
);
CREATE TABLE actor_aliases (
    actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    alias TEXT NOT NULL CHECK (trim(alias) <> ''),
    PRIMARY KEY (actor_id, alias)
) WITHOUT ROWID;
CREATE TABLE spans (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    layer TEXT NOT NULL REFERENCES layers(name),
    start INTEGER NOT NULL CHECK (typeof(start) = 'integer' AND start >= 0),
    "end" INTEGER NOT NULL CHECK (typeof("end") = 'integer' AND "end" > start),
    label TEXT NOT NULL CHECK (label <> ''),
    attrs TEXT NOT NULL DEFAULT '{}',
    actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL
);
CREATE TABLE relations (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    layer TEXT NOT NULL REFERENCES layers(name),
    label TEXT NOT NULL CHECK (label <> ''),
    head_id TEXT NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    child_id TEXT NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    CHECK (head_id <> child_id)
);
CREATE TABLE doc_status (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    layer TEXT NOT NULL REFERENCES layers(name),
    status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'done')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, layer)
) WITHOUT ROWID;
CREATE TABLE edit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    annotator TEXT NOT NULL,
    action TEXT NOT NULL,
    doc_id TEXT,
    label TEXT NOT NULL DEFAULT '',
    ops TEXT NOT NULL
);
CREATE TRIGGER edit_log_no_update BEFORE UPDATE ON edit_log
BEGIN SELECT RAISE(ABORT, 'edit_log is append-only'); END;
CREATE TRIGGER edit_log_no_delete BEFORE DELETE ON edit_log
BEGIN SELECT RAISE(ABORT, 'edit_log is append-only'); END;
CREATE TABLE history (
    log_seq INTEGER PRIMARY KEY REFERENCES edit_log(seq),
    state TEXT NOT NULL CHECK (state IN ('done', 'undone'))
);
CREATE INDEX spans_doc_layer ON spans (doc_id, layer, start, "end");
CREATE INDEX spans_actor ON spans (actor_id) WHERE actor_id IS NOT NULL;
CREATE INDEX relations_doc_layer ON relations (doc_id, layer);
CREATE INDEX relations_head ON relations (head_id);
CREATE INDEX relations_child ON relations (child_id);
CREATE INDEX documents_sha ON documents (text_sha256);
CREATE INDEX doc_status_layer ON doc_status (layer, status);
CREATE INDEX edit_log_action ON edit_log (action, at);
CREATE INDEX history_state ON history (state, log_seq);
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, text, content='documents', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents
WHEN old.seq <= (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'fts_seq')
BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents
WHEN old.seq <= (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'fts_seq')
BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
INSERT INTO settings (key, value) VALUES ('fts_seq', '0');
"""


def _v1(db: sqlite_utils.Database) -> None:
    for statement in _split(_V1):
        db.execute(statement)


def _split(script: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    current: list[str] = []
    in_trigger = False
    for line in script.strip().splitlines():
        current.append(line)
        stripped = line.strip().upper()
        if stripped.startswith("CREATE TRIGGER"):
            in_trigger = True
        ends = stripped.endswith("END;") if in_trigger else stripped.endswith(";")
        if ends:
            statements.append("\n".join(current))
            current = []
            in_trigger = False
    return statements


_V2 = """
CREATE TABLE review_decisions (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    gold TEXT NOT NULL CHECK (gold <> ''),
    item_key TEXT NOT NULL CHECK (item_key <> ''),
    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    reviewer TEXT NOT NULL CHECK (reviewer <> ''),
    decided_at TEXT NOT NULL,
    layer TEXT,
    PRIMARY KEY (doc_id, gold, item_key)
) WITHOUT ROWID;
CREATE INDEX review_decisions_gold ON review_decisions (gold, decision);
"""

_OLD_REJECT = "Reject "


def _v2(db: sqlite_utils.Database) -> None:
    """Review decisions become a table; rejections kept until now only as edit-log labels
    ("Reject <key>", undone by "Undo Reject <key>", redone by "Redo Reject <key>") move in."""
    for statement in _split(_V2):
        db.execute(statement)
    live: dict[tuple[str, str], tuple[bool, str, str]] = {}
    rows = db.execute(
        "SELECT action, doc_id, label, annotator, at FROM edit_log"
        " WHERE action IN ('review_reject', 'undo', 'redo') AND doc_id IS NOT NULL ORDER BY seq"
    )
    prefixes = {"review_reject": ("", True), "undo": ("Undo ", False), "redo": ("Redo ", True)}
    for action, doc_id, label, annotator, at in rows:
        prefix, state = prefixes[action]
        if label.startswith(prefix + _OLD_REJECT):
            live[doc_id, label[len(prefix + _OLD_REJECT) :]] = (state, annotator, at)
    db.conn.executemany(
        "INSERT INTO review_decisions (doc_id, gold, item_key, decision, reviewer, decided_at)"
        " SELECT ?, 'gold', ?, 'rejected', ?, ?"
        " WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?)",
        [
            (doc_id, key, annotator or "reviewer", at, doc_id)
            for (doc_id, key), (state, annotator, at) in live.items()
            if state and key
        ],
    )


def _v6(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE spans ADD COLUMN note TEXT NOT NULL DEFAULT ''")
    db.execute(
        "ALTER TABLE spans ADD COLUMN unsure INTEGER NOT NULL DEFAULT 0 CHECK (unsure IN (0, 1))"
    )


MIGRATIONS: list[tuple[int, str, Callable[[sqlite_utils.Database], None]]] = [
    (1, "initial tables, full-text index and append-only edit log", _v1),
    (2, "review decisions as a table (rejections moved out of edit-log labels)", _v2),
    (6, "a note and an unsure flag on each span", _v6),
]
LATEST_VERSION = MIGRATIONS[-1][0]


def apply_migrations(db: sqlite_utils.Database, current: int) -> list[int]:
    """Apply every migration above `current`, each in its own transaction; return those applied."""
    applied: list[int] = []
    for version, name, migrate in MIGRATIONS:
        if version <= current:
            continue
        with db.atomic():
            migrate(db)
            db.execute(
                "CREATE TABLE IF NOT EXISTS _migrations"
                " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            db.execute(
                "INSERT INTO _migrations (version, name, applied_at) VALUES (?, ?, ?)",
                [version, name, datetime.now(UTC).isoformat(timespec="seconds")],
            )
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {version}")
        applied.append(version)
    return applied
