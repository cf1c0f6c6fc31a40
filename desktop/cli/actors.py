"""`gloss actors`: the actor table (CSV), and merging or splitting registry actors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.common import EXIT_OK, add_command, opened


def _merge(args: argparse.Namespace) -> int:
    from desktop.workspace import find_actor, merge_actors

    with opened(args.project) as ws:
        kept, absorbed = (find_actor(ws, key) for key in args.merge)
        moved = len(ws.spans_with_actor(absorbed.id))
        before = len(ws.spans_with_actor(kept.id))
        merge_actors(ws, kept.id, absorbed.id)
        after = ws.actor(kept.id)
        total = len(ws.spans_with_actor(kept.id))
    if total != before + moved:  # every mention must arrive: never lose a link silently
        raise RuntimeError(f"merge linked {total} mention(s), expected {before + moved}")
    print(
        f"merged {absorbed.name} into {after.name}: {moved} mention(s) relinked"
        f" ({total} in all); aliases: {', '.join(after.aliases) or '-'}"
        " (undoable: Ctrl+Z in the window)"
    )
    return EXIT_OK


def _split(args: argparse.Namespace) -> int:
    from desktop.workspace import find_actor, split_actor

    source_key, name, *aliases = args.split
    with opened(args.project) as ws:
        source = find_actor(ws, source_key)
        before = len(ws.spans_with_actor(source.id))
        split_actor(ws, source.id, name, aliases)
        new = find_actor(ws, name)
        moved = len(ws.spans_with_actor(new.id))
        kept = len(ws.spans_with_actor(source.id))
    if moved + kept != before:
        raise RuntimeError(f"split kept {moved + kept} mention(s), expected {before}")
    print(
        f"split {new.name} ({new.id}) off {source.name}: {moved} mention(s) moved,"
        f" {kept} stay with {source.name}"
    )
    return EXIT_OK


def cmd_actors(args: argparse.Namespace) -> int:
    """gloss actors PROJECT [-o OUT.csv] [--layer L] [--from D] [--to D] | --merge A B | --split."""
    if args.merge:
        return _merge(args)
    if args.split:
        if len(args.split) < 2:
            raise ValueError("--split takes the actor and the name to split off (and aliases)")
        return _split(args)
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
    edit = p.add_mutually_exclusive_group()
    edit.add_argument(
        "--merge",
        nargs=2,
        metavar=("A", "B"),
        help="merge actor B into A (id, name or alias): B's mentions link to A, B's names"
        " become A's aliases; undoable",
    )
    edit.add_argument(
        "--split",
        nargs="+",
        metavar="ARG",
        help="A NAME [ALIAS ...]: split NAME off actor A: an actor merged into A earlier"
        " comes back as it was; otherwise a new actor NAME (with ALIASes) takes A's"
        " mentions reading one of its names; undoable",
    )
