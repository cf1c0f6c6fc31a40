"""CodebookEditor (Settings > Codebook): labels, keys, colours, order, attributes and roles.

Every change goes through the workspace's codebook use cases (one undoable step each,
refused with a message when annotations or keys would clash) and the dialog follows the
broadcast like any panel. The strip at the top previews the label bar.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import AttributeDef, Change, RelationLabel, Schema
from desktop.domain import codebook_edits as edits
from desktop.ui.app.actions import color_chip
from desktop.ui.app.session import Session
from desktop.workspace import edit_codebook, rename_label


def _names(text: str) -> tuple[str, ...]:
    """Comma-separated names, trimmed, empty ones left out, order kept."""
    return tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def _plain(parent: QWidget, text: str = "") -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


class CodebookEditor(QDialog):
    """Edits the project's codebook; each change is one undoable edit."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.setWindowTitle("Codebook")
        self._build_ui()
        self._connect()
        self.refresh()
        if self.labels.count():
            self.labels.setCurrentRow(0)

    # --- layout ------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.preview = QWidget(self)
        self._preview_layout = QHBoxLayout(self.preview)
        self._preview_layout.setContentsMargins(0, 0, 0, 0)
        self.error = _plain(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")

        self.labels = QListWidget(self)
        self.new_label = QLineEdit(self)
        self.new_label.setPlaceholderText("New label, Enter adds it")
        self.up = QPushButton("Move &up", self)
        self.down = QPushButton("Move &down", self)
        self.remove = QPushButton("&Remove label", self)
        self.name = QLineEdit(self)
        self.key = QLineEdit(self)
        self.key.setMaxLength(1)
        self.color = QLineEdit(self)
        self.color.setPlaceholderText("#rrggbb")
        self.description = QLineEdit(self)
        self.description.setPlaceholderText("What to mark with this label (shown on hover, F1)")
        label_form = QFormLayout()
        label_form.addRow("&Name", self.name)
        label_form.addRow("&Key", self.key)
        label_form.addRow("&Colour", self.color)
        label_form.addRow("D&escription", self.description)
        moves = QHBoxLayout()
        for button in (self.up, self.down, self.remove):
            moves.addWidget(button)
        left = QVBoxLayout()
        left.addWidget(self.labels, 1)
        left.addWidget(self.new_label)
        left.addLayout(moves)
        left.addLayout(label_form)

        self.attributes = QListWidget(self)
        self.attribute_name = QLineEdit(self)
        self.attribute_name.setPlaceholderText("attribute")
        self.choices = QLineEdit(self)
        self.choices.setPlaceholderText("choices, comma-separated (none: free text)")
        self.binary = QCheckBox("&Binary (present or absent)", self)
        self.save_attribute = QPushButton("Save &attribute", self)
        self.remove_attribute = QPushButton("Remove attribute", self)
        attribute_box = self._list_box(
            "Attributes of the label",
            self.attributes,
            [("Attr&ibute", self.attribute_name), ("C&hoices", self.choices), ("", self.binary)],
            (self.save_attribute, self.remove_attribute),
        )

        self.roles = QListWidget(self)
        self.role_name = QLineEdit(self)
        self.role_name.setPlaceholderText("role")
        self.heads = QLineEdit(self)
        self.heads.setPlaceholderText("from labels, comma-separated")
        self.tails = QLineEdit(self)
        self.tails.setPlaceholderText("to labels, comma-separated")
        self.role_key = QLineEdit(self)
        self.role_key.setMaxLength(1)
        self.role_key.setPlaceholderText("key in link mode (G)")
        self.role_description = QLineEdit(self)
        self.role_description.setPlaceholderText("when to use this role (in the guide)")
        self.save_role = QPushButton("Save r&ole", self)
        self.remove_role = QPushButton("Remove role", self)
        role_box = self._list_box(
            "Roles (relations from head to tail labels)",
            self.roles,
            [
                ("Ro&le", self.role_name),
                ("&From", self.heads),
                ("&To", self.tails),
                ("Link ke&y", self.role_key),
                ("Role descri&ption", self.role_description),
            ],
            (self.save_role, self.remove_role),
        )

        right = QVBoxLayout()
        right.addWidget(attribute_box)
        right.addWidget(role_box)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.undo = QPushButton("Undo la&st change", self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.undo, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_plain(self, "Label bar preview"))
        layout.addWidget(self.preview)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a field saves that field, nothing else
            button.setDefault(False)
        self.resize(900, 640)

    def _list_box(
        self,
        title: str,
        items: QListWidget,
        fields: list[tuple[str, QWidget]],
        buttons: tuple[QPushButton, QPushButton],
    ) -> QGroupBox:
        """A titled box: the list, a form of its fields, then the save and remove buttons."""
        box = QGroupBox(title, self)
        layout = QVBoxLayout(box)
        layout.addWidget(items)
        form = QFormLayout()
        for text, field in fields:
            form.addRow(text, field)
        layout.addLayout(form)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        layout.addLayout(row)
        return box

    def _connect(self) -> None:
        self._session.changed.connect(self._on_session_changed)
        self._session.edit_failed.connect(self._on_session_edit_failed)
        self.labels.currentRowChanged.connect(self._on_labels_current_row_changed)
        self.attributes.currentRowChanged.connect(self._on_attributes_current_row_changed)
        self.roles.currentRowChanged.connect(self._on_roles_current_row_changed)
        self.new_label.returnPressed.connect(self.add_label)
        self.name.editingFinished.connect(self.rename_current)
        self.key.editingFinished.connect(self._on_key_edited)
        self.color.editingFinished.connect(self._on_color_edited)
        self.description.editingFinished.connect(self._on_description_edited)
        self.up.clicked.connect(lambda: self.move_current(-1))
        self.down.clicked.connect(lambda: self.move_current(1))
        self.remove.clicked.connect(self.remove_current)
        self.save_attribute.clicked.connect(self.store_attribute)
        self.choices.returnPressed.connect(self.store_attribute)
        self.remove_attribute.clicked.connect(self._on_remove_attribute_clicked)
        self.save_role.clicked.connect(self.store_role)
        self.role_key.returnPressed.connect(self.store_role)
        self.role_description.returnPressed.connect(self.store_role)
        self.remove_role.clicked.connect(self._on_remove_role_clicked)
        self.undo.clicked.connect(self._on_undo_clicked)

    # --- state ---------------------------------------------------------------------------
    @property
    def schema(self) -> Schema:
        """The codebook as stored."""
        return self._session.workspace.schema

    def current_label(self) -> str | None:
        """The label selected in the list."""
        item = self.labels.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def preview_texts(self) -> list[str]:
        """What the label bar preview shows, one text per label."""
        texts = []
        for index in range(self._preview_layout.count()):
            item = self._preview_layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel):
                texts.append(widget.text())
        return texts

    def refresh(self) -> None:
        """Show the stored codebook, keeping the selected label when it is still there."""
        schema = self.schema
        selected = self.current_label()
        self.labels.blockSignals(True)
        self.labels.clear()
        for label in schema.span_labels:
            key = f"   [{label.hotkey}]" if label.hotkey else ""
            item = QListWidgetItem(color_chip(label.color), f"{label.name}{key}")
            item.setData(Qt.ItemDataRole.UserRole, label.name)
            item.setToolTip(label.description or label.name)
            self.labels.addItem(item)
        names = list(schema.label_names)
        self.labels.setCurrentRow(names.index(selected) if selected in names else 0)
        self.labels.blockSignals(False)
        self._show_label()
        self._show_roles()
        self._show_preview()

    def _show_preview(self) -> None:
        while self._preview_layout.count():
            item = self._preview_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for label in self.schema.span_labels:
            chip = _plain(self.preview, f"{label.name}  {label.hotkey}".strip())
            chip.setStyleSheet(
                f"background: {label.color}; color: white; padding: 2px 6px; border-radius: 3px"
            )
            chip.setToolTip(label.description or label.name)
            self._preview_layout.addWidget(chip)
        self._preview_layout.addStretch(1)

    def _show_label(self) -> None:
        name = self.current_label()
        label = self.schema.span_label(name) if name else None
        for field, value in (
            (self.name, label.name if label else ""),
            (self.key, label.hotkey if label else ""),
            (self.color, label.color if label else ""),
            (self.description, label.description if label else ""),
        ):
            field.blockSignals(True)
            field.setText(value)
            field.blockSignals(False)
        self.attributes.blockSignals(True)
        self.attributes.clear()
        for attribute in label.attributes if label else ():
            kind = "binary" if attribute.binary else ", ".join(attribute.choices) or "free text"
            item = QListWidgetItem(f"{attribute.name}: {kind}")
            item.setData(Qt.ItemDataRole.UserRole, attribute.name)
            self.attributes.addItem(item)
        self.attributes.blockSignals(False)

    def _show_roles(self) -> None:
        current = self.roles.currentItem()
        selected = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.roles.blockSignals(True)
        self.roles.clear()
        for index, role in enumerate(self.schema.relation_labels):
            key = f" [{role.hotkey}]" if role.hotkey else ""
            text = f"{role.name}{key}: {'|'.join(role.heads)} → {'|'.join(role.tails)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, role.name)
            self.roles.addItem(item)
            if role.name == selected:
                self.roles.setCurrentRow(index)
        self.roles.blockSignals(False)

    # --- changes, each through a use case -----------------------------------------------
    def _run(self, call: Callable[[], object]) -> bool:
        self.error.clear()
        return self._session.edit(call) is not None

    def _edit(self, change: Callable[[Schema], Schema], label: str) -> bool:
        ws = self._session.workspace

        def call() -> Change:
            return edit_codebook(ws, change(self.schema), label, initiator=self)

        return self._run(call)

    def add_label(self) -> None:
        """Add the label typed in the new-label field, and select it."""
        name = self.new_label.text().strip()
        if name and self._edit(lambda s: edits.add_label(s, name), f"Add label {name}"):
            self.new_label.clear()
            self.labels.setCurrentRow(self.labels.count() - 1)

    def rename_current(self) -> None:
        """Rename the selected label to the name field (its spans follow)."""
        old, new = self.current_label(), self.name.text().strip()
        if not old or not new or new == old:
            return
        ws = self._session.workspace
        if self._run(lambda: rename_label(ws, old, new, initiator=self)):
            self.labels.setCurrentRow(list(self.schema.label_names).index(new))

    def move_current(self, step: int) -> None:
        """Move the selected label up or down the label bar."""
        name = self.current_label()
        if name and self._edit(lambda s: edits.move_label(s, name, step), f"Move {name}"):
            self.labels.setCurrentRow(list(self.schema.label_names).index(name))

    def remove_current(self) -> None:
        """Remove the selected label (refused while spans use it)."""
        name = self.current_label()
        if name:
            self._edit(lambda s: edits.remove_label(s, name), f"Remove label {name}")

    def store_attribute(self) -> None:
        """Add or replace the attribute in the fields, on the selected label."""
        label, name = self.current_label(), self.attribute_name.text().strip()
        if not label or not name:
            return
        binary = self.binary.isChecked()
        attribute = AttributeDef(name, () if binary else _names(self.choices.text()), binary)
        self._edit(
            lambda s: edits.set_attribute(s, label, attribute), f"Set attribute {label}.{name}"
        )

    def store_role(self) -> None:
        """Add or replace the role in the fields."""
        name = self.role_name.text().strip()
        if not name:
            return
        role = RelationLabel(
            name,
            _names(self.heads.text()),
            _names(self.tails.text()),
            self.role_key.text(),
            self.role_description.text().strip(),
        )
        self._edit(lambda s: edits.set_role(s, role), f"Set role {name}")

    # --- slots ---------------------------------------------------------------------------
    def _on_key_edited(self) -> None:
        name = self.current_label()
        key = self.key.text()
        if name and key.strip().lower() != self.schema.span_label(name).hotkey:
            self._edit(lambda s: edits.change_label(s, name, hotkey=key), f"Key {key} for {name}")
            self._show_label()  # the stored key, also when the change was refused

    def _on_color_edited(self) -> None:
        from desktop.formats.codebooks.colors import hex_color

        name, color = self.current_label(), hex_color(self.color.text())
        if not name:
            return
        if not color:
            self.error.setText(f"{self.color.text()!r} is not a colour (#rrggbb or a name)")
            return
        if color != self.schema.span_label(name).color:
            self._edit(lambda s: edits.change_label(s, name, color=color), f"Colour of {name}")

    def _on_description_edited(self) -> None:
        name, text = self.current_label(), self.description.text().strip()
        if name and text != self.schema.span_label(name).description:
            self._edit(lambda s: edits.change_label(s, name, description=text), f"Describe {name}")

    def _on_remove_attribute_clicked(self) -> None:
        label, item = self.current_label(), self.attributes.currentItem()
        if label and item is not None:
            name = item.data(Qt.ItemDataRole.UserRole)
            self._edit(lambda s: edits.remove_attribute(s, label, name), f"Remove {label}.{name}")

    def _on_remove_role_clicked(self) -> None:
        item = self.roles.currentItem()
        if item is not None:
            name = item.data(Qt.ItemDataRole.UserRole)
            self._edit(lambda s: edits.remove_role(s, name), f"Remove role {name}")

    def _on_undo_clicked(self) -> None:
        ws = self._session.workspace
        self._run(lambda: ws.undo(initiator=self))

    def _on_labels_current_row_changed(self, _row: int) -> None:
        self._show_label()

    def _on_attributes_current_row_changed(self, _row: int) -> None:
        item = self.attributes.currentItem()
        label = self.current_label()
        if item is None or not label:
            return
        attribute = self.schema.span_label(label).attribute(item.data(Qt.ItemDataRole.UserRole))
        if attribute is not None:
            self.attribute_name.setText(attribute.name)
            self.choices.setText(", ".join(attribute.choices))
            self.binary.setChecked(attribute.binary)

    def _on_roles_current_row_changed(self, _row: int) -> None:
        item = self.roles.currentItem()
        if item is None:
            return
        role = self.schema.relation_label(item.data(Qt.ItemDataRole.UserRole))
        self.role_name.setText(role.name)
        self.heads.setText(", ".join(role.heads))
        self.tails.setText(", ".join(role.tails))
        self.role_key.setText(role.hotkey)
        self.role_description.setText(role.description)

    def _on_session_changed(self, change: Change, _initiator: object) -> None:
        if change.schema:
            self.refresh()

    def _on_session_edit_failed(self, reason: str) -> None:
        self.error.setText(reason)


if __name__ == "__main__":  # pragma: no cover - manual preview
    from desktop.ui.app.preview import preview

    preview(lambda session, _actions: CodebookEditor(session))
