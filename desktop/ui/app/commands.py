"""Commands behind the File, Edit (history), View and Help menus: projects, settings, undo,
the dashboard.

Each command runs a workspace use case; failures are shown in a plain-text dialog.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu, QWidget

from desktop.domain import Change
from desktop.ui.app import dialogs, notices, preferences
from desktop.ui.app.actions import Actions
from desktop.ui.app.codebook_editor import CodebookEditor
from desktop.ui.app.layer_picker import LayerPicker
from desktop.ui.app.session import Session, one_line
from desktop.ui.app.worker import TaskRunner
from desktop.workspace import HistoryStep, Workspace
from desktop.workspace.layers import take_over_layer

log = logging.getLogger(__name__)


def initial_document(ws: Workspace) -> str | None:
    """The document last open in this project, else the first one."""
    remembered = preferences.last_document(ws.path)
    if remembered and ws.has_document(remembered):
        return remembered
    return ws.first_document_id()


class ProjectCommands(QObject):
    """New, Open, Recent, Settings, Keyboard shortcuts and About."""

    def __init__(
        self, session: Session, actions: Actions, parent: QWidget, persist: bool = True
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._actions = actions
        self._parent = parent
        self._persist = persist
        self.recent_menu = QMenu("&Recent projects", parent)
        self._connect()

    def _connect(self) -> None:
        actions = self._actions
        actions.new_project.triggered.connect(self._on_new_project_triggered)
        actions.open_project.triggered.connect(self._on_open_project_triggered)
        actions.settings.triggered.connect(self._on_settings_triggered)
        actions.codebook.triggered.connect(self._on_codebook_triggered)
        actions.shortcuts_help.triggered.connect(self._on_shortcuts_help_triggered)
        actions.about.triggered.connect(self._on_about_triggered)
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        self._session.document_opened.connect(self._on_session_document_opened)

    # --- projects -------------------------------------------------------------------------
    def open_path(self, path: Path, create: bool = False) -> bool:
        """Open (or create) the project at `path` in place of the current one."""
        if self._session.busy is not None:
            self._session.notify(f"{self._session.busy} is running: wait for it or cancel it")
            return False
        current = self._session.workspace.path
        if current is not None and Path(path).resolve() == current.resolve():
            self._session.notify("That project is already open")
            return True
        try:
            with dialogs.WaitCursor():
                ws = Workspace.open(path, create=create)
        except Exception as exc:  # every failure is shown, the current project stays open
            log.exception("cannot open %s", path)
            dialogs.show_error(self._parent, "Cannot open project", one_line(exc))
            return False
        self._session.set_workspace(ws)
        if self._persist:
            preferences.remember_project(path)
        self._session.open_document(initial_document(ws))
        if ws.read_only:
            note = ws.read_only_note or "The project is open read-only."
            dialogs.show_error(self._parent, "Read-only project", note)
        notices.warn_if_cloud_synced(self._parent, ws.path)
        return True

    # --- slots --------------------------------------------------------------------------------
    def _on_new_project_triggered(self) -> None:
        path = dialogs.ask_new_project(self._parent)
        if path is not None:
            self.open_path(path, create=True)

    def _on_open_project_triggered(self) -> None:
        path = dialogs.ask_open_project(self._parent)
        if path is not None:
            self.open_path(path)

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        paths = preferences.recent_projects()
        for path in paths:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if not paths:
            self.recent_menu.addAction("(none)").setEnabled(False)

    def _on_codebook_triggered(self) -> None:
        CodebookEditor(self._session, self._parent).exec()

    def _on_settings_triggered(self) -> None:
        dialogs.SettingsDialog(self._session, self._parent).exec()

    def _on_shortcuts_help_triggered(self) -> None:
        dialogs.ShortcutsDialog(self._actions.all(), self._parent).exec()

    def _on_about_triggered(self) -> None:
        dialogs.show_about(self._parent, self._session.workspace.path)

    def _on_session_document_opened(self, doc_id: str) -> None:
        if self._persist and doc_id:
            preferences.remember_document(self._session.workspace.path, doc_id)


class HistoryCommands(QObject):
    """Undo and redo through the workspace's persistent history, with labelled actions.

    Undo and redo go to the document they change and say in the status bar what they
    changed; undoing an import or a merge asks first; Edit > History lists the steps.
    """

    def __init__(self, session: Session, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._actions = actions
        self._parent = parent
        self._connect()
        self.refresh()

    def _connect(self) -> None:
        self._actions.undo.triggered.connect(self._on_undo_triggered)
        self._actions.redo.triggered.connect(self._on_redo_triggered)
        self._actions.edit_history.triggered.connect(self._on_edit_history_triggered)
        self._session.changed.connect(self._on_session_changed)
        self._session.project_opened.connect(self._on_session_project_opened)

    def refresh(self) -> None:
        """Name the edit each action would undo or redo."""
        ws = self._session.workspace
        for action, word, label in (
            (self._actions.undo, "Undo", ws.can_undo()),
            (self._actions.redo, "Redo", ws.can_redo()),
        ):
            short = label if not label or len(label) <= 40 else label[:39] + "…"
            shown = short.replace("&", "&&") if short else ""
            action.setText(f"&{word} {shown}" if label else f"&{word}")
            action.setStatusTip(f"{word} {label}" if label else f"Nothing to {word.lower()}")
            action.setEnabled(label is not None and not ws.read_only)
            if ws.undo_note:  # a damaged undo log: undo and redo are off, and say why
                action.setEnabled(False)
                action.setStatusTip(ws.undo_note)
                action.setToolTip(ws.undo_note)

    def undo(self, *, ask: bool = True) -> Change | None:
        """Revert the newest edit (an import or merge only once the user agrees)."""
        ws = self._session.workspace
        step = ws.undo_step()
        if step is None:
            self._session.notify("Nothing to undo")
            return None
        if ask and step.asks_first and not self._confirm(step):
            return None
        change = self._session.edit(lambda: ws.undo(initiator=self))
        if change is not None:
            self._went(change, step, "Undid")
        return change

    def redo(self) -> Change | None:
        """Replay the most recently undone edit."""
        ws = self._session.workspace
        step = ws.redo_step()
        if step is None:
            self._session.notify("Nothing to redo")
            return None
        change = self._session.edit(lambda: ws.redo(initiator=self))
        if change is not None:
            self._went(change, step, "Redid")
        return change

    def _confirm(self, step: HistoryStep) -> bool:
        count = len(step.documents)
        where = f" It touches {count:,} document(s)." if count else ""
        text = f"Undo “{step.label}”? What it brought in is removed from the project.{where}"
        return dialogs.ask_confirm(self._parent, "Undo import", text, "Undo")

    def _went(self, change: Change, step: HistoryStep, verb: str) -> None:
        """Show the document the step changed and say what changed."""
        session, ws = self._session, self._session.workspace
        documents = [d for d in step.documents if ws.has_document(d)]
        if documents and session.doc_id not in documents:
            session.open_document(documents[0])
        where = ""
        if len(documents) == 1:
            title = ws.document(documents[0]).title or documents[0]
            where = f" in “{title}”"
        elif documents:
            where = f" in {len(documents):,} documents"
        session.notify(f"{verb}: {step.label}{where}")

    def _on_undo_triggered(self) -> None:
        self.undo()

    def _on_redo_triggered(self) -> None:
        self.redo()

    def _on_edit_history_triggered(self) -> None:
        dialogs.HistoryDialog(self._session.workspace.history(), self._parent).exec()

    def _on_session_changed(self, _change: Change, _initiator: object) -> None:
        self.refresh()

    def _on_session_project_opened(self) -> None:
        self.refresh()


class ViewCommands(QObject):
    """The dashboard window (one instance, pyqtgraph loaded on first use) and the layer
    choice from the keyboard."""

    def __init__(
        self,
        session: Session,
        actions: Actions,
        parent: QWidget,
        layer_picker: LayerPicker,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._parent = parent
        self._picker = layer_picker
        self._runner = runner
        self.dashboard: QWidget | None = None
        self._actions = actions
        actions.dashboard.triggered.connect(self._on_dashboard_triggered)
        actions.choose_layer.triggered.connect(self._on_choose_layer_triggered)
        actions.take_over_layer.triggered.connect(self._on_take_over_layer_triggered)
        session.layer_changed.connect(self._enable_take_over)
        session.project_opened.connect(self._enable_take_over)
        session.changed.connect(self._enable_take_over)
        self._enable_take_over()

    def open_dashboard(self) -> QWidget:
        """Show the dashboard (created on first use), in front."""
        if self.dashboard is None:
            from desktop.ui.dashboard.dashboard import open_dashboard  # loads pyqtgraph: only now

            ws = self._session.workspace
            self.dashboard = open_dashboard(
                ws, self._parent, session=self._session, runner=self._runner
            )
        else:
            self.dashboard.show()
            self.dashboard.raise_()
        self.dashboard.activateWindow()
        return self.dashboard

    def _on_dashboard_triggered(self) -> None:
        self.open_dashboard()

    def _on_choose_layer_triggered(self) -> None:
        self._picker.open_popup()

    def can_take_over(self) -> bool:
        """True when the layer shown is a colleague's read-only layer this project may edit."""
        session = self._session
        info = session.workspace.layer_info(session.layer)
        return not session.workspace.read_only and info is not None and info.read_only

    def _enable_take_over(self, *_args: object) -> None:
        self._actions.take_over_layer.setEnabled(self.can_take_over())

    def take_over(self, confirm: bool = True) -> bool:
        """Make the shown colleague's layer editable here, after asking; True if done."""
        session, layer = self._session, self._session.layer
        if not self.can_take_over():
            session.notify(f"Layer {layer} is already editable here")
            return False
        text = (
            f"Make layer “{layer}” editable in this project? Your edits will go into it."
            " The colleague's own project file is not changed. This is a setting of the"
            " project: Undo does not make the layer read-only again."
        )
        if confirm and not dialogs.ask_confirm(self._parent, "Take over layer", text, "Take over"):
            return False
        ws = session.workspace
        change = session.edit(lambda: take_over_layer(ws, layer, initiator=self))
        if change is None:
            return False
        session.notify(f"Layer {layer} is editable here now")
        return True

    def _on_take_over_layer_triggered(self) -> None:
        self.take_over()
