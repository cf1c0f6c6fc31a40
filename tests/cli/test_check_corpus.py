"""`gloss check` against hand-corrupted projects: every invariant broken once, and damaged
pages; each is found with its table and row, all of them together are all reported, and
`gloss check --repair` rebuilds what can be rebuilt."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.domain import Document
from desktop.workspace import Workspace
from tests.cli.helpers import gloss, run

TEXTS = {
    "d1": "HRW accused the army of torture.\r\nThe army denied it.",
    "d2": "Police said nothing 😀 about the raid.",
    "d3": "Witnesses described beatings.",
}


def _base(path: Path) -> Path:
    """A healthy project: three documents, spans and a role, an indexed full-text search,
    and an edit history with undo entries."""
    ws = Workspace.open(path, create=True)
    ws.set_annotator("alice")
    ws.add_documents([Document(doc_id, text) for doc_id, text in TEXTS.items()])
    accused = ws.add_span("d1", 4, 11, "ALLEGATION").span_ids
    hrw = ws.add_span("d1", 0, 3, "ACTOR").span_ids
    ws.add_relation(next(iter(accused)), next(iter(hrw)), "accuser")
    ws.add_span("d2", 0, 6, "ACTOR")
    ws.add_span("d2", 12, 19, "EVIDENCE")
    ws.add_span("d3", 0, 9, "ACTOR")
    ws.set_status("d3", "done")
    ws.close()
    db = sqlite3.connect(path, isolation_level=None)  # the full-text index, as a search fills it
    db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
    db.execute("UPDATE settings SET value = (SELECT max(seq) FROM documents) WHERE key = 'fts_seq'")
    db.close()
    return path


@pytest.fixture(scope="module")
def healthy(tmp_path_factory) -> Path:
    """The healthy project (copied for each corruption)."""
    return _base(tmp_path_factory.mktemp("check") / "healthy.gloss")


def _raw(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("PRAGMA ignore_check_constraints = ON")
    return db


def _span(db, label: str, doc: str = "d1") -> str:
    return db.execute(
        "SELECT id FROM spans WHERE label = ? AND doc_id = ?", [label, doc]
    ).fetchone()[0]


def _relation(db) -> str:
    return db.execute("SELECT id FROM relations").fetchone()[0]


def _damage_undo(db) -> None:
    db.execute("DROP TRIGGER edit_log_no_update")
    top = db.execute("SELECT max(log_seq) FROM history").fetchone()[0]
    db.execute("UPDATE edit_log SET ops = CAST(X'FFFE7B' AS TEXT) WHERE seq = ?", [top])
    db.execute(
        "CREATE TRIGGER edit_log_no_update BEFORE UPDATE ON edit_log"
        " BEGIN SELECT RAISE(ABORT, 'edit_log is append-only'); END"
    )


def _stale_fts(db) -> None:
    seq, title, text = db.execute("SELECT seq, title, text FROM documents WHERE id='d2'").fetchone()
    db.execute(
        "INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
        [seq, title, text],
    )


def _cross_layers(db) -> None:
    db.execute("INSERT INTO layers (name) VALUES ('bob')")
    db.execute("UPDATE spans SET layer = 'bob' WHERE id = ?", [_span(db, "ACTOR")])


Corruption = Callable[[sqlite3.Connection], object]
#: name -> (corruption, what `check` must say)
CORRUPTIONS: dict[str, tuple[Corruption, str]] = {
    "span past the text": (
        lambda db: db.execute('UPDATE spans SET "end" = 500 WHERE id = ?', [_span(db, "ACTOR")]),
        "past the text",
    ),
    "span reversed": (
        lambda db: db.execute(
            'UPDATE spans SET start = 9, "end" = 2 WHERE id = ?', [_span(db, "ACTOR", "d2")]
        ),
        "are not a range",
    ),
    "span offset not an integer": (
        lambda db: db.execute(
            "UPDATE spans SET start = 'x' WHERE id = ?", [_span(db, "ACTOR", "d3")]
        ),
        "offsets are not integers",
    ),
    "span attrs not JSON": (
        lambda db: db.execute(
            "UPDATE spans SET attrs = '{bad' WHERE id = ?", [_span(db, "EVIDENCE", "d2")]
        ),
        "attrs is not a JSON object",
    ),
    "span label unknown": (
        lambda db: db.execute("UPDATE spans SET label = 'NOPE' WHERE doc_id = 'd3'"),
        "NOPE",
    ),
    "span of a missing document": (
        lambda db: db.execute("UPDATE spans SET doc_id = 'gone' WHERE doc_id = 'd3'"),
        "points to a missing documents",
    ),
    "self-relation": (
        lambda db: db.execute("UPDATE relations SET child_id = head_id"),
        "links span",
    ),
    "relation doc_id not its spans'": (
        lambda db: db.execute("UPDATE relations SET doc_id = 'd2'"),
        "is not the document of its spans",
    ),
    "relation across layers": (_cross_layers, "crosses layers"),
    "relation role unknown": (
        lambda db: db.execute("UPDATE relations SET label = 'nonsense'"),
        "nonsense",
    ),
    "relation to a missing span": (
        lambda db: db.execute("UPDATE relations SET child_id = 'gone'"),
        "points to a missing spans",
    ),
    "inflated text_length": (
        lambda db: db.execute("UPDATE documents SET text_length = text_length + 5 WHERE id='d2'"),
        "text_length is",
    ),
    "text hash": (
        lambda db: db.execute("UPDATE documents SET text_sha256 = ? WHERE id = 'd3'", ["0" * 64]),
        "does not match its stored hash",
    ),
    "meta not JSON": (
        lambda db: db.execute("UPDATE documents SET meta = '[1' WHERE id = 'd3'"),
        "meta is not a JSON object",
    ),
    "dropped index": (lambda db: db.execute("DROP INDEX spans_doc_layer"), "spans_doc_layer"),
    "dropped trigger": (
        lambda db: db.execute("DROP TRIGGER documents_fts_delete"),
        "documents_fts_delete is missing",
    ),
    "stale full-text index": (_stale_fts, "missing from the full-text index"),
    "damaged undo log": (_damage_undo, "ops cannot be read"),
    "unknown status": (
        lambda db: db.execute("UPDATE doc_status SET status = 'weird'"),
        "unknown status",
    ),
    "unknown history state": (
        lambda db: db.execute("UPDATE history SET state = 'lost'"),
        "unknown state",
    ),
    "history of a missing edit": (
        lambda db: db.execute("INSERT INTO history VALUES (9999, 'done')"),
        "points to a missing edit_log",
    ),
    "schema not JSON": (
        lambda db: db.execute("UPDATE settings SET value = '{' WHERE key = 'schema'"),
        "settings row schema",
    ),
    "fts mark not a number": (
        lambda db: db.execute("UPDATE settings SET value = 'x' WHERE key = 'fts_seq'"),
        "settings row fts_seq",
    ),
}


def _corrupted(healthy: Path, folder: Path, *names: str) -> Path:
    path = folder / "broken.gloss"
    shutil.copy(healthy, path)
    db = _raw(path)
    for name in names:
        CORRUPTIONS[name][0](db)
    db.close()
    return path


def test_the_healthy_project_passes(healthy, capsys):
    """The base of the corpus is clean."""
    code, out, _ = run(capsys, "check", healthy)
    assert code == 0 and out.strip().endswith("ok")


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_check_finds_each_broken_invariant(healthy, tmp_path, capsys, name):
    """Each corruption alone: exit 1, a line naming the table and what is wrong."""
    path = _corrupted(healthy, tmp_path, name)
    code, out, err = run(capsys, "check", path)
    assert code == 1, out
    assert CORRUPTIONS[name][1] in out, out
    assert "row" in out or "sqlite_master" in out
    assert "Traceback" not in err


def test_check_reports_every_problem_at_once(healthy, tmp_path, capsys):
    """All corruptions that can coexist in one file: every one reported, none hiding another."""
    names = [n for n in CORRUPTIONS if n not in ("relation to a missing span", "self-relation")]
    names.remove("relation doc_id not its spans'")
    names.remove("relation across layers")
    names.remove("span label unknown")
    names.remove("span of a missing document")
    names.remove("fts mark not a number")  # the full-text check needs the mark
    names.remove("schema not JSON")  # labels and roles are checked against the schema
    path = _corrupted(healthy, tmp_path, *names)
    code, out, _ = run(capsys, "check", path)
    assert code == 1
    missing = [n for n in names if CORRUPTIONS[n][1] not in out]
    assert missing == []


def _pages(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    pages = dict(
        db.execute("SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0").fetchall()
    )
    db.close()
    return pages


DAMAGED = [
    "documents",
    "spans",
    "relations",
    "edit_log",
    "history",
    "doc_status",
    "settings",
    "spans_doc_layer",
    "documents_fts_data",
    "documents_fts_docsize",
]


@pytest.mark.parametrize("table", DAMAGED)
def test_check_finds_damaged_pages(healthy, tmp_path, table):
    """A page of each table or index overwritten: check says so (exit 1, no traceback)."""
    path = tmp_path / "damaged.gloss"
    shutil.copy(healthy, path)
    page = _pages(path)[table]
    size = 8192
    data = bytearray(path.read_bytes())
    offset = (page - 1) * size
    for index in range(offset + 8, offset + size, 7):
        data[index] = (data[index] * 31 + 17) % 256
    path.write_bytes(bytes(data))
    result = gloss("check", path)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert result.stdout.strip() or result.stderr.strip()


def _flip_inside(path: Path, sql: str, column: str) -> None:
    """Change bytes inside one stored value (a damaged sector under a valid b-tree)."""
    db = _raw(path)
    rowid, value = db.execute(sql).fetchone()
    data = bytearray(value if isinstance(value, bytes) else value.encode("utf-8"))
    for index in range(4 if len(data) > 8 else 0, len(data), 3):
        data[index] ^= 0x5A
    table = sql.split(" FROM ")[1].split()[0]
    value_sql = "?" if column == "block" else "CAST(? AS TEXT)"
    if table == "edit_log":
        db.execute("DROP TRIGGER edit_log_no_update")
    db.execute(f"UPDATE {table} SET {column} = {value_sql} WHERE rowid = ?", [bytes(data), rowid])
    if table == "edit_log":
        db.execute(
            "CREATE TRIGGER edit_log_no_update BEFORE UPDATE ON edit_log"
            " BEGIN SELECT RAISE(ABORT, 'edit_log is append-only'); END"
        )
    db.close()


SUBTLE = {
    "full-text index data": (
        "SELECT rowid, block FROM documents_fts_data ORDER BY length(block) DESC",
        "block",
        "full-text index is damaged",
    ),
    "undo log ops": (
        "SELECT rowid, ops FROM edit_log ORDER BY seq DESC",
        "ops",
        "ops cannot be read",
    ),
    "span attrs": ("SELECT rowid, attrs FROM spans", "attrs", "attrs is not a JSON object"),
    "document text": ("SELECT rowid, text FROM documents", "text", "documents row"),
}


@pytest.mark.parametrize("name", sorted(SUBTLE))
def test_check_finds_damage_inside_values(healthy, tmp_path, capsys, name):
    """Damage that leaves the b-tree valid (integrity_check passes) is found by the checks
    of what the values mean: the full-text index walked, ops and JSON decoded, hashes."""
    path = tmp_path / "subtle.gloss"
    shutil.copy(healthy, path)
    sql, column, said = SUBTLE[name]
    _flip_inside(path, sql, column)
    code, out, err = run(capsys, "check", path)
    assert code == 1 and said in out, out + err


def test_repair_rebuilds_indexes_fts_text_length_and_undo(healthy, tmp_path, capsys):
    """After --repair (a backup first), the rebuildable problems are gone and check passes."""
    names = [
        "dropped index",
        "dropped trigger",
        "stale full-text index",
        "inflated text_length",
        "damaged undo log",
    ]
    path = _corrupted(healthy, tmp_path, *names)
    code, out, err = run(capsys, "check", path, "--repair")
    assert "backup before repair" in err
    assert code == 0, out
    assert "0 after repair" in out
    assert list((tmp_path / ".broken.gloss.backups").glob("*before-repair.gloss"))
    code, out, _ = run(capsys, "check", path)
    assert code == 0 and out.strip().endswith("ok")


def test_repair_leaves_what_it_cannot_fix_reported(healthy, tmp_path, capsys):
    """A span past its text is not invented away: it is still reported, exit 1."""
    path = _corrupted(healthy, tmp_path, "span past the text", "dropped index")
    code, out, _ = run(capsys, "check", path, "--repair")
    assert code == 1 and "past the text" in out and "1 after repair" in out


def test_a_damaged_undo_log_opens_without_undo_and_says_so(healthy, tmp_path):
    """The workspace opens (it used to refuse), undo is off, and a note says why."""
    path = _corrupted(healthy, tmp_path, "damaged undo log")
    ws = Workspace.open(path)
    try:
        assert ws.can_undo() is None and ws.undo() is None
        assert "damaged" in ws.undo_note
        assert ws.add_span("d2", 7, 11, "ACTOR").span_ids  # editing still works
        assert ws.can_undo() == "Add ACTOR"
    finally:
        ws.close()
