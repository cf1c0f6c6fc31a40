"""Networks: building each kind over N documents against reading the same frames from SQLite.

The corpus is the benchmark corpus (`corpus.py`) with what networks need added: a date
per document (`meta.date`, two years of days), ACTOR spans linked to a registry of 300
actors by Zipf's law (one in ten left unlinked), and nine roles per document: allegation 1 with
accuser, accused, victim; response 3 answering it with a respondent; allegation 6 with
accuser and accused; response 8 answering it with a respondent.

Gloss: `Workspace.open`, `desktop.workspace.network(ws, kind)`, `close` (every
allegation, response and role of the layer read, the claims built, the networkx graph
built). Baseline: a plain sqlite3 script reading the same rows (document dates, the
ACTOR/ALLEGATION/RESPONSE spans and the relations of the layer) into frame dicts (an
allegation with its category, status, accusers, accused, victims and responses with
stance and respondents). Goal: <= 2. No time is asserted.

    python tests/benchmarks/bench_network.py [--docs N] [--repeat R]
"""

from __future__ import annotations

import itertools
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import orjson

from tests.benchmarks import common
from tests.benchmarks.corpus import LAYER, records

BUDGET = 2.0
ACTORS = 300
KINDS = ("accusations", "responses", "victims", "co-accusation", "conflict", "actor-category")
#: (role, head position, child position) among the ten spans of a corpus document.
ROLES = (
    ("accuser", 1, 0),
    ("accused", 1, 2),
    ("victim", 1, 5),
    ("responds_to", 3, 1),
    ("respondent", 3, 2),
    ("accuser", 6, 7),
    ("accused", 6, 0),
    ("responds_to", 8, 6),
    ("respondent", 8, 0),
)
_KINDS_OF_ACTORS = ("state", "government", "armed forces", "official", "NGO or IGO", "media")


def network_records(docs: int, seed: int) -> Iterator[dict[str, Any]]:
    """The corpus records with dates, linked actors and the roles above."""
    rng = random.Random(seed + 1)
    registry = [
        {
            "id": f"{index + 1:032x}",
            "name": f"Actor {index + 1}",
            "kind": _KINDS_OF_ACTORS[index % len(_KINDS_OF_ACTORS)],
            "aliases": [],
        }
        for index in range(ACTORS)
    ]
    # Mentions follow Zipf's law over the registry (rank r has weight 1/r): a few actors
    # (governments, big NGOs) are everywhere, most are rare.
    weights = list(itertools.accumulate(1 / rank for rank in range(1, ACTORS + 1)))
    first = date(2022, 1, 1)
    for number, record in enumerate(records(docs, seed)):
        record["meta"] = {**record["meta"], "date": (first + timedelta(number % 730)).isoformat()}
        spans = record["spans"]
        for span in spans:
            if span["label"] == "ACTOR" and rng.random() < 0.9:
                span["actor"] = rng.choices(registry, cum_weights=weights)[0]
        relations = []
        for role, head_at, child_at in ROLES:
            head, child = spans[head_at], spans[child_at]
            relations.append(
                {
                    "id": f"{rng.getrandbits(128):032x}",
                    "label": role,
                    "head_id": head["id"],
                    "child_id": child["id"],
                    "head_span": {k: head[k] for k in ("start", "end", "label")},
                    "child_span": {k: child[k] for k in ("start", "end", "label")},
                }
            )
        record["relations"] = relations
        yield record


def network_project(args) -> Path:
    """The imported network corpus for (docs, seed), built once and cached."""
    from desktop.storage.migrations import LATEST_VERSION

    corpora = args.workdir / "corpora"
    corpora.mkdir(parents=True, exist_ok=True)
    source = corpora / f"network-{args.docs}-{args.seed}.jsonl"
    if not source.exists():
        partial = source.with_name(source.name + ".partial")
        with partial.open("wb") as stream:
            for record in network_records(args.docs, args.seed):
                stream.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
        partial.replace(source)
    folder = args.workdir / "projects"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"network-{args.docs}-{args.seed}-v{LATEST_VERSION}.gloss"
    if not path.exists():
        partial_project = folder / f"{path.name}.partial.gloss"
        spent = common.gloss_import(partial_project, source)
        partial_project.replace(path)
        common.remove_project(partial_project)
        common.note(f"imported {args.docs:,} documents into {path} in {spent:.1f} s")
    return path


def plain_frames(project: Path) -> int:
    """The baseline: the layer's frames as dicts, straight from sqlite3 rows."""
    db = sqlite3.connect(f"{project.resolve().as_uri()}?mode=ro", uri=True)
    loads = orjson.loads
    dates = {}
    for doc_id, meta in db.execute("SELECT id, meta FROM documents WHERE meta <> '{}'"):
        dates[doc_id] = loads(meta).get("date")
    spans: dict[str, tuple] = {}
    frames: dict[str, dict[str, Any]] = {}
    responses: dict[str, dict[str, Any]] = {}
    rows = db.execute(
        "SELECT id, doc_id, label, attrs, actor_id FROM spans WHERE layer = ?"
        " AND label IN ('ACTOR', 'ALLEGATION', 'RESPONSE')",
        [LAYER],
    )
    while batch := rows.fetchmany(5000):
        for span_id, doc_id, label, attrs, actor_id in batch:
            spans[span_id] = (label, actor_id)
            if label == "ALLEGATION":
                values = loads(attrs)
                frames[span_id] = {
                    "doc_id": doc_id,
                    "date": dates.get(doc_id),
                    "category": values.get("category"),
                    "status": values.get("status"),
                    "accuser": [],
                    "accused": [],
                    "victim": [],
                    "responses": [],
                }
            elif label == "RESPONSE":
                responses[span_id] = {"stance": loads(attrs).get("stance"), "respondent": []}
    rows = db.execute("SELECT label, head_id, child_id FROM relations WHERE layer = ?", [LAYER])
    while batch := rows.fetchmany(5000):
        for label, head_id, child_id in batch:
            if label == "responds_to":
                if child_id in frames and head_id in responses:
                    frames[child_id]["responses"].append(responses[head_id])
                continue
            child = spans.get(child_id)
            if child is None or child[0] != "ACTOR" or child[1] is None:
                continue
            if head_id in frames and label in ("accuser", "accused", "victim"):
                frames[head_id][label].append(child[1])
            elif head_id in responses and label == "respondent":
                responses[head_id]["respondent"].append(child[1])
    db.close()
    return len(frames)


def gloss_network(project: Path, kind: str) -> int:
    from desktop.workspace import Workspace, network

    ws = Workspace.open(project)
    try:
        _, report = network(ws, kind, layer=LAYER)
        return report.claims
    finally:
        ws.close()


def measure(args) -> list[tuple[str, float, float | None]]:
    common.title(f"networks over {args.docs:,} documents ({ACTORS} actors)")
    project = network_project(args)
    common.warm(project)
    baseline: list[float] = []
    ours: dict[str, list[float]] = {kind: [] for kind in KINDS}
    frames = claims = 0
    for _ in range(max(1, args.repeat)):
        for kind in KINDS:  # the two alternate, so drift hits both
            start = time.perf_counter()
            frames = plain_frames(project)
            baseline.append(time.perf_counter() - start)
            start = time.perf_counter()
            claims = gloss_network(project, kind)
            ours[kind].append(time.perf_counter() - start)
    common.note(f"frames read by the baseline: {frames:,}; claims read by Gloss: {claims:,}")
    common.figure("plain sqlite3 frames (baseline), min", min(baseline))
    common.figure("plain sqlite3 frames (baseline), median", statistics.median(baseline))
    results: list[tuple[str, float, float | None]] = []
    ratios_min, ratios_median = [], []
    for kind in KINDS:
        common.figure(
            f"network --kind {kind}, min / median",
            min(ours[kind]),
            f"median {statistics.median(ours[kind]):.3f} s",
        )
        ratios_min.append(min(ours[kind]) / min(baseline))
        ratios_median.append(statistics.median(ours[kind]) / statistics.median(baseline))
        value = common.ratio(f"{kind} / frames (min)", min(ours[kind]), min(baseline), BUDGET)
        results.append((f"network {kind} / frames", value, BUDGET))
    common.note(
        f"ratios over the kinds: min {min(ratios_min):.2f}, median"
        f" {statistics.median(ratios_min):.2f} (of min times); min {min(ratios_median):.2f},"
        f" median {statistics.median(ratios_median):.2f} (of median times)"
    )
    return results


def main(argv: list[str] | None = None) -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3, help="runs of each kind")
    measure(p.parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
