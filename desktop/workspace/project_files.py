"""Where projects live by default, the sample project made on first run, and backups."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from desktop.domain.resources import seeds_dir
from desktop.storage.backup import (
    BackupInfo,
    backup_dir,
    find_backup,
    is_backup_of,
    list_backups,
    restore_backup,
)
from desktop.workspace.transfer import import_records, read_paths
from desktop.workspace.workspace import Workspace

SAMPLE_NAME = "sample.gloss"
EXAMPLE_LAYER = "example"  # the layer of the annotated sample


def data_dir() -> Path:
    """The user data directory for Gloss (created if missing)."""
    folder = Path(platformdirs.user_data_dir("Gloss", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def seed_files() -> list[Path]:
    """The annotated example (JSONL) if shipped, else the plain sample articles."""
    folder = seeds_dir()
    annotated = sorted(folder.glob("*.jsonl"))
    return annotated or sorted(folder.glob("*.txt"))


def create_sample_project(path: Path) -> Path:
    """Make a project at `path` holding the sample articles from `seeds/` (not undoable:
    the first Ctrl+Z in a new project must not delete the sample). The expert annotation
    (layer `example`) arrives read-only, like a colleague's."""
    ws = Workspace.open(path, create=True)
    try:
        records = read_paths(seed_files(), default_layer=EXAMPLE_LAYER, schema=ws.schema)
        import_records(ws, records, read_only_layers=True, source="sample", undoable=False)
    finally:
        ws.close()
    return path


def first_run_project() -> Path:
    """The sample project in the user data directory, created on first use."""
    path = data_dir() / SAMPLE_NAME
    if not path.exists():
        create_sample_project(path)
    return path


def project_backups(project: Path | str) -> list[BackupInfo]:
    """The backups of a project file, oldest first (time, reason, size, documents, spans)."""
    return list_backups(Path(project))


def restore_project(project: Path | str, backup: Path | str) -> Path:
    """Put a backup (a path, or a name from `project_backups`) back as the project.

    The current file (with any WAL a crashed session left) is kept aside in the backup
    folder; its path is returned. Refused while the project is open for writing.
    """
    path = Path(project)
    return restore_backup(path, find_backup(path, backup))


def export_target_problem(project: Path | None, out: Path | str) -> str | None:
    """Why `out` must not be written by an export of `project` (None when it may be)."""
    if project is None or str(out) == "-":
        return None
    target = Path(out)
    try:
        resolved, own = target.resolve(), project.resolve()
    except OSError:
        return None
    sidecars = {own.with_name(own.name + suffix) for suffix in ("-wal", "-shm", "-journal")}
    if resolved == own or (target.exists() and own.exists() and target.samefile(own)):
        return f"{out}: is the project itself; choose another output"
    if resolved in sidecars:
        return f"{out}: is the project's own SQLite file; choose another output"
    if is_backup_of(own, resolved) or resolved == backup_dir(own):
        return f"{out}: is in the project's backup folder; choose another output"
    return None
