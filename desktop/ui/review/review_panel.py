"""ReviewPanel: pick layers to compare and a gold layer, walk the disagreements with the keyboard
and decide each into gold (the list it shows is review_model.ReviewItemListModel)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QSignalBlocker,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import GOLD, Change, DomainError, Span
from desktop.ui.app.actions import color_chip
from desktop.ui.app.session import Session
from desktop.ui.review.curation_view import CurationView
from desktop.ui.review.review_model import MARKS, ReviewItemListModel
from desktop.ui.review.review_text import (
    SHARED_COLOR,
    agreement_spans,
    layer_palette,
    summary,
)
from desktop.workspace.adjudication import (
    ReviewItem,
    accept,
    accept_all,
    accept_unanimous,
    reject,
    review_items,
    review_spans,
)
from desktop.workspace.layers import default_review_layers

KEYS_HINT = (
    "Up/Down or j/k: walk  ·  1-9: accept that layer  ·  b: accept both  ·  x: reject  ·"
    "  e: edit in gold  ·  u: accept agreed items here  ·  Ctrl+Shift+U: in every document"
)


class ReviewPanel(QWidget):
    """Review mode for the open document. Decisions are ordinary undoable gold edits; the
    panel refreshes from the session's `changed` broadcast like every other panel."""

    item_selected = Signal(str, int, int)
    edit_in_gold_requested = Signal(str, int, int)
    comparison_changed = Signal()  # layers, gold or items changed: re-read article_spans()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._doc_id: str | None = session.doc_id
        self._quiet = False
        self._deciding = False
        self._counts = ""  # the item counts the status line ends with
        self.model = ReviewItemListModel(self)
        self._build_ui()
        self._connect()
        self.refresh_layers()
        self.refresh()

    def _build_ui(self) -> None:
        self.layer_list = QListWidget()
        self.layer_list.setMaximumHeight(96)
        self.layer_list.setToolTip("Layers to compare; keys 1-9 accept them in this order")
        self.gold_combo = QComboBox()
        self.gold_combo.setEditable(True)
        self.gold_combo.setToolTip("The layer decisions are written to")
        self.show_agreed = QCheckBox("Show agreed items")
        self.list_view = QListView()
        self.list_view.setModel(self.model)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setUniformItemSizes(True)
        self.list_view.setIconSize(QSize(10, 10))
        self.curation = CurationView()
        self.accept_here = QPushButton("Accept agreed (u)")
        self.accept_everywhere = QPushButton("In every document")
        self.hint = QLabel(KEYS_HINT)
        self.status = QLabel()
        for label in (self.hint, self.status):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)

        gold_row = QHBoxLayout()
        gold_row.addWidget(QLabel("Gold layer"))
        gold_row.addWidget(self.gold_combo, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_here)
        buttons.addWidget(self.accept_everywhere)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Compare"))
        layout.addWidget(self.layer_list)
        self.legend = QWidget()
        self._legend_layout = QHBoxLayout(self.legend)
        self._legend_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.legend)
        layout.addLayout(gold_row)
        layout.addWidget(self.show_agreed)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(QLabel("Versions (press the number to accept one)"))
        layout.addWidget(self.curation)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.hint)
        self.setFocusProxy(self.list_view)

    def _connect(self) -> None:
        self._session.changed.connect(self._on_session_changed)
        self._session.document_opened.connect(self._on_session_document_opened)
        self._session.project_opened.connect(self._on_session_project_opened)
        self._session.edit_failed.connect(self._on_session_edit_failed)
        self.layer_list.itemChanged.connect(self._on_picker_changed)
        self.gold_combo.currentTextChanged.connect(self._on_picker_changed)
        self.show_agreed.toggled.connect(self._on_picker_changed)
        self.list_view.selectionModel().currentChanged.connect(self._on_list_current_changed)
        self.list_view.installEventFilter(self)
        self.accept_here.clicked.connect(lambda: self.accept_agreed())
        self.accept_everywhere.clicked.connect(lambda: self.accept_agreed(everywhere=True))

    # State

    def compared_layers(self) -> list[str]:
        """Checked layers in list order (minus the gold layer)."""
        gold = self.gold_layer()
        rows = (self.layer_list.item(i) for i in range(self.layer_list.count()))
        return [
            r.text() for r in rows if r.checkState() == Qt.CheckState.Checked and r.text() != gold
        ]

    def gold_layer(self) -> str:
        """The layer decisions go to."""
        return self.gold_combo.currentText().strip() or GOLD

    def set_layers(self, compared: Sequence[str], gold: str | None = None) -> None:
        """Check exactly `compared` (in the list's order) and pick the gold layer."""
        with QSignalBlocker(self.layer_list), QSignalBlocker(self.gold_combo):
            for i in range(self.layer_list.count()):
                row = self.layer_list.item(i)
                checked = row.text() in compared
                row.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.gold_combo.setCurrentText(gold if gold is not None else self.gold_layer())
        self.refresh()

    def set_document(self, doc_id: str | None) -> None:
        """Review `doc_id` (None: nothing), starting at its first item."""
        self._doc_id = doc_id
        self.model.set_rows([])
        self.refresh()

    def layer_colors(self) -> dict[str, str]:
        """A colour per layer of the project (the same whichever layers are compared)."""
        ws = self._session.workspace
        return layer_palette(i.name for i in ws.layers() if i.kind != "gold")

    def current_item(self) -> ReviewItem | None:
        """The item under the list's cursor."""
        return self.model.item(self.list_view.currentIndex().row())

    def article_spans(self, doc_id: str | None = None) -> tuple[list[Span], dict[str, str]]:
        """Spans and colours for ArticleView.set_document showing agreement in `doc_id` (by
        default the document under review)."""
        doc_id = doc_id or self._doc_id
        if doc_id is None or not self._session.workspace.has_document(doc_id):
            return [], {}
        ws = self._session.workspace
        found = review_spans(ws, doc_id, self.compared_layers(), self.gold_layer())
        label_colors = {la.name: la.color for la in ws.schema.span_labels}
        return agreement_spans(found, doc_id, label_colors, self.layer_colors())

    # Refreshing

    def refresh_layers(self) -> None:
        """Rebuild the layer pickers from the project, keeping what the reviewer unchecked."""
        layers = self._session.workspace.layers()
        known = {
            self.layer_list.item(i).text(): self.layer_list.item(i).checkState()
            for i in range(self.layer_list.count())
        }
        gold = self.gold_layer()
        compared = set(default_review_layers(self._session.workspace))
        checked, unchecked = Qt.CheckState.Checked, Qt.CheckState.Unchecked
        names = list(dict.fromkeys([GOLD, *(i.name for i in layers if i.kind == "gold")]))
        with QSignalBlocker(self.layer_list), QSignalBlocker(self.gold_combo):
            self.layer_list.clear()
            for info in (i for i in layers if i.kind != "gold"):
                row = QListWidgetItem(info.name)
                row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                default = checked if info.name in compared else unchecked
                row.setCheckState(known.get(info.name, default))
                self.layer_list.addItem(row)
            self.gold_combo.clear()
            self.gold_combo.addItems(names)
            self.gold_combo.setCurrentText(gold)

    def _refresh_legend(self) -> None:
        """A chip per compared layer in the colour of what only it has, and the others."""
        while self._legend_layout.count():
            item = self._legend_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        layers, palette = self.compared_layers(), self.layer_colors()
        entries = [(f"{n + 1} {name} only", palette[name]) for n, name in enumerate(layers)]
        entries.append(("agreed: label colour", ""))
        if len(layers) > 2:
            entries.append(("some", SHARED_COLOR))
        for text, color in entries:
            if color:
                chip = QLabel()
                chip.setPixmap(color_chip(color, 12).pixmap(12, 12))
                self._legend_layout.addWidget(chip)
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)
            self._legend_layout.addWidget(label)
        self._legend_layout.addStretch(1)

    def _missing_layers(self) -> bool:
        """True if the project has a layer the pickers do not list (a first edit made it)."""
        listed = {self.layer_list.item(i).text() for i in range(self.layer_list.count())}
        listed |= {self.gold_combo.itemText(i) for i in range(self.gold_combo.count())}
        return any(info.name not in listed for info in self._session.workspace.layers())

    def refresh(self) -> None:
        """Re-read the items of the document, keeping the cursor on the same item.

        While the panel is hidden (review mode off) nothing is compared: comparing every
        span of the layers costs each edit or document switch up to seconds on long
        articles; the panel compares once when it is shown again.
        """
        if not self.isVisible() and not self.isWindow():  # (a lone panel, as in tests, refreshes)
            self._stale = True
            return
        self._stale = False
        self._refresh_legend()
        items: list[ReviewItem] = []
        layers = self.compared_layers()
        message = "" if layers else "Check at least one layer to compare"
        if self._doc_id is not None and layers:
            try:
                items = review_items(
                    self._session.workspace, self._doc_id, layers, self.gold_layer()
                )
            except DomainError as exc:
                message = str(exc)
        current = self.current_item()
        row = self.list_view.currentIndex().row()
        shown = [i for i in items if self.show_agreed.isChecked() or not i.unanimous]
        self._quiet = True
        try:
            self.model.set_rows(shown, self._text(), self._actor_name, self.layer_colors())
            kept = self.model.row_of(current.key) if current else None
            if shown:
                target = kept if kept is not None else min(max(row, 0), len(shown) - 1)
                self.list_view.setCurrentIndex(self.model.index(target))
        finally:
            self._quiet = False
        if kept is None and shown:
            self._announce()
        self._show_versions()
        counts = {state: sum(i.decided == state for i in items) for state in MARKS}
        agreed = sum(i.unanimous and i.decided == "open" for i in items)
        self._counts = (
            f"{counts['open'] - agreed} open, {counts['accepted']} accepted,"
            f" {counts['rejected']} rejected; {agreed} agreed to accept with u"
        )
        self.status.setText(message or self._counts)
        self.comparison_changed.emit()

    def _text(self) -> str:
        document = self._session.workspace.find_document(self._doc_id)
        return document.text if document is not None else ""

    def _actor_name(self, actor_id: str) -> str:
        actor = self._session.workspace.find_actor(actor_id)
        return actor.name if actor is not None else actor_id

    # Decisions

    def _run(self, action: Callable[..., Change], *args: object) -> Change | None:
        """Run a use case through the session (which reports failures) as this panel."""
        ws, gold = self._session.workspace, self.gold_layer()
        self._deciding = True
        try:
            return self._session.edit(lambda: action(ws, *args, gold=gold, initiator=self))
        finally:
            self._deciding = False

    def _decide(self, action: Callable[..., Change], *layer: str) -> None:
        """Run a decision on the current item. If it decided other items too (a role's
        end-points), the cursor stays and the status names them; else it moves on."""
        item = self.current_item()
        if item is None:
            return
        row = self.list_view.currentIndex().row()
        before = self._decisions()
        change = self._run(action, item, *layer)
        if change is None:
            return
        self.refresh()
        after = self._decisions()
        also = [
            key
            for key, state in after.items()
            if key != item.key and state != before.get(key) and state != "open"
        ]
        if also:
            text, names = self._text(), []
            for key in also:
                found = self.model.item(self.model.row_of(key) or 0)
                if found is not None and found.key == key:
                    names.append(summary(found, text, self._actor_name))
            self._say(
                f"{change.label}; this also decided {len(also)} other item(s): "
                + "; ".join(names)
                + ". j moves on"
            )
            return
        self._select_next_open(row, change.label)

    def _decisions(self) -> dict[str, str]:
        """The decision of every item shown, by key."""
        rows = (self.model.item(r) for r in range(self.model.rowCount()))
        return {i.key: i.decided for i in rows if i is not None}

    def _say(self, message: str) -> None:
        """Tell the reviewer, in the panel and the window's status bar."""
        self.status.setText(f"{message}. {self._counts}" if self._counts else message)
        self._session.notify(message)

    def accept_layer(self, n: int) -> None:
        """Accept the version of the n-th compared layer (0-based) for the current item."""
        item = self.current_item()
        if item is not None and n >= len(item.layers):
            self._say(f"There is no layer {n + 1}; {len(item.layers)} are compared")
        elif item is not None and item.version(item.layers[n]) is None:
            self._say(
                f"{n + 1} {item.layers[n]} does not have this item (absent): nothing accepted;"
                " x rejects it"
            )
        elif item is not None:
            self._decide(accept, item.layers[n])

    def accept_both(self) -> None:
        """Accept every side of the current item."""
        self._decide(accept_all)

    def reject_current(self) -> None:
        """Reject the current item: gold will have none of it."""
        self._decide(reject)

    def edit_in_gold(self) -> None:
        """Ask the window to open the current item's range in the gold layer."""
        item = self.current_item()
        if item is not None:
            self.edit_in_gold_requested.emit(item.doc_id, item.start, item.end)

    def accept_agreed(self, everywhere: bool = False) -> None:
        """Copy every open agreed item of this document (or of every document) into gold."""
        if self._doc_id is None and not everywhere:
            return
        doc_id = None if everywhere else self._doc_id
        change = self._run(accept_unanimous, doc_id, self.compared_layers())
        if change is not None:
            self.refresh()
            self.status.setText(f"{change.label}. {self.status.text()}")

    # Walking

    def _step(self, delta: int) -> None:
        count = self.model.rowCount()
        if count:
            row = min(max(self.list_view.currentIndex().row() + delta, 0), count - 1)
            self.list_view.setCurrentIndex(self.model.index(row))

    def _select_next_open(self, row: int, done: str = "") -> None:
        """Move to the next open item below `row`; going back to the top is said aloud."""
        count = self.model.rowCount()
        order = [*range(row + 1, count), *range(0, row + 1)]
        target = next(
            (r for r in order if getattr(self.model.item(r), "decided", "") == "open"), None
        )
        prefix = f"{done}. " if done else ""
        if target is None:
            self._say(f"{prefix}Every item here is decided")
            return
        self.list_view.setCurrentIndex(self.model.index(target))
        if target <= row:
            self._say(
                f"{prefix}No open item below: back to item {target + 1} of {count} near the top"
            )

    def _announce(self) -> None:
        item = self.current_item()
        if item is not None and not self._quiet:
            self.item_selected.emit(item.doc_id, item.start, item.end)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The review keys in the list, before the window's shortcuts (j, k, e are also
        window-wide keys) can take them."""
        kind = event.type()
        override = kind == QEvent.Type.ShortcutOverride
        if watched is self.list_view and override and self._key_action(event) is not None:  # type: ignore[arg-type]
            event.accept()
            return True
        if watched is self.list_view and kind == QEvent.Type.KeyPress:
            action = self._key_action(event)  # type: ignore[arg-type]
            if action is not None:
                action()
                return True
        return super().eventFilter(watched, event)

    def _key_action(self, event: QKeyEvent) -> Callable[[], object] | None:
        key, mods = event.key(), event.modifiers()
        ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
        if key == Qt.Key.Key_U and mods & ctrl and mods & shift:
            return lambda: self.accept_agreed(everywhere=True)
        if mods & (ctrl | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier):
            return None
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            return lambda: self.accept_layer(key - Qt.Key.Key_1)
        actions: dict[int, Callable[[], object]] = {
            Qt.Key.Key_J: lambda: self._step(1),
            Qt.Key.Key_K: lambda: self._step(-1),
            Qt.Key.Key_B: self.accept_both,
            Qt.Key.Key_X: self.reject_current,
            Qt.Key.Key_E: self.edit_in_gold,
            Qt.Key.Key_U: self.accept_agreed,
        }
        return actions.get(key)

    # Slots

    def _on_session_changed(self, change: Change, initiator: object) -> None:
        if change.layers or change.documents or (change.spans and self._missing_layers()):
            self.refresh_layers()
        if initiator is not self and (self._doc_id is None or change.touches(self._doc_id)):
            self.refresh()  # (hidden: only marked stale)

    def showEvent(self, event: QShowEvent) -> None:
        """Refresh what changed while hidden, then show."""
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self.refresh()

    def _on_session_document_opened(self, doc_id: str) -> None:
        self.set_document(doc_id or None)

    def _on_session_project_opened(self) -> None:
        self.refresh_layers()
        self.refresh()

    def _on_session_edit_failed(self, message: str) -> None:
        if self._deciding:
            self.status.setText(message)

    def _on_picker_changed(self, *_: object) -> None:
        self.refresh()

    def _on_list_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._announce()
        self._show_versions()

    def _show_versions(self) -> None:
        """The curation view follows the cursor: each compared layer's version, side by side."""
        item = self.current_item()
        layers = list(item.layers) if item is not None else self.compared_layers()
        self.curation.show_item(item, layers, self.layer_colors(), self._text(), self._actor_name)


def _preview_widget(session: Session, _actions: object) -> QWidget:  # pragma: no cover
    from PySide6.QtWidgets import QSplitter

    from desktop.ui.app.preview import differing_layer
    from desktop.ui.article.article_view import ArticleView

    ws = session.workspace
    doc_id = ws.first_document_id() or ""
    differing_layer(ws, doc_id, "example", "bob")
    view, panel = ArticleView(), ReviewPanel(session)

    def show_agreement() -> None:
        if session.doc_id:
            view.set_document(ws.document(session.doc_id).text, *panel.article_spans())

    panel.comparison_changed.connect(show_agreement)
    splitter = QSplitter()
    splitter.addWidget(view)
    splitter.addWidget(panel)
    splitter.setSizes([640, 460])
    return splitter


if __name__ == "__main__":  # pragma: no cover - manual preview
    from desktop.ui.app.preview import preview

    preview(_preview_widget, "Gloss review preview")
