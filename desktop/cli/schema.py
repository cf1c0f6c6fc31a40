"""The `schema` command: print, write, replace and migrate the project's codebook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.common import EXIT_OK, add_command, opened


def cmd_schema(args: argparse.Namespace) -> int:
    """gloss schema PROJECT [-o FILE | --set FILE | --rename-... | --guide -o FILE]."""
    from desktop.formats.codebooks import (
        codebook_text,
        read_codebook_notes,
        write_codebook,
        write_guide,
    )
    from desktop.workspace.codebook import (
        guide_examples,
        merge_labels,
        rename_choice,
        rename_label,
        rename_role,
        set_codebook,
    )

    if args.guide and not args.output:
        raise ValueError("--guide needs -o guide.html or -o guide.md")
    new_schema = None
    if args.set:
        new_schema, notes = read_codebook_notes(Path(args.set))
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
    with opened(args.project) as ws:
        change = None
        if new_schema is not None:
            change = set_codebook(ws, new_schema, source=Path(args.set).name)
        elif args.rename_label:
            change = rename_label(ws, *args.rename_label)
        elif args.merge_labels:
            change = merge_labels(ws, *args.merge_labels)
        elif args.rename_role:
            change = rename_role(ws, *args.rename_role)
        elif args.rename_choice:
            change = rename_choice(ws, *args.rename_choice)
        elif args.guide:
            count = write_guide(Path(args.output), ws.schema, guide_examples(ws))
            print(f"wrote the guide to {args.output} ({count} label(s))", file=sys.stderr)
            return EXIT_OK
        schema = ws.schema
    if change is not None:
        moved = len(change.span_ids) + len(change.relation_ids)
        print(f"{change.label}: {moved} annotation(s) changed; codebook version {schema.version}")
        if not args.output:
            return EXIT_OK
    if args.output and args.output != "-":
        write_codebook(Path(args.output), schema)
        print(f"wrote the codebook to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(codebook_text(schema))
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add schema."""
    p = add_command(
        sub, "schema", cmd_schema, "print, write, replace or migrate the project's codebook"
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the codebook (.toml, .qdc) or, with --guide, the guide (.html, .md)",
    )
    action = p.add_mutually_exclusive_group()
    action.add_argument(
        "--set",
        metavar="FILE",
        help="replace the codebook with FILE (.toml, brat .conf, Label Studio .xml, .qdc);"
        " refused if any annotation would no longer fit",
    )
    action.add_argument(
        "--rename-label", nargs=2, metavar=("OLD", "NEW"), help="rename a label and its spans"
    )
    action.add_argument(
        "--merge-labels",
        nargs=3,
        metavar=("A", "B", "INTO"),
        help="merge labels A and B (and their spans) into INTO",
    )
    action.add_argument(
        "--rename-role", nargs=2, metavar=("OLD", "NEW"), help="rename a role and its relations"
    )
    action.add_argument(
        "--rename-choice",
        nargs=3,
        metavar=("ATTR", "OLD", "NEW"),
        help="rename a choice of attribute ATTR (or LABEL.ATTR) and the spans using it",
    )
    action.add_argument(
        "--guide",
        action="store_true",
        help="write the annotation guide (-o guide.html or guide.md) with examples",
    )
