"""The first-run guide: the sample's expert annotation shown read-only, the keys in one line,
and a button to start annotating in your own layer.

Without it the sample opens on the user's own empty layer and looks unannotated.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.ui.app.session import Session

EXAMPLE_LAYER = "example"
GUIDE_TEXT = (
    "Example, read-only. Select text, press A actor, L allegation, R response, E evidence;"
    " F1: all keys."
)


class FirstRunGuide(QFrame):
    """A one-line banner over the article; hidden until `start()` finds the example layer."""

    finished = Signal()  # the user left the example for their own layer

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._build_ui()
        self._connect()
        self.hide()

    def _build_ui(self) -> None:
        self.setObjectName("firstRunGuide")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.text = QLabel(GUIDE_TEXT, self)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.start_button = QPushButton("Start annotating in your own layer", self)
        self.start_button.setDefault(False)
        self.start_button.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.start_button)

    def _connect(self) -> None:
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self._session.project_opened.connect(self._on_session_project_opened)

    def start(self) -> bool:
        """Show the example layer and the guide, if the project has that layer."""
        if self._session.workspace.layer_info(EXAMPLE_LAYER) is None:
            return False
        self._session.set_layer(EXAMPLE_LAYER)
        self.show()
        return True

    def _on_start_button_clicked(self) -> None:
        self._session.set_layer(None)
        self.hide()
        self.finished.emit()

    def _on_session_project_opened(self) -> None:
        self.hide()  # another project: the guide was about the sample
