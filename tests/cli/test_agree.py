"""`gloss agree` run as a user runs it: every flag through `desktop.cli.main`."""

from __future__ import annotations

import csv
import json

import pytest

from desktop.cli import main
from desktop.domain import Document
from desktop.workspace import Workspace

# Texts with emoji, a ZWJ sequence, CRLF, a combining mark and right-to-left script.
DOCS = [
    Document(
        "ap1", "Rebels 👩‍👩‍👧 accused the army\r\nof shelling the village.", meta={"source": "AP"}
    ),
    Document("ap2", "The ministry denied the re\u0301port on Tuesday 🎉.", meta={"source": "AP"}),
    Document("rt1", "قال المتحدث إن الجيش نفى الاتهام tonight.", meta={"source": "Reuters"}),
]

# (layer, doc, start, end, label); a and b differ on ap2, c only finished ap1 and rt1.
SPANS = [
    ("a", "ap1", 0, 6, "ACTOR"),
    ("a", "ap1", 10, 35, "ALLEGATION"),
    ("a", "ap2", 0, 12, "ACTOR"),
    ("a", "rt1", 0, 11, "ACTOR"),
    ("b", "ap1", 0, 6, "ACTOR"),
    ("b", "ap1", 10, 35, "ALLEGATION"),
    ("b", "ap2", 13, 19, "RESPONSE"),
    ("b", "rt1", 0, 11, "ACTOR"),
    ("c", "ap1", 0, 6, "ACTOR"),
    ("c", "ap1", 10, 30, "ALLEGATION"),
    ("c", "rt1", 0, 5, "ACTOR"),
]
DONE = {"a": ["ap1", "ap2", "rt1"], "b": ["ap1", "ap2", "rt1"], "c": ["ap1", "rt1"]}


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "p.gloss"
    ws = Workspace.open(path, create=True)
    ws.add_documents(DOCS)
    for layer in "abc":
        ws.set_annotator(layer)
        for name, doc, start, end, label in SPANS:
            if name == layer:
                ws.add_span(doc, start, end, label)
        for doc in DONE[layer]:
            ws.set_status(doc, "done")
    ws.close()
    return str(path)


def run_json(capsys, *args: str) -> dict:
    assert main(["agree", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_carries_fleiss_unitizing_and_per_document(project, capsys) -> None:
    """--json gives fleiss_kappa beside krippendorff_alpha, alpha_U and a per_document table."""
    report = run_json(capsys, project, "--layers", "a,b,c")
    assert report["documents"] == 2  # only ap1 and rt1 are done by all three
    assert set(report) >= {"krippendorff_alpha", "fleiss_kappa", "unitizing_alpha", "per_document"}
    assert [d["document"] for d in report["per_document"]] == ["ap1", "rt1"]
    assert report["per_document"][0]["characters"] == len(DOCS[0].text)
    pair = report["pairs"][0]
    assert (pair["a"], pair["b"], pair["tp"], pair["fp"], pair["fn"]) == ("a", "b", 3, 0, 0)


def test_table_names_the_new_measures(project, capsys) -> None:
    """The plain-text output lists Fleiss' kappa and unitizing alpha."""
    assert main(["agree", project]) == 0
    out = capsys.readouterr().out
    assert "Fleiss' kappa" in out and "unitizing alpha" in out


@pytest.mark.parametrize(
    ("layers", "message"),
    [
        ("a,a", "layer a named twice"),
        ("a", "at least two layers, got 1 (a)"),
        ("a,zed", "no layer"),
    ],
)
def test_bad_layer_lists_are_refused_in_one_line(project, capsys, layers, message) -> None:
    """A layer named twice, a single layer or an unknown one: one line, non-zero exit."""
    assert main(["agree", project, "--layers", layers]) != 0
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_pairwise_documents_keeps_each_pair_on_its_own_documents(project, capsys) -> None:
    """--pairwise-documents: a/b over the 3 documents both finished, whatever c did."""
    shared = run_json(capsys, project, "--layers", "a,b,c")
    pairwise = run_json(capsys, project, "--layers", "a,b,c", "--pairwise-documents")
    alone = run_json(capsys, project, "--layers", "a,b")
    ab = pairwise["pairs"][0]
    assert shared["pairs"][0]["documents"] == 2
    assert ab["documents"] == alone["pairs"][0]["documents"] == 3
    assert ab["cohen_kappa"] == alone["pairs"][0]["cohen_kappa"]
    assert ab["fn"] == 1 and ab["fp"] == 1
    assert pairwise["pairs"][1]["documents"] == 2  # a/c: c finished two
    assert pairwise["documents_all_layers"] == 2


def test_documents_flag_restricts_and_rejects_unknown_ids(project, capsys) -> None:
    """--documents ID,... compares only those; an unknown id is a one-line error."""
    report = run_json(capsys, project, "--layers", "a,b", "--documents", "ap2,rt1")
    assert [d["document"] for d in report["per_document"]] == ["ap2", "rt1"]
    assert main(["agree", project, "--documents", "ap1,nope"]) != 0
    assert "no document nope" in capsys.readouterr().err


def test_where_filters_on_meta_and_refuses_bad_expressions(project, capsys) -> None:
    """--where 'meta.source = "AP"' keeps the AP documents; a malformed one is refused."""
    report = run_json(capsys, project, "--layers", "a,b", "--where", 'meta.source = "AP"')
    assert [d["document"] for d in report["per_document"]] == ["ap1", "ap2"]
    report = run_json(capsys, project, "--layers", "a,b", "--where", 'meta.source != "AP"')
    assert [d["document"] for d in report["per_document"]] == ["rt1"]
    assert main(["agree", project, "--where", "meta.source = "]) != 0
    err = capsys.readouterr().err
    assert "--where: position" in err and len(err.strip().splitlines()) == 1


def test_overlap_greedy_keeps_the_old_rule(tmp_path, capsys) -> None:
    """The two-span case: greedy overlap F1 is 0.5, maximum matching 1.0."""
    path = tmp_path / "m.gloss"
    ws = Workspace.open(path, create=True)
    ws.add_documents([Document("d", "x" * 20)])
    for layer, spans in {"a": [(0, 10), (8, 11)], "b": [(1, 11), (0, 2)]}.items():
        ws.set_annotator(layer)
        for start, end in spans:
            ws.add_span("d", start, end, "ACTOR")
        ws.set_status("d", "done")
    ws.close()
    best = run_json(capsys, str(path))
    greedy = run_json(capsys, str(path), "--overlap", "greedy")
    assert best["matching"] == "maximum" and best["pairs"][0]["span_f1_overlap"] == 1.0
    assert greedy["matching"] == "greedy" and greedy["pairs"][0]["span_f1_overlap"] == 0.5


def test_ci_adds_reproducible_bootstrap_intervals(project, capsys) -> None:
    """--ci 0.95 adds intervals; the same --seed gives the same ones; a bad level is refused."""
    args = [project, "--layers", "a,b", "--all", "--ci", "0.95", "--bootstrap", "200"]
    first = run_json(capsys, *args, "--seed", "7")
    second = run_json(capsys, *args, "--seed", "7")
    assert first["ci"] == second["ci"] and first["pairs"] == second["pairs"]
    assert first["ci"]["level"] == 0.95 and first["ci"]["resamples"] == 200
    low, high = first["pairs"][0]["ci"]["cohen_kappa"]
    assert low <= first["pairs"][0]["cohen_kappa"] <= high
    assert main(["agree", project, "--ci", "1.5"]) == 2
    assert "between 0 and 1" in capsys.readouterr().err


def test_csv_has_a_row_per_pair_and_label_and_the_overall_rows(project, tmp_path, capsys) -> None:
    """--csv OUT writes one row per pair, one per pair and label, and the overall measures."""
    out = tmp_path / "agree.csv"
    report = run_json(capsys, project, "--layers", "a,b,c", "--all", "--csv", str(out))
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    pairs = [r for r in rows if r["scope"] == "pair"]
    labels = [r for r in rows if r["scope"] == "label"]
    overall = [r for r in rows if r["scope"] == "overall"]
    assert len(pairs) == 3
    assert len(labels) == sum(len(p["per_label"]) for p in report["pairs"])
    fleiss = next(r for r in overall if r["measure"] == "fleiss_kappa")
    assert float(fleiss["agreement"]) == pytest.approx(report["fleiss_kappa"], abs=1e-12)
    ab = pairs[0]
    assert (ab["a"], ab["b"], int(ab["tp"]), int(ab["fp"]), int(ab["fn"])) == ("a", "b", 3, 1, 1)


def test_all_compares_documents_nobody_finished(project, tmp_path, capsys) -> None:
    """--all counts every document, done or not."""
    report = run_json(capsys, project, "--layers", "a,c", "--all")
    assert report["documents"] == 3
