"""Exports never overwrite the project, never drop documents, and leave no half-written output."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from desktop.storage.backup import backup_dir
from tests.cli.helpers import bare, folder_state, gloss, make_project, record, run

FORMATS = ("jsonl", "doccano", "labelstudio", "conll", "brat")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Two annotated documents and two without annotations."""
    return make_project(
        tmp_path / "p.gloss",
        [
            record("Police said no.", [(0, 6, "ACTOR")]),
            record("The army denied it.", [(4, 8, "ACTOR")]),
            bare("Nothing marked here."),
            bare("Nor here."),
        ],
    )


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_export_onto_the_project_or_its_sqlite_files_is_refused(project, capsys, suffix):
    """`gloss export P -o P` (or its -wal/-shm) is refused and the project stays a project."""
    before = project.read_bytes()
    code, _, err = run(capsys, "export", project, "-o", f"{project}{suffix}")
    assert code == 1 and "choose another output" in err
    assert project.read_bytes() == before
    assert run(capsys, "check", project)[0] == 0


def test_export_into_the_backup_folder_is_refused(project, capsys):
    """A backup of the project cannot be overwritten by an export."""
    run(capsys, "import", project, _jsonl(project.parent, "Another text."))
    (backup,) = backup_dir(project).glob("*.gloss")
    before = backup.read_bytes()
    code, _, err = run(capsys, "export", project, "-o", backup)
    assert code == 1 and "backup folder" in err and backup.read_bytes() == before


def test_export_onto_the_project_through_another_name_is_refused(project, capsys, tmp_path):
    """A symbolic link to the project is the project."""
    link = tmp_path / "link.jsonl"
    link.symlink_to(project)
    code, _, err = run(capsys, "export", project, "-o", link)
    assert code == 1 and "project itself" in err


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_documents_without_annotations_and_says_so(
    project, capsys, tmp_path, fmt
):
    """No format drops unannotated documents: all 4 are written, re-imported and counted."""
    out = tmp_path / f"out-{fmt}"
    code, _, err = run(capsys, "export", project, "--format", fmt, "-o", out)
    assert code == 0
    assert "4 document(s), 2 without annotations" in err
    again = tmp_path / "again.gloss"
    run(capsys, "init", again)
    code, _, _ = run(capsys, "import", again, out, "--format", fmt, "--layer", "alice")
    assert code == 0
    stats = json.loads(run(capsys, "stats", again, "--json")[1])
    assert stats["documents"] == 4


def test_layer_export_says_how_many_documents_it_leaves_out(project, capsys, tmp_path):
    """`--layer` writes that layer's documents and says how many others it did not write."""
    code, _, err = run(capsys, "export", project, "--layer", "alice", "-o", tmp_path / "a.jsonl")
    assert code == 0 and "2 document(s) without this layer not written" in err


def test_exported_files_follow_the_umask(project, capsys, tmp_path):
    """Files and folders are created with the mode the umask gives, not 0600."""
    old = os.umask(0o022)
    try:
        run(capsys, "export", project, "--format", "doccano", "-o", tmp_path / "d.jsonl")
        run(capsys, "export", project, "--format", "brat", "-o", tmp_path / "b")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "d.jsonl").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "b").stat().st_mode) == 0o755


def test_brat_export_into_a_foreign_folder_is_refused(project, capsys, tmp_path):
    """A non-empty folder that is not a Gloss export is left alone."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("my notes")
    code, _, err = run(capsys, "export", project, "--format", "brat", "-o", folder)
    assert code == 1 and "not empty" in err
    assert folder_state(folder) == {"notes.txt": folder_state(folder)["notes.txt"]}


def test_brat_export_replaces_an_older_export_whole(project, capsys, tmp_path):
    """Exporting again replaces the older export: nothing of it is mixed in."""
    out = tmp_path / "brat"
    other = make_project(tmp_path / "o.gloss", [record("Old text only.", [(0, 3, "ACTOR")])])
    run(capsys, "export", other, "--format", "brat", "-o", out)
    run(capsys, "export", project, "--format", "brat", "-o", out)
    texts = sorted(p.read_text(encoding="utf-8") for p in out.glob("*.txt"))
    assert "Old text only." not in texts and len(texts) == 4
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".brat.")]


def test_a_failed_brat_export_leaves_no_folder(project, capsys, tmp_path, monkeypatch):
    """A failure half way (the third record) leaves neither the folder nor a temporary."""
    from desktop.formats import brat_writer

    real = brat_writer._Writer.ann_text
    calls = []

    def failing(self, record):
        calls.append(record)
        if len(calls) == 2:
            raise ValueError("injected failure")
        return real(self, record)

    monkeypatch.setattr(brat_writer._Writer, "ann_text", failing)
    out = tmp_path / "brat"
    code, _, err = run(capsys, "export", project, "--format", "brat", "-o", out)
    assert code == 1 and "injected failure" in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".brat")] == []


def test_stale_temporaries_of_killed_exports_are_removed(project, capsys, tmp_path):
    """What a killed export left (its process gone) is removed by the next export."""
    dead = 2**22 + 12345  # no such process
    stale_file = tmp_path / f".out.jsonl.partial-{dead}-abc"
    stale_file.write_text("half")
    stale_folder = tmp_path / f".brat.partial-{dead}-xyz"
    stale_folder.mkdir()
    (stale_folder / "a.txt").write_text("half")
    run(capsys, "export", project, "-o", tmp_path / "out.jsonl")
    run(capsys, "export", project, "--format", "brat", "-o", tmp_path / "brat")
    assert not stale_file.exists() and not stale_folder.exists()


def test_killed_brat_export_never_leaves_a_folder_under_its_name(project, tmp_path):
    """SIGKILL during a brat export: the final name is absent or complete, never partial."""
    import signal
    import subprocess
    import sys
    import time

    big = tmp_path / "big.gloss"
    make_project(big, [record(f"Text number {i}.\r\n", [(0, 4, "ACTOR")]) for i in range(6000)])
    out = tmp_path / "brat"
    for delay in (0.3, 0.8):
        process = subprocess.Popen(
            [sys.executable, "-m", "desktop", "export", big, "--format", "brat", "-o", out],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if out.exists():
            assert len(list(out.glob("*.txt"))) == 6000 and (out / "annotation.conf").exists()
    result = gloss("export", big, "--format", "brat", "-o", out)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir() if ".partial-" in p.name] == []


def _jsonl(folder: Path, text: str) -> Path:
    path = folder / "more.jsonl"
    path.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    return path
