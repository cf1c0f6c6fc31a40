"""Commands that move annotations in and out: import, export, merge."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_OK, Progress, add_command, opened

if TYPE_CHECKING:
    from desktop.formats.losses import Losses

IMPORT_FORMATS = (
    "jsonl",
    "text",
    "doccano",
    "labelstudio",
    "brat",
    "conll",
    "prodigy",
    "xmi",
    "webanno",
    "qdpx",
    "spacy",
)
EXPORT_FORMATS = (
    "jsonl",
    "frames",
    "actors",
    "doccano",
    "labelstudio",
    "brat",
    "conll",
    "prodigy",
    "xmi",
    "qdpx",
    "spacy",
)


def print_losses(losses: Losses, verbose: bool) -> None:
    """One summary line on stderr (and, with -v, one line per item) of what was left out."""
    if not losses:
        return
    if verbose:
        for item in losses.items:
            print(item, file=sys.stderr)
        if losses.not_listed:
            print(f"... and {losses.not_listed:,} more", file=sys.stderr)
    hint = "" if verbose else " (-v lists each)"
    print(f"{losses.summary()}{hint}", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    """gloss import PROJECT FILE_OR_DIR...: all or nothing, unless --skip-bad."""
    from desktop.workspace import import_paths

    with opened(args.project, create=True) as ws:
        progress = Progress("importing")
        report = import_paths(
            ws,
            args.inputs,
            layer=args.layer,
            skip_bad=args.skip_bad,
            progress=progress,
            format_name=args.format,
            options={"column": args.column},
            strict=args.strict,
            add_labels=args.add_labels,
            follow_symlinks=args.follow_symlinks,
            list_every_loss=args.verbose,
        )
        progress.close()
    for problem in report.skipped:
        print(f"skipped {problem}", file=sys.stderr)
    print_losses(report.losses, args.verbose)
    print(report)
    for addition in report.codebook_added:
        print(f"added {addition}")
    for note in report.codebook_notes:
        print(f"note: {note}", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """gloss export PROJECT -o OUT [--format NAME]: every document accounted for."""
    from desktop.formats.losses import Losses
    from desktop.workspace import (
        export_actors,
        export_frames,
        export_jsonl,
        export_path,
        export_target_problem,
    )
    from desktop.workspace.exports import ExportTally

    problem = export_target_problem(Path(args.project), args.output)
    if problem:
        raise ValueError(problem)
    tally = ExportTally()
    writers = {
        "jsonl": lambda ws, out: export_jsonl(ws, out, layer=args.layer, tally=tally),
        "frames": lambda ws, out: export_frames(ws, out, layer=args.layer),
        "actors": export_actors,
    }
    if args.output == "-" and args.format not in writers:
        raise ValueError(f"{args.format} cannot be written to standard output; give -o FILE")
    losses = Losses(keep=None) if args.verbose else Losses()
    with opened(args.project, read_only=True) as ws:
        total = ws.document_count()
        strict_jsonl = args.strict and args.format == "jsonl" and args.output != "-"
        if args.format not in writers or strict_jsonl:
            count = export_path(
                ws,
                Path(args.output),
                args.format,
                layer=args.layer,
                losses=losses,
                strict=args.strict,
                tally=tally,
            )
        else:
            out = sys.stdout.buffer if args.output == "-" else Path(args.output)
            count = writers[args.format](ws, out)
        sys.stdout.flush()
    print_losses(losses, args.verbose)
    summary = f": {tally.summary(total)}" if tally.records or args.format == "jsonl" else ""
    print(f"wrote {count} record(s) to {args.output}{summary}", file=sys.stderr)
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    """gloss merge PROJECT OTHER...: colleagues' layers arrive read-only."""
    from desktop.workspace import merge_paths

    with opened(args.project) as ws:
        progress = Progress("merging")
        report = merge_paths(ws, args.others, add_labels=args.add_labels, progress=progress)
        progress.close()
    for doc_id in report.refused_documents:
        print(f"refused document {doc_id}: its text differs from this project's", file=sys.stderr)
    print(report)
    for addition in report.imported.codebook_added:
        print(f"added {addition}")
    return EXIT_OK


def _strict_and_verbose(parser: argparse.ArgumentParser, refusal: str) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help=f"if the format cannot carry something, {refusal} and fail",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list each item the format could not carry, not just the counts",
    )


def register(sub: argparse._SubParsersAction) -> None:
    """Add import, export and merge."""
    p = add_command(
        sub, "import", cmd_import, "import JSONL, doccano, Label Studio, brat, CoNLL or text"
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("inputs", nargs="+", metavar="FILE_OR_DIR")
    p.add_argument("--layer", help="layer for lines without one (default: the local annotator)")
    p.add_argument(
        "--format",
        choices=IMPORT_FORMATS,
        help="input format (default: by extension; folders holding .ann files are brat,"
        " folders holding .xmi files are xmi)",
    )
    p.add_argument(
        "--skip-bad",
        action="store_true",
        help="skip bad records (listed on stderr) instead of importing nothing",
    )
    p.add_argument(
        "--add-labels",
        action="store_true",
        help="add labels, roles, attributes and choices the codebook lacks (listed) instead"
        " of refusing them",
    )
    p.add_argument(
        "--column",
        type=int,
        metavar="N",
        help="CoNLL: the column (1-based) holding the tags (default: the last)",
    )
    p.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="follow symbolic links inside folders (refused by default)",
    )
    _strict_and_verbose(p, "import nothing")

    p = add_command(
        sub, "export", cmd_export, "export annotations, claim frames or the actor registry"
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="jsonl",
        help="jsonl: native, one line per document and layer; frames: one line per"
        " allegation; actors: the registry; doccano, labelstudio, conll, prodigy,"
        " qdpx, spacy: files; brat, xmi: a folder",
    )
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="file, or - for stdout")
    p.add_argument("--layer", help="only this layer")
    _strict_and_verbose(p, "write nothing")

    p = add_command(sub, "merge", cmd_merge, "merge colleagues' project files or JSONL exports")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("others", nargs="+", metavar="OTHER")
    p.add_argument(
        "--add-labels",
        action="store_true",
        help="add the labels, roles, attributes and choices their layers use and this"
        " codebook lacks (listed) instead of refusing the merge",
    )
