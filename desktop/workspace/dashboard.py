"""Plain data for the dashboard charts: label counts, progress over time, agreement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.workspace.agreement import agreement, comparable_layers
from desktop.workspace.errors import WorkspaceError
from desktop.workspace.ops import SetStatus
from desktop.workspace.workspace import Workspace

PROGRESS_ACTIONS = ("set_status", "undo", "redo", "import", "merge")


@dataclass
class DashboardData:
    """Everything the dashboard draws, without any Qt."""

    layers: list[str]
    labels: list[str]
    label_counts: dict[str, dict[str, int]]
    progress: dict[str, list[tuple[str, int]]]
    agreement: dict[str, Any] | None = None
    pair_matrix: list[list[float | None]] = field(default_factory=list)


def done_over_time(ws: Workspace) -> dict[str, list[tuple[str, int]]]:
    """Per layer, (time, documents done so far) at each change, replayed from the edit log."""
    state: dict[tuple[str, str], str] = {}
    done: dict[str, int] = {}
    series: dict[str, list[tuple[str, int]]] = {}
    for entry in ws._project.history.entries():
        if entry.action not in PROGRESS_ACTIONS:
            continue
        for raw in entry.ops:
            if raw[0] != SetStatus.name:  # decode only the few status ops
                continue
            op = SetStatus.from_json(raw[1:])
            doc_id, layer, after = op.doc_id, op.layer, op.after
            before = state.get((doc_id, layer), "new")
            state[(doc_id, layer)] = after
            delta = (after == "done") - (before == "done")
            if delta:
                done[layer] = done.get(layer, 0) + delta
                series.setdefault(layer, []).append((entry.at, done[layer]))
    return series


def dashboard_data(
    ws: Workspace,
    layers: Sequence[str] | None = None,
    *,
    ci: float | None = None,
    resamples: int = 200,
) -> DashboardData:
    """Counts for every layer; agreement for `layers` (default: every annotator layer),
    with bootstrap intervals at level `ci` from `resamples` resamples when given."""
    counts: dict[str, dict[str, int]] = {}
    for (layer, label), n in ws._project.spans.count_by_label().items():
        counts.setdefault(layer, {})[label] = n
    all_layers = comparable_layers(ws)
    chosen = list(layers) if layers else [n for n in all_layers if n != "gold"]
    data = DashboardData(
        layers=all_layers,
        labels=list(ws.schema.label_names),
        label_counts=counts,
        progress=done_over_time(ws),
    )
    if len(chosen) >= 2:
        try:
            report = agreement(ws, chosen, ci=ci, resamples=resamples)
            if not report["documents"]:
                report = agreement(ws, chosen, all_documents=True, ci=ci, resamples=resamples)
        except WorkspaceError:
            report = None
        data.agreement = report
        if report:
            index = {name: i for i, name in enumerate(report["layers"])}
            size = len(index)
            matrix: list[list[float | None]] = [
                [1.0 if i == j else None for j in range(size)] for i in range(size)
            ]
            for pair in report["pairs"]:
                i, j = index[pair["a"]], index[pair["b"]]
                matrix[i][j] = matrix[j][i] = pair["span_f1_exact"]
            data.pair_matrix = matrix
    return data
