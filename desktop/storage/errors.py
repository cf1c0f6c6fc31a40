"""Errors about the project file itself (not about its contents)."""


class StorageError(Exception):
    """A project file that cannot be opened or written; the message is one line."""


class NotAProject(StorageError):
    """The file is not SQLite, or is another application's database."""


class ProjectLocked(StorageError):
    """Another Gloss window or process has the project open."""


class NewerProjectVersion(StorageError):
    """The file was written by a newer Gloss; it is opened read-only."""


class ReadOnlyProject(StorageError):
    """A write was attempted on a project opened read-only."""
