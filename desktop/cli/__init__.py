"""The `gloss` command: the window by default, and headless subcommands for every data operation.

Each module here registers its own subcommands; `COMMAND_MODULES` lists them.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__
from desktop.cli import actors, agree, network, project, schema, transfer, window
from desktop.cli.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, Handler

__all__ = ["COMMANDS", "EXIT_FAIL", "EXIT_OK", "EXIT_USAGE", "build_parser", "gui_main", "main"]

COMMAND_MODULES = (project, transfer, agree, schema, network, actors, window)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to check that every command is documented)."""
    parser = argparse.ArgumentParser(
        prog="gloss",
        description="Annotate actors, allegations and responses in news text."
        " Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"gloss {__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="log what happens and print the traceback of an error (for bug reports)",
    )
    parser.add_argument(
        "--screenshot",
        nargs="+",
        metavar=("OUT.png", "PROJECT"),
        help="render the window (on PROJECT, or the last project) to a PNG and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def _commands() -> dict[str, Handler]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return {name: p.get_default("handler") for name, p in sub.choices.items()}


COMMANDS: dict[str, Handler] = _commands()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `gloss` and `python -m desktop`; returns the exit code."""
    parser = build_parser()
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] not in COMMANDS and not args_list[0].startswith("-"):
        # `gloss PROJECT` opens that project, like `gloss open PROJECT`.
        args_list = ["open", *args_list]
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:
        return int(exc.code or 0)
    _configure_logging(args.debug)
    try:
        if args.command is None:
            if not args.screenshot:
                return window.run_gui(None, None)
            if len(args.screenshot) > 2:
                parser.error("--screenshot takes OUT.png and at most one PROJECT")
            project_path = Path(args.screenshot[1]) if len(args.screenshot) == 2 else None
            return window.run_gui(project_path, Path(args.screenshot[0]))
        handler: Handler = args.handler
        return handler(args)
    except KeyboardInterrupt:
        print("gloss: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # every failure is one line, never a traceback (but --debug)
        log.exception("gloss %s failed", args.command or "window")
        print(f"gloss: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_FAIL


log = logging.getLogger("desktop.cli")


def _configure_logging(debug: bool) -> None:
    """With --debug, every log record (tracebacks too) goes to stderr; else only warnings
    from below the boundary, never an exception's traceback (that one is one line)."""
    root = logging.getLogger("desktop")
    for old in [h for h in root.handlers if getattr(h, "gloss_cli", False)]:
        root.removeHandler(old)
    handler: logging.Handler
    if debug:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.setLevel(logging.DEBUG)
    else:
        handler = logging.NullHandler()
        root.setLevel(logging.WARNING)
    setattr(handler, "gloss_cli", True)  # noqa: B010 (marks the handler this function owns)
    root.addHandler(handler)
    root.propagate = not debug  # with --debug the stream handler prints each record once


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        line = f"{exc.filename}: {exc.strerror or exc}"
    else:
        text = str(exc).strip().splitlines()
        line = text[0] if text else type(exc).__name__
    # A file name that is not UTF-8 carries surrogates: show them as escapes, never crash.
    return line.encode("utf-8", "backslashreplace").decode("utf-8")


def gui_main() -> int:
    """Entry point of the windowed launcher `gloss-gui`."""
    return main(sys.argv[1:])
