"""The dashboard window: label counts, progress and agreement charts for a project.

It loads pyqtgraph (through `desktop.ui.dashboard.charts`), so other modules import it only when
the user opens it: `from desktop.ui.dashboard.dashboard import open_dashboard` inside a function.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import GOLD
from desktop.ui.app.worker import TaskRunner
from desktop.ui.dashboard.agreement_views import ConfusionChart, DocumentTable
from desktop.ui.dashboard.charts import (
    AgreementBarsChart,
    LabelCountsChart,
    PairHeatmap,
    ProgressChart,
)
from desktop.workspace import DashboardData, Workspace, comparable_layers, dashboard_data

REFRESH_DELAY_MS = 300  # a burst of edits (an import, a merge) redraws once
CI_LEVEL = 0.95  # the error bars: 95% bootstrap intervals over documents
CI_RESAMPLES = 200


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


class DashboardWindow(QWidget):
    """Charts over one workspace, and a picker of the layers whose agreement is shown.

    With a `session` (anything with a `changed` signal and a `workspace`), the charts
    follow every committed edit, and a document clicked in the per-document table opens in
    the session, in review mode when the parent window has a review-mode action.
    """

    document_requested = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        layers: Sequence[str] | None = None,
        session: Any = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Gloss dashboard")
        self._workspace = workspace
        self._session = session
        self._runner = runner  # with one, agreement is computed off the UI thread
        self._chosen = list(layers) if layers else None  # None: every annotator layer
        self._stale = False
        self.data: DashboardData | None = None
        self.network: QWidget | None = None
        self._build_ui()
        self._connect()
        self.refresh()

    @property
    def workspace(self) -> Workspace:
        """The workspace the charts describe."""
        return self._workspace

    def _build_ui(self) -> None:
        self.layer_list = QListWidget()
        self.layer_list.setToolTip("Layers compared in the agreement charts")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        caption = QLabel("Compare layers\n(two or more)")
        caption.setTextFormat(Qt.TextFormat.PlainText)
        side = QVBoxLayout()
        side.addWidget(caption)
        side.addWidget(self.layer_list, 1)
        side.addWidget(self.summary)
        self.network_button = QPushButton("Actor network…")
        self.network_button.setToolTip("Who accuses, answers and sides with whom, over time")
        side.addWidget(self.network_button)
        side_panel = QWidget()
        side_panel.setLayout(side)
        side_panel.setFixedWidth(170)

        self.label_counts = LabelCountsChart()
        self.progress = ProgressChart()
        self.agreement_bars = AgreementBarsChart()
        self.heatmap = PairHeatmap()
        self.confusion = ConfusionChart()
        self.documents = DocumentTable()
        grid = QGridLayout()
        grid.addWidget(self.label_counts, 0, 0)
        grid.addWidget(self.progress, 0, 1)
        grid.addWidget(self.agreement_bars, 1, 0)
        grid.addWidget(self.heatmap, 1, 1)
        grid.addWidget(self.confusion, 2, 0)
        grid.addWidget(self.documents, 2, 1)

        layout = QHBoxLayout(self)
        layout.addWidget(side_panel)
        layout.addLayout(grid, 1)
        self.resize(1200, 1000)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)

    def _connect(self) -> None:
        self.layer_list.itemChanged.connect(self._on_layer_list_item_changed)
        self._refresh_timer.timeout.connect(self.refresh)
        self.network_button.clicked.connect(self._on_network_button_clicked)
        self.documents.document_activated.connect(self._on_documents_document_activated)
        if self._session is not None:
            self._session.changed.connect(self._on_session_changed)
            project_opened = getattr(self._session, "project_opened", None)
            if project_opened is not None:
                project_opened.connect(self._on_session_project_opened)

    def open_network(self) -> QWidget:
        """Show the actor network window (one per dashboard), in front."""
        if self.network is None:
            from desktop.ui.dashboard.network_view import NetworkWindow

            self.network = NetworkWindow(self._workspace, self, session=self._session)
        self.network.show()
        self.network.raise_()
        return self.network

    def _on_network_button_clicked(self) -> None:
        self.open_network()

    # --- the layer picker ----------------------------------------------------------------
    def chosen_layers(self) -> list[str]:
        """The checked layers, in list order."""
        items = (self.layer_list.item(row) for row in range(self.layer_list.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def _fill_layer_list(self, names: Sequence[str]) -> None:
        """List `names`, checking the user's choice, else every annotator layer."""
        chosen = set(self._chosen) if self._chosen is not None else set(names) - {GOLD}
        self.layer_list.blockSignals(True)
        self.layer_list.clear()
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            checked = name in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.layer_list.addItem(item)
        self.layer_list.blockSignals(False)

    def _on_layer_list_item_changed(self, _item: QListWidgetItem) -> None:
        self._chosen = self.chosen_layers()
        self.refresh()

    # --- refreshing --------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute everything from the workspace and redraw the charts."""
        self._stale = False
        self._refresh_timer.stop()
        self._fill_layer_list(comparable_layers(self._workspace))
        chosen = self.chosen_layers()
        workspace, runner = self._workspace, self._runner
        if runner is None:
            self._show_data(
                dashboard_data(workspace, chosen or None, ci=CI_LEVEL, resamples=CI_RESAMPLES),
                chosen,
            )
        elif runner.busy:  # another task writes: come back when it is done
            self._stale = True
            runner.finished.connect(self._on_runner_finished)
        else:
            runner.run(
                "Computing agreement",
                lambda _progress: dashboard_data(
                    workspace, chosen or None, ci=CI_LEVEL, resamples=CI_RESAMPLES
                ),
                lambda data: self._show_data(data, chosen),
                cancellable=False,
            )

    def _on_runner_finished(self, *_args: object) -> None:
        if self._runner is not None:
            self._runner.finished.disconnect(self._on_runner_finished)
        if self._stale:
            self.refresh()

    def _show_data(self, data: DashboardData, chosen: Sequence[str]) -> None:
        if len(chosen) < 2:
            data.agreement = None
            data.pair_matrix = []
        self.data = data
        self.label_counts.set_data(data.layers, data.labels, data.label_counts)
        self.progress.set_data(data.progress, data.layers)
        self.agreement_bars.set_data(data.agreement, data.labels)
        report = data.agreement
        self.heatmap.set_data(report["layers"] if report else [], data.pair_matrix)
        self.confusion.set_data(report)
        self.documents.set_data(report)
        self.summary.setText(self._summary(data, chosen))

    @staticmethod
    def _summary(data: DashboardData, chosen: Sequence[str]) -> str:
        report = data.agreement
        if len(chosen) < 2:
            return "Check two or more layers to see their agreement."
        if not report:
            return "No agreement to show for these layers."
        return (
            f"Agreement over {report['documents']} document(s).\n"
            f"Krippendorff's alpha: {_number(report['krippendorff_alpha'])}\n"
            f"Fleiss' kappa: {_number(report['fleiss_kappa'])}\n"
            f"Unitizing alpha: {_number(report['unitizing_alpha']['alpha'])}"
        )

    def _on_documents_document_activated(self, doc_id: str) -> None:
        """Open the document in the session and switch the main window to review mode."""
        if self._session is not None and hasattr(self._session, "open_document"):
            self._session.open_document(doc_id)
        actions = getattr(self.parent(), "gloss_actions", None)
        review = getattr(actions, "review_mode", None)
        if review is not None and not review.isChecked():
            review.setChecked(True)
        self.document_requested.emit(doc_id)

    def _schedule_refresh(self) -> None:
        if self.isVisible():
            self._refresh_timer.start()
        else:
            self._stale = True

    def _on_session_changed(self, _change: object, _initiator: object) -> None:
        self._schedule_refresh()

    def _on_session_project_opened(self) -> None:
        self._workspace = self._session.workspace
        self._chosen = None
        self._schedule_refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        """A pending refresh waits for the next show (the project may close meanwhile)."""
        if self._refresh_timer.isActive():
            self._refresh_timer.stop()
            self._stale = True
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with edits made while the window was hidden."""
        super().showEvent(event)
        if self._stale:
            self.refresh()


def open_dashboard(
    workspace: Workspace,
    parent: QWidget | None = None,
    session: Any = None,
    runner: TaskRunner | None = None,
) -> DashboardWindow:
    """Show a dashboard window over `workspace` (the caller keeps it to raise it again)."""
    window = DashboardWindow(workspace, parent, session=session, runner=runner)
    window.show()
    window.raise_()
    return window


def _preview_workspace() -> Workspace:
    """The sample article, annotated by "example" and, differently, by "bob"."""
    from desktop.domain.resources import seeds_dir
    from desktop.workspace import import_paths

    ws = Workspace.open(None)
    import_paths(ws, [seeds_dir() / "hrw-azerbaijan-pows.jsonl"])
    doc_id = ws.first_document_id() or ""
    spans = ws.spans(doc_id, layer="example")
    for n, span in enumerate(spans):
        if n % 4 == 3:
            continue  # bob missed these
        end = span.end - 1 if n % 5 == 0 and span.end - span.start > 2 else span.end
        label = "ACTOR" if n % 7 == 6 and span.label == "EVIDENCE" else span.label
        attrs = span.attrs if n % 3 else {}
        ws.add_span(doc_id, span.start, end, label, attrs=attrs, layer="bob")
    ws.set_status(doc_id, "in_progress", layer="bob")
    ws.set_status(doc_id, "done", layer="bob")
    return ws


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = open_dashboard(_preview_workspace())
    sys.exit(app.exec())
