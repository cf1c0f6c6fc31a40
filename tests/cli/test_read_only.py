"""Reading never writes: snapshots beside the window, read-only files, empty files refused,
another application's database and WAL left alone, a failed checkpoint never hides success."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.storage import ProjectLocked, open_project
from tests.cli.helpers import ROOT, bare, folder_state, gloss, make_project, record, run

HOLDER = """
import sys, time
from desktop.workspace import Workspace
from desktop.domain import Document
ws = Workspace.open(sys.argv[1])
ws.add_documents([Document("held", "Added by the window.")])
print("ready", flush=True)
time.sleep(60)
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project of two documents, one annotated by alice and bob."""
    return make_project(
        tmp_path / "p.gloss",
        [
            record("Police said no.", [(0, 6, "ACTOR")]),
            record("Police said no.", [(0, 6, "ACTOR")], layer="bob"),
            bare("Nothing here."),
        ],
    )


@pytest.fixture
def window(project):
    """Another process holding the project open for writing, as the window does."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(project)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    yield process
    process.kill()
    process.wait()


def test_read_only_commands_read_while_a_window_writes(project, window, tmp_path, capsys):
    """stats, check, export and agree read a consistent snapshot (with the window's edit)."""
    result = gloss("stats", project, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["documents"] == 3
    assert gloss("check", project).returncode == 0
    out = tmp_path / "out.jsonl"
    result = gloss("export", project, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "Added by the window." in out.read_text(encoding="utf-8")
    assert gloss("agree", project, "--json").returncode == 0
    assert gloss("import", project, out).returncode == 1  # one writer at a time


def test_a_second_writer_is_still_refused(project, window):
    """Writers stay one at a time."""
    with pytest.raises(ProjectLocked):
        open_project(project)


def test_read_only_commands_create_and_change_no_file(project, tmp_path, capsys):
    """After stats, check, export to another folder and agree, the folder is byte-identical."""
    before = folder_state(project.parent)
    elsewhere = tmp_path.parent / f"{tmp_path.name}-out"
    elsewhere.mkdir()
    assert run(capsys, "stats", project)[0] == 0
    assert run(capsys, "check", project)[0] == 0
    assert run(capsys, "export", project, "-o", elsewhere / "o.jsonl")[0] == 0
    assert run(capsys, "agree", project)[0] == 0
    assert folder_state(project.parent) == before
    assert sorted(p.name for p in project.parent.iterdir()) == ["p.gloss"]


def test_read_only_file_opens_read_only_and_says_so(project, capsys):
    """A file without write permission: stats work; import fails with a clear line, no backup."""
    os.chmod(project, 0o444)
    try:
        code, out, _ = run(capsys, "stats", project)
        assert code == 0 and "documents: 2" in out
        code, _, err = run(capsys, "import", project, project.parent / "p.gloss")
        assert code == 1 and "read-only" in err and "Traceback" not in err
        assert not (project.parent / ".p.gloss.backups").exists()
    finally:
        os.chmod(project, 0o644)


def test_read_only_folder_opens_read_only(project, capsys):
    """A project in a folder without write permission (no WAL possible) is read, not refused."""
    folder = project.parent
    os.chmod(folder, 0o555)
    try:
        code, out, err = run(capsys, "stats", project)
        assert code == 0 and "documents: 2" in out, err
        assert run(capsys, "check", project)[0] == 0
    finally:
        os.chmod(folder, 0o755)


@pytest.mark.parametrize("command", ["stats", "check", "export", "merge", "open"])
def test_an_empty_file_never_becomes_a_project(tmp_path, capsys, command):
    """A 0-byte file (what a killed backup left) is refused and stays 0 bytes."""
    empty = tmp_path / "empty.gloss"
    empty.write_bytes(b"")
    args = {
        "stats": ["stats", empty],
        "check": ["check", empty],
        "export": ["export", empty, "-o", tmp_path / "o.jsonl"],
        "merge": ["merge", empty, tmp_path / "other.jsonl"],
        "open": ["--screenshot", tmp_path / "s.png", empty],
    }[command]
    (tmp_path / "other.jsonl").write_text('{"text": "x"}\n')
    if command == "open":
        result = gloss(*args)
        code, err = result.returncode, result.stderr
    else:
        code, _, err = run(capsys, *args)
    assert code != 0 and "not a Gloss project" in err
    assert empty.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.gloss", "other.jsonl"]


def test_an_sqlite_file_without_tables_is_not_a_project(tmp_path, capsys):
    """An SQLite file with no tables is refused by check instead of vouched for."""
    path = tmp_path / "blank.gloss"
    sqlite3.connect(path).execute("PRAGMA user_version = 0").connection.close()
    path.write_bytes(path.read_bytes() or b"")
    db = sqlite3.connect(path)
    db.execute("VACUUM")
    db.close()
    code, _, err = run(capsys, "check", path)
    if path.stat().st_size == 0:
        assert code == 1 and "empty file" in err
    else:
        assert code == 1 and "not a Gloss project" in err


def test_init_still_creates_a_project(tmp_path, capsys):
    """`gloss init` is the way to make one."""
    assert run(capsys, "init", tmp_path / "new.gloss")[0] == 0
    assert run(capsys, "check", tmp_path / "new.gloss")[0] == 0


def test_another_applications_wal_is_left_alone(tmp_path, capsys):
    """Gloss refuses another application's database without checkpointing or deleting its WAL."""
    path = tmp_path / "other.db"
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("CREATE TABLE t (x)")
    writer.execute("INSERT INTO t VALUES (1)")
    writer.commit()
    wal = tmp_path / "other.db-wal"
    wal_before, main_before = wal.read_bytes(), path.read_bytes()
    for command in (["stats", path], ["import", path, tmp_path / "none.txt"], ["check", path]):
        code, _, err = run(capsys, *command)
        assert code == 1 and ("another application" in err or "no such file" in err)
    assert wal.read_bytes() == wal_before and path.read_bytes() == main_before
    writer.close()


def test_a_failed_checkpoint_at_close_does_not_hide_a_saved_import(
    project, tmp_path, capsys, monkeypatch
):
    """The disk fills at the close-time checkpoint: the import still says it worked (exit 0)."""
    import sqlite_utils

    real = sqlite_utils.Database.execute

    def execute(self, sql, *args, **kwargs):
        if "wal_checkpoint" in str(sql):
            raise sqlite3.OperationalError("database or disk is full")
        return real(self, sql, *args, **kwargs)

    monkeypatch.setattr(sqlite_utils.Database, "execute", execute)
    more = tmp_path / "more.jsonl"
    more.write_text('{"text": "One more document."}\n', encoding="utf-8")
    code, out, err = run(capsys, "import", project, more)
    assert code == 0 and "1 new document" in out
    assert "saved" in err and "disk is full" in err
    monkeypatch.undo()
    assert json.loads(run(capsys, "stats", project, "--json")[1])["documents"] == 3


def test_stats_into_a_closed_pipe_prints_no_broken_pipe(project):
    """`gloss stats P | head -1` prints the first line and no "Broken pipe"."""
    result = subprocess.run(
        f"{sys.executable} -m desktop stats {project} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.stdout.startswith("documents:")
    assert "Broken pipe" not in result.stderr and "Error" not in result.stderr


def test_sigterm_closes_cleanly_like_ctrl_c(tmp_path):
    """SIGTERM during an import: exit 130, nothing half-imported, the WAL checkpointed away."""
    import signal

    project = make_project(tmp_path / "p.gloss", [bare("First.")])
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as out:
        for number in range(150_000):
            out.write(json.dumps({"text": f"Document {number} of a long import."}) + "\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", "import", str(project), str(big)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2.5)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    if process.returncode == 0:
        pytest.skip("the import finished before the signal")
    assert process.returncode == 130 and "interrupted" in err
    assert not (tmp_path / "p.gloss-wal").exists()
    result = gloss("stats", project, "--json")
    assert json.loads(result.stdout)["documents"] == 1


def test_folder_imports_refuse_symbolic_links_unless_asked(project, tmp_path, capsys):
    """A link to a system file inside a folder is refused; --follow-symlinks imports it."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("A real article.", encoding="utf-8")
    target = tmp_path / "secret.txt"
    target.write_text("Not for import.", encoding="utf-8")
    (folder / "link.txt").symlink_to(target)
    code, _, err = run(capsys, "import", project, folder)
    assert code == 1 and "symbolic link" in err and "link.txt" in err
    assert json.loads(run(capsys, "stats", project, "--json")[1])["documents"] == 2
    code, out, _ = run(capsys, "import", project, folder, "--follow-symlinks")
    assert code == 0 and "2 new document" in out


def test_the_window_can_close_cleanly_on_sigterm():
    """on_terminate calls the window's close on SIGTERM instead of dying mid-write."""
    import signal

    from desktop.workspace.shutdown import on_terminate

    closed = []
    previous = signal.getsignal(signal.SIGTERM)
    try:
        assert on_terminate(lambda: closed.append(True))
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert closed == [True]
