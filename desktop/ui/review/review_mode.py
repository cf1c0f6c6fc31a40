"""ReviewMode: switches the window between annotating one layer and reviewing several.

While on, the review panel's dock is shown, the article shows the comparison of layers
(refreshed whenever the panel's comparison changes), choosing an item reveals its range,
and labeling is off. "Edit in gold" leaves review mode on the gold layer at that range;
leaving restores the normal view of the session's layer.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QSignalBlocker, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QWidget

from desktop.domain import Span
from desktop.ui.app.session import Session
from desktop.ui.article.article_panel import ArticlePanel
from desktop.ui.review.review_panel import ReviewPanel


class ReviewMode(QObject):
    """Binds the review panel, its dock and a checkable action to the article panel.

    `aside` widgets are hidden while reviewing (room for the panel) and shown again after
    if they were visible; `off_actions` are disabled (linking makes no sense over a
    comparison).
    """

    def __init__(
        self,
        session: Session,
        article: ArticlePanel,
        panel: ReviewPanel,
        dock: QDockWidget,
        action: QAction,
        aside: Sequence[QWidget] = (),
        off_actions: Sequence[QAction] = (),
    ) -> None:
        super().__init__(article)
        self._session, self._article, self._panel = session, article, panel
        self._dock, self._action = dock, action
        self._aside, self._off_actions = list(aside), list(off_actions)
        self._hidden: list[QWidget] = []
        self._active = False
        action.toggled.connect(self.set_active)
        panel.comparison_changed.connect(self._on_panel_comparison_changed)
        panel.item_selected.connect(self._on_panel_item_selected)
        panel.edit_in_gold_requested.connect(self._on_panel_edit_in_gold_requested)
        session.project_opened.connect(self._on_session_project_opened)

    @property
    def active(self) -> bool:
        """True while reviewing."""
        return self._active

    def set_active(self, on: bool) -> None:
        """Enter (True) or leave (False) review mode."""
        if on == self._active:
            return
        self._active = on
        with QSignalBlocker(self._action):
            self._action.setChecked(on)
        self._session.select_span(None)
        if on:
            self._hidden = [w for w in self._aside if w.isVisible()]
            for widget in self._hidden:
                widget.hide()
        else:
            for widget in self._hidden:
                widget.show()
            self._hidden = []
        for action in self._off_actions:
            action.setEnabled(not on)
        self._dock.setVisible(on)
        if on:
            self._panel.refresh_layers()
            self._panel.set_document(self._session.doc_id)
            self._article.set_review(self._spans)
            self._panel.setFocus(Qt.FocusReason.OtherFocusReason)
            item = self._panel.current_item()
            if item is not None:
                self._on_panel_item_selected(item.doc_id, item.start, item.end)
            self._session.notify(
                "Review mode: j/k walk, 1-9 accept a layer, x rejects; Ctrl+R leaves"
            )
        else:
            self._article.set_review(None)
            self._article.setFocus(Qt.FocusReason.OtherFocusReason)

    def _spans(self) -> tuple[list[Span], dict[str, str]]:
        return self._panel.article_spans(self._session.doc_id)

    def _on_panel_comparison_changed(self) -> None:
        if self._active:
            self._article.load()

    def _on_panel_item_selected(self, doc_id: str, start: int, end: int) -> None:
        if self._active:
            self._session.open_document(doc_id)
            self._article.view.reveal(start, end)

    def _on_panel_edit_in_gold_requested(self, doc_id: str, start: int, end: int) -> None:
        gold = self._panel.gold_layer()
        self.set_active(False)
        self._session.set_layer(gold)
        self._session.open_document(doc_id)
        self._article.view.reveal(start, end)
        self._session.notify(
            f"Editing in {gold}: select text and press a label key; Ctrl+R returns to review"
        )

    def _on_session_project_opened(self) -> None:
        self.set_active(False)
