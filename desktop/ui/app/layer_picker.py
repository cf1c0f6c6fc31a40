"""LayerPicker: the "Layer:" choice of the layer the window shows and edits.

Yours first ("root (you)"), then colleagues' merged layers ("example (read-only)"), then
gold; picking one sets the session's layer, and the picker follows the session.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from desktop.domain import GOLD, Change
from desktop.ui.app.session import Session


def layer_choices(session: Session) -> list[tuple[str, str]]:
    """(layer, text shown) for every layer: the annotator's, the others by name, gold."""
    ws = session.workspace
    infos = {info.name: info for info in ws.layers()}
    names = [ws.annotator]
    names += sorted(
        (n for n, i in infos.items() if i.kind != "gold" and n != ws.annotator), key=str.casefold
    )
    names += sorted(n for n, i in infos.items() if i.kind == "gold" and n != GOLD)
    names.append(GOLD)
    if session.layer not in names:
        names.append(session.layer)
    choices = []
    for name in names:
        if name == ws.annotator:
            text = f"{name} (you)"
        elif session.layer_read_only(name):
            text = f"{name} (read-only)"
        else:
            text = name
        choices.append((name, text))
    return choices


class LayerPicker(QWidget):
    """A labelled combo box of the project's layers, bound to `session.layer`."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._build_ui()
        self._connect()
        self.refresh()

    def _build_ui(self) -> None:
        self.label = QLabel("Layer:", self)
        self.combo = QComboBox(self)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setToolTip(
            "The layer shown and edited: yours, a colleague's (read-only) or gold (adjudication)"
        )
        self.combo.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)

    def _connect(self) -> None:
        session = self._session
        session.changed.connect(self._on_session_changed)
        session.project_opened.connect(self.refresh)
        session.layer_changed.connect(self._on_session_layer_changed)
        self.combo.activated.connect(self._on_combo_activated)

    def refresh(self) -> None:
        """List the layers as stored now, the session's selected."""
        self.combo.blockSignals(True)
        self.combo.clear()
        for name, text in layer_choices(self._session):
            self.combo.addItem(text, name)
        self.combo.setCurrentIndex(max(0, self.combo.findData(self._session.layer)))
        self.combo.blockSignals(False)

    def layers(self) -> list[str]:
        """The layer names listed, in order."""
        return [self.combo.itemData(i) for i in range(self.combo.count())]

    def open_popup(self) -> None:
        """Focus the combo box and open its list (for the keyboard)."""
        self.combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.combo.showPopup()

    def _on_combo_activated(self, index: int) -> None:
        self._session.set_layer(self.combo.itemData(index))

    def _on_session_layer_changed(self, _layer: str) -> None:
        self.refresh()

    def _on_session_changed(self, change: Change, _initiator: object) -> None:
        if change.layers or change.documents:
            self.refresh()
        elif change.spans and not {i.name for i in self._session.workspace.layers()} <= {
            *self.layers()
        }:
            self.refresh()  # a first edit created a layer (e.g. a custom gold)


if __name__ == "__main__":  # pragma: no cover - manual preview
    from desktop.ui.app.preview import preview

    preview(lambda session, _actions: LayerPicker(session), "Gloss preview: layers")
