"""The agreement report between annotation layers: one JSON-able dict, and a plain-text table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Any

from desktop.domain import Relation, Span
from desktop.review.agreement import (
    AttributeCounts,
    F1Counts,
    attribute_counts,
    char_unit_counts,
    cohen_kappa_from_counts,
    krippendorff_alpha_from_counts,
    role_f1,
    span_counts_by_label,
)

MISSING = "n/a"


def agreement_report(
    layers: Mapping[str, Mapping[str, Sequence[Span]]],
    relations: Mapping[str, Mapping[str, Sequence[Relation]]],
    text_lengths: Mapping[str, int],
) -> dict[str, Any]:
    """Agreement of every pair of layers, and of all of them, over the documents given.

    `layers[layer][doc_id]` and `relations[layer][doc_id]` hold each layer's annotations;
    the documents compared are the keys of `text_lengths` (code points of each text), and
    annotations of other documents are ignored. A layer without spans in a document reads
    as "O" throughout it. Pairs follow the order of `layers`; kappa and alpha compare
    per-character labels; attribute shares are pooled over all pairs. Values are floats,
    or None where a measure has nothing to compare.
    """
    names = list(layers)
    doc_ids = list(text_lengths)
    spans = {name: {d: tuple(layers[name].get(d, ())) for d in doc_ids} for name in names}
    links = {
        name: {d: tuple(relations.get(name, {}).get(d, ())) for d in doc_ids} for name in names
    }
    units: Counter[tuple[str, ...]] = Counter()
    for doc_id in doc_ids:
        units.update(
            char_unit_counts([spans[name][doc_id] for name in names], text_lengths[doc_id])
        )

    pairs: list[dict[str, Any]] = []
    attributes: dict[str, AttributeCounts] = {}
    for i, j in combinations(range(len(names)), 2):
        a, b = names[i], names[j]
        exact = span_counts_by_label(spans[a], spans[b], "exact")
        overlap = span_counts_by_label(spans[a], spans[b], "overlap")
        pair_units: Counter[tuple[str, str]] = Counter()
        for unit, count in units.items():
            pair_units[(unit[i], unit[j])] += count
        pairs.append(
            {
                "a": a,
                "b": b,
                "span_f1_exact": sum(exact.values(), F1Counts()).f1,
                "span_f1_overlap": sum(overlap.values(), F1Counts()).f1,
                "cohen_kappa": cohen_kappa_from_counts(pair_units),
                "role_f1": role_f1(links[a], spans[a], links[b], spans[b]),
                "per_label": {
                    label: {
                        "f1_exact": exact.get(label, F1Counts()).f1,
                        "f1_overlap": overlap.get(label, F1Counts()).f1,
                    }
                    for label in sorted(exact.keys() | overlap.keys())
                },
            }
        )
        for name, counts in attribute_counts(spans[a], spans[b]).items():
            attributes[name] = attributes.get(name, AttributeCounts()) + counts

    return {
        "layers": names,
        "documents": len(doc_ids),
        "pairs": pairs,
        "krippendorff_alpha": krippendorff_alpha_from_counts(units),
        "attributes": {name: attributes[name].share for name in sorted(attributes)},
    }


def _number(value: float | None) -> str:
    return MISSING if value is None else f"{value:.3f}"


def _table(rows: list[list[str]]) -> list[str]:
    """Columns padded to their widest cell: the first left-aligned, the others right-aligned."""
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


def format_table(report: Mapping[str, Any]) -> str:
    """The report as readable plain text for the terminal (scores to three decimals)."""
    names = report["layers"]
    lines = [
        f"Agreement of {len(names)} layers ({', '.join(names)}) "
        f"over {report['documents']} documents",
        f"Krippendorff's alpha (nominal, per character): {_number(report['krippendorff_alpha'])}",
    ]
    pairs = report["pairs"]
    if pairs:
        lines += ["", "Pairs"]
        rows = [["pair", "F1 exact", "F1 overlap", "Cohen's kappa", "role F1"]]
        rows += [
            [
                f"{p['a']} / {p['b']}",
                _number(p["span_f1_exact"]),
                _number(p["span_f1_overlap"]),
                _number(p["cohen_kappa"]),
                _number(p["role_f1"]),
            ]
            for p in pairs
        ]
        lines += _table(rows)
        labels = sorted({label for p in pairs for label in p["per_label"]})
        if labels:
            lines += ["", "F1 by label (exact / overlap)"]
            rows = [["label", *(f"{p['a']} / {p['b']}" for p in pairs)]]
            for label in labels:
                row = [label]
                for p in pairs:
                    scores = p["per_label"].get(label)
                    row.append(
                        f"{_number(scores['f1_exact'])} / {_number(scores['f1_overlap'])}"
                        if scores
                        else MISSING
                    )
                rows.append(row)
            lines += _table(rows)
    if report["attributes"]:
        lines += ["", "Attributes (share of exactly matched span pairs that agree)"]
        lines += _table(
            [["attribute", "share"]]
            + [[name, _number(share)] for name, share in report["attributes"].items()]
        )
    return "\n".join(lines) + "\n"
