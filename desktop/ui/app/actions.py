"""Every user command of the window as a QAction with its shortcut; no behaviour here.

Panels take `Actions` in their constructor and connect the actions they handle. Label
actions come from the project's schema and are rebuilt when a project opens; panels
listen to `label_triggered(label, exact)` instead of to the individual actions.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from desktop.domain import Change, Schema
from desktop.ui.app.session import Session

EXACT_MODIFIER = "Alt"


_CHIPS: dict[tuple[str, int], QIcon] = {}


def color_chip(color: str, size: int = 14) -> QIcon:
    """A small rounded square of a label colour (crisp on high-DPI screens).

    Made once per colour and size (a 60-label codebook rebuilds its actions and label
    bar on every codebook edit).
    """
    icon = _CHIPS.get((color, size))
    if icon is None:
        icon = _CHIPS[(color, size)] = _draw_chip(color, size)
    return icon


def _draw_chip(color: str, size: int) -> QIcon:
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor(color) if QColor(color).isValid() else QColor("#9e9e9e")
    painter.setBrush(fill)
    painter.setPen(fill.darker(140))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


def plain_name(action: QAction) -> str:
    """An action's text without mnemonic ampersands and trailing ellipsis."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def shortcut_text(action: QAction) -> str:
    """The action's shortcuts as the platform writes them, comma separated."""
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(name, shortcuts) of every action that has a shortcut, in the order given."""
    return [(plain_name(a), shortcut_text(a)) for a in actions if a.shortcuts()]


class Actions(QObject):
    """The window's QActions, added to `host` so that their shortcuts work window-wide."""

    label_triggered = Signal(str, bool)  # label name, keep exact characters
    labels_rebuilt = Signal()

    def __init__(self, session: Session, host: QWidget) -> None:
        super().__init__(host)
        self._session = session
        self._host = host
        self._fixed: list[QAction] = []
        self.label_actions: dict[str, QAction] = {}
        self.exact_label_actions: dict[str, QAction] = {}
        # One connection for every label action (its data says which): no connection per
        # action to make again on each codebook edit.
        self._label_group = QActionGroup(self)
        self._label_group.setExclusionPolicy(QActionGroup.ExclusionPolicy.None_)
        self._label_group.triggered.connect(self._on_label_group_triggered)
        self._build_actions()
        self.rebuild_labels()
        self._connect()

    def _make(
        self, text: str, shortcuts: Iterable[str] = (), tip: str = "", group: str = ""
    ) -> QAction:
        action = QAction(text, self._host)
        action.setShortcuts([QKeySequence(key) for key in shortcuts])
        action.setStatusTip(tip)
        action.setToolTip(tip or plain_name(action))
        action.setProperty("group", group)
        self._host.addAction(action)
        self._fixed.append(action)
        return action

    def _build_actions(self) -> None:
        make = self._make
        self.new_project = make("&New project…", ["Ctrl+N"], "Create a new project file", "File")
        self.open_project = make("&Open project…", ["Ctrl+O"], "Open a project file", "File")
        self.import_files = make(
            "&Import…", ["Ctrl+I"], "Import JSONL or text files into this project", "File"
        )
        self.export = make(
            "&Export…", ["Ctrl+E"], "Export native JSONL, claim frames or the actors", "File"
        )
        self.restore_backup = make(
            "&Restore from backup…",
            [],
            "Put one of the project's backups back (the current file is kept aside)",
            "File",
        )
        self.merge = make(
            "&Merge colleague's work…",
            [],
            "Bring colleagues' project files or JSONL exports in as read-only layers",
            "File",
        )
        self.settings = make("&Settings…", ["Ctrl+,"], "Change the local annotator", "File")
        self.codebook = make(
            "&Codebook…",
            ["Ctrl+Shift+K"],
            "Edit the labels, keys, colours, attributes and roles (each change undoable)",
            "File",
        )
        self.quit = make("&Quit", ["Ctrl+Q"], "Close the window", "File")

        self.undo = make("&Undo", ["Ctrl+Z"], "Undo the last edit (saved in the project)", "Edit")
        self.redo = make("&Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], "Redo the last undone edit", "Edit")
        self.edit_history = make(
            "&History…", ["Ctrl+Shift+H"], "The edits you can undo and redo, by document", "Edit"
        )
        self.delete_span = make(
            "&Delete span", ["Del", "Backspace"], "Delete the selected span", "Edit"
        )
        self.escape = make(
            "Close find bar or deselect span", ["Esc"], "Leave the find bar, or deselect", "Edit"
        )
        self.link = make(
            "&Link…",
            ["G", "Ctrl+L"],
            "Give the selected allegation or response a role towards another span",
            "Edit",
        )
        self.find = make("&Find in document…", ["Ctrl+F"], "Search the open document", "Edit")
        self.find_next = make("Find &next", ["F3"], "Select the next match", "Edit")
        self.find_previous = make(
            "Find &previous", ["Shift+F3"], "Select the previous match", "Edit"
        )

        self.choose_layer = make(
            "Choose &layer…", ["Ctrl+Shift+L"], "Show and edit another layer", "View"
        )
        self.take_over_layer = make(
            "&Take over this layer…",
            [],
            "Make the colleague's read-only layer shown here editable in this project",
            "View",
        )
        self.dim_unrelated = make(
            "&Dim unrelated spans",
            ["Ctrl+Shift+D"],
            "Fade every span outside the selected span's claim frame",
            "View",
        )
        self.show_frames = make(
            "&Frames", ["Ctrl+Shift+T"], "Show the claim frames as a table", "View"
        )
        self.show_actors = make("&Actors", ["Ctrl+Shift+A"], "Show the actor registry", "View")
        self.review_mode = make(
            "&Review mode",
            ["Ctrl+R"],
            "Compare layers, walk the disagreements and decide them into gold",
            "View",
        )
        self.dashboard = make(
            "Dash&board", ["Ctrl+Shift+B"], "Label counts, progress and agreement charts", "View"
        )
        self.label_tags = make(
            "Label &tags",
            ["Ctrl+Shift+G"],
            "Write each span's label above it and box nested spans (else colours only)",
            "View",
        )
        self.all_roles = make(
            "&Roles always shown",
            ["Ctrl+Shift+O"],
            "Draw every role in view, not only the selected span's",
            "View",
        )
        self.zoom_in = make("Zoom &in", ["Ctrl++", "Ctrl+="], "Larger article text", "View")
        self.zoom_out = make("Zoom &out", ["Ctrl+-"], "Smaller article text", "View")
        self.zoom_reset = make("&Normal size", ["Ctrl+0"], "Article text at its usual size", "View")
        self.line_spacing = make(
            "Line &spacing", ["Ctrl+Shift+J"], "Cycle the space between lines", "View"
        )
        for action in (
            self.dim_unrelated,
            self.show_frames,
            self.show_actors,
            self.review_mode,
            self.label_tags,
            self.all_roles,
        ):
            action.setCheckable(True)

        # Moving the selected span's edges: Alt+Shift+arrows move its end by a word, with
        # Ctrl its start; without Shift the same by one character.
        edges = (
            ("span_end_later_word", "Span end: next word", "Alt+Shift+Right"),
            ("span_end_earlier_word", "Span end: previous word", "Alt+Shift+Left"),
            ("span_start_earlier_word", "Span start: previous word", "Ctrl+Alt+Shift+Left"),
            ("span_start_later_word", "Span start: next word", "Ctrl+Alt+Shift+Right"),
            ("span_end_later_char", "Span end: next character", "Alt+Right"),
            ("span_end_earlier_char", "Span end: previous character", "Alt+Left"),
            ("span_start_earlier_char", "Span start: previous character", "Ctrl+Alt+Left"),
            ("span_start_later_char", "Span start: next character", "Ctrl+Alt+Right"),
        )
        self.span_edges: dict[str, QAction] = {}
        for name, text, key in edges:
            self.span_edges[name] = make(text, [key], f"{text} (undoable)", "Edit")

        self.next_span = make("Next span", ["J"], "Select the next span", "Go")
        self.previous_span = make("Previous span", ["K"], "Select the previous span", "Go")
        self.next_document = make(
            "Next document", ["Ctrl+Down"], "Open the next document in the list", "Go"
        )
        self.previous_document = make(
            "Previous document", ["Ctrl+Up"], "Open the previous document in the list", "Go"
        )
        self.mark_done = make(
            "Mark done and go to next",
            ["Ctrl+Return", "Ctrl+Enter"],
            "Mark this document done for you and open the next one",
            "Go",
        )
        self.toggle_done = make(
            "Toggle &done here",
            ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"],
            "Mark this document done, or not done any more, and stay on it",
            "Go",
        )
        self.search_documents = make(
            "Search documents", ["Ctrl+Shift+F"], "Full-text search over all documents", "Go"
        )

        self.shortcuts_help = make(
            "&Keyboard shortcuts", ["F1"], "List every keyboard shortcut", "Help"
        )
        self.about = make("&About Gloss", [], "Version and licence", "Help")

    def _connect(self) -> None:
        self._session.project_opened.connect(self._on_session_project_opened)
        self._session.changed.connect(self._on_session_changed)

    # --- label actions, from the schema ---------------------------------------------
    def rebuild_labels(self) -> None:
        """Recreate one action per span label (and its exact variant) from the schema."""
        for action in [*self.label_actions.values(), *self.exact_label_actions.values()]:
            self._host.removeAction(action)
            self._label_group.removeAction(action)
            action.deleteLater()
        self.label_actions.clear()
        self.exact_label_actions.clear()
        schema: Schema = self._session.workspace.schema
        for label in schema.span_labels:
            icon = color_chip(label.color)
            plain = QAction(icon, f"Label as {label.name}", self._host)
            exact = QAction(icon, f"Label as {label.name}, exact characters", self._host)
            if label.hotkey:
                plain.setShortcut(QKeySequence(label.hotkey.upper()))
                exact.setShortcut(QKeySequence(f"{EXACT_MODIFIER}+{label.hotkey.upper()}"))
            plain.setStatusTip(
                f"Label the selected text as {label.name} (snapped to whole words),"
                " or relabel the selected span"
            )
            exact.setStatusTip(f"Label exactly the selected characters as {label.name}")
            if label.description:  # the guideline, in F1's list and on hover
                plain.setToolTip(f"{label.name}: {label.description}")
            plain.setData([label.name, False])
            exact.setData([label.name, True])
            for action in (plain, exact):
                action.setProperty("group", "Label")
                self._label_group.addAction(action)
            self.label_actions[label.name] = plain
            self.exact_label_actions[label.name] = exact
        self._host.addActions(
            [
                a
                for name in self.label_actions
                for a in (self.label_actions[name], self.exact_label_actions[name])
            ]
        )
        self.labels_rebuilt.emit()

    def _on_label_group_triggered(self, action: QAction) -> None:
        name, exact = action.data()
        self.label_triggered.emit(str(name), bool(exact))

    def _on_session_project_opened(self) -> None:
        self.rebuild_labels()

    def _on_session_changed(self, change: Change, _initiator: object) -> None:
        if change.schema:  # labels, keys or colours changed: the label bar follows
            self.rebuild_labels()

    # --- listing --------------------------------------------------------------------
    def all(self) -> list[QAction]:
        """Every action, label actions after the fixed ones in their menu order."""
        fixed = self._fixed
        label_order = [
            a
            for name in self.label_actions
            for a in (self.label_actions[name], self.exact_label_actions[name])
        ]
        last = fixed.index(self.shortcuts_help)
        return [*fixed[:last], *label_order, *fixed[last:]]

    def group(self, name: str) -> list[QAction]:
        """The actions of one menu group ("File", "Edit", "View", "Label", "Go", "Help")."""
        return [a for a in self.all() if a.property("group") == name]
