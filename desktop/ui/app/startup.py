"""Start the window: pick the project (given, last, or the first-run sample), or take a screenshot.

Only light modules are imported here, so `gloss` opens quickly (no pyqtgraph).
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from desktop.ui.app import dialogs, preferences
from desktop.ui.app.commands import initial_document
from desktop.ui.app.main_window import MainWindow
from desktop.ui.app.session import Session, one_line
from desktop.workspace import Workspace, first_run_project

log = logging.getLogger(__name__)

SCREENSHOT_SIZE = (1400, 860)
SETTLE_MS = 300


class StartError(Exception):
    """No project could be opened; the message is one line."""


def _application(screenshot: bool) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if screenshot and headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv[:1])
    app.setOrganizationName(preferences.ORGANIZATION)
    app.setApplicationName(preferences.APPLICATION)
    app.setApplicationDisplayName("Gloss")
    return app


def open_start_workspace(project: Path | None, report) -> Workspace:
    """The workspace to start on; `report(title, text)` tells the user about fallbacks.

    A given project that fails to open raises StartError. The last project that fails is
    reported and the sample project is opened instead.
    """
    if project is not None:
        try:
            return Workspace.open(project)
        except Exception as exc:
            log.exception("cannot open %s", project)
            raise StartError(one_line(exc)) from exc
    last = preferences.last_project()
    if last is not None and last.exists():
        try:
            return Workspace.open(last)
        except Exception as exc:
            log.exception("cannot open the last project %s", last)
            report(
                "Cannot open the last project", f"{one_line(exc)}\n\nOpening the sample project."
            )
    try:
        return Workspace.open(first_run_project())
    except Exception as exc:
        log.exception("cannot open the sample project")
        raise StartError(one_line(exc)) from exc


def take_screenshot(window: MainWindow, out: Path) -> int:
    """Lay out and paint `window`, save it as a PNG; 0 on success."""
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    loop = QEventLoop()
    QTimer.singleShot(SETTLE_MS, loop.quit)
    loop.exec()
    pixmap = window.grab()
    ok = pixmap.save(str(out), "PNG")
    if not ok:
        print(f"gloss: error: {out}: cannot write the screenshot", file=sys.stderr)
    return 0 if ok else 1


def _install_excepthook(window: MainWindow) -> None:
    """Unexpected errors go to a dialog (and the traceback to stderr), never only to stderr."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        traceback.print_exception(kind, exc, tb)
        if isinstance(exc, Exception):
            dialogs.show_error(window, "Unexpected error", one_line(exc))

    sys.excepthook = hook


def run(project: Path | None = None, screenshot: Path | None = None) -> int:
    """Open the window (on `project`, the last one, or the sample); with `screenshot`,
    render it to that PNG and exit. Returns the exit code."""
    app = _application(screenshot is not None)
    interactive = screenshot is None

    def report(title: str, text: str) -> None:
        if interactive:
            dialogs.show_error(None, title, text)
        else:
            print(f"gloss: error: {text.splitlines()[0]}", file=sys.stderr)

    try:
        ws = open_start_workspace(project, report)
    except StartError as exc:
        report("Cannot open project", str(exc))
        return 1
    session = Session(ws)
    window = MainWindow(session, persist=interactive)
    session.open_document(initial_document(ws))
    if not interactive:
        assert screenshot is not None
        try:
            return take_screenshot(window, screenshot)
        finally:
            window.close()
            window.deleteLater()
    if ws.path is not None:
        preferences.remember_project(ws.path)
    previous_hook = sys.excepthook
    _install_excepthook(window)
    window.show()
    if ws.read_only:
        note = ws.read_only_note or "The project is open read-only."
        QTimer.singleShot(0, lambda: dialogs.show_error(window, "Read-only project", note))
    try:
        return app.exec()
    finally:
        sys.excepthook = previous_hook
