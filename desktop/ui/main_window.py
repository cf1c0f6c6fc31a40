"""MainWindow: composes the panels, menus and commands; holds no behaviour of its own.

Document list | label bar over the article | inspector, with the status bar below.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter, QVBoxLayout, QWidget

from desktop.ui import preferences
from desktop.ui.actions import Actions
from desktop.ui.article_panel import ArticlePanel
from desktop.ui.commands import HistoryCommands, ProjectCommands
from desktop.ui.document_list import DocumentListPanel
from desktop.ui.inspector import InspectorPanel
from desktop.ui.label_bar import LabelBar
from desktop.ui.session import Session
from desktop.ui.status_bar import GlossStatusBar

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
SPLITTER_KEY = "window/splitter"
DEFAULT_SIZES = (300, 760, 320)


class MainWindow(QMainWindow):
    """The annotation window over one session; `persist` saves geometry and recent files."""

    def __init__(self, session: Session, persist: bool = True) -> None:
        super().__init__()
        self.session = session
        self._persist = persist
        self.gloss_actions = Actions(session, self)
        self.history = HistoryCommands(session, self.gloss_actions, self)
        self.commands = ProjectCommands(session, self.gloss_actions, self, persist)
        self._build_ui()
        self._build_menus()
        self._connect()
        self._restore()
        self._on_session_project_opened()

    def _build_ui(self) -> None:
        session, actions = self.session, self.gloss_actions
        self.document_list = DocumentListPanel(session, actions, self)
        self.label_bar = LabelBar(session, actions, self)
        self.article = ArticlePanel(session, actions, self)
        self.inspector = InspectorPanel(session, self)
        self.status = GlossStatusBar(session, self)
        self.setStatusBar(self.status)

        centre = QWidget(self)
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.label_bar)
        layout.addWidget(self.article, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        for widget in (self.document_list, centre, self.inspector):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)

    def _build_menus(self) -> None:
        bar, actions = self.menuBar(), self.gloss_actions
        file_menu = bar.addMenu("&File")
        file_menu.addActions([actions.new_project, actions.open_project])
        file_menu.addMenu(self.commands.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([actions.import_files, actions.export_jsonl])
        file_menu.addSeparator()
        file_menu.addAction(actions.settings)
        file_menu.addSeparator()
        file_menu.addAction(actions.quit)
        edit_menu = bar.addMenu("E&dit")
        edit_menu.addActions([actions.undo, actions.redo])
        edit_menu.addSeparator()
        edit_menu.addActions([actions.delete_span, actions.escape])
        edit_menu.addSeparator()
        edit_menu.addActions([actions.find, actions.find_next, actions.find_previous])
        self.label_menu = bar.addMenu("La&bel")
        self._fill_label_menu()
        go_menu = bar.addMenu("&Go")
        go_menu.addActions([actions.next_span, actions.previous_span])
        go_menu.addSeparator()
        go_menu.addActions([actions.next_document, actions.previous_document, actions.mark_done])
        go_menu.addSeparator()
        go_menu.addAction(actions.search_documents)
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([actions.shortcuts_help, actions.about])

    def _fill_label_menu(self) -> None:
        self.label_menu.clear()
        actions = self.gloss_actions
        self.label_menu.addActions(list(actions.label_actions.values()))
        self.label_menu.addSeparator()
        exact: QMenu = self.label_menu.addMenu("Exact characters")
        exact.addActions(list(actions.exact_label_actions.values()))

    def _connect(self) -> None:
        self.gloss_actions.quit.triggered.connect(self.close)
        self.gloss_actions.labels_rebuilt.connect(self._on_actions_labels_rebuilt)
        self.session.project_opened.connect(self._on_session_project_opened)

    def _restore(self) -> None:
        geometry = preferences.load_bytes(GEOMETRY_KEY) if self._persist else None
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(sum(DEFAULT_SIZES), 820)
        state = preferences.load_bytes(STATE_KEY) if self._persist else None
        if state is not None:
            self.restoreState(state)
        splitter = preferences.load_bytes(SPLITTER_KEY) if self._persist else None
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes(list(DEFAULT_SIZES))

    def save_layout(self) -> None:
        """Remember geometry and splitter sizes for the next start."""
        preferences.save_bytes(GEOMETRY_KEY, self.saveGeometry())
        preferences.save_bytes(STATE_KEY, self.saveState())
        preferences.save_bytes(SPLITTER_KEY, self.splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the layout and close the project file cleanly."""
        if self._persist:
            self.save_layout()
        self.session.close()
        super().closeEvent(event)

    def _on_actions_labels_rebuilt(self) -> None:
        self._fill_label_menu()

    def _on_session_project_opened(self) -> None:
        path = self.session.workspace.path
        name = path.name if path else "in-memory project"
        self.setWindowTitle(f"{name} — Gloss")
        self.article.setFocus(Qt.FocusReason.OtherFocusReason)


if __name__ == "__main__":  # pragma: no cover - manual preview
    import sys

    from PySide6.QtWidgets import QApplication

    from desktop.ui.preview import sample_workspace

    app = QApplication.instance() or QApplication(sys.argv[:1])
    preview_session = Session(sample_workspace())
    window = MainWindow(preview_session, persist=False)
    preview_session.open_document(preview_session.workspace.project.documents.first_id())
    window.show()
    sys.exit(app.exec())
