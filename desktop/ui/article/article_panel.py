"""ArticlePanel: the open document in an ArticleView, its find bar, and labeling by keyboard.

Select text, press a label hotkey: the selection (snapped to whole words, or exact with
Alt) becomes a span of the session's layer through the workspace; the view shows it when
the broadcast arrives. In review mode the view shows a comparison of layers instead, and
labeling is off.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from desktop.domain import Change, Span
from desktop.ui.app.actions import Actions
from desktop.ui.app.session import Session
from desktop.ui.article.article_view import ArticleView
from desktop.ui.article.find_bar import FindBar
from desktop.ui.article.offsets import OffsetMap
from desktop.ui.article.span_editing import SpanEditing

ReviewSource = Callable[[], tuple[Sequence[Span], Mapping[str, str]]]
REVIEW_REFUSAL = "Review mode: decide in the review panel (e edits in gold), or leave with Ctrl+R"


class ArticlePanel(QWidget):
    """The article of the open document with the spans of the session's layer."""

    loaded = Signal()  # the view shows a (re)loaded document: extras such as suggestions are gone

    def __init__(self, session: Session, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._actions = actions
        self._offsets = OffsetMap("")
        self._review: ReviewSource | None = None
        self._shown_doc: str | None = None
        self._build_ui()
        self._connect()
        self.load()

    def _build_ui(self) -> None:
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.title.setContentsMargins(8, 4, 8, 0)
        self.view = ArticleView(self)
        self.view.setPlaceholderText("No document open")
        self.find_bar = FindBar(self._session, self._actions, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.find_bar)
        self.setFocusProxy(self.view)
        self.editing = SpanEditing(
            self.view, self.find_bar, self._session, self._actions, self._busy, self
        )

    def _busy(self) -> str | None:
        return REVIEW_REFUSAL if self._review is not None else None

    def _connect(self) -> None:
        session, actions = self._session, self._actions
        session.document_opened.connect(self._on_session_document_opened)
        session.changed.connect(self._on_session_changed)
        session.span_selected.connect(self._on_session_span_selected)
        session.project_opened.connect(self._on_session_project_opened)
        session.layer_changed.connect(self._on_session_layer_changed)
        self.view.span_clicked.connect(self._on_view_span_clicked)
        self.view.viewport().installEventFilter(self)
        self.find_bar.match_selected.connect(self._on_find_bar_match_selected)
        actions.label_triggered.connect(self._on_actions_label_triggered)
        actions.delete_span.triggered.connect(self._on_delete_span_triggered)
        actions.next_span.triggered.connect(self._on_next_span_triggered)
        actions.previous_span.triggered.connect(self._on_previous_span_triggered)
        actions.escape.triggered.connect(self._on_escape_triggered)

    # --- showing the document ------------------------------------------------------------
    def _colors(self) -> dict[str, str]:
        return {label.name: label.color for label in self._session.workspace.schema.span_labels}

    def load(self) -> None:
        """Show the session's document (text read from the project) with the spans of the
        session's layer, or the review comparison; the same document keeps its scrolling."""
        ws, doc_id = self._session.workspace, self._session.doc_id
        if doc_id is None or not ws.has_document(doc_id):
            self._offsets = OffsetMap("")
            self._shown_doc = None
            self.view.set_document("", [], self._colors())
            self.title.setText("")
            self.loaded.emit()
            return
        document = ws.document(doc_id)
        top = self.view.first_visible_offset() if doc_id == self._shown_doc else None
        self._offsets = OffsetMap(document.text)
        if self._review is not None:
            spans, colors = self._review()
            self.view.set_document(document.text, spans, colors)
        else:
            spans = ws.spans(doc_id, self._session.layer)
            self.view.set_document(document.text, spans, self._colors())
        self._shown_doc = doc_id
        if top:
            self.view.show_from(top)
        self.title.setText(" ".join(document.display_title.split()))
        self.view.select_span(self._session.selected_span_id)
        self.loaded.emit()

    def set_review(self, source: ReviewSource | None) -> None:
        """Show the spans `source()` gives (review mode) instead of the layer's; None
        returns to the layer. Reloads the view."""
        self._review = source
        self.load()

    @property
    def reviewing(self) -> bool:
        """True while the view shows a review comparison."""
        return self._review is not None

    def _sync_spans(self) -> list[Span]:
        """Bring the view in line with the stored spans; returns the ones added or changed."""
        doc_id, layer = self._session.doc_id, self._session.layer
        stored = {s.id: s for s in self._session.workspace.spans(doc_id, layer)} if doc_id else {}
        shown = self.view.spans_by_id()
        for span_id in shown.keys() - stored.keys():
            self.view.remove_span(span_id)
        touched = []
        for span_id, span in stored.items():
            if span_id not in shown:
                self.view.add_span(span)
                touched.append(span)
            elif shown[span_id] is not span and shown[span_id] != span:
                self.view.replace_span(span)
                touched.append(span)
        return touched

    # --- labeling ----------------------------------------------------------------------------
    def label(self, label: str, exact: bool = False) -> None:
        """Label the selected text as `label`; with no text selected, relabel the selected span."""
        ws, doc_id, layer = self._session.workspace, self._session.doc_id, self._session.layer
        if doc_id is None:
            self._session.notify("Open a document first")
            return
        if self._review is not None:
            self._session.notify(REVIEW_REFUSAL)
            return
        if self.view.textCursor().hasSelection():
            found = self.view.selection_range(snap=not exact)
            if found is None:
                self._session.notify("The selection holds no word to label")
                return
            start, end = found
            if not self._session.check_writable(layer):
                return
            twin = ws.near_duplicate(doc_id, layer, start, end, label)
            if twin is not None and (not exact or (twin.start, twin.end) == (start, end)):
                text = " ".join(self._offsets.text[twin.start : twin.end].split())[:60]
                self._session.notify(
                    f"Not added: it nearly repeats the {label} “{text}”; select that span and"
                    " move its edges (Alt+Shift+arrows), or hold Alt for an exact new span"
                )
                self._session.select_span(twin.id)
                return
            change = self._session.edit(
                lambda: ws.add_span(doc_id, start, end, label, layer=layer, initiator=self)
            )
            if change is not None:
                self._clear_text_selection()  # the next hotkey relabels the new span
            return
        span_id = self._session.selected_span_id
        if span_id is None:
            self._session.notify("Select some text (or a span), then press a label key")
            return
        span = ws.span(span_id)
        if span.label != label and self._session.check_writable(span.layer):
            roles = ws.roles_of(span_id)
            change = self._session.edit(lambda: ws.relabel_span(span_id, label, initiator=self))
            kept = {r.id for r in ws.roles_of(span_id)}
            lost = sorted({r.label for r in roles if r.id not in kept})
            if change is not None and lost:
                count = len([r for r in roles if r.id not in kept])
                self._session.notify(
                    f"Relabelled {span.label} as {label}: removed {count} role(s)"
                    f" ({', '.join(lost)}) a {label} cannot have; Ctrl+Z restores them"
                )

    def delete_selected(self) -> None:
        """Delete the selected span."""
        span_id = self._session.selected_span_id
        if self._review is not None:
            self._session.notify(REVIEW_REFUSAL)
            return
        if span_id is None:
            self._session.notify("No span selected")
            return
        ws = self._session.workspace
        if self._session.check_writable(ws.span(span_id).layer):
            self._session.edit(lambda: ws.remove_span(span_id, initiator=self))

    def select_text(self, start: int, end: int) -> None:
        """Make code points [start, end) of the stored text the view's text selection."""
        a, b = self._offsets.to_qt_range(start, end)
        cursor = self.view.textCursor()
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()

    def _clear_text_selection(self) -> None:
        cursor = self.view.textCursor()
        cursor.clearSelection()
        self.view.setTextCursor(cursor)

    def _select_only(self, change: Change) -> None:
        """Select the one span a change names, if it is in the open document."""
        if len(change.span_ids) == 1:
            (span_id,) = change.span_ids
            if self.view.span(span_id) is not None:
                self._session.select_span(span_id)
                self.view.select_span(span_id)

    def _sync_selection_from_view(self) -> None:
        self._session.select_span(self.view.selected_span_id())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """After a click in the text, take over the view's span selection (it may deselect)."""
        if watched is self.view.viewport() and event.type() == QEvent.Type.MouseButtonRelease:
            QTimer.singleShot(0, self._sync_selection_from_view)
        return super().eventFilter(watched, event)

    # --- slots ---------------------------------------------------------------------------------
    def _on_session_document_opened(self, _doc_id: str) -> None:
        self.load()

    def _on_session_project_opened(self) -> None:
        self.load()

    def _on_session_layer_changed(self, _layer: str) -> None:
        self.load()

    def _on_session_changed(self, change: Change, _initiator: object) -> None:
        doc_id = self._session.doc_id
        if doc_id is None:
            return
        ws = self._session.workspace
        if change.documents and not ws.has_document(doc_id):  # e.g. an import was undone
            self._session.open_document(ws.first_document_id())
            return
        if self._review is not None:
            return  # the review panel says when the comparison changed
        if change.layers or change.documents or change.schema:  # schema: colours may change
            selected = self._session.selected_span_id
            self.load()
            if selected and self.view.span(selected) is None:
                self._session.select_span(None)
            return
        if not (change.spans and change.touches(doc_id)):
            return
        self._sync_spans()
        selected = self._session.selected_span_id
        if selected and self.view.span(selected) is None:
            self._session.select_span(None)
        self._select_only(change)

    def _on_session_span_selected(self, span_id: object) -> None:
        if span_id != self.view.selected_span_id():
            self.view.select_span(span_id if isinstance(span_id, str) else None)

    def _on_view_span_clicked(self, span_id: str) -> None:
        self._session.select_span(span_id)

    def _on_find_bar_match_selected(self, start: int, end: int) -> None:
        self.select_text(start, end)

    def _on_actions_label_triggered(self, label: str, exact: bool) -> None:
        self.label(label, exact)

    def _on_delete_span_triggered(self) -> None:
        self.delete_selected()

    def _on_next_span_triggered(self) -> None:
        self._session.select_span(self.view.next_span(1) or self._session.selected_span_id)

    def _on_previous_span_triggered(self) -> None:
        self._session.select_span(self.view.next_span(-1) or self._session.selected_span_id)

    def _on_escape_triggered(self) -> None:
        focused = QApplication.focusWidget()
        if self.find_bar.isVisible() and focused and self.find_bar.isAncestorOf(focused):
            self.find_bar.close_bar()
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.find_bar.isVisible() and self._session.selected_span_id is None:
            self.find_bar.close_bar()
        else:
            self._session.select_span(None)
            self.view.select_span(None)


if __name__ == "__main__":  # pragma: no cover - manual preview
    from desktop.ui.app.preview import preview

    preview(lambda session, actions: ArticlePanel(session, actions))
