"""The one write path of a workspace: `commit` and `bulk`, undo/redo and the history list.

Every write goes through `commit(ops, label)` (typed ops from `ops.py`, one transaction,
one edit-log row, one undo entry, one broadcast after the commit) or, for imports and
merges that write many rows straight through the stores, through `bulk(action)`. A
write that cannot be undone empties the undo and redo stacks, as `QUndoStack.clear()`
would, so no older step can be undone on top of it and take its work along.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Self

from desktop.domain import GOLD, Change, check_layer_name
from desktop.storage import Project, open_project
from desktop.storage.bulk import BulkWrite
from desktop.storage.history import LogEntry
from desktop.storage.layers import LayerInfo
from desktop.workspace.errors import ReadOnlyLayer, WorkspaceBusy
from desktop.workspace.ops import (
    Op,
    apply_ops,
    documents_in_json,
    documents_of,
    invert_ops,
    ops_from_json,
    ops_to_json,
)
from desktop.workspace.span_cache import SpanCache

log = logging.getLogger(__name__)

Listener = Callable[[Change, object], None]

#: Actions whose undo takes away work that came from elsewhere: the UI asks first.
ASK_BEFORE_UNDO = frozenset({"import", "merge"})


@dataclass(frozen=True, slots=True)
class HistoryStep:
    """One entry of the undo/redo stacks, as Edit > History lists it."""

    seq: int
    label: str
    action: str
    documents: tuple[str, ...]
    at: str
    annotator: str
    undone: bool
    asks_first: bool  # undoing it removes imported or merged work: confirm first


def _step(entry: LogEntry, state: str) -> HistoryStep:
    documents = documents_in_json(entry.ops)
    return HistoryStep(
        entry.seq,
        entry.label,
        entry.action,
        tuple(sorted(documents)),
        entry.at,
        entry.annotator,
        state == "undone",
        entry.action in ASK_BEFORE_UNDO,
    )


class BulkEdit:
    """A large write in progress inside `Workspace.bulk`: write through `project`'s stores.

    Set `label` and `change` before the block ends, and call `keep_undo(ops)` with ops
    describing what was written (undo applies their inverse) to make it undoable.
    Without them the write is logged and the undo and redo stacks are emptied.
    """

    def __init__(self, project: Project, write: BulkWrite):
        self.project = project
        self.write = write
        self.label = ""
        self.change = Change()
        self.ops: list[Op] | None = None

    def keep_undo(self, ops: list[Op]) -> None:
        """Make the write undoable: `ops` are what it did (undo applies their inverse)."""
        self.ops = ops


class WorkspaceCore:
    """A project opened for work, with its listeners and its one write path."""

    _annotator: str

    def __init__(self, project: Project):
        self._project = project
        self._listeners: list[Listener] = []
        self._write_lock = threading.Lock()
        self._span_cache = SpanCache()

    # --- opening -------------------------------------------------------------
    @classmethod
    def open(
        cls, path: Path | str | None, *, create: bool = False, read_only: bool = False
    ) -> Self:
        """Open a project file (or a new in-memory project for `None`).

        `read_only` reads one snapshot without creating or changing any file, even while
        another process writes the project (see `open_project`).
        """
        return cls(open_project(path, create=create, read_only=read_only))

    def close(self) -> None:
        """Close the project file cleanly."""
        self._project.close()

    @property
    def path(self) -> Path | None:
        """The project file, None when in memory."""
        return self._project.path

    @property
    def read_only(self) -> bool:
        """True when the project cannot be written (newer Gloss, permissions, or asked)."""
        return self._project.read_only

    def backup(self, reason: str) -> Path | None:
        """A rotated copy of the project file in its backup folder (None when in memory);
        raises ReadOnlyProject for a read-only project."""
        return self._project.backup(reason)

    @property
    def undo_note(self) -> str:
        """Why undo and redo are off (a damaged undo history), for the UI; "" when fine."""
        return self._project.history.damage_note

    @property
    def close_note(self) -> str:
        """After `close`: why the WAL was not checkpointed (edits are saved); "" when it was."""
        return self._project.close_note

    @property
    def annotator(self) -> str:
        """The local annotator: the layer that edits go to."""
        return self._annotator

    # --- listeners -----------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        """Call `listener(change, initiator)` after every committed edit."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling `listener`."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, change: Change, initiator: object) -> Change:
        try:
            self._span_cache.follow(change, self._project.spans.get_many)
        except Exception:  # the edit is committed: say so, and read the spans afresh later
            log.exception("could not bring the kept spans up to date")
            self._span_cache.clear()
        for listener in list(self._listeners):
            listener(change, initiator)
        return change

    # --- checks ----------------------------------------------------------------
    def _writable_project(self) -> None:
        if self._project.read_only:
            raise ReadOnlyLayer(self._project.note or "the project is open read-only")

    def _writable_layer(self, layer: str) -> None:
        self._writable_project()
        info = self._project.layers.get(layer)
        if info is not None and info.read_only:
            raise ReadOnlyLayer(f"layer {layer} is a colleague's and read-only")

    def _ensure_layer(self, layer: str) -> None:
        check_layer_name(layer)
        self._project.layers.ensure(LayerInfo(layer, "gold" if layer == GOLD else "annotator"))

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One writer at a time: a write from another thread (the window while a task
        imports) is refused instead of joining the other's transaction on the shared
        connection, where a cancel would roll it back after it was reported saved."""
        if not self._write_lock.acquire(blocking=False):
            raise WorkspaceBusy("another task is writing to the project: wait for it")
        try:
            yield
        finally:
            self._write_lock.release()

    # --- the write path --------------------------------------------------------
    def commit(
        self,
        ops: Sequence[Op],
        label: str,
        *,
        action: str | None = None,
        initiator: object = None,
        layers: Sequence[str] = (),
        documents: Iterable[str] = (),
        undoable: bool = True,
    ) -> Change:
        """Apply `ops` in one transaction, log them, push an undo entry, then broadcast.

        `layers` are created first if missing. `action` names the use case in the edit
        log (default: the first op's name); `documents` adds documents the edit concerns
        beyond those its ops touch. With `undoable=False` the edit is logged and the undo
        and redo stacks are emptied.
        """
        self._writable_project()
        documents = documents_of(ops) | frozenset(documents)
        doc_id = next(iter(documents)) if len(documents) == 1 else None
        name = action or (ops[0].name if ops else "edit")
        with self._writing(), self._project.atomic():
            for layer in layers:
                self._ensure_layer(layer)
            change = apply_ops(self._project, ops)
            history = self._project.history
            seq = history.append(self.annotator, name, doc_id, label, ops_to_json(ops))
            if undoable:
                history.push(seq)
            else:
                history.clear()
        return self._emit(_labelled(change, label), initiator)

    @contextmanager
    def bulk(
        self, action: str, *, large: bool = False, initiator: object = None, undoable: bool = True
    ) -> Iterator[BulkEdit]:
        """One all-or-nothing write of many rows (an import, a merge) straight to the stores.

        The block writes through `edit.project`, sets `edit.label` and `edit.change`, and
        calls `edit.keep_undo(ops)` if the write stayed small enough to undo. On leaving
        the block the write is logged and either pushed on the undo stack or, when it
        cannot be undone, the stacks are emptied; then listeners hear of it. An error
        inside the block rolls everything back and nothing is logged or broadcast.
        `large` tunes the transaction for volume (see `Project.bulk`).
        """
        self._writable_project()
        project = self._project
        try:
            with (
                self._writing(),
                project.bulk(journal=large, check_references=not large) as write,
            ):
                edit = BulkEdit(project, write)
                yield edit
                ops = edit.ops if undoable and edit.ops is not None else None
                documents = documents_of(ops or ())
                doc_id = next(iter(documents)) if len(documents) == 1 else None
                seq = project.history.append(
                    self.annotator, action, doc_id, edit.label, ops_to_json(ops or ())
                )
                if ops:
                    project.history.push(seq)
                elif ops is None:
                    project.history.clear()
        finally:
            self._span_cache.clear()  # many rows, written or rolled back: read them again
        self._emit(_labelled(edit.change, edit.label), initiator)

    def commit_settings(
        self,
        values: dict[str, str],
        change: Change,
        initiator: object = None,
        *,
        committed: Callable[[], None] | None = None,
    ) -> Change:
        """Write project settings in one transaction, call `committed`, then broadcast `change`.

        Settings (the local annotator) are not edits of the data: not logged, not undone.
        """
        self._writable_project()
        with self._writing(), self._project.atomic():
            for key, value in values.items():
                self._project.settings.set(key, value)
        if committed is not None:
            committed()
        return self._emit(change, initiator)

    # --- undo and redo -----------------------------------------------------------
    def can_undo(self) -> str | None:
        """The label of the edit that undo would revert, if any."""
        entry = self._project.history.next_undo()
        return entry.label if entry else None

    def can_redo(self) -> str | None:
        """The label of the edit that redo would replay, if any."""
        entry = self._project.history.next_redo()
        return entry.label if entry else None

    def undo_step(self) -> HistoryStep | None:
        """What undo would revert (its documents, whether to ask first), if anything."""
        entry = self._project.history.next_undo()
        return _step(entry, "done") if entry else None

    def redo_step(self) -> HistoryStep | None:
        """What redo would replay, if anything."""
        entry = self._project.history.next_redo()
        return _step(entry, "undone") if entry else None

    def history(self, limit: int = 100) -> list[HistoryStep]:
        """The newest `limit` steps of the undo and redo stacks, oldest first."""
        return [_step(entry, state) for entry, state in self._project.history.stack(limit)]

    def undo(self, initiator: object = None) -> Change | None:
        """Revert the newest edit (across sessions: the history is in the file).

        HistoryConflict if the project no longer fits the step (nothing is changed).
        """
        self._writable_project()
        entry = self._project.history.next_undo()
        if entry is None:
            return None
        inverse = invert_ops(ops_from_json(entry.ops))
        label = f"Undo {entry.label}"
        with self._writing(), self._project.atomic():
            change = apply_ops(self._project, inverse)
            self._project.history.append(
                self.annotator, "undo", entry.doc_id, label, ops_to_json(inverse)
            )
            self._project.history.mark(entry.seq, "undone")
        return self._emit(_labelled(change, label), initiator)

    def redo(self, initiator: object = None) -> Change | None:
        """Replay the most recently undone edit."""
        self._writable_project()
        entry = self._project.history.next_redo()
        if entry is None:
            return None
        ops = ops_from_json(entry.ops)
        label = f"Redo {entry.label}"
        with self._writing(), self._project.atomic():
            change = apply_ops(self._project, ops)
            self._project.history.append(self.annotator, "redo", entry.doc_id, label, entry.ops)
            self._project.history.mark(entry.seq, "done")
        return self._emit(_labelled(change, label), initiator)


def _labelled(change: Change, label: str) -> Change:
    return replace(change, label=label)
