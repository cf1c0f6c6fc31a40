"""`gloss network`: actor networks to GraphML, GEXF, CSV or JSON, whole or by time window."""

from __future__ import annotations

import argparse
import sys

from desktop.cli.common import EXIT_OK, add_command, opened

KINDS = ("accusations", "responses", "victims", "co-accusation", "conflict", "actor-category")
WINDOW_FORMATS = ("graphml", "gexf", "csv", "json")


def _report(ws, report) -> None:
    from desktop.workspace.networks import unlinked_texts

    for line in report.lines(unlinked_texts(ws, report.unlinked)):
        print(line, file=sys.stderr)


def cmd_network(args: argparse.Namespace) -> int:
    """gloss network PROJECT --kind KIND -o OUT [...]."""
    from desktop.networks import format_of, parse_duration, read_date
    from desktop.workspace import network, network_windows, write_network, write_windows

    start = read_date(args.start, "--from") if args.start else None
    end = read_date(args.end, "--to") if args.end else None
    if start and end and end < start:
        raise ValueError(f"--to {end} is before --from {start}")
    if args.step and not args.window:
        raise ValueError("--step needs --window")
    options = {
        "layer": args.layer,
        "start": start,
        "end": end,
        "normalize": args.normalize,
        "isolates": args.isolates,
    }
    with opened(args.project) as ws:
        if args.window:
            size = parse_duration(args.window, "--window")
            step = parse_duration(args.step, "--step") if args.step else size
            total, slices, report = network_windows(ws, args.kind, size, step, **options)
            written = write_windows(args.output, total, slices, args.format or "graphml")
            _report(ws, report)
            print(
                f"wrote {len(slices)} window(s) of {args.kind} ({size}, every {step}) to"
                f" {args.output} ({len(written)} file(s));"
                f" whole range: {total.number_of_nodes()} node(s),"
                f" {total.number_of_edges()} edge(s)",
                file=sys.stderr,
            )
            return EXIT_OK
        fmt = args.format or format_of(args.output)
        graph, report = network(ws, args.kind, **options)
        write_network(args.output, graph, fmt)
        _report(ws, report)
    print(
        f"wrote {args.kind} network ({fmt}): {graph.number_of_nodes()} node(s),"
        f" {graph.number_of_edges()} edge(s) to {args.output}",
        file=sys.stderr,
    )
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add `network`."""
    p = add_command(
        sub,
        "network",
        cmd_network,
        "actor networks (who accuses, answers, sides with whom) to GraphML, GEXF, CSV, JSON",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--kind", required=True, choices=KINDS, help="which network")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="file whose extension names the format: .graphml, .gexf, .csv (edge list),"
        " .json (node-link); with --window a .gexf (one dynamic graph) or a folder",
    )
    p.add_argument("--layer", help="layer to read (default: gold if present, else yours)")
    p.add_argument("--from", dest="start", metavar="DATE", help="first document date, inclusive")
    p.add_argument("--to", dest="end", metavar="DATE", help="last document date, inclusive")
    p.add_argument("--window", metavar="W", help="one network per window of W (30d, 2w, 3m, 1y)")
    p.add_argument("--step", metavar="S", help="windows start every S (default: W)")
    p.add_argument(
        "--normalize",
        choices=("average", "jaccard", "cosine"),
        help="DNA's normalisations, for co-accusation and conflict (docs/networks.md)",
    )
    p.add_argument(
        "--isolates",
        action="store_true",
        help="keep every registry actor as a node, even without edges",
    )
    p.add_argument(
        "--format",
        choices=WINDOW_FORMATS,
        help="format of the files in a --window folder (default graphml), or instead of"
        " the extension",
    )
