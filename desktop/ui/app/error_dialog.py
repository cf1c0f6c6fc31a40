"""Unexpected errors in the window: logged, shown in a dialog with "Copy details", survived.

An exception escaping a slot or an event handler reaches `sys.excepthook`; the hook here
writes it to the log file, tells the user in one line, and returns, so Qt's event loop
keeps running and no edit is lost (every edit is committed before it is shown).
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop import __version__
from desktop.ui.app.session import one_line
from desktop.workspace import log_dir
from desktop.workspace.logs import LOG_NAME

log = logging.getLogger("desktop.ui")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def error_details(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """What a bug report needs: versions, platform and the traceback."""
    from PySide6 import __version__ as pyside_version

    header = (
        f"Gloss {__version__}, Python {platform.python_version()}, PySide6 {pyside_version},"
        f" {platform.platform()}"
    )
    return header + "\n\n" + "".join(traceback.format_exception(kind, exc, tb))


class ErrorDialog(QDialog):
    """A short message, OK, and "Copy details" (the traceback and versions, for a report)."""

    def __init__(self, message: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setWindowTitle("Something went wrong")
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setText(
            f"Gloss hit an unexpected error: {message}\n\nYour work is saved and you can go"
            " on working. If it happens again, copy the details into a bug report (they are"
            f" also in {log_dir() / LOG_NAME})."
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        self.copy_button = buttons.addButton("Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText("Copied")


class ExceptionHandler:
    """Installed as `sys.excepthook` while the window runs; `uninstall()` restores the old."""

    def __init__(self, parent: QWidget | None) -> None:
        self._parent = parent
        self._previous: ExceptHook = sys.excepthook
        self._showing = False
        self.dialog: ErrorDialog | None = None

    def install(self) -> ExceptionHandler:
        """Become `sys.excepthook`."""
        self._previous = sys.excepthook
        sys.excepthook = self
        return self

    def uninstall(self) -> None:
        """Put the previous hook back."""
        if sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        """Log the error; for an Exception, show the dialog (one at a time)."""
        if not isinstance(exc, Exception):  # KeyboardInterrupt, SystemExit: not ours
            self._previous(kind, exc, tb)
            return
        log.error("unexpected error: %s", one_line(exc), exc_info=(kind, exc, tb))
        if self._showing:  # an error while the dialog is up is logged, not stacked
            return
        self._showing = True
        self.dialog = ErrorDialog(one_line(exc), error_details(kind, exc, tb), self._parent)
        self.dialog.finished.connect(self._on_dialog_finished)
        self.dialog.open()

    def _on_dialog_finished(self, _result: int) -> None:
        self._showing = False
