"""Read-only summaries of a project: statistics and the integrity check (and its repair)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from desktop.domain import DomainError
from desktop.storage import checks
from desktop.workspace.workspace import Workspace


def stats(ws: Workspace) -> dict[str, Any]:
    """Documents, spans and relations per layer and label, and status counts."""
    project = ws._project
    spans: dict[str, dict[str, int]] = {}
    for (layer, label), n in sorted(project.spans.count_by_label().items()):
        spans.setdefault(layer, {})[label] = n
    relations: dict[str, dict[str, int]] = {}
    for (layer, label), n in sorted(project.relations.count_by_label().items()):
        relations.setdefault(layer, {})[label] = n
    status: dict[str, dict[str, int]] = {}
    for (layer, state), n in sorted(project.layers.status_counts().items()):
        status.setdefault(layer, {})[state] = n
    return {
        "documents": project.documents.count(),
        "annotator": ws.annotator,
        "layers": [layer.name for layer in project.layers.all()],
        "spans": spans,
        "relations": relations,
        "status": status,
        "actors": len(project.actors.existing_ids()),
        "edits": project.history.count(),
    }


def format_stats(data: dict[str, Any]) -> str:
    """A readable text version of `stats`."""
    lines = [
        f"documents: {data['documents']}",
        f"annotator: {data['annotator']}",
        f"actors: {data['actors']}",
        f"edits logged: {data['edits']}",
    ]
    for layer in data["layers"]:
        spans = data["spans"].get(layer, {})
        rels = data["relations"].get(layer, {})
        status = data["status"].get(layer, {})
        lines.append(f"layer {layer}:")
        lines.append(f"  spans: {sum(spans.values())}  " + _pairs(spans))
        lines.append(f"  relations: {sum(rels.values())}  " + _pairs(rels))
        lines.append("  status: " + (_pairs(status) or "none"))
    return "\n".join(lines)


def _pairs(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items())


def check(ws: Workspace) -> list[str]:
    """Every problem found, each with its table and row; never stops at the first.

    SQLite's integrity and foreign keys, damaged pages, missing indexes and triggers,
    offsets, text lengths and hashes, JSON columns, relations against their spans, the
    undo log, the full-text index, and the schema's labels and roles.
    """
    project = ws._project
    problems = checks.problems(project.db)
    try:
        schema = ws.schema
    except (DomainError, ValueError, TypeError) as exc:
        return [*problems, f"settings row schema: cannot be used ({exc})"]
    try:
        for span in checks.checkable_spans(project.db):
            try:
                schema.check_span(span)
            except DomainError as exc:
                problems.append(f"spans row id={span.id} (layer {span.layer}): {exc}")
        for relation, head, child in checks.checkable_relations(project.db):
            if head.layer != child.layer or head.doc_id != child.doc_id:
                continue  # reported with the row above
            try:
                schema.check_relation(relation, head, child)
            except DomainError as exc:
                problems.append(f"relations row id={relation.id} (layer {relation.layer}): {exc}")
    except sqlite3.DatabaseError as exc:
        problems.append(f"spans: cannot be read ({exc})")
    return problems


def repair(ws: Workspace) -> tuple[Path | None, list[str]]:
    """Back up, then rebuild what can be rebuilt (see `storage.checks.repair`).

    Returns the backup and what was done; `check` afterwards lists what remains.
    """
    ws._writable_project()
    backup = ws._project.backup("before-repair")
    return backup, checks.repair(ws._project.db)
