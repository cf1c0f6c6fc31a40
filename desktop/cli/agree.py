"""The agreement command."""

from __future__ import annotations

import argparse
import sys

import orjson

from desktop.cli.common import EXIT_OK, add_command, opened


def cmd_agree(args: argparse.Namespace) -> int:
    """gloss agree PROJECT [--layers a,b] [--all] [--json]."""
    from desktop.review.report import format_table
    from desktop.workspace import agreement

    with opened(args.project, read_only=True) as ws:
        layers = [n.strip() for n in args.layers.split(",") if n.strip()] if args.layers else None
        report = agreement(ws, layers, all_documents=args.all)
    if args.json:
        sys.stdout.write(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        print(format_table(report))
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add agree."""
    p = add_command(sub, "agree", cmd_agree, "inter-annotator agreement between layers")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--layers", help="comma-separated layers (default: every annotator layer)")
    p.add_argument(
        "--all", action="store_true", help="all documents, not only those every layer marked done"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
