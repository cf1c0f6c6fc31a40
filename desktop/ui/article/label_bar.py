"""LabelBar: one button per span label with its colour chip and hotkey."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from desktop.ui.app.actions import EXACT_MODIFIER, Actions
from desktop.ui.app.session import Session

HINT = f"Select text, press a key. {EXACT_MODIFIER}+key keeps the exact characters."


class LabelBar(QWidget):
    """Buttons that label the selection (or relabel the selected span), like the hotkeys."""

    def __init__(self, session: Session, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._actions = actions
        self.buttons: dict[str, QToolButton] = {}
        self._build_ui()
        self._connect()
        self.refresh()

    def _build_ui(self) -> None:
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(6, 4, 6, 4)
        self.hint = QLabel(HINT, self)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setEnabled(False)  # greyed with the palette, readable light or dark
        # The hint may be cut off rather than widen the window.
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def _connect(self) -> None:
        self._actions.labels_rebuilt.connect(self._on_actions_labels_rebuilt)

    def refresh(self) -> None:
        """One button per label of the schema, in schema order."""
        for button in self.buttons.values():
            self._layout.removeWidget(button)
            button.deleteLater()
        self.buttons.clear()
        self._layout.removeWidget(self.hint)
        while self._layout.count():
            self._layout.takeAt(0)
        schema = self._session.workspace.schema
        for label in schema.span_labels:
            action = self._actions.label_actions[label.name]
            button = QToolButton(self)
            button.setIcon(action.icon())
            key = f"  {label.hotkey}" if label.hotkey else ""
            button.setText(f"{label.name}{key}")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep focus (and selection) in the text
            tip = label.description or label.name
            if label.hotkey:
                tip += f"\nKey: {label.hotkey}   {EXACT_MODIFIER}+{label.hotkey}: exact characters"
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, n=label.name: self._on_button_clicked(n))
            self.buttons[label.name] = button
            self._layout.addWidget(button)
        self._layout.addStretch(1)
        self._layout.addWidget(self.hint)

    def _on_button_clicked(self, name: str) -> None:
        alt = QApplication.keyboardModifiers() & Qt.KeyboardModifier.AltModifier
        self._actions.label_triggered.emit(name, bool(alt))

    def _on_actions_labels_rebuilt(self) -> None:
        self.refresh()


if __name__ == "__main__":  # pragma: no cover - manual preview
    from desktop.ui.app.preview import preview

    preview(lambda session, actions: LabelBar(session, actions))
