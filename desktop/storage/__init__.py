"""The only package that knows SQL: the project file, migrations, one store per table group."""

from desktop.storage import _no_numpy  # noqa: F401  (first: sqlite-utils without numpy)
from desktop.storage.errors import (
    NewerProjectVersion,
    NotAProject,
    ProjectLocked,
    ReadOnlyProject,
    StorageError,
)
from desktop.storage.project import Project, open_project

__all__ = [
    "NewerProjectVersion",
    "NotAProject",
    "Project",
    "ProjectLocked",
    "ReadOnlyProject",
    "StorageError",
    "open_project",
]
