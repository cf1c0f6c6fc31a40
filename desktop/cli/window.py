"""Opening the window: `gloss`, `gloss open PROJECT`, `gloss --screenshot`."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import add_command


def run_gui(project: Path | None, screenshot: Path | None) -> int:
    """Start the window (Qt is imported only here, lazily), logging to the user log folder."""
    from desktop.ui.app.startup import run
    from desktop.workspace.logs import setup_logging

    setup_logging()

    return run(project, screenshot)


def cmd_open(args: argparse.Namespace) -> int:
    """gloss open PROJECT: the window on a given project."""
    return run_gui(Path(args.project), None)


def register(sub: argparse._SubParsersAction) -> None:
    """Add open."""
    p = add_command(sub, "open", cmd_open, "open a project in the window")
    p.add_argument("project", metavar="PROJECT")
