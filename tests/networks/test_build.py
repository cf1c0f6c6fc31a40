"""Network kinds over hand-made claims: DNA's worked example, normalisations, provenance."""

from datetime import date

import pytest

from desktop.domain import Actor
from desktop.networks import Claim, ResponseClaim, build_network
from desktop.networks.normalize import average, cosine, jaccard, normalizer

#: Figure "affiliation network" of the DNA manual (ch. 2): actor -> concepts referred to.
DNA_FIGURE = {
    "a1": ["c1"],
    "a2": ["c1", "c2", "c3"],
    "a3": ["c3", "c5"],
    "a4": ["c3"],
    "a5": ["c3", "c4"],
}
#: The actor congruence network the same figure draws (solid lines on the left).
DNA_CONGRUENCE = {
    ("a1", "a2"),
    ("a2", "a3"),
    ("a2", "a5"),
    ("a3", "a4"),
    ("a3", "a5"),
    ("a2", "a4"),
    ("a4", "a5"),
}


def registry(*ids: str) -> dict[str, Actor]:
    return {i: Actor(i, f"name {i}", "other") for i in ids}


def figure_claims() -> list[Claim]:
    claims = []
    for actor, concepts in DNA_FIGURE.items():
        for concept in concepts:
            claims.append(
                Claim("doc", f"{actor}-{concept}", None, "other", None, (actor,), (concept,))
            )
    return claims


def test_co_accusation_reproduces_dna_manual_figure():
    """Accusers tied by shared targets give exactly the manual's actor congruence network."""
    actors = registry(*DNA_FIGURE, "c1", "c2", "c3", "c4", "c5")
    graph = build_network("co-accusation", figure_claims(), actors)
    assert {tuple(sorted(e)) for e in graph.edges} == DNA_CONGRUENCE
    assert all(w == 1 for _, _, w in graph.edges(data="weight"))


def test_dna_normalisations_on_the_figure():
    """a1-a2 share c1 once: average 1/2, jaccard 1/3, cosine 1/3 (activities 1 and 3)."""
    actors = registry(*DNA_FIGURE)
    claims = figure_claims()
    expected = {"average": 1 / 2, "jaccard": 1 / 3, "cosine": 1 / 3}
    for name, value in expected.items():
        graph = build_network("co-accusation", claims, actors, normalize=name)
        assert graph.edges["a1", "a2"]["weight"] == pytest.approx(value)
        assert graph.edges["a1", "a2"]["raw_weight"] == 1


def test_normalisation_formulas_with_duplicates():
    """The published formulas on counts above one (profiles keyed by item and level)."""
    mine, theirs = {"x": 2, "y": 1}, {"x": 3, "z": 4}
    assert average(6, mine, theirs) == pytest.approx(6 / 5)
    assert jaccard(6, mine, theirs) == pytest.approx(6 / (1 + 4 + 6))
    assert cosine(6, mine, theirs) == pytest.approx(6 / 21)
    assert average(0, {}, {}) == 0.0
    with pytest.raises(ValueError, match="normalization must be one of"):
        normalizer("pearson")


def test_normalize_refused_for_directed_kinds():
    """--normalize belongs to the one-mode kinds only."""
    with pytest.raises(ValueError, match="applies to co-accusation and conflict"):
        build_network("accusations", [], {}, normalize="average")
    with pytest.raises(ValueError, match="kind must be one of"):
        build_network("friends", [], {})


def test_accusations_count_allegations_not_mentions():
    """Two mentions of one accuser in one allegation count once; provenance lists it once."""
    claims = [
        Claim("d1", "al1", date(2024, 5, 1), "torture", "asserted", ("a", "a"), ("b",)),
        Claim("d2", "al2", date(2024, 5, 3), None, None, ("a",), ("b",)),
    ]
    graph = build_network("accusations", claims, registry("a", "b"))
    edge = graph.edges["a", "b"]
    assert edge["weight"] == 2
    assert edge["category:torture"] == 1 and edge["category:none"] == 1
    assert edge["status:asserted"] == 1 and edge["status:none"] == 1
    assert edge["allegations"] == ["al1", "al2"]
    assert edge["documents"] == ["d1", "d2"]
    assert edge["dates"] == ["2024-05-01", "2024-05-03"]
    assert (edge["first_date"], edge["last_date"]) == ("2024-05-01", "2024-05-03")


def test_isolates_keep_every_registry_actor_and_category():
    """--isolates adds actors and (actor-category) schema categories without edges."""
    claims = [Claim("d", "al", None, "torture", None, ("a",), ("b",))]
    actors = registry("a", "b", "c")
    plain = build_network("actor-category", claims, actors)
    assert set(plain.nodes) == {"a", "category:torture"}
    full = build_network(
        "actor-category", claims, actors, isolates=True, categories=("torture", "killing")
    )
    assert set(full.nodes) == {"a", "b", "c", "category:torture", "category:killing"}
    assert full.nodes["category:killing"]["bipartite"] == 1
    assert full.nodes["b"]["bipartite"] == 0


def test_conflict_ignores_self_and_non_opposing_stances():
    """An actor denying its own allegation, or acknowledging one, makes no conflict tie."""
    claims = [
        Claim(
            "d",
            "al",
            None,
            None,
            None,
            ("a",),
            ("b",),
            responses=(
                ResponseClaim("r1", "deny", ("a",)),
                ResponseClaim("r2", "acknowledge", ("b",)),
                ResponseClaim("r3", "counter-accuse", ("b",)),
            ),
        )
    ]
    graph = build_network("conflict", claims, registry("a", "b"))
    assert list(graph.edges(data="weight")) == [("a", "b", 1)]
    assert graph.edges["a", "b"]["responses"] == ["r3"]
