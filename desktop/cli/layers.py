"""gloss layers: list a project's layers, take a colleague's over."""

from __future__ import annotations

import argparse

from desktop.cli.common import EXIT_OK, add_command, opened


def cmd_layers(args: argparse.Namespace) -> int:
    """gloss layers PROJECT [--take-over LAYER]: one line per layer (name, kind, access)."""
    from desktop.workspace.layers import take_over_layer

    with opened(args.project) as ws:
        if args.take_over:
            print(take_over_layer(ws, args.take_over).label)
        for info in ws.layers():
            access = "read-only" if info.read_only else "editable"
            mine = " (yours)" if info.name == ws.annotator else ""
            source = f"\tfrom {info.source}" if info.source else ""
            print(f"{info.name}{mine}\t{info.kind}\t{access}{source}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add layers."""
    p = add_command(sub, "layers", cmd_layers, "list layers; take a colleague's layer over")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument(
        "--take-over",
        metavar="LAYER",
        help="make a colleague's read-only layer (merged or imported with --layer) editable",
    )
