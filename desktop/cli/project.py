"""Commands about the project file itself: init, stats, check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from desktop.cli.common import EXIT_FAIL, EXIT_OK, add_command, opened


def cmd_init(args: argparse.Namespace) -> int:
    """gloss init PROJECT [--schema FILE]: a new project with the default or given codebook."""
    path = Path(args.project)
    if path.exists():
        raise FileExistsError(f"{path}: already exists")
    schema = None
    if args.schema:
        from desktop.formats.codebooks import read_codebook_notes

        schema, notes = read_codebook_notes(Path(args.schema))  # before anything is created
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
    with opened(args.project, create=True) as ws:
        if schema is not None:
            from desktop.workspace.codebook import init_codebook

            init_codebook(ws, schema, source=Path(args.schema).name)
    print(f"created {path}")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    """gloss stats PROJECT [--json]."""
    from desktop.workspace import format_stats, stats

    with opened(args.project) as ws:
        data = stats(ws)
    if args.json:
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        print(format_stats(data))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """gloss check PROJECT: non-zero when anything is wrong."""
    from desktop.workspace import check

    with opened(args.project) as ws:
        problems = check(ws)
    for problem in problems:
        print(f"{args.project}: {problem}")
    if problems:
        print(f"{args.project}: {len(problems)} problem(s)", file=sys.stderr)
        return EXIT_FAIL
    print(f"{args.project}: ok")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add init, stats and check."""
    p = add_command(sub, "init", cmd_init, "create a project with the default or given codebook")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument(
        "--schema",
        metavar="FILE",
        help="the codebook (.toml, brat .conf, Label Studio .xml, .qdc) instead of the default",
    )

    p = add_command(sub, "stats", cmd_stats, "counts per layer and label, status counts")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add_command(sub, "check", cmd_check, "integrity check and invariants")
    p.add_argument("project", metavar="PROJECT")
