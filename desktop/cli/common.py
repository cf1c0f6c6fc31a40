"""What every command shares: exit codes, the progress bar, opening a project."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.workspace import Workspace

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]


def add_command(
    sub: argparse._SubParsersAction, name: str, handler: Handler, help: str
) -> argparse.ArgumentParser:
    """A subcommand whose arguments the caller adds; `handler` runs it."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help)
    parser.set_defaults(handler=handler)
    return parser


class Progress:
    """A one-line progress bar on stderr, drawn only on a terminal."""

    def __init__(self, label: str, total: int | None = None):
        self.label = label
        self.total = total
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        if self.total:
            width = 30
            filled = int(width * min(done, self.total) / self.total)
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r{self.label} [{bar}] {done}/{self.total}")
        else:
            sys.stderr.write(f"\r{self.label} {done}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


@contextmanager
def opened(path: str, *, create: bool = False, read_only: bool = False) -> Iterator[Workspace]:
    """The project at `path`, closed cleanly (WAL checkpointed) whatever happens.

    `read_only` (stats, check, export, agree) reads one snapshot, creating and changing
    no file, even while a window has the project open. A project that can only be read
    (permissions, a newer Gloss) is said on stderr when the command would write.
    """
    from desktop.workspace import Workspace

    ws = Workspace.open(Path(path), create=create, read_only=read_only)
    if ws.read_only and not read_only:
        print(f"gloss: {ws.read_only_note}", file=sys.stderr)
    try:
        yield ws
    finally:
        ws.close()
    note = ws.close_note
    if note:
        print(f"gloss: note: {note}", file=sys.stderr)
