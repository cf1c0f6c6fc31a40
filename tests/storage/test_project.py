"""The project file: header checks, versions, pragmas, the lock, constraints and the log."""

import sqlite3

import pytest

from desktop.storage import NotAProject, ProjectLocked, StorageError, open_project
from desktop.storage.backup import backup_dir
from desktop.storage.migrations import APPLICATION_ID, LATEST_VERSION, MIGRATIONS


@pytest.fixture
def path(tmp_path):
    return tmp_path / "p.gloss"


def test_new_project_has_settings_of_the_design(path):
    """A new file has Gloss's application id, the latest version, WAL and full sync."""
    project = open_project(path, create=True)
    db = project.db
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("SELECT version FROM _migrations").fetchall() == [
        (v,) for v, _, _ in MIGRATIONS
    ]
    project.close()


def test_missing_file_without_create_is_an_error(path):
    """Opening a missing project without create says so in one line."""
    with pytest.raises(StorageError, match="no such project file"):
        open_project(path)


def test_other_files_are_refused_untouched(path, tmp_path):
    """A text file and another application's SQLite database are refused and not modified."""
    text = tmp_path / "notes.gloss"
    text.write_text("hello")
    with pytest.raises(NotAProject, match="not an SQLite database"):
        open_project(text)
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE mine (x)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(NotAProject, match="another application"):
        open_project(path)
    assert path.read_bytes() == before


def test_second_open_is_refused_while_open(path):
    """One exclusive connection: a second instance gets 'already open'."""
    project = open_project(path, create=True)
    with pytest.raises(ProjectLocked, match="already open"):
        open_project(path)
    project.close()
    open_project(path).close()


def test_close_checkpoints_the_wal(path):
    """After a clean close the WAL is empty, so the file alone can be copied."""
    project = open_project(path, create=True)
    project.settings.set("x", "1")
    project.close()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    copy = path.with_name("copy.gloss")
    copy.write_bytes(path.read_bytes())
    assert open_project(copy).settings.get("x") == "1"


def test_newer_file_opens_read_only_with_both_versions(path):
    """A file from a newer Gloss opens read-only and the note names both versions."""
    open_project(path, create=True).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {LATEST_VERSION + 3}")
    raw.commit()
    raw.close()
    project = open_project(path)
    assert project.read_only
    assert f"file version {LATEST_VERSION + 3}" in project.note
    assert f"up to {LATEST_VERSION}" in project.note
    with pytest.raises(sqlite3.DatabaseError):
        project.db.execute("INSERT INTO settings VALUES ('a', 'b')")
    project.close()


def test_edit_log_is_append_only(path):
    """Updating or deleting an edit-log row is refused by the database."""
    project = open_project(path, create=True)
    seq = project.history.append("alice", "add_span", None, "Add", [])
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        project.db.execute("DELETE FROM edit_log WHERE seq = ?", [seq])
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        project.db.execute("UPDATE edit_log SET label = 'x' WHERE seq = ?", [seq])
    project.close()


def test_check_constraints_mirror_the_domain():
    """The database itself refuses empty spans and negative offsets."""
    project = open_project(None)
    db = project.db
    db.execute(
        "INSERT INTO documents (id, text, text_length, text_sha256) VALUES ('d', 'abc', 3, ?)",
        ["0" * 64],
    )
    db.execute("INSERT INTO layers (name) VALUES ('alice')")
    insert = 'INSERT INTO spans (id, doc_id, layer, start, "end", label) VALUES (?, ?, ?, ?, ?, ?)'
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(insert, ["s", "d", "alice", 2, 2, "ACTOR"])
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(insert, ["s", "d", "alice", -1, 2, "ACTOR"])
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(insert, ["s", "missing-doc", "alice", 0, 2, "ACTOR"])
    db.execute(insert, ["s", "d", "alice", 0, 2, "ACTOR"])


def test_backups_are_rotated(path):
    """Backups go through SQLite into a sibling folder and only the newest five are kept."""
    project = open_project(path, create=True)
    made = [project.backup(f"r{i}") for i in range(7)]
    kept = sorted(backup_dir(path).glob("*.gloss"))
    assert len(kept) == 5 and made[-1] in kept and made[0] not in kept
    copy = open_project(made[-1])
    assert copy.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    copy.close()
    project.close()


def test_full_text_search_is_filled_lazily():
    """Documents are indexed on the first search, and later ones on the next search."""
    from desktop.domain import Document

    project = open_project(None)
    with project.atomic():
        project.documents.add_many(
            [Document("a", "Forces captured soldiers"), Document("b", "Élections à Bakou")]
        )
    assert project.documents.search("captured") == ["a"]
    assert project.documents.search("elections") == ["b"]  # diacritics folded
    with project.atomic():
        project.documents.add(Document("c", "More captured troops"))
    assert set(project.documents.search("captur")) == {"a", "c"}  # prefix match
    assert project.documents.search('"); DROP TABLE documents; --') == []
