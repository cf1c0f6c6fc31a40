"""GlossStatusBar: the annotator, the layer shown and its progress, whether the last edit is saved.

"Saved" appears only when the workspace's after-commit broadcast arrives; a failed edit
turns the indicator to "Not saved" and shows the reason until the next edit succeeds.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton, QWidget

from desktop.domain import Change
from desktop.ui.app.session import Session
from desktop.ui.app.worker import TaskRunner

SAVED, SAVING, NOT_SAVED, NO_EDITS, READ_ONLY = (
    "Saved",
    "Saving…",
    "Not saved",
    "No edits yet",
    "Read-only",
)
MESSAGE_MS = 5000


class GlossStatusBar(QStatusBar):
    """Annotator, progress (documents done by the annotator / all) and the save indicator."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.error = ""
        self._before_edit: tuple[str, bool, str] = (NO_EDITS, False, "")
        self._build_ui()
        self._connect()
        self.refresh()

    def _build_ui(self) -> None:
        self.annotator = self._plain("The local annotator: your edits go to this layer")
        self.layer_note = self._plain("The layer shown and edited, when it is not yours")
        self.progress = self._plain("Documents done in the layer shown, of all documents")
        self.indicator = self._plain("Whether the last edit is saved in the project file")
        self.indicator.setMinimumWidth(self.fontMetrics().horizontalAdvance(NO_EDITS) + 12)
        for widget in (self.annotator, self.layer_note, self.progress, self.indicator):
            self.addPermanentWidget(widget)
        self.task_bar = QProgressBar(self)
        self.task_bar.setRange(0, 0)  # streamed work: how much is left is not known
        self.task_bar.setMaximumWidth(220)
        self.task_bar.setTextVisible(True)
        self.task_label = self._plain("The background task and how far it is")
        self.task_cancel = QToolButton(self)
        self.task_cancel.setText("Cancel")
        self.task_cancel.setToolTip("Stop the running task; nothing it did is kept")
        self._task_widgets: tuple[QWidget, ...] = (self.task_label, self.task_bar, self.task_cancel)
        for task_widget in self._task_widgets:
            self.addWidget(task_widget)
            task_widget.hide()
        self._runner: TaskRunner | None = None

    def show_tasks(self, runner: TaskRunner) -> None:
        """Show `runner`'s tasks: a busy bar with the count done so far and a Cancel button."""
        self._runner = runner
        runner.started.connect(self._on_runner_started)
        runner.progressed.connect(self._on_runner_progressed)
        runner.finished.connect(self._on_runner_finished)
        self.task_cancel.clicked.connect(self._on_task_cancel_clicked)

    def _plain(self, tip: str) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setToolTip(tip)
        label.setContentsMargins(6, 0, 6, 0)
        return label

    def _connect(self) -> None:
        session = self._session
        session.changed.connect(self._on_session_changed)
        session.edit_started.connect(self._on_session_edit_started)
        session.edit_failed.connect(self._on_session_edit_failed)
        session.edit_skipped.connect(self._on_session_edit_skipped)
        session.message_posted.connect(self._on_session_message_posted)
        session.project_opened.connect(self._on_session_project_opened)
        session.layer_changed.connect(self._on_session_layer_changed)

    def refresh(self) -> None:
        """Show the annotator, progress and (for a fresh project) the initial indicator."""
        ws = self._session.workspace
        self.annotator.setText(f"Annotator: {ws.annotator}")
        self.refresh_layer()
        if ws.read_only:
            self._set_indicator(READ_ONLY, bold=True)
            self.showMessage(ws.read_only_note or "The project is open read-only")
        else:
            self._set_indicator(NO_EDITS)
            if ws.undo_note:
                self.showMessage(f"Undo is off: {ws.undo_note}")

    def refresh_layer(self) -> None:
        """Name the layer shown when it is not the annotator's, and its progress."""
        session = self._session
        layer, mine = session.layer, session.layer == session.workspace.annotator
        read_only = " (read-only)" if session.layer_read_only() and not mine else ""
        self.layer_note.setText("" if mine else f"Layer: {layer}{read_only}")
        self.layer_note.setVisible(not mine)
        self.refresh_progress()

    def refresh_progress(self) -> None:
        """Documents done in the layer shown, of all documents."""
        ws = self._session.workspace
        done = ws.count_with_status(self._session.layer, "done")
        total = ws.document_count()
        self.progress.setText(f"{done:,}/{total:,} done")

    def _set_indicator(self, text: str, bold: bool = False, tip: str = "") -> None:
        font = self.indicator.font()
        font.setBold(bold)
        self.indicator.setFont(font)
        self.indicator.setText(text)
        self.indicator.setToolTip(tip or "Whether the last edit is saved in the project file")

    # --- slots ------------------------------------------------------------------------------
    def _on_session_edit_started(self) -> None:
        indicator = self.indicator
        self._before_edit = (indicator.text(), indicator.font().bold(), indicator.toolTip())
        self._set_indicator(SAVING)

    def _on_session_edit_skipped(self) -> None:
        self._set_indicator(*self._before_edit)

    def _on_session_changed(self, change: Change, _initiator: object) -> None:
        self.error = ""
        label = change.label or "Edit"
        self._set_indicator(SAVED, tip=f"Saved: {label}")
        self.showMessage(f"Saved: {label}", MESSAGE_MS)
        if change.layers:
            self.annotator.setText(f"Annotator: {self._session.workspace.annotator}")
            self.refresh_layer()
        if change.status or change.documents or change.layers:
            self.refresh_progress()

    def _on_session_edit_failed(self, reason: str) -> None:
        self.error = reason
        self._set_indicator(NOT_SAVED, bold=True, tip=reason)
        self.showMessage(f"Not saved: {reason}")

    def _on_session_message_posted(self, message: str) -> None:
        self.showMessage(message, MESSAGE_MS)

    def _on_session_project_opened(self) -> None:
        self.clearMessage()
        self.refresh()

    def _on_session_layer_changed(self, _layer: str) -> None:
        self.refresh_layer()

    def _on_runner_started(self, label: str, cancellable: bool) -> None:
        self.task_label.setText(f"{label}…")
        self.task_label.show()
        self.task_bar.show()
        self.task_cancel.setEnabled(True)
        self.task_cancel.setVisible(cancellable)

    def _on_runner_progressed(self, label: str, done: int) -> None:
        self.task_label.setText(f"{label}: {done:,} done")

    def _on_runner_finished(self, _label: str, _outcome: str) -> None:
        for task_widget in self._task_widgets:
            task_widget.hide()

    def _on_task_cancel_clicked(self) -> None:
        if self._runner is not None:
            self._runner.cancel()
        self.task_cancel.setEnabled(False)
        self.task_label.setText("Cancelling…")


if __name__ == "__main__":  # pragma: no cover - manual preview
    from desktop.ui.app.preview import preview

    def _make(session: Session, _actions: object) -> GlossStatusBar:
        bar = GlossStatusBar(session)
        session.edit_failed.emit("span 5-3: start is not before end (preview of an error)")
        return bar

    preview(_make)
