"""The report's new measures against references computed on the same data, and properties."""

from __future__ import annotations

import itertools
import math
import random
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

from desktop.domain import Relation, Span, new_id
from desktop.review.agreement import char_labels, span_counts_by_label
from desktop.review.alignment import align, align_ranges
from desktop.review.matching import maximum_overlap_pairs
from desktop.review.report import agreement_report

LENGTHS = {"d1": 20, "d2": 17, "d3": 9}
LABELS = ["ACTOR", "ALLEGATION", "RESPONSE"]


def span(layer: str, doc: str, start: int, end: int, label: str) -> Span:
    return Span(new_id(), doc, layer, start, end, label, {})


spans_drawn = st.lists(
    st.tuples(
        st.sampled_from(list(LENGTHS)),
        st.integers(0, 19),
        st.integers(1, 9),
        st.sampled_from(LABELS),
    ),
    max_size=9,
)


def build(name: str, drawn: list[tuple[str, int, int, str]]) -> dict[str, list[Span]]:
    layer: dict[str, list[Span]] = {}
    for doc, start, size, label in drawn:
        start = min(start, LENGTHS[doc] - 1)
        layer.setdefault(doc, []).append(
            span(name, doc, start, min(LENGTHS[doc], start + size), label)
        )
    return layer


def chars(layer: dict[str, list[Span]]) -> list[str]:
    return [c for doc, n in LENGTHS.items() for c in char_labels(layer.get(doc, ()), n)]


def presence(layer: dict[str, list[Span]], label: str) -> list[int]:
    out = []
    for doc, n in LENGTHS.items():
        marks = [0] * n
        for s in layer.get(doc, ()):
            if s.label == label:
                marks[s.start : s.end] = [1] * (s.end - s.start)
        out += marks
    return out


def sklearn_kappa(x: list, y: list) -> float | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = cohen_kappa_score(x, y)
    return None if math.isnan(value) else float(value)


@settings(max_examples=80, deadline=None)
@given(spans_drawn, spans_drawn, spans_drawn)
def test_fleiss_kappa_matches_statsmodels(a, b, c) -> None:
    """fleiss_kappa equals statsmodels' fleiss_kappa on the per-character labels, to 1e-9."""
    layers = {"a": build("a", a), "b": build("b", b), "c": build("c", c)}
    report = agreement_report(layers, {}, LENGTHS)
    data = np.array([chars(layers[n]) for n in layers]).T
    table, _ = aggregate_raters(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = fleiss_kappa(table, method="fleiss")
    if math.isnan(expected) or not math.isfinite(expected):
        assert report["fleiss_kappa"] is None
    else:
        assert report["fleiss_kappa"] == pytest.approx(expected, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(spans_drawn, spans_drawn)
def test_per_label_counts_kappa_and_confusion_match_references(a, b) -> None:
    """Per label: presence kappa = sklearn, tp/fp/fn = alignment, shares and confusion by hand."""
    layers = {"a": build("a", a), "b": build("b", b)}
    (pair,) = agreement_report(layers, {}, LENGTHS)["pairs"]
    n = sum(LENGTHS.values())
    exact = span_counts_by_label(layers["a"], layers["b"], "exact")
    for label, scores in pair["per_label"].items():
        x, y = presence(layers["a"], label), presence(layers["b"], label)
        assert scores["characters"] == n
        assert scores["kappa"] == pytest.approx(sklearn_kappa(x, y), abs=1e-9)
        agree = sum(p == q for p, q in zip(x, y, strict=True)) / n
        chance = (sum(x) * sum(y) + (n - sum(x)) * (n - sum(y))) / n / n
        assert scores["observed_agreement"] == pytest.approx(agree, abs=1e-12)
        assert scores["expected_agreement"] == pytest.approx(chance, abs=1e-12)
        counts = exact.get(label)
        assert (scores["tp"], scores["fp"], scores["fn"]) == (counts.tp, counts.fp, counts.fn)
    x, y = chars(layers["a"]), chars(layers["b"])
    names = pair["confusion"]["labels"]
    table = [[0] * len(names) for _ in names]
    for p, q in zip(x, y, strict=True):
        table[names.index(p)][names.index(q)] += 1
    assert pair["confusion"]["characters"] == table
    assert pair["observed_agreement"] == pytest.approx(
        sum(p == q for p, q in zip(x, y, strict=True)) / n
    )
    spans_table = [[0] * len(names) for _ in names]
    for doc in LENGTHS:
        ranged = align_ranges(layers["a"].get(doc, []), layers["b"].get(doc, []))
        for s, t in ranged.matched:
            spans_table[names.index(s.label)][names.index(t.label)] += 1
        for s in ranged.only_a:
            spans_table[names.index(s.label)][0] += 1
        for t in ranged.only_b:
            spans_table[0][names.index(t.label)] += 1
    assert pair["confusion"]["spans"] == spans_table


def brute_force(a: list[Span], b: list[Span]) -> tuple[int, int]:
    """(pairs, total overlap) of the best matching, found by trying every one."""
    edges = [
        (i, j, min(x.end, y.end) - max(x.start, y.start))
        for i, x in enumerate(a)
        for j, y in enumerate(b)
        if x.label == y.label and x.overlaps(y)
    ]
    best = (0, 0)
    for size in range(len(edges), 0, -1):
        for chosen in itertools.combinations(edges, size):
            if len({e[0] for e in chosen}) == size == len({e[1] for e in chosen}):
                best = max(best, (size, sum(e[2] for e in chosen)))
        if best[0]:
            return best
    return best


def test_maximum_matching_equals_brute_force_on_random_cases() -> None:
    """On 400 random small cases, as many pairs and as much overlap as the best of all matchings."""
    rng = random.Random(20240601)
    for _ in range(400):

        def spans(n: int) -> list[Span]:
            out = []
            for _ in range(n):
                start = rng.randrange(0, 25)
                out.append(span("x", "d", start, start + rng.randrange(1, 9), rng.choice("AB")))
            return out

        a, b = spans(rng.randrange(0, 6)), spans(rng.randrange(0, 6))
        pairs = maximum_overlap_pairs(a, b)
        assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
        got = (
            len(pairs),
            sum(min(a[i].end, b[j].end) - max(a[i].start, b[j].start) for i, j in pairs),
        )
        assert got == brute_force(a, b)
        assert all(a[i].label == b[j].label and a[i].overlaps(b[j]) for i, j in pairs)


@settings(max_examples=60, deadline=None)
@given(spans_drawn, spans_drawn)
def test_report_overlap_counts_equal_per_document_alignment(a, b) -> None:
    """The report's overlap tp (vectorised over documents) equals align(..., "overlap") per doc."""
    layers = {"a": build("a", a), "b": build("b", b)}
    for matching in ("maximum", "greedy"):
        (pair,) = agreement_report(layers, {}, LENGTHS, matching=matching)["pairs"]
        tp = sum(
            len(align(layers["a"].get(d, []), layers["b"].get(d, []), "overlap", matching).matched)
            for d in LENGTHS
        )
        assert pair["tp_overlap"] == tp


def symmetric(report: dict) -> tuple:
    pairs = {
        frozenset((p["a"], p["b"])): (
            p["span_f1_exact"], p["span_f1_overlap"], p["cohen_kappa"], p["role_f1"],
            p["observed_agreement"], p["expected_agreement"],
            {k: (v["kappa"], v["f1_exact"], v["f1_overlap"]) for k, v in p["per_label"].items()},
        )
        for p in report["pairs"]
    }  # fmt: skip
    return (pairs, report["krippendorff_alpha"], report["fleiss_kappa"], report["unitizing_alpha"])


@settings(max_examples=60, deadline=None)
@given(spans_drawn, spans_drawn, spans_drawn, st.permutations([0, 1, 2]))
def test_layer_order_changes_nothing(a, b, c, order) -> None:
    """Any order of three layers gives the same scores for every pair and overall."""
    layers = {"a": build("a", a), "b": build("b", b), "c": build("c", c)}
    names = list(layers)
    shuffled = {names[k]: layers[names[k]] for k in order}
    assert symmetric(agreement_report(layers, {}, LENGTHS)) == symmetric(
        agreement_report(shuffled, {}, LENGTHS)
    )


@settings(max_examples=60, deadline=None)
@given(spans_drawn.filter(lambda d: len({label for *_, label in d}) >= 1))
def test_identical_layers_give_one(drawn) -> None:
    """Copies of one layer score 1.0 on every measure that is defined."""
    layer = build("a", drawn)
    report = agreement_report({"a": layer, "b": layer, "c": layer}, {}, LENGTHS)
    values = [
        report["krippendorff_alpha"],
        report["fleiss_kappa"],
        report["unitizing_alpha"]["alpha"],
    ]
    for p in report["pairs"]:
        values += [p["span_f1_exact"], p["span_f1_overlap"], p["cohen_kappa"]]
        values += [v["kappa"] for v in p["per_label"].values()]
        assert p["fp"] == p["fn"] == 0
    assert report["unitizing_alpha"]["alpha"] == 1.0
    assert all(v == pytest.approx(1.0, abs=1e-12) for v in values if v is not None)


def test_per_document_rows_equal_single_document_reports() -> None:
    """Each per_document row equals the report computed on that document alone."""
    rng = random.Random(5)
    drawn = {
        n: [
            (rng.choice(list(LENGTHS)), rng.randrange(20), rng.randrange(1, 9), rng.choice(LABELS))
            for _ in range(12)
        ]
        for n in "ab"
    }
    layers = {n: build(n, d) for n, d in drawn.items()}
    report = agreement_report(layers, {}, LENGTHS)
    assert [row["document"] for row in report["per_document"]] == list(LENGTHS)
    for row in report["per_document"]:
        alone = agreement_report(layers, {}, {row["document"]: LENGTHS[row["document"]]})
        (pair,) = row["pairs"]
        assert row["characters"] == LENGTHS[row["document"]]
        assert pair["cohen_kappa"] == alone["pairs"][0]["cohen_kappa"]
        assert pair["span_f1_exact"] == alone["pairs"][0]["span_f1_exact"]


def test_pair_documents_restrict_each_pair_and_the_overall_measures() -> None:
    """With pair_documents, each pair is scored on its own documents; overall on shared ones."""
    rng = random.Random(9)
    layers = {
        n: build(
            n,
            [
                (
                    rng.choice(list(LENGTHS)),
                    rng.randrange(20),
                    rng.randrange(1, 9),
                    rng.choice(LABELS),
                )
                for _ in range(10)
            ],
        )
        for n in "abc"
    }
    sets = {("a", "b"): {"d1", "d2", "d3"}, ("a", "c"): {"d1", "d2"}, ("b", "c"): {"d2", "d3"}}
    report = agreement_report(layers, {}, LENGTHS, pair_documents=sets)
    for p in report["pairs"]:
        docs = sets[(p["a"], p["b"])]
        alone = agreement_report(
            {p["a"]: layers[p["a"]], p["b"]: layers[p["b"]]},
            {},
            {d: LENGTHS[d] for d in LENGTHS if d in docs},
        )["pairs"][0]
        assert p["documents"] == len(docs)
        for key in (
            "cohen_kappa",
            "span_f1_exact",
            "span_f1_overlap",
            "tp",
            "fp",
            "fn",
            "confusion",
        ):
            assert p[key] == alone[key]
    shared = agreement_report(layers, {}, {"d2": LENGTHS["d2"]})
    assert report["documents_all_layers"] == 1
    assert report["fleiss_kappa"] == shared["fleiss_kappa"]
    assert report["unitizing_alpha"] == shared["unitizing_alpha"]


def test_bootstrap_is_seeded_and_brackets_the_estimate() -> None:
    """Same seed, same intervals; another seed, other ones; identical layers give [1, 1]."""
    rng = random.Random(3)
    docs = {f"d{k}": 30 for k in range(25)}
    layers: dict[str, dict[str, list[Span]]] = {"a": {}, "b": {}}
    for doc in docs:
        for name in "ab":
            layers[name][doc] = []
        for _ in range(3):
            start = rng.randrange(25)
            layers["a"][doc].append(span("a", doc, start, start + 5, "ACTOR"))
            shift = rng.choice((0, 0, 1, 3))
            layers["b"][doc].append(span("b", doc, start + shift, start + 5, "ACTOR"))
    runs = [agreement_report(layers, {}, docs, ci=0.9, resamples=300, seed=s) for s in (1, 1, 2)]
    assert runs[0]["ci"] == runs[1]["ci"] and runs[0]["pairs"] == runs[1]["pairs"]
    assert runs[0]["pairs"][0]["ci"] != runs[2]["pairs"][0]["ci"]
    pair = runs[0]["pairs"][0]
    for key in ("cohen_kappa", "span_f1_exact"):
        low, high = pair["ci"][key]
        assert low < pair[key] < high
    assert pair["span_f1_overlap"] == 1.0 and pair["ci"]["span_f1_overlap"] == [1.0, 1.0]
    low, high = runs[0]["ci"]["krippendorff_alpha"]
    assert low < runs[0]["krippendorff_alpha"] < high
    same = agreement_report({"a": layers["a"], "b": layers["a"]}, {}, docs, ci=0.95, resamples=50)
    assert same["pairs"][0]["ci"]["cohen_kappa"] == [1.0, 1.0]
    assert same["ci"]["fleiss_kappa"] == [1.0, 1.0]


def test_role_counts_are_reported() -> None:
    """role_tp/fp/fn count (role, head, child) triples as role F1 does."""
    layers, relations = {}, {}
    for name, role in (("a", "accuser"), ("b", "accused")):
        head, child = span(name, "d1", 0, 4, "ALLEGATION"), span(name, "d1", 5, 9, "ACTOR")
        layers[name] = {"d1": [head, child]}
        relations[name] = {"d1": [Relation(new_id(), "d1", name, role, head.id, child.id)]}
    (pair,) = agreement_report(layers, relations, {"d1": 20})["pairs"]
    assert (pair["role_tp"], pair["role_fp"], pair["role_fn"], pair["role_f1"]) == (0, 1, 1, 0.0)


def test_attributes_with_none_and_list_values() -> None:
    """None counts as absent; list values (unhashable) are compared like any other value."""
    attrs_a = [{"kind": "state", "tags": ["x"]}, {"kind": None}, {"kind": "media", "tags": ["y"]}]
    attrs_b = [{"kind": "state", "tags": ["x"]}, {"kind": None}, {"kind": "media", "tags": ["z"]}]
    layers = {
        name: {
            "d1": [
                Span(new_id(), "d1", name, 2 * k, 2 * k + 1, "ACTOR", dict(attrs))
                for k, attrs in enumerate(attrs_list)
            ]
        }
        for name, attrs_list in (("a", attrs_a), ("b", attrs_b))
    }
    report = agreement_report(layers, {}, {"d1": 10})
    assert report["attributes"] == {"kind": 1.0, "tags": 0.5}
