"""Agreement between layers over the project (the `gloss agree` use case)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop.domain import GOLD
from desktop.review.report import agreement_report
from desktop.workspace.errors import WorkspaceError
from desktop.workspace.workspace import Workspace


def comparable_layers(ws: Workspace) -> list[str]:
    """Layers that hold annotations, gold last."""
    names = [layer.name for layer in ws.layers()]
    return [n for n in names if n != GOLD] + ([GOLD] if GOLD in names else [])


def agreement(
    ws: Workspace, layers: Sequence[str] | None = None, *, all_documents: bool = False
) -> dict[str, Any]:
    """The agreement report for `layers` (default: every annotator layer).

    Compared documents are those every layer marked done, or all with `all_documents`.
    """
    chosen = list(layers) if layers else [n for n in comparable_layers(ws) if n != GOLD]
    known = {layer.name for layer in ws.layers()}
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise WorkspaceError(f"no layer {', '.join(unknown)} (layers: {', '.join(sorted(known))})")
    if len(chosen) < 2:
        raise WorkspaceError("agreement needs at least two layers")
    project = ws._project
    lengths = project.documents.text_lengths()
    if not all_documents:
        done = set(project.layers.done_documents(chosen))
        lengths = {d: n for d, n in lengths.items() if d in done}
    spans: dict[str, dict[str, list]] = {}
    relations: dict[str, dict[str, list]] = {}
    for layer in chosen:
        by_doc: dict[str, list] = {}
        for span in project.spans.for_layer(layer):
            if span.doc_id in lengths:
                by_doc.setdefault(span.doc_id, []).append(span)
        spans[layer] = by_doc
        rels: dict[str, list] = {}
        for relation in project.relations.for_layer(layer):
            if relation.doc_id in lengths:
                rels.setdefault(relation.doc_id, []).append(relation)
        relations[layer] = rels
    return agreement_report(spans, relations, lengths)
