"""The agreement command."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import orjson

from desktop.cli.common import EXIT_OK, add_command, opened


def _names(text: str | None) -> list[str] | None:
    return [n.strip() for n in text.split(",") if n.strip()] if text is not None else None


def _level(text: str) -> float:
    try:
        level = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < level < 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (such as 0.95), got {text}")
    return level


def cmd_agree(args: argparse.Namespace) -> int:
    """gloss agree PROJECT [--layers a,b] [--all | --pairwise-documents] [--documents IDS]
    [--where EXPR] [--overlap maximum|greedy] [--ci LEVEL] [--json] [--csv OUT]."""
    from desktop.review.report import csv_rows, format_table
    from desktop.workspace import agreement

    with opened(args.project) as ws:
        report = agreement(
            ws,
            _names(args.layers),
            all_documents=args.all,
            pairwise_documents=args.pairwise_documents,
            documents=_names(args.documents),
            where=args.where,
            matching=args.overlap,
            ci=args.ci,
            resamples=args.bootstrap,
            seed=args.seed,
        )
    if args.csv:
        out = Path(args.csv)
        partial = out.with_name(out.name + ".partial")
        with partial.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(csv_rows(report))
        partial.replace(out)
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
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--all", action="store_true", help="all documents, not only those every layer marked done"
    )
    which.add_argument(
        "--pairwise-documents",
        action="store_true",
        help="compare each pair over the documents both of its layers marked done",
    )
    p.add_argument("--documents", metavar="ID,...", help="only these documents (comma-separated)")
    p.add_argument(
        "--where",
        metavar="EXPR",
        help="only documents matching, e.g. 'meta.source = \"AP\"' (see docs/agreement.md)",
    )
    p.add_argument(
        "--overlap",
        choices=("maximum", "greedy"),
        default="maximum",
        help="overlap F1 matching: maximum matching (default) or the old greedy rule",
    )
    p.add_argument(
        "--ci", type=_level, metavar="LEVEL", help="bootstrap confidence intervals, e.g. 0.95"
    )
    p.add_argument(
        "--bootstrap", type=int, default=1000, metavar="N", help="resamples for --ci (1000)"
    )
    p.add_argument("--seed", type=int, default=0, help="random seed for --ci (0)")
    p.add_argument("--csv", metavar="OUT", help="also write one row per pair and label to OUT")
    p.add_argument("--json", action="store_true", help="print JSON")
