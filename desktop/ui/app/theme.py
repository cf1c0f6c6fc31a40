"""View > Theme: the system's colours, or Gloss's own light or dark palette (Fusion style).

The choice is stored in the settings and applied at start. Label tints follow the palette
(`article.colors.is_dark`), so spans stay readable in either.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from desktop.ui.app import preferences

SYSTEM, LIGHT, DARK = "System", "Light", "Dark"
THEMES = (SYSTEM, LIGHT, DARK)
THEME_KEY = "view/theme"

_system_style: dict[int, str] = {}  # id(app) -> the style name the platform chose


def dark_palette() -> QPalette:
    """A dark palette with enough contrast for body text, links and disabled items."""
    palette = QPalette()
    Role, Group = QPalette.ColorRole, QPalette.ColorGroup
    colors = {
        Role.Window: "#2b2b2b",
        Role.WindowText: "#e6e6e6",
        Role.Base: "#1e1e1e",
        Role.AlternateBase: "#262626",
        Role.ToolTipBase: "#3a3a3a",
        Role.ToolTipText: "#f0f0f0",
        Role.PlaceholderText: "#8c8c8c",
        Role.Text: "#e6e6e6",
        Role.Button: "#353535",
        Role.ButtonText: "#e6e6e6",
        Role.BrightText: "#ff6b6b",
        Role.Light: "#505050",
        Role.Midlight: "#404040",
        Role.Mid: "#303030",
        Role.Dark: "#1a1a1a",
        Role.Shadow: "#000000",
        Role.Highlight: "#3d6fa8",
        Role.HighlightedText: "#ffffff",
        Role.Link: "#7fb2f0",
        Role.LinkVisited: "#b59ce8",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor("#7a7a7a"))
    return palette


def apply_theme(name: str, app: QApplication | None = None) -> str:
    """Switch the running application to theme `name` (unknown names mean System)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if not isinstance(app, QApplication):
        return SYSTEM
    name = name if name in THEMES else SYSTEM
    style = app.style()
    _system_style.setdefault(id(app), style.name() if style is not None else "fusion")
    hints = QGuiApplication.styleHints()
    if name == SYSTEM:
        app.setStyle(_system_style[id(app)])
        if hasattr(hints, "unsetColorScheme"):
            hints.unsetColorScheme()
        app.setPalette(QPalette())  # nothing resolved: the platform's palette again
        return name
    if hasattr(hints, "setColorScheme"):  # native dialogs and title bars follow (Qt 6.8+)
        hints.setColorScheme(Qt.ColorScheme.Dark if name == DARK else Qt.ColorScheme.Light)
    app.setStyle("Fusion")
    fusion = app.style()
    light = fusion.standardPalette() if fusion is not None else QPalette()
    app.setPalette(dark_palette() if name == DARK else light)
    return name


def saved_theme() -> str:
    """The theme chosen last time (System if none)."""
    value = preferences.app_settings().value(THEME_KEY, SYSTEM)
    return value if isinstance(value, str) and value in THEMES else SYSTEM


class ThemeMenu(QObject):
    """The View > Theme submenu: one checkable action per theme, the choice remembered."""

    def __init__(self, parent: QWidget, persist: bool = True) -> None:
        super().__init__(parent)
        self._persist = persist
        self.menu = QMenu("&Theme", parent)
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        current = saved_theme() if persist else SYSTEM
        for name in THEMES:
            action = QAction(name, self)
            action.setCheckable(True)
            action.setChecked(name == current)
            action.setStatusTip(
                "Follow the system's colours"
                if name == SYSTEM
                else f"Use Gloss's {name.lower()} colours"
            )
            action.triggered.connect(lambda _=False, n=name: self.choose(n))
            self.group.addAction(action)
            self.menu.addAction(action)
            self.actions[name] = action

    def choose(self, name: str) -> None:
        """Apply `name` now and remember it for the next start."""
        applied = apply_theme(name)
        self.actions[applied].setChecked(True)
        if self._persist:
            preferences.app_settings().setValue(THEME_KEY, applied)
