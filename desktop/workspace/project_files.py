"""Where projects live by default, and the sample project made on first run."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from desktop.domain.resources import seeds_dir
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
