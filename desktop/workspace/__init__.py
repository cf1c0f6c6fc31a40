"""Use cases over a project: annotate, link, import, export, merge, undo."""

from desktop.workspace import codebook_ops  # noqa: F401  (registers the set_schema op)
from desktop.workspace.actors import (
    META_FIELDS,
    find_actor,
    merge_actors,
    set_document_meta,
    split_actor,
)
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
from desktop.workspace.networks import (
    NetworkCorpus,
    NetworkReport,
    actor_rows,
    dated_span,
    export_actor_table,
    network,
    network_layer,
    network_positions,
    network_windows,
    read_network_corpus,
    write_network,
    write_windows,
)
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
    "META_FIELDS",
    "AlreadyExists",
    "CodebookConflict",
    "DashboardData",
    "DocumentSummary",
    "HistoryConflict",
    "HistoryStep",
    "ImportReport",
    "MergeReport",
    "NetworkCorpus",
    "NetworkReport",
    "NotFound",
    "ReadOnlyLayer",
    "Workspace",
    "WorkspaceBusy",
    "WorkspaceError",
    "accept_mention",
    "actor_rows",
    "agreement",
    "check",
    "comparable_layers",
    "create_sample_project",
    "dashboard_data",
    "data_dir",
    "dated_span",
    "default_annotator",
    "done_over_time",
    "edit_codebook",
    "export_actor_table",
    "export_actors",
    "export_frames",
    "export_jsonl",
    "export_path",
    "export_records",
    "find_actor",
    "first_run_project",
    "format_stats",
    "frames",
    "import_paths",
    "import_records",
    "may_be_too_large_to_undo",
    "merge_actors",
    "merge_labels",
    "merge_paths",
    "network",
    "network_layer",
    "network_positions",
    "network_windows",
    "read_network_corpus",
    "rename_choice",
    "rename_label",
    "rename_role",
    "set_codebook",
    "set_document_meta",
    "split_actor",
    "stats",
    "suggest_mentions",
    "write_network",
    "write_windows",
]
