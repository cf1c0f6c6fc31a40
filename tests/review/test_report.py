"""The agreement report: its JSON shape, its consistency with the measures, and the table."""

from __future__ import annotations

import json
import math
import warnings

import krippendorff
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from desktop.domain import Relation, Span, new_id
from desktop.review.agreement import char_labels, cohen_kappa, krippendorff_alpha, span_f1
from desktop.review.report import agreement_report, format_table

LENGTHS = {"d1": 40, "d2": 30}


def span(layer: str, doc: str, start: int, end: int, label: str, **attrs: str) -> Span:
    return Span(new_id(), doc, layer, start, end, label, dict(attrs))


def relation(head: Span, child: Span, label: str) -> Relation:
    return Relation(new_id(), head.doc_id, head.layer, label, head.id, child.id)


def annotate(layer: str, shift: int = 0, kind: str = "state") -> tuple[dict, dict]:
    """One layer over d1 and d2: an allegation with its accuser, and an actor in d2."""
    claim = span(layer, "d1", 10, 25 + shift, "ALLEGATION", status="asserted")
    accuser = span(layer, "d1", 0, 5, "ACTOR", kind=kind)
    actor = span(layer, "d2", 3, 9 + shift, "ACTOR", kind="media")
    spans = {"d1": [claim, accuser], "d2": [actor]}
    relations = {"d1": [relation(claim, accuser, "accuser")]}
    return spans, relations


def build(*layers: tuple[str, int, str]) -> tuple[dict, dict]:
    spans, relations = {}, {}
    for name, shift, kind in layers:
        spans[name], relations[name] = annotate(name, shift, kind)
    return spans, relations


COUNTS = {"tp", "fp", "fn", "tp_overlap", "fp_overlap", "fn_overlap"}
PAIR_KEYS = {
    "a",
    "b",
    "documents",
    "characters",
    "span_f1_exact",
    "span_f1_overlap",
    "cohen_kappa",
    "role_f1",
    "role_tp",
    "role_fp",
    "role_fn",
    "observed_agreement",
    "expected_agreement",
    "per_label",
    "confusion",
    *COUNTS,
}
LABEL_KEYS = {
    "f1_exact",
    "f1_overlap",
    "characters",
    "characters_a",
    "characters_b",
    "characters_both",
    "kappa",
    "observed_agreement",
    "expected_agreement",
    *COUNTS,
}


def test_report_has_exactly_the_documented_shape() -> None:
    """Top-level keys, pair keys and per-label keys are exactly those documented, JSON-able."""
    spans, relations = build(("alice", 0, "state"), ("bob", 2, "state"), ("carol", 0, "group"))
    report = agreement_report(spans, relations, LENGTHS)
    assert set(report) == {
        "layers",
        "documents",
        "documents_all_layers",
        "characters",
        "matching",
        "pairs",
        "krippendorff_alpha",
        "fleiss_kappa",
        "unitizing_alpha",
        "attributes",
        "per_document",
    }
    assert report["layers"] == ["alice", "bob", "carol"]
    assert report["documents"] == 2
    assert [(p["a"], p["b"]) for p in report["pairs"]] == [
        ("alice", "bob"),
        ("alice", "carol"),
        ("bob", "carol"),
    ]
    for pair in report["pairs"]:
        assert set(pair) == PAIR_KEYS
        assert set(pair["per_label"]) == {"ACTOR", "ALLEGATION"}
        for scores in pair["per_label"].values():
            assert set(scores) == LABEL_KEYS
        assert pair["confusion"]["labels"] == ["O", "ACTOR", "ALLEGATION"]
    json.dumps(report, allow_nan=False)


def test_report_scores_match_the_measures() -> None:
    """Pair scores and alpha equal the measures computed on concatenated per-character labels."""
    spans, relations = build(("alice", 0, "state"), ("bob", 2, "state"), ("carol", 0, "group"))
    report = agreement_report(spans, relations, LENGTHS)
    chars = {
        name: [label for doc, n in LENGTHS.items() for label in char_labels(spans[name][doc], n)]
        for name in spans
    }
    alice_bob = report["pairs"][0]
    assert alice_bob["span_f1_exact"] == span_f1(spans["alice"], spans["bob"], "exact") == 1 / 3
    assert alice_bob["span_f1_overlap"] == 1.0
    assert alice_bob["cohen_kappa"] == pytest.approx(cohen_kappa(chars["alice"], chars["bob"]))
    assert alice_bob["role_f1"] == 0.0
    actor = alice_bob["per_label"]["ACTOR"]
    assert (actor["f1_exact"], actor["f1_overlap"]) == (0.5, 1.0)
    assert (actor["tp"], actor["fp"], actor["fn"]) == (1, 1, 1)
    assert (actor["tp_overlap"], actor["fp_overlap"], actor["fn_overlap"]) == (2, 0, 0)
    alice_carol = report["pairs"][1]
    assert alice_carol["span_f1_exact"] == alice_carol["role_f1"] == alice_carol["cohen_kappa"] == 1
    units = list(zip(chars["alice"], chars["bob"], chars["carol"], strict=True))
    assert report["krippendorff_alpha"] == pytest.approx(krippendorff_alpha(units), abs=1e-12)
    # kind is compared on 1 + 2 + 1 exact pairs; carol's "group" accuser disagrees twice
    assert report["attributes"] == {"kind": 0.5, "status": 1.0}


def test_identical_layers_score_one_everywhere() -> None:
    """Copies of one layer get 1.0 for F1, kappa, role F1, alpha and every attribute."""
    spans, relations = build(("alice", 0, "state"), ("bob", 0, "state"))
    report = agreement_report(spans, relations, LENGTHS)
    (pair,) = report["pairs"]
    assert pair["span_f1_exact"] == pair["span_f1_overlap"] == 1.0
    assert pair["cohen_kappa"] == pair["role_f1"] == report["krippendorff_alpha"] == 1.0
    assert report["fleiss_kappa"] == report["unitizing_alpha"]["alpha"] == 1.0
    for v in pair["per_label"].values():
        assert v["f1_exact"] == v["f1_overlap"] == v["kappa"] == 1.0
    assert report["attributes"] == {"kind": 1.0, "status": 1.0}


SYMMETRIC = ("span_f1_exact", "span_f1_overlap", "cohen_kappa", "role_f1", "characters")
SYMMETRIC_LABEL = ("f1_exact", "f1_overlap", "kappa", "observed_agreement", "expected_agreement")


def scores(report: dict) -> dict:
    """The scores of the first pair that do not depend on which layer is a."""
    pair = report["pairs"][0]
    out = {k: pair[k] for k in (*SYMMETRIC, "observed_agreement", "expected_agreement")}
    out["labels"] = {
        label: {k: v[k] for k in SYMMETRIC_LABEL} for label, v in pair["per_label"].items()
    }
    return out


def test_swapping_layers_swaps_nothing_but_names() -> None:
    """Reversing the layer order gives the same scores."""
    spans, relations = build(("alice", 0, "state"), ("bob", 2, "group"))
    forward = agreement_report(spans, relations, LENGTHS)
    backward = agreement_report(dict(reversed(spans.items())), relations, LENGTHS)
    assert scores(forward) == scores(backward)
    for key in ("krippendorff_alpha", "fleiss_kappa", "unitizing_alpha"):
        assert forward[key] == backward[key]
    transposed = [
        list(row) for row in zip(*forward["pairs"][0]["confusion"]["characters"], strict=True)
    ]
    assert backward["pairs"][0]["confusion"]["characters"] == transposed
    assert forward["attributes"] == backward["attributes"]


def test_only_the_given_documents_count_and_missing_layers_read_as_outside() -> None:
    """Spans of documents not in text_lengths are ignored; a layer absent from a doc is all O."""
    spans, relations = build(("alice", 0, "state"), ("bob", 0, "state"))
    del spans["bob"]["d2"]
    report = agreement_report(spans, relations, {"d2": 30})
    (pair,) = report["pairs"]
    assert report["documents"] == 1
    assert pair["span_f1_exact"] == 0.0
    assert pair["role_f1"] is None
    assert pair["cohen_kappa"] == 0.0
    assert report["attributes"] == {"kind": None}


def test_nothing_to_compare_gives_none() -> None:
    """No documents, or a single layer, give None scores and no pairs."""
    empty = agreement_report({"alice": {}, "bob": {}}, {}, {})
    assert empty["documents"] == 0
    assert empty["krippendorff_alpha"] is None
    (pair,) = empty["pairs"]
    assert pair["span_f1_exact"] is pair["cohen_kappa"] is pair["role_f1"] is None
    assert pair["per_label"] == {}
    single = agreement_report({"alice": {}}, {}, LENGTHS)
    assert single["pairs"] == []
    assert single["krippendorff_alpha"] is None
    assert "n/a" in format_table(single)


def test_format_table_lists_every_pair_label_and_attribute() -> None:
    """The plain-text table names the layers, pairs, labels and attributes with three decimals."""
    spans, relations = build(("alice", 0, "state"), ("bob", 2, "state"), ("carol", 0, "group"))
    text = format_table(agreement_report(spans, relations, LENGTHS))
    assert "3 layers (alice, bob, carol) over 2 documents" in text
    assert "alice / bob" in text
    assert "bob / carol" in text
    assert "ALLEGATION" in text
    assert "kind" in text
    assert "0.333" in text
    assert all(line == line.rstrip() for line in text.splitlines())


spans_in_20 = st.lists(
    st.tuples(st.integers(0, 19), st.integers(1, 8), st.sampled_from(["ACTOR", "ALLEGATION"])),
    max_size=5,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(spans_in_20, spans_in_20), min_size=3, max_size=3))
def test_report_kappa_and_alpha_agree_with_reference_implementations(
    drawn: list[tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]],
) -> None:
    """Report kappa and alpha equal sklearn and the krippendorff package on per-character labels."""
    lengths = {"d1": 20, "d2": 20}
    layers = {
        name: {
            doc: [span(name, doc, s, min(20, s + n), label) for s, n, label in docs[k]]
            for k, doc in enumerate(lengths)
        }
        for name, docs in zip(["alice", "bob", "carol"], drawn, strict=True)
    }
    report = agreement_report(layers, {}, lengths)
    chars = {
        name: [label for doc in lengths for label in char_labels(layers[name][doc], 20)]
        for name in layers
    }
    codes = {label: i for i, label in enumerate(["O", "ACTOR", "ALLEGATION"])}
    data = [[codes[label] for label in chars[name]] for name in layers]
    if len({v for row in data for v in row}) > 1:
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert report["krippendorff_alpha"] == pytest.approx(expected, abs=1e-9)
    else:
        assert report["krippendorff_alpha"] is None
    for pair in report["pairs"]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kappa = cohen_kappa_score(chars[pair["a"]], chars[pair["b"]])
        if math.isnan(kappa):
            assert pair["cohen_kappa"] is None
        else:
            assert pair["cohen_kappa"] == pytest.approx(kappa, abs=1e-9)
