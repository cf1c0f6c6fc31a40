"""Network use cases over a project: every kind exactly, ranges, windows, the actor table."""

from datetime import date

import pytest

from desktop.networks import Duration
from desktop.workspace import Workspace, actor_rows, network, network_layer, network_windows
from tests.networks.corpus import A, B, C, D, E, F, build


@pytest.fixture
def corpus_ws():
    ws = Workspace.open(None)
    ws.set_annotator("alice")
    ids = build(ws)
    yield ws, ids
    ws.close()


def named_edges(graph) -> dict[tuple[str, str], float]:
    name = graph.nodes
    edges = {}
    for u, v, w in graph.edges(data="weight"):
        key = (name[u]["name"], name[v]["name"])
        if not graph.is_directed():
            key = tuple(sorted(key))
        edges[key] = w
    return edges


def test_accusations_exactly(corpus_ws):
    """accuser -> accused weights, category and status counts, provenance."""
    ws, ids = corpus_ws
    graph, report = network(ws, "accusations")
    assert named_edges(graph) == {(A, B): 2, (C, B): 2, (E, A): 1, (A, E): 1}
    edge = graph.edges[ids[A], ids[B]]
    assert edge["category:torture"] == 1 and edge["category:killing"] == 1
    assert edge["status:asserted"] == 1 and edge["status:hedged"] == 1
    assert edge["allegations"] == [ids["al1"], ids["al3"]]
    assert edge["documents"] == ["n1", "n2"]
    assert edge["dates"] == ["2024-01-05", "2024-01-20"]
    assert graph.edges[ids[C], ids[B]]["dates"] == ["2024-01-20"]  # n4 has no date
    assert report.claims == 6 and report.used_documents == 5
    assert [(s.doc_id, s.role) for s in report.unlinked] == [("n4", "victim")]


def test_node_attributes(corpus_ws):
    """Nodes carry name, kind, aliases and mentions in the layer."""
    ws, ids = corpus_ws
    graph, _ = network(ws, "accusations")
    node = graph.nodes[ids[A]]
    assert (node["name"], node["label"], node["kind"]) == (A, A, "NGO or IGO")
    assert node["aliases"] == [A.upper()]
    assert node["mentions"] == 5
    assert graph.nodes[ids[B]]["mentions"] == 4


def test_responses_exactly(corpus_ws):
    """respondent -> accuser of the allegation, counted per response, by stance."""
    ws, ids = corpus_ws
    graph, _ = network(ws, "responses")
    assert named_edges(graph) == {(C, A): 1, (E, C): 1, (E, A): 1, (A, E): 1}
    assert graph.edges[ids[A], ids[E]]["stance:counter-accuse"] == 1
    assert graph.edges[ids[E], ids[A]]["responses"] == [ids["r2"]]
    assert graph.edges[ids[E], ids[A]]["allegations"] == [ids["al3"]]


def test_victims_exactly(corpus_ws):
    """accused -> victim; the unlinked victim of n4 is left out."""
    ws, ids = corpus_ws
    graph, _ = network(ws, "victims")
    assert named_edges(graph) == {(B, D): 1}
    assert graph.edges[ids[B], ids[D]]["category:torture"] == 1


def test_co_accusation_and_normalisations(corpus_ws):
    """A and C both accuse B twice: 4; A's activity 3 (B twice, E once), C's 2."""
    ws, ids = corpus_ws
    graph, _ = network(ws, "co-accusation")
    assert named_edges(graph) == {tuple(sorted((A, C))): 4}
    assert graph.edges[ids[A], ids[C]]["targets"] == [B]
    assert set(graph.edges[ids[A], ids[C]]["allegations"]) == {
        ids["al1"],
        ids["al2"],
        ids["al3"],
        ids["al5"],
    }
    expected = {"average": 4 / 2.5, "jaccard": 4 / 5, "cosine": 4 / 6}
    for name, value in expected.items():
        normalized, _ = network(ws, "co-accusation", normalize=name)
        assert normalized.edges[ids[A], ids[C]]["weight"] == pytest.approx(value)
        assert normalized.graph["normalize"] == name


def test_conflict_exactly(corpus_ws):
    """Accuser vs. denier or counter-accuser of the same allegation."""
    ws, ids = corpus_ws
    graph, _ = network(ws, "conflict")
    assert named_edges(graph) == {
        tuple(sorted((A, C))): 1,
        tuple(sorted((C, E))): 1,
        tuple(sorted((A, E))): 2,
    }
    # activities: A 4 (accuses al1, al3, al6; opposes al4), E 3 (opposes al2, al3; accuses al4)
    averaged, _ = network(ws, "conflict", normalize="average")
    assert averaged.edges[ids[A], ids[E]]["weight"] == pytest.approx(2 / 3.5)
    # jaccard: no (allegation, level) in common; A alone 4, E alone 3 -> 2 / 7
    jaccard, _ = network(ws, "conflict", normalize="jaccard")
    assert jaccard.edges[ids[A], ids[E]]["weight"] == pytest.approx(2 / 7)


def test_actor_category_exactly(corpus_ws):
    """Accusers to the categories of their allegations."""
    ws, _ = corpus_ws
    graph, _ = network(ws, "actor-category")
    assert named_edges(graph) == {
        (A, "torture"): 1,
        (A, "killing"): 1,
        (A, "abuse or mistreatment"): 1,
        (C, "killing"): 1,
        (C, "war crime"): 1,
        (E, "corruption"): 1,
    }
    full, _ = network(ws, "actor-category", isolates=True)
    assert F in {d["name"] for _, d in full.nodes(data=True)}
    assert "category:aggression" in full.nodes


def test_date_range_leaves_out_undated_and_outside(corpus_ws):
    """--from/--to keep January only; undated and later documents are counted, not used."""
    ws, _ = corpus_ws
    graph, report = network(ws, "accusations", start=date(2024, 1, 1), end=date(2024, 1, 31))
    assert named_edges(graph) == {(A, B): 2, (C, B): 1}
    assert (report.used_documents, report.undated_left_out, report.out_of_range) == (2, 1, 2)
    assert report.unlinked == []


def test_windows(corpus_ws):
    """30-day windows every 15 days from the first date give the expected slices."""
    ws, _ = corpus_ws
    total, slices, _ = network_windows(ws, "accusations", Duration(30, "d"), Duration(15, "d"))
    assert [w.name for w, _ in slices] == [
        "2024-01-05_2024-02-03",
        "2024-01-20_2024-02-18",
        "2024-02-04_2024-03-04",
        "2024-02-19_2024-03-19",
    ]
    assert [named_edges(g) for _, g in slices] == [
        {(A, B): 2, (C, B): 1},
        {(A, B): 1, (C, B): 1, (A, E): 1},
        {(A, E): 1, (E, A): 1},
        {(E, A): 1},
    ]
    assert named_edges(total) == {(A, B): 2, (C, B): 1, (A, E): 1, (E, A): 1}


def test_isolated_windows_share_their_nodes(corpus_ws):
    """With isolates every window has every registry actor."""
    ws, _ = corpus_ws
    _, slices, _ = network_windows(
        ws, "accusations", Duration(1, "m"), Duration(1, "m"), isolates=True
    )
    assert len(slices) == 2
    assert all(g.number_of_nodes() == 6 for _, g in slices)


def test_default_layer_is_gold_when_present(corpus_ws):
    """The annotator's layer by default; gold once the project has one."""
    ws, _ = corpus_ws
    assert network_layer(ws) == "alice"
    ws.set_annotator("bob")
    assert network_layer(ws) == "bob"
    assert network_layer(ws, "alice") == "alice"
    ws.add_span("n5", 0, 7, "ACTOR", layer="gold")
    assert network_layer(ws) == "gold"


def test_actor_table(corpus_ws):
    """Per actor: accusations made and received, victims, responses, first and last date."""
    ws, _ = corpus_ws
    rows, _ = actor_rows(ws)
    table = {r.name: r.record() for r in rows}
    assert [r.name for r in rows] == sorted(table, key=str.casefold)
    assert table[A] | {"id": None} == {
        "id": None,
        "name": A,
        "kind": "NGO or IGO",
        "mentions": 5,
        "accusations_made": 3,
        "accusations_received": 1,
        "named_as_victim": 0,
        "responses_given": 1,
        "first_date": "2024-01-05",
        "last_date": "2024-03-01",
    }
    assert (table[E]["responses_given"], table[E]["accusations_made"]) == (1, 1)
    assert table[B]["accusations_received"] == 4
    assert table[D]["named_as_victim"] == 1
    assert table[F]["mentions"] == 0 and table[F]["first_date"] is None
    ranged, _ = actor_rows(ws, start=date(2024, 2, 1))
    assert {r.name: r.accusations_made for r in ranged}[A] == 1


def test_report_lists_the_first_unlinked_spans_and_counts_the_rest(corpus_ws):
    """Long lists of unlinked spans are cut to `limit` lines and a count."""
    ws, _ = corpus_ws
    _, report = network(ws, "accusations")
    report.unlinked = report.unlinked * 30
    lines = report.lines(limit=20)
    assert sum(1 for line in lines if " as victim " in line) == 20
    assert lines[-1] == "  … and 10 more"
