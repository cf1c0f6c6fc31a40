"""Budget 2: exporting a project to native JSONL costs at most 1.2x a plain script.

`export_jsonl` (the real path) against a plain script that reads the same rows with
sqlite3 (documents, spans, relations, statuses, walked side by side in project order),
groups them per document and writes the same lines with orjson. Both outputs are
compared: the baseline must write exactly what Gloss writes.

Then each other format's export (`export_path`) against native JSONL on the same project
in the same run: a ratio without a budget (XMI, QDPX, spaCy build an object per span).

    python tests/benchmarks/bench_export.py [--docs N] [--formats xmi,qdpx,spacy,prodigy]
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import sys
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
            'SELECT s.doc_id, s.layer, s.id, s.start, s."end", s.label, s.attrs, s.actor_id'
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
                    for _, span_layer, sid, start, end, label, attrs, actor_id in doc_spans:
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
    results = [("export: export_jsonl / plain script", value, BUDGET)]
    formats = [name for name in getattr(args, "formats", "").split(",") if name]
    if formats:
        results += measure_formats(project, folder, formats, min(ours))
    return results


def measure_formats(
    project: Path, folder: Path, formats: list[str], jsonl_seconds: float
) -> list[tuple[str, float, float]]:
    """Each format's export time against native JSONL's (measured just before)."""
    from desktop.formats.losses import Losses
    from desktop.workspace import Workspace, export_path

    suffixes = {"xmi": "", "brat": "", "qdpx": ".qdpx", "spacy": ".spacy", "conll": ".conll"}
    results = []
    for name in formats:
        out = folder / f"export-{name}{suffixes.get(name, '.jsonl')}"
        losses = Losses()

        def run(name: str = name, out: Path = out, losses: Losses = losses) -> None:
            ws = Workspace.open(project)
            try:
                export_path(ws, out, name, losses=losses)
            finally:
                ws.close()

        try:
            seconds = common.timed(run)
        except Exception as exc:  # a missing extra (spaCy) is reported, not fatal
            common.note(f"{name}: not measured ({exc})")
            continue
        size = _size(out)
        common.figure(f"export --format {name}", seconds, f"{size / 1e6:.1f} MB")
        if losses:
            common.note(f"{name}: {losses.summary()}")
        value = seconds / jsonl_seconds if jsonl_seconds > 0 else float("inf")
        print(f"   RATIO {name + ' / native jsonl':<38} {value:12.2f}   (no budget)", flush=True)
        results.append((f"export: {name} / jsonl", value, float("inf")))
        if out.is_dir():
            shutil.rmtree(out)
        else:
            out.unlink(missing_ok=True)
    return results


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def main(argv: list[str] | None = None) -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=2, help="runs of each (the fastest counts)")
    p.add_argument(
        "--formats",
        default="prodigy,xmi,qdpx,spacy",
        help="other formats to time against native JSONL (comma-separated; empty for none)",
    )
    measure(p.parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
