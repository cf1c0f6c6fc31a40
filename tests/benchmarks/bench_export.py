"""Budget 2: exporting a project to native JSONL costs at most 1.2x a plain script.

`export_jsonl` (the real path) against a plain script that reads the same rows with
sqlite3 (documents, spans, relations, statuses, walked side by side in project order),
groups them per document and writes the same lines with orjson. Both outputs are
compared: the baseline must write exactly what Gloss writes.

    python tests/benchmarks/bench_export.py [--docs N]

`--formats` measures every export format instead, each as a `gloss export` command in its
own process: seconds and peak memory (max RSS), with ratios against native JSONL measured
in the same run. Streamed writers keep memory flat as the corpus grows and time linear:
run it at several sizes (`--docs 20000`, `60000`, `225000`) and compare.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from itertools import groupby
from operator import itemgetter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import orjson

from tests.benchmarks import common

BUDGET = 1.2


def plain_export(project: Path, out: Path) -> int:
    """The baseline: rows straight from SQLite to orjson, no domain objects."""
    db = sqlite3.connect(f"{project.resolve().as_uri()}?mode=ro", uri=True)
    actors = {
        actor_id: {"id": actor_id, "name": name, "kind": kind, "aliases": []}
        for actor_id, name, kind in db.execute("SELECT id, name, kind FROM actors")
    }
    for actor_id, alias in db.execute(
        "SELECT actor_id, alias FROM actor_aliases ORDER BY actor_id, alias"
    ):
        actors[actor_id]["aliases"].append(alias)
    documents = db.execute("SELECT id, title, text, meta FROM documents ORDER BY seq")
    spans = _grouped(
        db.execute(
            'SELECT s.doc_id, s.layer, s.id, s.start, s."end", s.label, s.attrs, s.actor_id,'
            " s.note, s.unsure"
            " FROM documents d JOIN spans s ON s.doc_id = d.id"
            ' ORDER BY d.seq, s.layer, s.start, s."end", s.rowid'
        )
    )
    relations = _grouped(
        db.execute(
            "SELECT r.doc_id, r.layer, r.id, r.label, r.head_id, r.child_id"
            " FROM documents d JOIN relations r ON r.doc_id = d.id"
            " ORDER BY d.seq, r.layer, r.rowid"
        )
    )
    statuses = _grouped(
        db.execute(
            "SELECT t.doc_id, t.layer, t.status"
            " FROM documents d JOIN doc_status t ON t.doc_id = d.id ORDER BY d.seq"
        )
    )
    next_spans, next_relations = next(spans, None), next(relations, None)
    next_statuses = next(statuses, None)
    dumps, loads, newline = orjson.dumps, orjson.loads, orjson.OPT_APPEND_NEWLINE
    lines = 0
    with out.open("wb") as stream:
        while rows := documents.fetchmany(2000):
            for doc_id, title, text, meta in rows:
                doc_spans = doc_relations = doc_statuses = ()
                if next_spans is not None and next_spans[0] == doc_id:
                    doc_spans = next_spans[1]
                    next_spans = next(spans, None)
                if next_relations is not None and next_relations[0] == doc_id:
                    doc_relations = next_relations[1]
                    next_relations = next(relations, None)
                if next_statuses is not None and next_statuses[0] == doc_id:
                    doc_statuses = next_statuses[1]
                    next_statuses = next(statuses, None)
                status = {row[1]: row[2] for row in doc_statuses}
                layers = {row[1] for row in doc_spans} | {row[1] for row in doc_relations}
                head = {"id": doc_id, "title": title, "text": text, "meta": loads(meta)}
                if not layers and not status:
                    stream.write(dumps(head, option=newline))
                    lines += 1
                    continue
                for layer in sorted(layers | status.keys()):
                    record = dict(head)
                    by_id = {}
                    span_list = []
                    for row in doc_spans:
                        _, span_layer, sid, start, end, label, attrs, actor_id, note, unsure = row
                        if span_layer != layer:
                            continue
                        span = {
                            "id": sid,
                            "start": start,
                            "end": end,
                            "label": label,
                            "text": text[start:end],
                            "attrs": loads(attrs),
                            "actor": actors[actor_id] if actor_id else None,
                        }
                        if note:
                            span["note"] = note
                        if unsure:
                            span["unsure"] = True
                        by_id[sid] = span
                        span_list.append(span)
                    relation_list = []
                    for _, rel_layer, rid, label, head_id, child_id in doc_relations:
                        if rel_layer != layer:
                            continue
                        h, c = by_id[head_id], by_id[child_id]
                        relation_list.append(
                            {
                                "id": rid,
                                "label": label,
                                "head_id": head_id,
                                "child_id": child_id,
                                "head_span": {
                                    "start": h["start"],
                                    "end": h["end"],
                                    "label": h["label"],
                                },
                                "child_span": {
                                    "start": c["start"],
                                    "end": c["end"],
                                    "label": c["label"],
                                },
                            }
                        )
                    record["layer"] = layer
                    record["status"] = status.get(layer, "new")
                    record["spans"] = span_list
                    record["relations"] = relation_list
                    stream.write(dumps(record, option=newline))
                    lines += 1
    db.close()
    return lines


def _grouped(cursor: sqlite3.Cursor):
    """(doc_id, [rows]) from rows whose first column is the document id."""

    def rows():
        while batch := cursor.fetchmany(5000):
            yield from batch

    for doc_id, group in groupby(rows(), itemgetter(0)):
        yield doc_id, list(group)


def gloss_export(project: Path, out: Path) -> int:
    from desktop.workspace import Workspace, export_jsonl

    ws = Workspace.open(project)
    try:
        return export_jsonl(ws, out)
    finally:
        ws.close()


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 24):
            sha.update(chunk)
    return sha.hexdigest()


def measure(args) -> list[tuple[str, float, float]]:
    common.title(f"export {args.docs:,} documents to JSONL")
    source = common.corpus(args)
    project = common.project(args)
    folder = args.workdir / "export"
    folder.mkdir(parents=True, exist_ok=True)
    ours_out, plain_out = folder / "gloss.jsonl", folder / "plain.jsonl"
    common.warm(project)
    ours, plain = [], []
    for _ in range(max(1, args.repeat)):
        for path in (ours_out, plain_out):
            path.unlink(missing_ok=True)
        plain.append(common.timed(lambda: plain_export(project, plain_out)))
        ours.append(common.timed(lambda: gloss_export(project, ours_out)))
    same = digest(ours_out) == digest(plain_out)
    common.figure("plain sqlite3 + orjson script (baseline)", min(plain))
    common.figure("export_jsonl (open, export, close)", min(ours))
    common.note(f"outputs identical: {'yes' if same else 'NO (the baseline is not comparable)'}")
    common.note(
        f"export reproduces the imported corpus byte for byte: "
        f"{'yes' if digest(ours_out) == digest(source) else 'no'}"
    )
    for path in (ours_out, plain_out):
        path.unlink(missing_ok=True)
    value = common.ratio("export / plain script", min(ours), min(plain), BUDGET)
    return [("export: export_jsonl / plain script", value, BUDGET)]


FORMATS = {
    "jsonl": "out.jsonl",
    "doccano": "out.doccano.jsonl",
    "labelstudio": "out.json",
    "conll": "out.conll",
    "brat": "out-brat",
    "prodigy": "out.prodigy.jsonl",
    "xmi": "out-xmi",
    "qdpx": "out.qdpx",
    "spacy": "out.spacy",
}


def export_command(project: Path, fmt: str, out: Path) -> tuple[float, int]:
    """(seconds, peak RSS in bytes) of `gloss export PROJECT --format FMT -o OUT`."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(common.ROOT), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "desktop", "export", str(project), "--format", fmt]
    start = time.perf_counter()
    process = subprocess.Popen(
        [*command, "-o", str(out)], cwd=common.ROOT, env=env, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    spent = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    err = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {err}")
    return spent, usage.ru_maxrss * 1024


def measure_formats(args) -> list[tuple[str, float, float]]:
    """Every export format: seconds, peak RSS, and both as ratios to native JSONL."""
    common.title(f"export {args.docs:,} documents in every format (one process each)")
    project = common.project(args)
    folder = args.workdir / "export-formats"
    common.warm(project)
    results: dict[str, tuple[float, int]] = {}
    chosen = ["jsonl", *(f for f in (args.only or ",".join(FORMATS)).split(",") if f != "jsonl")]
    for fmt in chosen:
        name = FORMATS[fmt]
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        runs = [export_command(project, fmt, folder / name) for _ in range(max(1, args.repeat))]
        results[fmt] = (min(r[0] for r in runs), max(r[1] for r in runs))
        common.note(f"{fmt}: {results[fmt][0]:.1f} s, peak RSS {results[fmt][1] / 2**20:.0f} MB")
    shutil.rmtree(folder, ignore_errors=True)
    base_time, base_memory = results["jsonl"]
    rows = []
    for fmt, (seconds, memory) in results.items():
        common.figure(
            f"gloss export --format {fmt}",
            seconds,
            f"peak RSS {memory / 2**20:.0f} MB; x{seconds / base_time:.2f} time,"
            f" x{memory / base_memory:.2f} memory of jsonl",
        )
        rows.append((f"export {fmt} / jsonl ({args.docs:,} docs)", seconds / base_time, 0.0))
    return rows


def main(argv: list[str] | None = None) -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=2, help="runs of each (the fastest counts)")
    p.add_argument("--formats", action="store_true", help="measure every export format")
    p.add_argument("--only", help="with --formats: these formats (comma-separated) and jsonl")
    args = p.parse_args(argv)
    if args.formats:
        measure_formats(args)
    else:
        measure(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
