"""The `gloss` command: the window by default, and headless subcommands for every data operation."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from desktop import __version__

if TYPE_CHECKING:
    from desktop.workspace import Workspace

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
IMPORT_FORMATS = ("jsonl", "text", "doccano", "labelstudio", "brat", "conll")
EXPORT_FORMATS = ("jsonl", "frames", "actors", "doccano", "labelstudio", "brat", "conll")


class Progress:
    """A one-line progress bar on stderr, drawn only on a terminal."""

    def __init__(self, label: str, total: int | None = None):
        self.label = label
        self.total = total
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        if self.total:
            width = 30
            filled = int(width * min(done, self.total) / self.total)
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r{self.label} [{bar}] {done}/{self.total}")
        else:
            sys.stderr.write(f"\r{self.label} {done}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


@contextmanager
def _opened(path: str, *, create: bool = False) -> Iterator[Workspace]:
    """The project at `path`, closed cleanly (WAL checkpointed) whatever happens."""
    from desktop.workspace import Workspace

    ws = Workspace.open(Path(path), create=create)
    try:
        yield ws
    finally:
        ws.close()


def cmd_init(args: argparse.Namespace) -> int:
    """gloss init PROJECT: a new project with the default schema."""
    path = Path(args.project)
    if path.exists():
        raise FileExistsError(f"{path}: already exists")
    with _opened(args.project, create=True):
        pass
    print(f"created {path}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """gloss import PROJECT FILE_OR_DIR...: all or nothing, unless --skip-bad."""
    from desktop.workspace import import_paths

    with _opened(args.project, create=True) as ws:
        progress = Progress("importing")
        report = import_paths(
            ws, args.inputs, layer=args.layer, skip_bad=args.skip_bad, progress=progress
        )
        progress.close()
    for problem in report.skipped:
        print(f"skipped {problem}", file=sys.stderr)
    print(report)
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
    with _opened(args.project) as ws:
        if args.format not in writers:
            count = export_path(ws, Path(args.output), args.format, layer=args.layer)
        else:
            out = sys.stdout.buffer if args.output == "-" else Path(args.output)
            count = writers[args.format](ws, out)
        sys.stdout.flush()
    print(f"wrote {count} record(s) to {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    """gloss stats PROJECT [--json]."""
    from desktop.workspace import format_stats, stats

    with _opened(args.project) as ws:
        data = stats(ws)
    if args.json:
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        print(format_stats(data))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """gloss check PROJECT: non-zero when anything is wrong."""
    from desktop.workspace import check

    with _opened(args.project) as ws:
        problems = check(ws)
    for problem in problems:
        print(f"{args.project}: {problem}")
    if problems:
        print(f"{args.project}: {len(problems)} problem(s)", file=sys.stderr)
        return EXIT_FAIL
    print(f"{args.project}: ok")
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    """gloss merge PROJECT OTHER...: colleagues' layers arrive read-only."""
    from desktop.workspace import merge_paths

    with _opened(args.project) as ws:
        report = merge_paths(ws, args.others)
    for doc_id in report.refused_documents:
        print(f"refused document {doc_id}: its text differs from this project's", file=sys.stderr)
    print(report)
    return EXIT_OK


def cmd_agree(args: argparse.Namespace) -> int:
    """gloss agree PROJECT [--layers a,b] [--all] [--json]."""
    from desktop.review.report import format_table
    from desktop.workspace import agreement

    with _opened(args.project) as ws:
        layers = [n.strip() for n in args.layers.split(",") if n.strip()] if args.layers else None
        report = agreement(ws, layers, all_documents=args.all)
    if args.json:
        sys.stdout.write(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        print(format_table(report))
    return EXIT_OK


def cmd_open(args: argparse.Namespace) -> int:
    """gloss open PROJECT: the window on a given project."""
    return _run_gui(Path(args.project), None)


def _run_gui(project: Path | None, screenshot: Path | None) -> int:
    from desktop.ui.app import run

    return run(project, screenshot)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init,
    "import": cmd_import,
    "export": cmd_export,
    "stats": cmd_stats,
    "check": cmd_check,
    "merge": cmd_merge,
    "agree": cmd_agree,
    "open": cmd_open,
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to check that every command is documented)."""
    parser = argparse.ArgumentParser(
        prog="gloss",
        description="Annotate actors, allegations and responses in news text."
        " Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"gloss {__version__}")
    parser.add_argument(
        "--screenshot",
        nargs="+",
        metavar=("OUT.png", "PROJECT"),
        help="render the window (on PROJECT, or the last project) to a PNG and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create a project with the default schema")
    p.add_argument("project", metavar="PROJECT")

    p = sub.add_parser("import", help="import JSONL, doccano, Label Studio, brat, CoNLL or text")
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

    p = sub.add_parser("export", help="export annotations, claim frames or the actor registry")
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

    p = sub.add_parser("stats", help="counts per layer and label, status counts")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("check", help="integrity check and invariants")
    p.add_argument("project", metavar="PROJECT")

    p = sub.add_parser("merge", help="merge colleagues' project files or JSONL exports")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("others", nargs="+", metavar="OTHER")

    p = sub.add_parser("agree", help="inter-annotator agreement between layers")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--layers", help="comma-separated layers (default: every annotator layer)")
    p.add_argument(
        "--all", action="store_true", help="all documents, not only those every layer marked done"
    )
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("open", help="open a project in the window")
    p.add_argument("project", metavar="PROJECT")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `gloss` and `python -m desktop`; returns the exit code."""
    parser = build_parser()
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] not in COMMANDS and not args_list[0].startswith("-"):
        # `gloss PROJECT` opens that project, like `gloss open PROJECT`.
        args_list = ["open", *args_list]
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command is None:
            if not args.screenshot:
                return _run_gui(None, None)
            if len(args.screenshot) > 2:
                parser.error("--screenshot takes OUT.png and at most one PROJECT")
            project = Path(args.screenshot[1]) if len(args.screenshot) == 2 else None
            return _run_gui(project, Path(args.screenshot[0]))
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("gloss: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # every failure is one line, never a traceback
        print(f"gloss: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_FAIL


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def gui_main() -> int:
    """Entry point of the windowed launcher `gloss-gui`."""
    return main(sys.argv[1:])
