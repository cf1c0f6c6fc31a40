"""Commands that move annotations in and out: import, export, merge."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.common import EXIT_OK, Progress, add_command, opened

IMPORT_FORMATS = ("jsonl", "text", "doccano", "labelstudio", "brat", "conll")
EXPORT_FORMATS = ("jsonl", "frames", "actors", "doccano", "labelstudio", "brat", "conll")


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
            add_labels=args.add_labels,
        )
        progress.close()
    for problem in report.skipped:
        print(f"skipped {problem}", file=sys.stderr)
    print(report)
    for addition in report.codebook_added:
        print(f"added {addition}")
    for note in report.codebook_notes:
        print(f"note: {note}", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """gloss export PROJECT -o OUT [--format NAME]."""
    from desktop.workspace import export_actors, export_frames, export_jsonl, export_path

    writers = {
        "jsonl": lambda ws, out: export_jsonl(ws, out, layer=args.layer),
        "frames": lambda ws, out: export_frames(ws, out, layer=args.layer),
        "actors": export_actors,
    }
    if args.output == "-" and args.format not in writers:
        raise ValueError(f"{args.format} cannot be written to standard output; give -o FILE")
    with opened(args.project) as ws:
        if args.format not in writers:
            count = export_path(ws, Path(args.output), args.format, layer=args.layer)
        else:
            out = sys.stdout.buffer if args.output == "-" else Path(args.output)
            count = writers[args.format](ws, out)
        sys.stdout.flush()
    print(f"wrote {count} record(s) to {args.output}", file=sys.stderr)
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
        help="input format (default: by extension; folders holding .ann files are brat)",
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

    p = add_command(
        sub, "export", cmd_export, "export annotations, claim frames or the actor registry"
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="jsonl",
        help="jsonl: native, one line per document and layer; frames: one line per"
        " allegation; actors: the registry; doccano, labelstudio, conll: files;"
        " brat: a folder",
    )
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="file, or - for stdout")
    p.add_argument("--layer", help="only this layer")

    p = add_command(sub, "merge", cmd_merge, "merge colleagues' project files or JSONL exports")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("others", nargs="+", metavar="OTHER")
    p.add_argument(
        "--add-labels",
        action="store_true",
        help="add the labels, roles, attributes and choices their layers use and this"
        " codebook lacks (listed) instead of refusing the merge",
    )
