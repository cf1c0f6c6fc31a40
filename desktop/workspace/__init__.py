"""Use cases over a project: annotate, link, import, export, merge, undo."""

from desktop.workspace.errors import NotFound, ReadOnlyLayer, WorkspaceError
from desktop.workspace.project_files import create_sample_project, data_dir, first_run_project
from desktop.workspace.reports import check, format_stats, stats
from desktop.workspace.transfer import (
    ImportReport,
    export_jsonl,
    export_records,
    import_paths,
    import_records,
)
from desktop.workspace.workspace import Workspace, default_annotator

__all__ = [
    "ImportReport",
    "NotFound",
    "ReadOnlyLayer",
    "Workspace",
    "WorkspaceError",
    "check",
    "create_sample_project",
    "data_dir",
    "default_annotator",
    "export_jsonl",
    "export_records",
    "first_run_project",
    "format_stats",
    "import_paths",
    "import_records",
    "stats",
]
