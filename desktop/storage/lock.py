"""One writer at a time: an advisory lock on the project file itself, beside SQLite's own.

Writers take it exclusively; a reader that opens the file as immutable (no WAL to read)
takes it shared, so no writer can start under it. The lock is `flock` (POSIX), which
SQLite's byte-range locks do not see; it goes with the process when it dies. The
descriptor must be closed only after SQLite's connection (closing a descriptor of the
file would drop SQLite's POSIX locks while its connection is open).
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: SQLite's exclusive locking mode keeps out other writers
    fcntl = None  # type: ignore[assignment]

AVAILABLE = fcntl is not None


class FileLock:
    """A held lock on `path`; `release()` drops it (idempotent)."""

    def __init__(self, fd: int | None):
        self._fd = fd

    def release(self) -> None:
        """Drop the lock and close its descriptor."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


def try_lock(path: Path, *, shared: bool) -> FileLock | None:
    """The lock on `path` (exclusive unless `shared`), or None when another process holds it.

    Where advisory locks are not available (Windows) the lock is a no-op that always succeeds.
    """
    if fcntl is None:
        return FileLock(None)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return FileLock(fd)
