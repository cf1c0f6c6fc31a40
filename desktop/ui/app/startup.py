"""Start the window: pick the project (given, last, or the first-run sample), or take a screenshot.

Only light modules are imported here, so `gloss` opens quickly (no pyqtgraph).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop import __version__
from desktop.domain.resources import resources_dir
from desktop.ui.app import dialogs, notices, preferences, theme
from desktop.ui.app.commands import initial_document
from desktop.ui.app.error_dialog import ExceptionHandler
from desktop.ui.app.main_window import MainWindow
from desktop.ui.app.session import Session, one_line
from desktop.workspace import Workspace, first_run_project
from desktop.workspace.shutdown import on_terminate

log = logging.getLogger(__name__)

SCREENSHOT_SIZE = (1400, 860)
SETTLE_MS = 300
TERMINATE_POLL_MS = 250  # how often Qt's loop lets Python run a pending signal handler


class StartError(Exception):
    """No project could be opened; the message is one line."""


DESKTOP_FILE = "org.glossproject.Gloss"  # resources/linux/<this>.desktop


def _application(screenshot: bool, qt_args: Sequence[str] = ()) -> QApplication:
    """The QApplication, made with Qt's own command-line options (`-style`, `-platform`, ...)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if screenshot and headless and "-platform" not in qt_args:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication([sys.argv[0] if sys.argv else "gloss", *qt_args])
    app.setOrganizationName(preferences.ORGANIZATION)
    app.setApplicationName(preferences.APPLICATION)
    app.setApplicationDisplayName("Gloss")
    app.setDesktopFileName(DESKTOP_FILE)  # Wayland docks match the window to the menu entry
    icon = resources_dir() / "icons" / "gloss.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
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


def close_on_terminate(window: MainWindow) -> QTimer | None:
    """Close `window` on SIGTERM the way File > Quit does (the WAL is checkpointed).

    Python runs signal handlers only between its own bytecodes, so a timer gives it a turn
    while Qt's loop spins; the handler queues the close for the loop. Returns the timer
    (owned by the window), or None where the handler cannot be set.
    """
    if not on_terminate(lambda: QTimer.singleShot(0, window.close)):
        return None
    poll = QTimer(window)
    poll.setInterval(TERMINATE_POLL_MS)
    poll.timeout.connect(lambda: None)
    poll.start()
    return poll


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


def run(
    project: Path | None = None, screenshot: Path | None = None, qt_args: Sequence[str] = ()
) -> int:
    """Open the window (on `project`, the last one, or the sample); with `screenshot`,
    render it to that PNG and exit. `qt_args` are Qt's own options. Returns the exit code."""
    app = _application(screenshot is not None, qt_args)
    interactive = screenshot is None
    first_run = project is None and preferences.last_project() is None

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
    if interactive:
        theme.apply_theme(theme.saved_theme(), app)
    session = Session(ws)
    window = MainWindow(session, persist=interactive)
    session.open_document(initial_document(ws))
    if first_run:
        window.guide.start()  # the sample's example annotation, read-only, and the keys
    if not interactive:
        assert screenshot is not None
        try:
            return take_screenshot(window, screenshot)
        finally:
            window.close()
            window.deleteLater()
    if ws.path is not None:
        preferences.remember_project(ws.path)
    log.info("Gloss %s started on %s", __version__, ws.path)
    errors = ExceptionHandler(window).install()
    close_on_terminate(window)  # the timer belongs to the window
    window.show()
    if ws.read_only:
        note = ws.read_only_note or "The project is open read-only."
        QTimer.singleShot(0, lambda: dialogs.show_error(window, "Read-only project", note))
    QTimer.singleShot(0, lambda: notices.warn_if_cloud_synced(window, ws.path))
    try:
        return app.exec()
    finally:
        errors.uninstall()
