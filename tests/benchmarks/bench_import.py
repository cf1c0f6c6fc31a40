"""Budget 1: importing native JSONL costs at most what `sqlite-utils insert --nl` costs.

Both run as commands on the same corpus file, into a new database each:

- `gloss import PROJECT FILE` (python -m desktop): reads and validates every line
  (offsets, span text, schema labels and attributes, duplicate ids and JSON keys),
  writes documents, spans, relations and statuses in one transaction, and builds the
  B-tree indexes. The full-text index is not built here: it is filled lazily by the
  first search (by design), so that cost is not part of an import.
- `sqlite-utils insert DB docs FILE --nl` (baseline): one row per line, nested lists
  stored as JSON text, no validation, no index.

Also shown, for scale: the raw floor of writing the same rows into the same schema
(executemany in one transaction, secondary indexes built after loading), from rows
already in memory: with the project's settings (WAL, foreign keys checked by SQLite)
and with those of a large import (rollback journal, foreign keys checked by the import).

    python tests/benchmarks/bench_import.py [--docs N] [--profile]
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import orjson

from tests.benchmarks import common

BUDGET = 1.2  # issue 16
MEMORY_BUDGET_MB = 300


def sqlite_utils_insert(database: Path, source: Path) -> float:
    """Seconds for the `sqlite-utils insert --nl` command on a new database."""
    common.remove_project(database)
    executable = shutil.which("sqlite-utils")
    command = [executable] if executable else [sys.executable, "-m", "sqlite_utils"]
    return common.run([*command, "insert", str(database), "docs", str(source), "--nl"])


def floor_rows(source: Path) -> dict[str, list[tuple]]:
    """The rows an import writes, parsed without any checks (untimed)."""
    from desktop.domain import sha256_of

    rows: dict[str, list[tuple]] = {"documents": [], "spans": [], "relations": [], "status": []}
    documents, spans, relations, status = rows.values()
    dumps = orjson.dumps
    with source.open("rb") as stream:
        for line in stream:
            obj = orjson.loads(line)
            doc_id, text, layer = obj["id"], obj["text"], obj["layer"]
            meta = dumps(obj["meta"]).decode()
            documents.append((doc_id, obj["title"], text, len(text), sha256_of(text), meta))
            for s in obj["spans"]:
                attrs = dumps(s["attrs"]).decode()
                spans.append((s["id"], doc_id, layer, s["start"], s["end"], s["label"], attrs))
            for r in obj["relations"]:
                relations.append((r["id"], doc_id, layer, r["label"], r["head_id"], r["child_id"]))
            status.append((doc_id, layer, obj["status"], "2024-01-01T00:00:00+00:00"))
    return rows


def floor_write(project: Path, rows: dict[str, list[tuple]], journal: str) -> float:
    """Seconds to write `rows` into a new project: one transaction, indexes built last."""
    from desktop.storage import open_project

    common.remove_project(project)
    opened = open_project(project, create=True)
    conn = opened.db.conn
    start = time.perf_counter()
    if journal != "wal":  # as a large import runs: rollback journal, foreign keys unchecked
        conn.execute(f"PRAGMA journal_mode = {journal}")
        conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA cache_size = -524288")
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('documents', 'spans', 'relations', 'doc_status')"
    ).fetchall()
    conn.execute("BEGIN")
    conn.execute("INSERT INTO layers (name) VALUES ('alice')")
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    conn.executemany(
        "INSERT INTO documents (id, title, text, text_length, text_sha256, meta)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows["documents"],
    )
    conn.executemany(
        'INSERT INTO spans (id, doc_id, layer, start, "end", label, attrs)'
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows["spans"],
    )
    conn.executemany(
        "INSERT INTO relations (id, doc_id, layer, label, head_id, child_id)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows["relations"],
    )
    conn.executemany("INSERT INTO doc_status VALUES (?, ?, ?, ?)", rows["status"])
    for _, sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    if journal != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    opened.close()
    return time.perf_counter() - start


def profile_import(project: Path, source: Path, top: int = 30) -> None:
    """Run the import in this process under cProfile and print where the time goes."""
    import cProfile
    import pstats

    from desktop.workspace import Workspace, import_paths

    common.remove_project(project)
    ws = Workspace.open(project, create=True)
    profiler = cProfile.Profile()
    try:
        profiler.runcall(import_paths, ws, [source])
    finally:
        ws.close()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def measure(args) -> list[tuple[str, float, float]]:
    common.title(f"import {args.docs:,} documents from native JSONL")
    source = common.corpus(args)
    size = source.stat().st_size
    common.note(f"corpus {source} ({size / 1e6:.0f} MB)")
    folder = args.workdir / "import"
    folder.mkdir(parents=True, exist_ok=True)
    baseline_db, project = folder / "sqlite-utils.db", folder / "imported.gloss"
    ours, baseline, peaks = [], [], []
    for _ in range(max(1, args.repeat)):
        baseline.append(sqlite_utils_insert(baseline_db, source))
        common.remove_project(project)
        command = [sys.executable, "-m", "desktop", "import", str(project), str(source)]
        spent, peak = common.run_measured(command, cwd=common.ROOT)
        ours.append(spent)
        peaks.append(peak)
    common.figure("sqlite-utils insert --nl (baseline)", min(baseline))
    common.figure("gloss import (validate, write, index)", min(ours))
    common.note(
        f"gloss import peak memory (max RSS): {max(peaks) / 2**20:.0f} MB"
        f" (budget {MEMORY_BUDGET_MB} MB)"
    )
    common.note("full-text index: not built by the import; filled lazily on first search")
    if not args.no_floor:
        rows = floor_rows(source)
        floor = folder / "floor.gloss"
        common.figure("raw floor, project settings (WAL, FKs)", floor_write(floor, rows, "wal"))
        common.figure("raw floor, large-import settings", floor_write(floor, rows, "delete"))
        del rows
        common.remove_project(floor)
    value = common.ratio("gloss import / sqlite-utils insert", min(ours), min(baseline), BUDGET)
    for path in (baseline_db, project):
        common.remove_project(path)
    if args.profile:
        common.title("profile of the import (in this process)")
        profile_import(folder / "profiled.gloss", source)
        common.remove_project(folder / "profiled.gloss")
    return [("import: gloss import / sqlite-utils insert", value, BUDGET)]


def main(argv: list[str] | None = None) -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=1, help="runs of each (the fastest counts)")
    p.add_argument("--no-floor", action="store_true", help="skip the raw floor")
    p.add_argument("--profile", action="store_true", help="also profile the import (cProfile)")
    measure(p.parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
