"""Agreement between layers over the project (the `gloss agree` use case)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from itertools import combinations
from typing import Any

from desktop.domain import GOLD
from desktop.review.alignment import MATCHINGS, Matching
from desktop.review.selection import WhereError, parse_where
from desktop.workspace.errors import WorkspaceError
from desktop.workspace.workspace import Workspace


def comparable_layers(ws: Workspace) -> list[str]:
    """Layers that hold annotations, gold last."""
    names = [layer.name for layer in ws.layers()]
    return [n for n in names if n != GOLD] + ([GOLD] if GOLD in names else [])


def _check_layers(ws: Workspace, layers: Sequence[str] | None) -> list[str]:
    """The layers to compare: given ones checked (known, each once, at least two)."""
    chosen = list(layers) if layers else [n for n in comparable_layers(ws) if n != GOLD]
    twice = sorted({n for n in chosen if chosen.count(n) > 1})
    if twice:
        raise WorkspaceError(f"layer {', '.join(twice)} named twice; name each layer once")
    known = {layer.name for layer in ws.layers()}
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise WorkspaceError(f"no layer {', '.join(unknown)} (layers: {', '.join(sorted(known))})")
    if len(chosen) < 2:
        got = f"got {len(chosen)}" + (f" ({chosen[0]})" if chosen else "")
        raise WorkspaceError(f"agreement needs at least two layers, {got}")
    return chosen


def select_documents(
    ws: Workspace, documents: Collection[str] | None = None, where: str | None = None
) -> dict[str, int]:
    """Text lengths of the project's documents, restricted to `documents` and to `where`."""
    project = ws._project
    lengths = project.documents.text_lengths()
    if documents is not None:
        missing = [d for d in dict.fromkeys(documents) if d not in lengths]
        if missing:
            raise WorkspaceError(f"no document {', '.join(missing)}")
        wanted = set(documents)
        lengths = {d: n for d, n in lengths.items() if d in wanted}
    if where is not None:
        try:
            predicate = parse_where(where)
        except WhereError as exc:
            raise WorkspaceError(str(exc)) from None
        kept = {
            doc.id
            for doc in project.documents.iter_all()
            if doc.id in lengths and predicate({"id": doc.id, "title": doc.title, "meta": doc.meta})
        }
        lengths = {d: n for d, n in lengths.items() if d in kept}
    return lengths


def agreement(
    ws: Workspace,
    layers: Sequence[str] | None = None,
    *,
    all_documents: bool = False,
    pairwise_documents: bool = False,
    documents: Collection[str] | None = None,
    where: str | None = None,
    matching: Matching = "maximum",
    ci: float | None = None,
    resamples: int | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """The agreement report for `layers` (default: every annotator layer).

    Compared documents are those every layer marked done; with `pairwise_documents` each
    pair uses those both of its layers marked done; with `all_documents` all of them.
    `documents` (ids) and `where` (see `desktop.review.selection`) narrow the set first.
    """
    # numpy comes with the report, only when agreement is computed (not at start-up).
    from desktop.review.report import DEFAULT_RESAMPLES, agreement_report

    resamples = DEFAULT_RESAMPLES if resamples is None else resamples
    chosen = _check_layers(ws, layers)
    if matching not in MATCHINGS:
        raise WorkspaceError(f"overlap matching must be maximum or greedy, got {matching!r}")
    if ci is not None and not 0 < ci < 1:
        raise WorkspaceError(f"confidence level must be between 0 and 1 (such as 0.95), got {ci}")
    if resamples < 1:
        raise WorkspaceError(f"bootstrap resamples must be at least 1, got {resamples}")
    project = ws._project
    lengths = select_documents(ws, documents, where)
    pair_documents: dict[tuple[str, str], set[str]] | None = None
    if not all_documents:
        if pairwise_documents:
            pair_documents = {
                (a, b): set(project.layers.done_documents([a, b])) & lengths.keys()
                for a, b in combinations(chosen, 2)
            }
            used = set().union(*pair_documents.values())
        else:
            used = set(project.layers.done_documents(chosen))
        lengths = {d: n for d, n in lengths.items() if d in used}
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
    return agreement_report(
        spans,
        relations,
        lengths,
        pair_documents=pair_documents,
        matching=matching,
        ci=ci,
        resamples=resamples,
        seed=seed,
    )
