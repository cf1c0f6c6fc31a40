"""Use cases over a project: annotate, link, import, export, merge, undo."""

from desktop.workspace.errors import NotFound, ReadOnlyLayer, WorkspaceError
from desktop.workspace.workspace import Workspace, default_annotator

__all__ = ["NotFound", "ReadOnlyLayer", "Workspace", "WorkspaceError", "default_annotator"]
