"""Session: the Qt face of a Workspace, the one broadcast every panel listens to.

It holds what the window is looking at (the open document, the layer shown and edited,
the selected span) and turns the workspace's after-commit listener call into the
`changed(change, initiator)` signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal

from desktop.domain import Change
from desktop.workspace import Workspace

T = TypeVar("T")
log = logging.getLogger(__name__)


def one_line(exc: BaseException) -> str:
    """The first line of an error message (the type's name when it has none)."""
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


class Session(QObject):
    """One open project in the window, its current document and selected span."""

    changed = Signal(object, object)  # (Change, initiator) after every committed edit
    document_opened = Signal(str)  # "" when no document is open
    span_selected = Signal(object)  # span id or None
    layer_changed = Signal(str)  # the layer now shown and edited
    project_opened = Signal()  # a (new) workspace replaced the previous one
    edit_started = Signal()  # a use case is about to run
    edit_failed = Signal(str)  # one-line reason; nothing was saved
    edit_skipped = Signal()  # the use case ran but had nothing to change (no broadcast)
    message_posted = Signal(str)  # a transient note for the status bar
    actor_focused = Signal(str)  # an actor's name to show the frames of (network view)
    busy_changed = Signal(str)  # the background task now running ("" when none)
    _relayed = Signal(object, object)  # a broadcast from a worker thread, queued to ours

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._doc_id: str | None = None
        self._span_id: str | None = None
        self._layer: str | None = None  # None: the local annotator's, whatever its name
        self._broadcasts = 0
        self._busy: str | None = None
        self._relayed.connect(self._on_workspace_changed, Qt.ConnectionType.QueuedConnection)
        workspace.subscribe(self._on_workspace_changed)

    # --- the project -------------------------------------------------------------
    @property
    def workspace(self) -> Workspace:
        """The open workspace."""
        return self._workspace

    def set_workspace(self, workspace: Workspace) -> None:
        """Close the current project and show `workspace` instead."""
        old = self._workspace
        old.unsubscribe(self._on_workspace_changed)
        self._workspace = workspace
        self._doc_id = None
        self._span_id = None
        self._layer = None
        workspace.subscribe(self._on_workspace_changed)
        if old is not workspace:
            old.close()
            if old.close_note:  # edits are saved; only the checkpoint failed
                log.warning("%s", old.close_note)
        self.project_opened.emit()
        self.document_opened.emit("")
        self.span_selected.emit(None)
        if old is not workspace and old.close_note:
            self.notify(old.close_note)

    def close(self) -> None:
        """Close the project file cleanly (idempotent)."""
        self._workspace.unsubscribe(self._on_workspace_changed)
        self._workspace.close()

    def _on_workspace_changed(self, change: Change, initiator: object) -> None:
        if QThread.currentThread() != self.thread():  # a task's commit: relay to our thread
            self._relayed.emit(change, initiator)
            return
        self._broadcasts += 1
        if change.layers and self._layer == self._workspace.annotator:
            self._layer = None  # renamed to the layer shown: it is yours now
        self.changed.emit(change, initiator)

    # --- what is being looked at ---------------------------------------------------
    @property
    def doc_id(self) -> str | None:
        """The open document, if any."""
        return self._doc_id

    def open_document(self, doc_id: str | None) -> None:
        """Show `doc_id` (None or "" closes the document); no-op if it is already open."""
        doc_id = doc_id or None
        if doc_id == self._doc_id:
            return
        self._doc_id = doc_id
        self._span_id = None
        self.document_opened.emit(doc_id or "")
        self.span_selected.emit(None)

    @property
    def selected_span_id(self) -> str | None:
        """The selected span, if any."""
        return self._span_id

    def focus_actor(self, name: str) -> None:
        """Ask the panels to show one actor's frames (the network view's node clicks)."""
        self.actor_focused.emit(name)

    def select_span(self, span_id: str | None) -> None:
        """Select a span of the open document (None deselects); no-op if unchanged."""
        if span_id == self._span_id:
            return
        self._span_id = span_id
        self.span_selected.emit(span_id)

    # --- the layer shown and edited ---------------------------------------------------
    @property
    def layer(self) -> str:
        """The layer the window shows and edits: the local annotator's unless another was
        chosen (a colleague's to read, or gold to adjudicate)."""
        return self._layer or self._workspace.annotator

    def set_layer(self, layer: str | None) -> None:
        """Show and edit `layer` (None or "": the local annotator's); deselects the span."""
        name = layer if layer and layer != self._workspace.annotator else None
        if name == self._layer:
            return
        self._layer = name
        had_span, self._span_id = self._span_id, None
        self.layer_changed.emit(self.layer)
        if had_span is not None:
            self.span_selected.emit(None)

    def layer_read_only(self, layer: str | None = None) -> bool:
        """True if edits to `layer` (the shown one by default) would be refused."""
        ws = self._workspace
        info = ws.layer_info(layer or self.layer)
        return ws.read_only or (info is not None and info.read_only)

    def check_writable(self, layer: str | None = None) -> bool:
        """True if `layer` (the shown one by default) takes edits; else say why in the
        status bar and return False."""
        name = layer or self.layer
        if not self.layer_read_only(name):
            return True
        ws = self._workspace
        if ws.read_only:
            self.notify(ws.read_only_note or "The project is open read-only")
        else:
            self.notify(
                f"Layer {name} is a colleague's and read-only: nothing was changed."
                f" Switch to your layer ({ws.annotator}) or gold to edit, or take it over"
                " (View > Take over this layer)"
            )
        return False

    # --- running use cases ----------------------------------------------------------
    @property
    def busy(self) -> str | None:
        """The label of the background task running (edits wait for it), if any."""
        return self._busy

    def set_busy(self, label: str | None) -> None:
        """Mark a background task as running (`label`) or finished (None)."""
        self._busy = label or None
        self.busy_changed.emit(label or "")

    def edit(self, call: Callable[[], T]) -> T | None:
        """Run a workspace use case; on failure report it (`edit_failed`) and return None.

        Success is reported by the workspace's own broadcast, which arrives after the commit.
        While a background task runs, the edit is refused with a reason (nothing is saved).
        """
        if self._busy is not None:
            self.edit_failed.emit(f"{self._busy} is running: wait for it or cancel it")
            return None
        before = self._broadcasts
        self.edit_started.emit()
        try:
            result = call()
        except Exception as exc:  # the boundary: every failure reaches the user
            log.exception("edit failed")
            self.edit_failed.emit(one_line(exc))
            return None
        if self._broadcasts == before:
            self.edit_skipped.emit()
        return result

    def notify(self, message: str) -> None:
        """Show a transient note (not an error) in the status bar."""
        self.message_posted.emit(message)
