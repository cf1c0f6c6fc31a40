"""Use cases over a project: annotate, link, import, export, merge, undo."""

from desktop.workspace import codebook_ops  # noqa: F401  (registers the set_schema op)
from desktop.workspace.agreement import agreement, comparable_layers
from desktop.workspace.codebook import (
    CodebookConflict,
    edit_codebook,
    merge_labels,
    rename_choice,
    rename_label,
    rename_role,
    set_codebook,
)
from desktop.workspace.core import HistoryStep
from desktop.workspace.dashboard import DashboardData, dashboard_data, done_over_time
from desktop.workspace.errors import (
    AlreadyExists,
    HistoryConflict,
    NotFound,
    ReadOnlyLayer,
    WorkspaceBusy,
    WorkspaceError,
)
from desktop.workspace.frames import (
    accept_mention,
    export_actors,
    export_frames,
    frames,
    suggest_mentions,
)
from desktop.workspace.merge import MergeReport, merge_paths
from desktop.workspace.project_files import create_sample_project, data_dir, first_run_project
from desktop.workspace.queries import DocumentSummary
from desktop.workspace.reports import check, format_stats, stats
from desktop.workspace.transfer import (
    ImportReport,
    export_jsonl,
    export_path,
    export_records,
    import_paths,
    import_records,
    may_be_too_large_to_undo,
)
from desktop.workspace.workspace import Workspace, default_annotator

__all__ = [
    "AlreadyExists",
    "CodebookConflict",
    "DashboardData",
    "DocumentSummary",
    "HistoryConflict",
    "HistoryStep",
    "ImportReport",
    "MergeReport",
    "NotFound",
    "ReadOnlyLayer",
    "Workspace",
    "WorkspaceBusy",
    "WorkspaceError",
    "accept_mention",
    "agreement",
    "check",
    "comparable_layers",
    "create_sample_project",
    "dashboard_data",
    "data_dir",
    "default_annotator",
    "done_over_time",
    "edit_codebook",
    "export_actors",
    "export_frames",
    "export_jsonl",
    "export_path",
    "export_records",
    "first_run_project",
    "format_stats",
    "frames",
    "import_paths",
    "import_records",
    "may_be_too_large_to_undo",
    "merge_labels",
    "merge_paths",
    "rename_choice",
    "rename_label",
    "rename_role",
    "set_codebook",
    "stats",
    "suggest_mentions",
]
