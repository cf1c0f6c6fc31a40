"""MainWindow: composes the panels, menus and commands; holds no behaviour of its own.

Toolbar (layer, linking, views) over: document list | label bar over the article (with the
role overlay and linking) | inspector and actor tabs; the frames table docks below, the
review panel on the right in review mode, and the status bar is at the bottom.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter, QToolBar, QVBoxLayout, QWidget

from desktop.ui.app import dialogs, preferences
from desktop.ui.app.actions import Actions
from desktop.ui.app.backup_commands import BackupCommands
from desktop.ui.app.commands import HistoryCommands, ProjectCommands, ViewCommands
from desktop.ui.app.docks import SidePane, add_dock
from desktop.ui.app.first_run import FirstRunGuide
from desktop.ui.app.layer_picker import LayerPicker
from desktop.ui.app.notices import ProjectBanner
from desktop.ui.app.session import Session
from desktop.ui.app.status_bar import GlossStatusBar
from desktop.ui.app.theme import ThemeMenu
from desktop.ui.app.transfer_commands import TransferCommands
from desktop.ui.app.worker import TaskRunner
from desktop.ui.article.article_panel import ArticlePanel
from desktop.ui.article.label_bar import LabelBar
from desktop.ui.links.arc_overlay import ArcOverlay
from desktop.ui.links.link_drag import LinkDragController
from desktop.ui.links.link_mode import LinkMode
from desktop.ui.networks.metadata_panel import MetadataPanel
from desktop.ui.panels.actor_panel import ActorRegistryPanel
from desktop.ui.panels.document_list import DocumentListPanel
from desktop.ui.panels.frames_panel import FramesPanel
from desktop.ui.panels.inspector import InspectorPanel
from desktop.ui.review.review_mode import ReviewMode
from desktop.ui.review.review_panel import ReviewPanel

log = logging.getLogger(__name__)

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
SPLITTER_KEY = "window/splitter"
DEFAULT_SIZES = (280, 800, 340)
DEFAULT_HEIGHT = 860
SCREEN_SHARE = 0.9  # of the available screen, at most, for a window with no saved size


def fitted_size(wanted: QSize, available: QSize) -> QSize:
    """`wanted`, shrunk to SCREEN_SHARE of the `available` screen area where it is larger."""
    return QSize(
        min(wanted.width(), int(available.width() * SCREEN_SHARE)),
        min(wanted.height(), int(available.height() * SCREEN_SHARE)),
    )


class MainWindow(QMainWindow):
    """The annotation window over one session; `persist` saves geometry and recent files."""

    def __init__(self, session: Session, persist: bool = True) -> None:
        super().__init__()
        self.session = session
        self._persist = persist
        self.close_note = ""  # after closing: why the WAL was left (edits are saved)
        self.gloss_actions = Actions(session, self)
        self.tasks = TaskRunner(session, self)
        self.history = HistoryCommands(session, self.gloss_actions, self)
        self.commands = ProjectCommands(session, self.gloss_actions, self, persist)
        self.backups = BackupCommands(session, self.gloss_actions, self)
        self.transfer = TransferCommands(session, self.gloss_actions, self, self.tasks)
        self._build_ui()
        self._build_claim_frames()
        self._build_review()
        self._build_toolbar()
        self.views = ViewCommands(session, self.gloss_actions, self, self.layer_picker, self.tasks)
        self._build_menus()
        self._connect()
        self._restore()
        self._on_session_project_opened()

    def _build_ui(self) -> None:
        session, actions = self.session, self.gloss_actions
        self.document_list = DocumentListPanel(session, actions, self)
        self.label_bar = LabelBar(session, actions, self)
        self.article = ArticlePanel(session, actions, self)
        self.inspector = InspectorPanel(session, self, link_action=actions.link)
        self.actors = ActorRegistryPanel(session, self, runner=self.tasks)
        self.side = SidePane(self.inspector, "Span", self)
        self.side.add_panel(self.actors, "Actors", actions.show_actors)
        self.metadata = MetadataPanel(session, self)
        self.side.add_panel(self.metadata, "Document")
        self.side.setMinimumWidth(64)  # squeeze the tabs rather than widen the window
        self.status = GlossStatusBar(session, self)
        self.status.show_tasks(self.tasks)
        self.setStatusBar(self.status)
        self.guide = FirstRunGuide(session, self)
        self.banner = ProjectBanner(session, self)

        centre = QWidget(self)
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.guide)
        layout.addWidget(self.label_bar)
        layout.addWidget(self.article, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        for widget in (self.document_list, centre, self.side):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)

        self.frames = FramesPanel(session, self)
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.frames_dock = add_dock(self, self.frames, "Frames", bottom, actions.show_frames)

    def _build_claim_frames(self) -> None:
        """Roles drawn over the text, linking by keyboard and mouse, actor suggestions."""
        session, actions, view = self.session, self.gloss_actions, self.article.view
        self.arcs = ArcOverlay(view, session)
        self.arcs.jump_requested.connect(session.select_span)
        self.link_mode = LinkMode(view, session, self.arcs)
        self.link_drag = LinkDragController(view, session, self.arcs)
        for source in (self.link_mode, self.link_drag):
            source.message.connect(session.notify)
        actions.link.triggered.connect(self._on_link_triggered)
        actions.dim_unrelated.toggled.connect(self.arcs.set_dim_unrelated)
        actions.all_roles.setChecked(bool(preferences.view_options().get("roles", False)))
        actions.all_roles.toggled.connect(self._on_all_roles_toggled)
        actions.label_tags.toggled.connect(self._sync_roles)
        self._sync_roles()
        self.frames.allegation_activated.connect(self._on_frames_allegation_activated)
        self.actors.suggestions_changed.connect(self._on_actors_suggestions_changed)
        self.actors.suggestion_selected.connect(self._on_actors_suggestion_selected)
        self.article.loaded.connect(self._on_actors_suggestions_changed)  # a load clears them

    def _on_all_roles_toggled(self, on: bool) -> None:
        preferences.set_view_option("roles", on)
        self._sync_roles()

    def _sync_roles(self, *_: object) -> None:
        """Roles always shown: with tags on, role names go into the tags (no pills)."""
        every = self.gloss_actions.all_roles.isChecked()
        tags = self.article.view.tags_shown()
        self.arcs.set_all_roles(every, pills=not tags)
        self.article.editing.set_roles_in_tags(every and tags)

    def _build_review(self) -> None:
        self.review = ReviewPanel(self.session, self)
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.review_dock = add_dock(self, self.review, "Review", right, closable=False)
        self.review_dock.setMinimumWidth(380)
        self.review_mode = ReviewMode(
            self.session,
            self.article,
            self.review,
            self.review_dock,
            self.gloss_actions.review_mode,
            aside=[self.side, self.frames_dock],
            off_actions=[self.gloss_actions.link],
        )

    def _build_toolbar(self) -> None:
        actions = self.gloss_actions
        self.toolbar = QToolBar("Main", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.layer_picker = LayerPicker(self.session, self)
        self.toolbar.addWidget(self.layer_picker)
        self.toolbar.addSeparator()
        self.toolbar.addActions([actions.link, actions.dim_unrelated])
        self.toolbar.addSeparator()
        self.toolbar.addActions(
            [actions.review_mode, actions.show_frames, actions.show_actors, actions.dashboard]
        )
        self.addToolBar(self.toolbar)

    def _build_menus(self) -> None:
        bar, actions = self.menuBar(), self.gloss_actions
        file_menu = bar.addMenu("&File")
        file_menu.addActions([actions.new_project, actions.open_project])
        file_menu.addMenu(self.commands.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([actions.import_files, actions.export, actions.merge])
        file_menu.addAction(actions.restore_backup)
        file_menu.addSeparator()
        file_menu.addAction(actions.settings)
        file_menu.addAction(actions.codebook)
        file_menu.addSeparator()
        file_menu.addAction(actions.quit)
        edit_menu = bar.addMenu("E&dit")
        edit_menu.addActions([actions.undo, actions.redo, actions.edit_history])
        edit_menu.addSeparator()
        edit_menu.addActions([actions.link, actions.delete_span, actions.escape])
        edit_menu.addSeparator()
        edit_menu.addActions([actions.find, actions.find_next, actions.find_previous])
        edges = edit_menu.addMenu("Span &edges")
        edges.addActions(list(actions.span_edges.values()))
        view_menu = bar.addMenu("&View")
        view_menu.addActions([actions.choose_layer, actions.take_over_layer, actions.review_mode])
        view_menu.addSeparator()
        view_menu.addActions([actions.dim_unrelated, actions.label_tags, actions.all_roles])
        view_menu.addActions(
            [actions.zoom_in, actions.zoom_out, actions.zoom_reset, actions.line_spacing]
        )
        view_menu.addSeparator()
        view_menu.addActions([actions.show_frames, actions.show_actors, actions.dashboard])
        view_menu.addSeparator()
        self.theme = ThemeMenu(self, self._persist)
        view_menu.addMenu(self.theme.menu)
        self.label_menu = bar.addMenu("La&bel")
        self._fill_label_menu()
        go_menu = bar.addMenu("&Go")
        go_menu.addActions([actions.next_span, actions.previous_span])
        go_menu.addSeparator()
        go_menu.addActions([actions.next_document, actions.previous_document, actions.mark_done])
        go_menu.addAction(actions.toggle_done)
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
            self.resize(self.default_size())
        state = preferences.load_bytes(STATE_KEY) if self._persist else None
        if state is not None:
            self.restoreState(state)
        self.review_dock.hide()  # every window starts annotating, not reviewing
        splitter = preferences.load_bytes(SPLITTER_KEY) if self._persist else None
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes(list(DEFAULT_SIZES))

    def default_size(self) -> QSize:
        """The size for a first start: roomy, but never larger than the screen it opens on."""
        wanted = QSize(sum(DEFAULT_SIZES), DEFAULT_HEIGHT)
        screen = self.screen() or QGuiApplication.primaryScreen()
        return wanted if screen is None else fitted_size(wanted, screen.availableSize())

    def save_layout(self) -> None:
        """Remember geometry and splitter sizes for the next start."""
        preferences.save_bytes(GEOMETRY_KEY, self.saveGeometry())
        preferences.save_bytes(STATE_KEY, self.saveState())
        preferences.save_bytes(SPLITTER_KEY, self.splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the layout, close the dashboard and the project file cleanly (a running task
        is cancelled first: it rolls back)."""
        self.tasks.shutdown()
        self.review_mode.set_active(False)
        if self._persist:
            self.save_layout()
        if self.views.dashboard is not None:
            self.views.dashboard.close()
        self.session.close()
        self.close_note = self.session.workspace.close_note
        if self.close_note:  # edits are saved; only the checkpoint failed
            log.warning("%s", self.close_note)
            self.status.showMessage(self.close_note)
            if self._persist:
                dialogs.show_error(self, "Edits saved, checkpoint failed", self.close_note)
        super().closeEvent(event)

    # --- slots: composition only ------------------------------------------------------------
    def _on_actions_labels_rebuilt(self) -> None:
        self._fill_label_menu()

    def _on_session_project_opened(self) -> None:
        path = self.session.workspace.path
        name = path.name if path else "in-memory project"
        self.setWindowTitle(f"{name} — Gloss")
        self.article.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_link_triggered(self) -> None:
        self.link_mode.start()

    def _on_frames_allegation_activated(self, doc_id: str, span_id: str) -> None:
        self.session.open_document(doc_id)
        self.session.select_span(span_id)

    def _on_actors_suggestions_changed(self, *_args: object) -> None:
        self.article.view.set_suggestions(self.actors.ranges_for(self.session.doc_id))

    def _on_actors_suggestion_selected(self, doc_id: str, start: int, end: int) -> None:
        self.session.open_document(doc_id)
        self.article.view.reveal(start, end)


if __name__ == "__main__":  # pragma: no cover - manual preview
    import sys

    from PySide6.QtWidgets import QApplication

    from desktop.ui.app.preview import sample_workspace

    app = QApplication.instance() or QApplication(sys.argv[:1])
    preview_session = Session(sample_workspace())
    window = MainWindow(preview_session, persist=False)
    preview_session.open_document(preview_session.workspace.first_document_id())
    window.show()
    sys.exit(app.exec())
