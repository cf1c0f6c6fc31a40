"""UI fixtures: settings in a temporary folder, a session and the real window on a workspace."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence

from desktop.ui.app.main_window import MainWindow
from desktop.ui.app.session import Session


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    """Point QSettings at a temporary folder so tests never touch the user's settings."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture
def session(qapp, seeded_ws):
    """A session on the seeded workspace with document d1 open."""
    current = Session(seeded_ws)
    current.open_document("d1")
    return current


def show_window(qtbot, session: Session, persist: bool = False) -> MainWindow:
    """The real window on `session`, shown, active, with the article focused."""
    window = MainWindow(session, persist=persist)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    window.article.view.setFocus()
    return window


@pytest.fixture
def window(qtbot, session):
    """The whole window on the seeded workspace, document d1 open."""
    return show_window(qtbot, session)


@pytest.fixture
def make_window(qtbot):
    """A factory: the real window on a session, shown and active."""
    return lambda session, persist=False: show_window(qtbot, session, persist)


@pytest.fixture
def press(qtbot):
    """Type a key sequence (e.g. "Ctrl+Z") into the window's focused widget, as a user would."""

    def type_keys(window: MainWindow, sequence: str) -> None:
        combo = QKeySequence(sequence)[0]
        widget = window.focusWidget() or window
        qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())

    return type_keys


@pytest.fixture
def select():
    """Select the `nth` occurrence of a string in the open document; returns its range."""

    def select_text(window: MainWindow, needle: str, nth: int = 0) -> tuple[int, int]:
        text = window.session.workspace.document(window.session.doc_id).text
        start = -1
        for _ in range(nth + 1):
            start = text.index(needle, start + 1)
        window.article.select_text(start, start + len(needle))
        return start, start + len(needle)

    return select_text
