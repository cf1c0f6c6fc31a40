"""`gloss actors`: the actor table (CSV), and merging or splitting registry actors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.common import EXIT_OK, add_command, opened


def cmd_actors(args: argparse.Namespace) -> int:
    """gloss actors PROJECT [-o OUT.csv] [--layer L] [--from D] [--to D]."""
    from desktop.networks import read_date
    from desktop.workspace import actor_rows, export_actor_table

    start = read_date(args.start, "--from") if args.start else None
    end = read_date(args.end, "--to") if args.end else None
    if start and end and end < start:
        raise ValueError(f"--to {end} is before --from {start}")
    with opened(args.project) as ws:
        rows, report = actor_rows(ws, layer=args.layer, start=start, end=end)
    out = sys.stdout.buffer if args.output in (None, "-") else Path(args.output)
    count = export_actor_table(out, rows)
    sys.stdout.flush()
    for line in report.lines():
        print(line, file=sys.stderr)
    print(f"wrote {count} actor(s) to {args.output or '-'}", file=sys.stderr)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add `actors`."""
    p = add_command(
        sub,
        "actors",
        cmd_actors,
        "the actor table: accusations made and received, responses, first and last date",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("-o", "--output", metavar="OUT", help="CSV file (default: - for stdout)")
    p.add_argument("--layer", help="layer to read (default: gold if present, else yours)")
    p.add_argument("--from", dest="start", metavar="DATE", help="first document date, inclusive")
    p.add_argument("--to", dest="end", metavar="DATE", help="last document date, inclusive")
