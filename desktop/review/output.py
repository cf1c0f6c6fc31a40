"""The agreement report as plain text for the terminal, and as CSV rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MISSING = "n/a"

CSV_COLUMNS = [
    "scope",
    "a",
    "b",
    "label",
    "measure",
    "agreement",
    "agreement_ci_low",
    "agreement_ci_high",
    "documents",
    "characters",
    "observed_agreement",
    "expected_agreement",
    "tp",
    "fp",
    "fn",
    "f1_exact",
    "f1_exact_ci_low",
    "f1_exact_ci_high",
    "tp_overlap",
    "fp_overlap",
    "fn_overlap",
    "f1_overlap",
    "role_f1",
]


def _number(value: float | None) -> str:
    return MISSING if value is None else f"{value:.3f}"


def _with_interval(value: float | None, bounds: list[float] | None) -> str:
    if bounds is None:
        return _number(value)
    return f"{_number(value)} [{bounds[0]:.3f}, {bounds[1]:.3f}]"


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
    ci = report.get("ci", {})
    unitizing = report["unitizing_alpha"]
    lines = [
        f"Agreement of {len(names)} layers ({', '.join(names)}) "
        f"over {report['documents']} documents ({report['matching']} overlap matching)",
        "Krippendorff's alpha (nominal, per character): "
        + _with_interval(report["krippendorff_alpha"], ci.get("krippendorff_alpha")),
        "Fleiss' kappa (per character): "
        + _with_interval(report["fleiss_kappa"], ci.get("fleiss_kappa")),
        f"Krippendorff's unitizing alpha (spans): {_number(unitizing['alpha'])}",
    ]
    if ci:
        lines.append(
            f"Intervals: {ci['level']:.0%} bootstrap over documents, "
            f"{ci['resamples']} resamples, seed {ci['seed']}"
        )
    pairs = report["pairs"]
    if pairs:
        lines += ["", "Pairs"]
        rows = [["pair", "docs", "F1 exact", "F1 overlap", "Cohen's kappa", "role F1"]]
        for p in pairs:
            pci = p.get("ci", {})
            rows.append(
                [
                    f"{p['a']} / {p['b']}",
                    str(p["documents"]),
                    _with_interval(p["span_f1_exact"], pci.get("span_f1_exact")),
                    _number(p["span_f1_overlap"]),
                    _with_interval(p["cohen_kappa"], pci.get("cohen_kappa")),
                    _number(p["role_f1"]),
                ]
            )
        lines += _table(rows)
        labels = sorted({label for p in pairs for label in p["per_label"]})
        if labels:
            lines += ["", "By label: F1 exact / F1 overlap / kappa (presence per character)"]
            rows = [["label", *(f"{p['a']} / {p['b']}" for p in pairs)]]
            for label in labels:
                row = [label]
                for p in pairs:
                    s = p["per_label"].get(label)
                    row.append(
                        f"{_number(s['f1_exact'])} / {_number(s['f1_overlap'])}"
                        f" / {_number(s['kappa'])}"
                        if s
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


def _cell(value: Any) -> Any:
    return "" if value is None else value


def csv_rows(report: Mapping[str, Any]) -> list[list[Any]]:
    """Header, then per pair its overall row and one row per label, then the overall rows."""
    rows: list[list[Any]] = [list(CSV_COLUMNS)]

    def row(**cells: Any) -> None:
        rows.append([_cell(cells.get(column)) for column in CSV_COLUMNS])

    def bounds(ci: Mapping[str, Any], key: str) -> tuple[Any, Any]:
        pair = ci.get(key)
        return (pair[0], pair[1]) if pair else (None, None)

    for p in report["pairs"]:
        pci = p.get("ci", {})
        k_lo, k_hi = bounds(pci, "cohen_kappa")
        f_lo, f_hi = bounds(pci, "span_f1_exact")
        common = {
            key: p[key] for key in ("tp", "fp", "fn", "tp_overlap", "fp_overlap", "fn_overlap")
        }
        row(
            scope="pair",
            a=p["a"],
            b=p["b"],
            measure="cohen_kappa",
            agreement=p["cohen_kappa"],
            agreement_ci_low=k_lo,
            agreement_ci_high=k_hi,
            documents=p["documents"],
            characters=p["characters"],
            observed_agreement=p["observed_agreement"],
            expected_agreement=p["expected_agreement"],
            f1_exact=p["span_f1_exact"],
            f1_exact_ci_low=f_lo,
            f1_exact_ci_high=f_hi,
            f1_overlap=p["span_f1_overlap"],
            role_f1=p["role_f1"],
            **common,
        )
        for label, s in p["per_label"].items():
            lci = pci.get("per_label", {}).get(label, {})
            k_lo, k_hi = bounds(lci, "kappa")
            f_lo, f_hi = bounds(lci, "f1_exact")
            row(
                scope="label",
                a=p["a"],
                b=p["b"],
                label=label,
                measure="presence_kappa",
                agreement=s["kappa"],
                agreement_ci_low=k_lo,
                agreement_ci_high=k_hi,
                documents=p["documents"],
                characters=s["characters"],
                observed_agreement=s["observed_agreement"],
                expected_agreement=s["expected_agreement"],
                f1_exact=s["f1_exact"],
                f1_exact_ci_low=f_lo,
                f1_exact_ci_high=f_hi,
                f1_overlap=s["f1_overlap"],
                **{k: s[k] for k in ("tp", "fp", "fn", "tp_overlap", "fp_overlap", "fn_overlap")},
            )
    ci = report.get("ci", {})
    for measure in ("krippendorff_alpha", "fleiss_kappa"):
        low, high = bounds(ci, measure)
        row(
            scope="overall",
            measure=measure,
            agreement=report[measure],
            agreement_ci_low=low,
            agreement_ci_high=high,
            documents=report["documents_all_layers"],
            characters=report["characters"],
        )
    unitizing = report["unitizing_alpha"]
    row(
        scope="overall",
        measure="unitizing_alpha",
        agreement=unitizing["alpha"],
        documents=report["documents_all_layers"],
        characters=report["characters"],
    )
    for label, score in unitizing["per_label"].items():
        row(
            scope="overall",
            label=label,
            measure="unitizing_alpha",
            agreement=score["alpha"],
            documents=report["documents_all_layers"],
            characters=report["characters"],
        )
    return rows
