"""Budget 3: one durable edit costs at most 3x a bare INSERT + COMMIT.

`Workspace.add_span` (validate, write the span, the edit log and the undo stack, commit)
on a file project with its usual settings (WAL, synchronous=FULL, exclusive lock,
foreign keys), against a bare `BEGIN; INSERT INTO spans ...; COMMIT` through sqlite3
on a copy of the same file with the same pragmas. The two alternate, edit by edit,
and the medians are compared.

    python tests/benchmarks/bench_edit.py [--docs N] [--edits 200]
"""

from __future__ import annotations

import sqlite3
import sys
import time
import uuid
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks import common

BUDGET = 3.0
WARMUP = 5


def bare_connection(path: Path) -> sqlite3.Connection:
    """sqlite3 on `path` with the pragmas a Gloss project is opened with."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def measure(args) -> list[tuple[str, float, float]]:
    from desktop.workspace import Workspace

    common.title(f"one durable edit (add_span), project of {args.docs:,} documents")
    source = common.project(args)
    folder = args.workdir / "edit"
    folder.mkdir(parents=True, exist_ok=True)
    ours_path = common.copy_project(source, folder / "ours.gloss")
    bare_path = common.copy_project(source, folder / "bare.gloss")
    ws = Workspace.open(ours_path)
    bare = bare_connection(bare_path)
    try:
        layer = ws.annotator
        targets = bare.execute(
            "SELECT id, text_length FROM documents ORDER BY seq LIMIT ?", [args.edits + WARMUP]
        ).fetchall()
        bare.execute("INSERT OR IGNORE INTO layers (name) VALUES (?)", [layer])
        ours, plain = [], []
        for number, (doc_id, length) in enumerate(targets):
            start = (number * 7) % max(1, length - 10)
            end = start + 5

            def edit(doc_id=doc_id, start=start, end=end):
                ws.add_span(doc_id, start, end, "ACTOR", attrs={"kind": "person"})

            def insert(doc_id=doc_id, start=start, end=end):
                bare.execute("BEGIN")
                bare.execute(
                    'INSERT INTO spans (id, doc_id, layer, start, "end", label, attrs)'
                    " VALUES (?, ?, ?, ?, ?, 'ACTOR', '{\"kind\":\"person\"}')",
                    [uuid.uuid4().hex, doc_id, layer, start, end],
                )
                bare.execute("COMMIT")

            first, second = (edit, insert) if number % 2 else (insert, edit)
            times = {}
            for action in (first, second):
                began = time.perf_counter()
                action()
                times[action] = time.perf_counter() - began
            if number >= WARMUP:
                ours.append(times[edit])
                plain.append(times[insert])
    finally:
        ws.close()
        bare.close()
    common.note(f"{len(ours)} edits each, alternating; medians:")
    common.figure("bare INSERT + COMMIT (baseline)", common.median(plain))
    common.figure("Workspace.add_span, committed", common.median(ours))
    for path in (ours_path, bare_path):
        common.remove_project(path)
    value = common.ratio(
        "add_span / bare insert", common.median(ours), common.median(plain), BUDGET
    )
    return [("edit: add_span / bare INSERT+COMMIT", value, BUDGET)]


def main(argv: list[str] | None = None) -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--edits", type=int, default=200, help="edits measured (default 200)")
    measure(p.parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
