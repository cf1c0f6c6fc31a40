"""Where panels live in the window: docks bound to checkable actions, and the side pane of
tabs (the inspector and the actor registry)."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabWidget, QWidget


def add_dock(
    window: QMainWindow,
    widget: QWidget,
    title: str,
    area: Qt.DockWidgetArea,
    action: QAction | None = None,
    closable: bool = True,
) -> QDockWidget:
    """Put `widget` in a dock of `window` (hidden at first); a checkable `action` shows and
    hides it and follows it when the user closes it."""
    dock = QDockWidget(title, window)
    dock.setObjectName(f"{title.lower().replace(' ', '_')}_dock")
    dock.setWidget(widget)
    features = QDockWidget.DockWidgetFeature.DockWidgetMovable
    features |= QDockWidget.DockWidgetFeature.DockWidgetFloatable
    if closable:
        features |= QDockWidget.DockWidgetFeature.DockWidgetClosable
    dock.setFeatures(features)
    window.addDockWidget(area, dock)
    dock.hide()
    if action is not None:
        action.setChecked(False)
        action.toggled.connect(dock.setVisible)
        dock.toggleViewAction().toggled.connect(lambda on: _check(action, on))
    return dock


def _check(action: QAction, on: bool) -> None:
    with QSignalBlocker(action):
        action.setChecked(on)


class SidePane(QTabWidget):
    """Tabs beside the article: the span inspector first, then other panels. A checkable
    action per extra tab raises it (checked) or returns to the first tab."""

    def __init__(self, first: QWidget, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.addTab(first, title)
        self._actions: dict[int, QAction] = {}
        self.currentChanged.connect(self._on_current_changed)

    def add_panel(self, widget: QWidget, title: str, action: QAction | None = None) -> None:
        """Another tab; `action` (checkable) shows it."""
        index = self.addTab(widget, title)
        if action is not None:
            self._actions[index] = action
            action.toggled.connect(lambda on, i=index: self._on_action_toggled(i, on))

    def _on_action_toggled(self, index: int, on: bool) -> None:
        if on:
            self.setCurrentIndex(index)
            widget = self.widget(index)
            if widget is not None:
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif self.currentIndex() == index:
            self.setCurrentIndex(0)

    def _on_current_changed(self, index: int) -> None:
        for i, action in self._actions.items():
            _check(action, i == index)
