"""Backups the user can use: `gloss backups PROJECT` lists them, `gloss restore` puts one back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from desktop.cli.common import EXIT_OK, add_command


def cmd_backups(args: argparse.Namespace) -> int:
    """gloss backups PROJECT [--json]: time, reason, size, documents and spans of each."""
    from desktop.workspace import project_backups

    backups = project_backups(Path(args.project))
    if args.json:
        data = [b.to_json() for b in backups]
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
        return EXIT_OK
    if not backups:
        print(f"{args.project}: no backups")
        return EXIT_OK
    print("time                 reason               size  documents  spans  file")
    for b in backups:
        documents = "?" if b.documents is None else str(b.documents)
        spans = "?" if b.spans is None else str(b.spans)
        print(
            f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {b.reason:<18} {_size(b.size):>6}"
            f"  {documents:>9}  {spans:>5}  {b.path.name}"
        )
    return EXIT_OK


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f}{unit}" if unit == "B" else f"{size:.1f}{unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)


def cmd_restore(args: argparse.Namespace) -> int:
    """gloss restore PROJECT BACKUP: the current file is kept aside first."""
    from desktop.workspace import restore_project

    aside = restore_project(Path(args.project), args.backup)
    print(f"restored {args.project} from {args.backup}; the previous file is kept as {aside}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add backups and restore."""
    p = add_command(sub, "backups", cmd_backups, "list a project's backups")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = add_command(sub, "restore", cmd_restore, "put a backup back (the current file kept aside)")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("backup", metavar="BACKUP", help="a backup file, or its name from `backups`")
