"""An unexpected exception in the window: a dialog with "Copy details", a log entry, and the
window goes on working."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication

from desktop.ui.app.error_dialog import ErrorDialog, ExceptionHandler


def boom() -> None:
    raise ValueError("the inspector lost its span 👩‍👩‍👧")


@pytest.fixture
def handler(window):
    """The window's exception handler, installed as sys.excepthook for the test."""
    installed = ExceptionHandler(window).install()
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.close()


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_dialog_logs_and_keeps_running(
    qtbot, window, handler, caplog, session
):
    """A slot that raises: the dialog names the error, the log has the traceback, and the
    window still takes edits afterwards."""
    action = QAction("Broken", window)
    action.triggered.connect(boom)
    with caplog.at_level(logging.ERROR, logger="desktop.ui"):
        action.trigger()
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    dialog = handler.dialog
    assert isinstance(dialog, ErrorDialog)
    assert "the inspector lost its span 👩‍👩‍👧" in dialog.message.text()
    assert "Traceback" not in dialog.message.text() and "gloss.log" in dialog.message.text()
    (record,) = [r for r in caplog.records if r.name == "desktop.ui"]
    assert record.exc_info is not None and record.exc_info[0] is ValueError

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied == dialog.details and "ValueError" in copied and "in boom" in copied
    assert dialog.isVisible()  # copying leaves the dialog open
    dialog.accept()
    assert window.isVisible()

    spans_before = len(session.workspace.spans("d1", session.layer))
    session.workspace.add_span("d1", 0, 5, "ACTOR", layer=session.layer)
    assert len(session.workspace.spans("d1", session.layer)) == spans_before + 1


@pytest.mark.qt_no_exception_capture
def test_a_second_error_while_the_dialog_is_up_is_logged_not_stacked(
    qtbot, window, handler, caplog
):
    """Two errors in a row: one dialog, two log entries."""
    with caplog.at_level(logging.ERROR, logger="desktop.ui"):
        handler(ValueError, ValueError("first"), None)
        first = handler.dialog
        handler(RuntimeError, RuntimeError("second"), None)
    assert handler.dialog is first and "first" in first.message.text()
    assert [r.getMessage() for r in caplog.records if r.name == "desktop.ui"] == [
        "unexpected error: first",
        "unexpected error: second",
    ]
    first.accept()
    handler(ValueError, ValueError("third"), None)
    assert handler.dialog is not first and "third" in handler.dialog.message.text()


def test_keyboard_interrupt_goes_to_the_previous_hook(window, monkeypatch):
    """Ctrl+C in a terminal is not an application error: the previous hook gets it."""
    seen = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: seen.append(exc[0]))
    handler = ExceptionHandler(window).install()
    try:
        handler(KeyboardInterrupt, KeyboardInterrupt(), None)
    finally:
        handler.uninstall()
    assert seen == [KeyboardInterrupt] and handler.dialog is None
    assert sys.excepthook is not handler
