"""The agreement report between annotation layers: one JSON-able dict (see docs/agreement.md)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from itertools import combinations
from typing import Any

import numpy as np

from desktop.domain import Relation, Span
from desktop.review import bootstrap as bs
from desktop.review.alignment import Matching
from desktop.review.output import csv_rows, format_table
from desktop.review.tallies import PairTallies, Tallies, label_names, tally
from desktop.review.unitizing import UnitizingScore, alpha_u_arrays

__all__ = ["agreement_report", "csv_rows", "format_table"]

DEFAULT_RESAMPLES = 1000


def _bounds(values: np.ndarray) -> Any:
    """[low, high] pairs as nested lists, None where undefined."""
    if values.ndim == 1:
        low, high = bs.value(values[0]), bs.value(values[1])
        return None if low is None or high is None else [low, high]
    return [_bounds(v) for v in values]


def _pair_entry(
    pair: PairTallies,
    rows: np.ndarray,
    tallies: Tallies,
    ci: float | None,
    resamples: int,
    seed: int,
) -> dict[str, Any]:
    """The measures of one pair over the documents `rows` (indices into the tallies)."""
    labels = tallies.labels
    chars = tallies.lengths[rows]
    confusion = pair.confusion[rows].sum(axis=0)
    exact = pair.exact[rows].sum(axis=0)  # (L, 3): tp, a, b
    overlap_tp = pair.overlap[rows].sum(axis=0)
    presence = pair.presence[rows].sum(axis=0)  # (L, 3): a, b, both
    roles = pair.roles[rows].sum(axis=0)
    n = int(chars.sum())
    tp, a_count, b_count = (int(v) for v in exact.sum(axis=0))
    tp_o = int(overlap_tp.sum())
    observed, expected = bs.agreement_shares(confusion)
    per_label: dict[str, Any] = {}
    table = bs.presence_table(presence[:, 0], presence[:, 1], presence[:, 2], n)
    label_kappa = bs.cohen_kappa(table)
    label_observed, label_expected = bs.agreement_shares(table)
    for k, label in enumerate(labels):
        lt, la, lb = (int(v) for v in exact[k])
        lo = int(overlap_tp[k])
        if la == 0 and lb == 0 and presence[k].sum() == 0:
            continue
        per_label[label] = {
            "f1_exact": bs.value(bs.f1(lt, lb - lt, la - lt)),
            "f1_overlap": bs.value(bs.f1(lo, lb - lo, la - lo)),
            "tp": lt,
            "fp": lb - lt,
            "fn": la - lt,
            "tp_overlap": lo,
            "fp_overlap": lb - lo,
            "fn_overlap": la - lo,
            "characters": n,
            "characters_a": int(presence[k, 0]),
            "characters_b": int(presence[k, 1]),
            "characters_both": int(presence[k, 2]),
            "kappa": bs.value(label_kappa[k]),
            "observed_agreement": bs.value(label_observed[k]),
            "expected_agreement": bs.value(label_expected[k]),
        }
    names = label_names(tallies)
    entry: dict[str, Any] = {
        "a": pair.a,
        "b": pair.b,
        "documents": len(rows),
        "characters": n,
        "span_f1_exact": bs.value(bs.f1(tp, b_count - tp, a_count - tp)),
        "span_f1_overlap": bs.value(bs.f1(tp_o, b_count - tp_o, a_count - tp_o)),
        "cohen_kappa": bs.value(bs.cohen_kappa(confusion)),
        "role_f1": bs.value(bs.f1(roles[0], roles[2] - roles[0], roles[1] - roles[0])),
        "tp": tp,
        "fp": b_count - tp,
        "fn": a_count - tp,
        "tp_overlap": tp_o,
        "fp_overlap": b_count - tp_o,
        "fn_overlap": a_count - tp_o,
        "role_tp": int(roles[0]),
        "role_fp": int(roles[2] - roles[0]),
        "role_fn": int(roles[1] - roles[0]),
        "observed_agreement": bs.value(observed),
        "expected_agreement": bs.value(expected),
        "per_label": per_label,
        "confusion": {
            "labels": names,
            "characters": pair.confusion[rows].sum(axis=0).tolist(),
            "spans": pair.span_confusion[rows].sum(axis=0).tolist(),
        },
    }
    if ci is not None:
        entry["ci"] = _pair_intervals(pair, rows, tallies, per_label, ci, resamples, seed)
    return entry


def _pair_intervals(
    pair: PairTallies,
    rows: np.ndarray,
    tallies: Tallies,
    per_label: Mapping[str, Any],
    level: float,
    resamples: int,
    seed: int,
) -> dict[str, Any]:
    """Bootstrap intervals of a pair's coefficients, resampling its documents."""
    exact = pair.exact[rows].astype(np.float64)
    spans = np.concatenate([exact, pair.overlap[rows][:, :, None]], axis=2)  # tp, a, b, tp_o
    chars = np.broadcast_to(
        tallies.lengths[rows][:, None, None], (*pair.presence[rows].shape[:2], 1)
    )
    presence = np.concatenate([pair.presence[rows], chars], axis=2)

    def f1_of(s: np.ndarray, tp_col: int) -> np.ndarray:
        tp, a, b = s[..., tp_col], s[..., 1], s[..., 2]
        return bs.f1(tp, b - tp, a - tp)

    found = bs.intervals(
        {
            "cohen_kappa": (pair.confusion[rows], bs.cohen_kappa),
            "span_f1_exact": (spans, lambda s: f1_of(s.sum(axis=1), 0)),
            "span_f1_overlap": (spans, lambda s: f1_of(s.sum(axis=1), 3)),
            "role_f1": (
                pair.roles[rows],
                lambda s: bs.f1(s[:, 0], s[:, 2] - s[:, 0], s[:, 1] - s[:, 0]),
            ),
            "kappa": (
                presence,
                lambda s: bs.cohen_kappa(
                    bs.presence_table(s[..., 0], s[..., 1], s[..., 2], s[..., 3])
                ),
            ),
            "f1_exact": (spans, lambda s: f1_of(s, 0)),
            "f1_overlap": (spans, lambda s: f1_of(s, 3)),
        },
        level,
        resamples,
        seed,
    )
    out: dict[str, Any] = {
        key: _bounds(found[key])
        for key in ("cohen_kappa", "span_f1_exact", "span_f1_overlap", "role_f1")
    }
    kappa, exact_f1, overlap_f1 = found["kappa"], found["f1_exact"], found["f1_overlap"]
    out["per_label"] = {
        label: {
            "kappa": _bounds(kappa[k]),
            "f1_exact": _bounds(exact_f1[k]),
            "f1_overlap": _bounds(overlap_f1[k]),
        }
        for k, label in enumerate(tallies.labels)
        if label in per_label
    }
    return out


def _plain(values: np.ndarray) -> list[float | None]:
    """Floats, None for NaN."""
    return [None if v != v else v for v in values.tolist()]


def _per_document(tallies: Tallies, members: list[np.ndarray]) -> list[dict[str, Any]]:
    """Per document: its characters and, for each pair comparing it, kappa and span F1."""
    docs = len(tallies.doc_ids)
    kappas = [_plain(bs.cohen_kappa(p.confusion)) for p in tallies.pairs]
    f1s = []
    for p in tallies.pairs:
        tp, a, b = (p.exact.sum(axis=1)[:, c] for c in range(3))
        f1s.append(_plain(bs.f1(tp, b - tp, a - tp)))
    lengths = tallies.lengths.tolist()
    included = np.zeros((len(tallies.pairs), docs), dtype=bool)
    for k, rows in enumerate(members):
        included[k, rows] = True
    table = []
    for d in range(docs):
        pairs = [
            {
                "a": p.a,
                "b": p.b,
                "cohen_kappa": kappas[k][d],
                "span_f1_exact": f1s[k][d],
            }
            for k, p in enumerate(tallies.pairs)
            if included[k, d]
        ]
        if pairs:
            table.append(
                {
                    "document": tallies.doc_ids[d],
                    "characters": lengths[d],
                    "pairs": pairs,
                }
            )
    return table


def _unitizing(
    tallies: Tallies, common: np.ndarray
) -> tuple[UnitizingScore, dict[str, UnitizingScore]]:
    """alpha_U of every layer's spans, the `common` documents laid end to end in order."""
    rank = np.full(len(tallies.doc_ids), -1, dtype=np.int64)
    rank[common] = np.arange(len(common))
    offsets = np.r_[0, np.cumsum(tallies.lengths[common])].astype(np.int64)
    coders = []
    for rows in tallies.rows:
        kept = rows[rank[rows[:, 0]] >= 0]
        base = offsets[rank[kept[:, 0]]]
        coders.append((base + kept[:, 1], base + kept[:, 2], kept[:, 3]))
    return alpha_u_arrays(coders, int(offsets[-1]), label_names(tallies))


def agreement_report(
    layers: Mapping[str, Mapping[str, Sequence[Span]]],
    relations: Mapping[str, Mapping[str, Sequence[Relation]]],
    text_lengths: Mapping[str, int],
    *,
    pair_documents: Mapping[tuple[str, str], Collection[str]] | None = None,
    matching: Matching = "maximum",
    ci: float | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
) -> dict[str, Any]:
    """Agreement of every pair of layers, and of all of them, over the documents given.

    `layers[layer][doc_id]` and `relations[layer][doc_id]` hold each layer's annotations;
    the documents are the keys of `text_lengths` (code points of each text); annotations of
    other documents are ignored, and a layer without spans in a document reads as "O"
    throughout it. `pair_documents[(a, b)]`, when given, restricts each pair to its own
    documents; the measures over all layers then use the documents of every pair.
    `ci` (a level such as 0.95) adds bootstrap intervals over documents from `resamples`
    resamples drawn with `seed`. Values are floats, or None where undefined.
    """
    names = list(layers)
    if len(set(names)) != len(names):
        raise ValueError("a layer is named twice")
    if ci is not None and not 0 < ci < 1:
        raise ValueError(f"confidence level must be between 0 and 1, got {ci}")
    tallies = tally(layers, relations, text_lengths, matching)
    position = {d: k for k, d in enumerate(tallies.doc_ids)}
    everything = np.arange(len(tallies.doc_ids))
    members: list[np.ndarray] = []
    for a, b in combinations(names, 2):
        if pair_documents is None:
            members.append(everything)
        else:
            chosen = pair_documents.get((a, b), pair_documents.get((b, a), ()))
            members.append(
                np.array(sorted(position[d] for d in chosen if d in position), dtype=np.int64)
            )
    common = everything
    for rows in members:
        common = np.intersect1d(common, rows)

    pairs = [
        _pair_entry(p, rows, tallies, ci, resamples, seed)
        for p, rows in zip(tallies.pairs, members, strict=True)
    ]
    raters = len(names)
    chars = tallies.lengths[common]
    squares = tallies.squares[common]
    totals = tallies.totals[common]
    alpha = bs.krippendorff_alpha(chars.sum(), squares.sum(), totals.sum(axis=0), raters)
    fleiss = bs.fleiss_kappa(chars.sum(), squares.sum(), totals.sum(axis=0), raters)
    unitizing, unitizing_by_label = _unitizing(tallies, common)

    attributes: dict[str, list[int]] = {name: [0, 0] for name in tallies.attribute_names}
    for p, rows in zip(tallies.pairs, members, strict=True):
        for name, counts in p.attributes.items():
            summed = counts[rows].sum(axis=0)
            attributes.setdefault(name, [0, 0])
            attributes[name][0] += int(summed[0])
            attributes[name][1] += int(summed[1])

    report: dict[str, Any] = {
        "layers": names,
        "documents": len(common)
        if pair_documents is None
        else len(set().union(*map(set, members))),
        "documents_all_layers": len(common),
        "characters": int(chars.sum()),
        "matching": matching,
        "pairs": pairs,
        "krippendorff_alpha": bs.value(alpha),
        "fleiss_kappa": bs.value(fleiss) if raters >= 2 else None,
        "unitizing_alpha": {
            "alpha": unitizing.alpha,
            "observed_disagreement": unitizing.observed,
            "expected_disagreement": unitizing.expected,
            "per_label": {
                label: {
                    "alpha": score.alpha,
                    "observed_disagreement": score.observed,
                    "expected_disagreement": score.expected,
                }
                for label, score in unitizing_by_label.items()
            },
        },
        "attributes": {
            name: (agree / compared if compared else None)
            for name, (agree, compared) in sorted(attributes.items())
        },
        "per_document": _per_document(tallies, members),
    }
    if ci is not None:
        features = np.concatenate([chars[:, None], squares[:, None], totals], axis=1).astype(
            np.float64
        )

        def over_all(measure):
            return lambda s: measure(s[:, 0], s[:, 1], s[:, 2:], raters)

        found = bs.intervals(
            {
                "krippendorff_alpha": (features, over_all(bs.krippendorff_alpha)),
                "fleiss_kappa": (features, over_all(bs.fleiss_kappa)),
            },
            ci,
            resamples,
            seed,
        )
        report["ci"] = {
            "level": ci,
            "resamples": resamples,
            "seed": seed,
            "krippendorff_alpha": _bounds(found["krippendorff_alpha"]),
            "fleiss_kappa": _bounds(found["fleiss_kappa"]),
        }
    return report
