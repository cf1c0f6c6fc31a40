"""TaskRunner: long use cases (import, export, merge, agreement, propagation) off the UI thread.

Like Anki's `CollectionOp`: `runner.run(label, work, on_success)` calls `work(progress)` on a
QThread while the window stays responsive, then `on_success(result)` back on the UI thread.
`progress(done)` reports how far the work is and raises `Cancelled` once the user asked to
cancel: the use case's transaction rolls back, so a cancelled import leaves the project as it
was. Edits are refused while a task runs (`Session.busy`); the workspace's after-commit
broadcast reaches the panels as usual (queued to the UI thread by the session's signal).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QThread, Signal

from desktop.ui.app.session import Session, one_line

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
Work = Callable[[Progress], Any]


class Cancelled(Exception):
    """Raised by `progress` inside a task the user cancelled; nothing it did is kept."""


class _TaskThread(QThread):
    """Runs one `work(progress)` and reports back through queued signals."""

    progressed = Signal(int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self.cancel_requested = threading.Event()

    def progress(self, done: int) -> None:
        if self.cancel_requested.is_set():
            raise Cancelled()
        self.progressed.emit(done)

    def run(self) -> None:
        try:
            result = self._work(self.progress)
        except BaseException as exc:  # the boundary: every failure reaches the UI thread
            if not isinstance(exc, Cancelled):
                log.exception("background task failed")
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class TaskRunner(QObject):
    """One background task at a time over the session's workspace."""

    started = Signal(str, bool)  # label, whether it can be cancelled
    progressed = Signal(str, int)  # label, records (or documents) done so far
    finished = Signal(str, str)  # label, outcome: "done", "cancelled" or the failure

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._thread: _TaskThread | None = None
        self._label = ""
        self._shut = False

    @property
    def busy(self) -> bool:
        """True while a task runs."""
        return self._thread is not None

    def run(
        self,
        label: str,
        work: Work,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[str], None] | None = None,
        *,
        cancellable: bool = True,
    ) -> bool:
        """Start `work(progress)` on a worker thread; False (and a note) if one is running.

        `on_success(result)` or `on_failure(reason)` runs on the UI thread afterwards; a
        cancelled task calls neither and says so in the status bar.
        """
        if self._thread is not None:
            self._session.notify(f"{self._label} is still running: wait or cancel it")
            return False
        thread = _TaskThread(work, self)
        self._thread, self._label = thread, label
        self._session.set_busy(label)
        thread.progressed.connect(self._on_thread_progressed)
        thread.succeeded.connect(lambda result: self._end("done", on_success, result))
        thread.failed.connect(lambda exc: self._failed(exc, on_failure))
        self.started.emit(label, cancellable)
        thread.start()
        return True

    def cancel(self) -> None:
        """Ask the running task to stop at its next progress report (it rolls back)."""
        if self._thread is not None:
            self._thread.cancel_requested.set()

    def shutdown(self) -> None:
        """Cancel the running task, wait for its thread, and drop its late callbacks (the
        window is closing: the project is about to close)."""
        self._shut = True
        self.cancel()
        self.wait()

    def wait(self, ms: int = 60_000) -> bool:
        """Block until the running task's thread ends (closing the window, tests)."""
        thread = self._thread
        return thread is None or thread.wait(ms)

    def wait_finished(self) -> None:
        """Keep the event loop running until the running task has finished (if any)."""
        if self._thread is None:
            return
        loop = QEventLoop()
        self.finished.connect(loop.quit)
        try:
            loop.exec()
        finally:
            self.finished.disconnect(loop.quit)

    def _on_thread_progressed(self, done: int) -> None:
        self.progressed.emit(self._label, done)

    def _failed(self, exc: BaseException, on_failure: Callable[[str], None] | None) -> None:
        if self._shut:
            self._end("closed", None, None)
            return
        if isinstance(exc, Cancelled):
            self._end("cancelled", None, None)
            # An export writes beside its target and renames at the end: nothing is left.
            what = "nothing was written" if self._label == "Exporting" else "nothing was changed"
            self._session.notify(f"{self._label} cancelled: {what}")
            return
        reason = one_line(exc)
        self._end(reason, None, None)
        if on_failure is not None:
            on_failure(reason)
        else:
            self._session.edit_failed.emit(reason)

    def _end(self, outcome: str, then: Callable[[Any], None] | None, result: Any) -> None:
        thread, label = self._thread, self._label
        self._thread = None
        self._session.set_busy(None)
        if thread is not None:
            thread.wait()
            thread.deleteLater()
        self.finished.emit(label, outcome)
        if then is not None and not self._shut:
            then(result)
