"""Opening the window: `gloss`, `gloss open PROJECT`, `gloss --screenshot`."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from desktop.cli.common import add_command

# Qt's own command-line options (QGuiApplication, QApplication, X11), passed to QApplication.
QT_OPTIONS_WITH_VALUE = frozenset(
    [
        "platform",
        "platformpluginpath",
        "platformtheme",
        "plugin",
        "qmljsdebugger",
        "qwindowgeometry",
        "qwindowicon",
        "qwindowtitle",
        "session",
        "style",
        "stylesheet",
        "display",
        "geometry",
        "name",
        "title",
        "visual",
        "ncols",
        "cmap",
        "im",
        "inputstyle",
        "fontengine",
        "dialogs",
    ]
)
QT_FLAGS = frozenset(["reverse", "widgetcount", "nograb", "dograb", "sync"])


def split_qt_options(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """(Qt's options, the rest): `-style fusion`, `--style=fusion`, `-reverse` go to Qt."""
    qt: list[str] = []
    rest: list[str] = []
    items = list(argv)
    i = 0
    while i < len(items):
        arg = items[i]
        name = arg.lstrip("-").split("=", 1)[0] if arg.startswith("-") else ""
        if name in QT_FLAGS and "=" not in arg:
            qt.append(f"-{name}")
        elif name in QT_OPTIONS_WITH_VALUE and "=" in arg:
            qt.extend([f"-{name}", arg.split("=", 1)[1]])
        elif name in QT_OPTIONS_WITH_VALUE and i + 1 < len(items):
            qt.extend([f"-{name}", items[i + 1]])
            i += 1
        else:
            rest.append(arg)
        i += 1
    return qt, rest


def run_gui(project: Path | None, screenshot: Path | None, qt_args: Sequence[str] = ()) -> int:
    """Start the window (Qt is imported only here, lazily), logging to the user log folder."""
    from desktop.ui.app.startup import run
    from desktop.workspace.logs import setup_logging

    setup_logging()
    return run(project, screenshot, qt_args)


def cmd_open(args: argparse.Namespace) -> int:
    """gloss open PROJECT: the window on a given project."""
    return run_gui(Path(args.project), None, getattr(args, "qt_args", ()))


def register(sub: argparse._SubParsersAction) -> None:
    """Add open."""
    p = add_command(sub, "open", cmd_open, "open a project in the window")
    p.add_argument("project", metavar="PROJECT")
