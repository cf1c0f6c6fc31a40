"""`gloss backups` and `gloss restore`: listed with their counts, restored byte for byte,
a crashed session's WAL set aside, and rotation that misses nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.storage.backup import KEEP, backup_dir, backup_files
from desktop.workspace import project_backups, restore_project
from tests.cli.helpers import ROOT, bare, make_project, record, run


def _import(capsys, project: Path, folder: Path, text: str) -> None:
    path = folder / "more.jsonl"
    path.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "import", project, path)
    assert code == 0, err


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project of one annotated document."""
    return make_project(tmp_path / "p.gloss", [record("Police said no.", [(0, 6, "ACTOR")])])


def test_backups_lists_time_reason_size_and_counts(project, tmp_path, capsys):
    """Each backup: when, why, how big, how many documents and spans it holds."""
    _import(capsys, project, tmp_path, "Second document.")
    code, out, _ = run(capsys, "backups", project, "--json")
    assert code == 0
    (entry,) = json.loads(out)
    assert entry["reason"] == "before-import" and entry["documents"] == 1
    assert entry["spans"] == 1 and entry["size"] == Path(entry["path"]).stat().st_size
    assert entry["time"][:4].isdigit()
    code, out, _ = run(capsys, "backups", project)
    assert code == 0 and "before-import" in out and Path(entry["path"]).name in out


def test_restore_puts_the_backup_back_byte_for_byte(project, tmp_path, capsys):
    """The restored project is the backup's bytes; the replaced file is kept aside."""
    _import(capsys, project, tmp_path, "Second document.")
    (backup,) = backup_files(project)
    current = project.read_bytes()
    code, out, err = run(capsys, "restore", project, backup.name)
    assert code == 0, err
    assert project.read_bytes() == backup.read_bytes()
    aside = Path(out.rsplit("kept as ", 1)[1].strip())
    assert aside.read_bytes() == current
    assert json.loads(run(capsys, "stats", project, "--json")[1])["documents"] == 1
    assert run(capsys, "check", project)[0] == 0


def test_restore_over_a_crashed_sessions_wal(project, tmp_path, capsys):
    """A crashed session left edits in the -wal: restore sets it aside with the old file
    instead of replaying it onto the backup (which gave "disk image is malformed")."""
    _import(capsys, project, tmp_path, "Second document.")
    (backup,) = backup_files(project)
    crash = (
        "import os, sys\n"
        "from desktop.workspace import Workspace\n"
        "from desktop.domain import Document\n"
        "ws = Workspace.open(sys.argv[1])\n"
        "ws.add_documents([Document('crash', 'Left in the WAL.')])\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(project)], cwd=ROOT, check=True)
    assert (tmp_path / "p.gloss-wal").stat().st_size > 0
    code, _, err = run(capsys, "restore", project, backup)
    assert code == 0, err
    assert not (tmp_path / "p.gloss-wal").exists()
    assert project.read_bytes() == backup.read_bytes()
    code, out, _ = run(capsys, "check", project)
    assert code == 0 and out.strip().endswith("ok")
    assert json.loads(run(capsys, "stats", project, "--json")[1])["documents"] == 1
    (kept,) = [b for b in backup_files(project) if b.name.endswith("before-restore.gloss")]
    assert Path(f"{kept}-wal").exists()
    db = sqlite3.connect(f"file:{kept}?mode=ro", uri=True)
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    db.close()


def test_restore_is_refused_while_the_project_is_open(project, tmp_path, capsys):
    """Restoring under an open window would lose its edits: refused."""
    from desktop.storage import open_project

    _import(capsys, project, tmp_path, "Second document.")
    (backup,) = backup_files(project)
    before = project.read_bytes()
    held = open_project(project)
    try:
        code, _, err = run(capsys, "restore", project, backup)
        assert code == 1 and "open in another" in err
    finally:
        held.close()
    assert project.read_bytes() == before


def test_workspace_functions_list_and_restore(project, tmp_path, capsys):
    """The UI's entry points: project_backups and restore_project."""
    _import(capsys, project, tmp_path, "Second document.")
    (info,) = project_backups(project)
    assert info.documents == 1 and info.reason == "before-import"
    restore_project(project, info.path)
    assert project.read_bytes() == info.path.read_bytes()


def test_rotation_keeps_five_even_for_names_with_brackets(tmp_path, capsys):
    """proj[1].gloss's backups are rotated; orphan -journal files and partial copies go."""
    project = make_project(tmp_path / "proj[1].gloss", [bare("First.")])
    folder = backup_dir(project)
    folder.mkdir()
    (folder / "proj[1]-20200101T000000000000Z-gone.gloss-journal").write_bytes(b"x")
    (folder / ".partial-proj[1]-20200101T000000000000Z-x.gloss").write_bytes(b"")
    for number in range(KEEP + 3):
        _import(capsys, project, tmp_path, f"Document {number}.")
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == KEEP and all(n.endswith(".gloss") for n in names)


def test_backups_of_a_project_without_any(project, capsys):
    """No backups yet: said, exit 0."""
    code, out, _ = run(capsys, "backups", project)
    assert code == 0 and "no backups" in out


def test_restore_refuses_a_damaged_backup(project, tmp_path, capsys):
    """A backup that is not a database is refused before anything moves."""
    _import(capsys, project, tmp_path, "Second document.")
    (backup,) = backup_files(project)
    broken = tmp_path / "broken.gloss"
    shutil.copy(backup, broken)
    broken.write_bytes(b"not a database at all" * 10)
    before = project.read_bytes()
    code, _, err = run(capsys, "restore", project, broken)
    assert code == 1 and "not a usable backup" in err
    assert project.read_bytes() == before


def test_periodic_backups_never_push_out_the_one_before_an_import(project, tmp_path, capsys):
    """Hours of timed backups rotate among themselves; the pre-import copy stays listed."""
    import sqlite_utils

    from desktop.storage.backup import take_backup

    _import(capsys, project, tmp_path, "Imported later.")
    before_import = [p.name for p in backup_files(project)]
    assert len(before_import) == 1 and "import" in before_import[0]
    db = sqlite_utils.Database(sqlite3.connect(project))
    try:
        for _ in range(KEEP + 3):
            take_backup(db, project, "periodic")
    finally:
        db.conn.close()
    names = [p.name for p in backup_files(project)]
    assert before_import[0] in names
    assert sum(name.endswith("-periodic.gloss") for name in names) == KEEP
