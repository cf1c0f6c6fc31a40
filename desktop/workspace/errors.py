"""Errors of use cases that are not invariant violations of a single value."""

from desktop.domain import DomainError


class WorkspaceError(DomainError):
    """A use case that cannot run as asked; the message is one line."""


class NotFound(WorkspaceError):
    """A document, span, relation or actor id that the project does not hold."""


class ReadOnlyLayer(WorkspaceError):
    """An edit of a colleague's layer, or of any layer in a read-only project."""


class AlreadyExists(WorkspaceError):
    """A document, span, role or actor that the project already holds."""


class HistoryConflict(WorkspaceError):
    """An undo or redo step that no longer fits the project (it would lose later work)."""


class WorkspaceBusy(WorkspaceError):
    """A write while another thread's write is in progress (nothing was changed)."""
