"""InspectorPanel: the selected span's label, exact stored text, attributes, actor and roles.

Attribute choices come from the schema; picking one saves it at once (undoable). ACTOR
spans link to the actor registry (ActorLinkBox); every span lists its roles (RolesBox).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import AttributeDef, Change, Span
from desktop.ui.app.actions import color_chip
from desktop.ui.app.session import Session
from desktop.ui.panels.actor_link_box import ActorLinkBox
from desktop.ui.panels.roles_box import RolesBox

NONE_CHOICE = "—"


def plain_label(parent: QWidget, text: str = "", wrap: bool = True) -> QLabel:
    """A QLabel that never interprets its text as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setText(text)
    return label


class InspectorPanel(QWidget):
    """Shows and edits the span selected in the session."""

    def __init__(
        self, session: Session, parent: QWidget | None = None, link_action: QAction | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._link_action = link_action
        self._span: Span | None = None
        self.editors: dict[str, QComboBox | QLineEdit | QCheckBox] = {}
        self._build_ui()
        self._connect()
        self.refresh()

    def _build_ui(self) -> None:
        self.empty = plain_label(self, "No span selected.\n\nSelect text and press a label key.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.chip = QLabel(self)
        self.label_name = plain_label(self, wrap=False)
        font = self.label_name.font()
        font.setBold(True)
        self.label_name.setFont(font)
        header = QHBoxLayout()
        header.addWidget(self.chip)
        header.addWidget(self.label_name, 1)
        self.description = plain_label(self)  # the codebook's guideline for the label
        self.description.setEnabled(False)
        self.text = plain_label(self)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setFrameShape(QFrame.Shape.StyledPanel)
        self.text.setMargin(6)
        self.offsets = plain_label(self, wrap=False)
        self.offsets.setEnabled(False)  # greyed: secondary information, palette-aware
        self.attributes = QWidget(self)
        self.form = QFormLayout(self.attributes)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.no_attributes = plain_label(self, "This label has no attributes.")
        self.unsure = QCheckBox("&Unsure about this span", self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("Note (Enter saves; exported with the span)")
        self.actor_box = ActorLinkBox(self._session, self)
        self.actor_title = self._heading("Actor")
        self.roles = RolesBox(self._session, self._link_action, self)

        self.details = QWidget(self)
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addLayout(header)
        details.addWidget(self.description)
        details.addWidget(self.text)
        details.addWidget(self.offsets)
        details.addSpacing(10)
        details.addWidget(self._heading("Attributes"))
        details.addWidget(self.attributes)
        details.addWidget(self.no_attributes)
        details.addSpacing(10)
        details.addWidget(self.unsure)
        details.addWidget(self.note)
        details.addSpacing(10)
        details.addWidget(self.actor_title)
        details.addWidget(self.actor_box)
        details.addSpacing(10)
        details.addWidget(self._heading("Roles"))
        details.addWidget(self.roles)
        details.addStretch(1)

        content = QWidget(self)
        inner = QVBoxLayout(content)
        inner.setContentsMargins(8, 8, 8, 8)
        inner.addWidget(self.empty)
        inner.addWidget(self.details)
        inner.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _heading(self, text: str) -> QLabel:
        label = plain_label(self, text, wrap=False)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        return label

    def _connect(self) -> None:
        self._session.span_selected.connect(self._on_session_span_selected)
        self._session.changed.connect(self._on_session_changed)
        self._session.project_opened.connect(self._on_session_project_opened)
        self.unsure.toggled.connect(self._on_unsure_toggled)
        self.note.editingFinished.connect(self._on_note_editing_finished)

    # --- showing ---------------------------------------------------------------------------
    def span(self) -> Span | None:
        """The span shown, as stored."""
        return self._span

    def refresh(self) -> None:
        """Show the session's selected span as it is stored now."""
        ws = self._session.workspace
        span_id = self._session.selected_span_id
        span = ws.find_span(span_id) if span_id else None
        document = ws.find_document(span.doc_id) if span else None
        self._span = span if document is not None else None
        self.empty.setVisible(self._span is None)
        self.details.setVisible(self._span is not None)
        if span is None or document is None:
            self._clear_form()
            self.roles.set_span(None)
            return
        definition = next((s for s in ws.schema.span_labels if s.name == span.label), None)
        color = definition.color if definition else "#9e9e9e"
        self.chip.setPixmap(color_chip(color).pixmap(14, 14))
        self.label_name.setText(span.label)
        self.description.setText(definition.description if definition else "")
        self.description.setVisible(bool(definition and definition.description))
        self.text.setText(span.text_in(document))
        where = "read-only layer" if self._session.layer_read_only(span.layer) else "layer"
        self.offsets.setText(f"characters {span.start}–{span.end} · {where} {span.layer}")
        self._fill_form(span, definition.attributes if definition else ())
        self.unsure.blockSignals(True)
        self.unsure.setChecked(span.unsure)
        self.unsure.blockSignals(False)
        if not self.note.hasFocus() or self.note.text() == span.note:
            self.note.setText(span.note)
        self.unsure.setEnabled(self._writable(span))
        self.note.setEnabled(self._writable(span))
        for widget in (self.actor_title, self.actor_box):
            widget.setVisible(span.label == "ACTOR")
        self.roles.set_span(span)

    def _clear_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors.clear()

    def _writable(self, span: Span) -> bool:
        return not self._session.layer_read_only(span.layer)

    def _fill_form(self, span: Span, definitions: tuple[AttributeDef, ...]) -> None:
        if list(self.editors) != [d.name for d in definitions]:
            self._clear_form()
            for definition in definitions:
                editor = self._make_editor(definition)
                self.editors[definition.name] = editor
                self.form.addRow(plain_label(self, definition.name, wrap=False), editor)
        writable = self._writable(span)
        for definition in definitions:
            editor = self.editors[definition.name]
            value = span.attrs.get(definition.name)
            editor.blockSignals(True)
            if isinstance(editor, QComboBox):
                index = editor.findData(value) if value is not None else 0
                editor.setCurrentIndex(max(index, 0))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(value is True)
            else:
                editor.setText("" if value is None else str(value))
            editor.blockSignals(False)
            editor.setEnabled(writable)
        self.attributes.setVisible(bool(definitions))
        self.no_attributes.setVisible(not definitions)

    def _make_editor(self, definition: AttributeDef) -> QComboBox | QLineEdit | QCheckBox:
        name = definition.name
        if definition.binary:  # present or absent (brat's binary attributes)
            box = QCheckBox(self)
            box.toggled.connect(lambda on, n=name: self._save(n, True if on else None))
            return box
        if definition.choices:
            combo = QComboBox(self)
            combo.addItem(NONE_CHOICE, None)
            for choice in definition.choices:
                combo.addItem(choice, choice)
            combo.currentIndexChanged.connect(
                lambda _i, n=name, c=combo: self._save(n, c.currentData())
            )
            return combo
        field = QLineEdit(self)
        field.setPlaceholderText("free text")
        field.editingFinished.connect(lambda n=name, f=field: self._save(n, f.text() or None))
        return field

    def _save(self, name: str, value: str | bool | None) -> None:
        span = self._span
        if span is None or span.attrs.get(name) == value:
            return
        ws = self._session.workspace
        self._session.edit(lambda: ws.set_span_attribute(span.id, name, value, initiator=self))
        self.refresh()  # shows the stored value, also when the edit failed

    def _on_unsure_toggled(self, on: bool) -> None:
        span = self._span
        if span is not None and span.unsure != on:
            ws = self._session.workspace
            self._session.edit(lambda: ws.set_span_unsure(span.id, on, initiator=self))
            self.refresh()

    def _on_note_editing_finished(self) -> None:
        span, text = self._span, self.note.text().strip()
        if span is not None and span.note != text:
            ws = self._session.workspace
            self._session.edit(lambda: ws.set_span_note(span.id, text, initiator=self))
            self.refresh()

    # --- slots ---------------------------------------------------------------------------------
    def _on_session_span_selected(self, span_id: object) -> None:
        self.actor_box.set_span(span_id if isinstance(span_id, str) else None)
        self.refresh()

    def _on_session_changed(self, change: Change, _initiator: object) -> None:
        if change.schema:
            self._clear_form()  # attributes and their choices may have changed
        if change.actors or change.layers or change.documents or change.schema:
            self.refresh()
        elif change.spans:
            shown = {self._span.id if self._span else None, self._session.selected_span_id}
            if not change.span_ids or shown & change.span_ids:
                self.refresh()  # else the edit (a new span, not yet selected) is not shown here

    def _on_session_project_opened(self) -> None:
        self.refresh()


if __name__ == "__main__":  # pragma: no cover - manual preview
    from desktop.ui.app.preview import preview

    preview(lambda session, _actions: InspectorPanel(session))
