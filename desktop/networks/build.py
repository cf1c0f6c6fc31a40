"""Actor networks from claims: one function per kind, each returning a networkx graph.

Kinds (x_ijk as in `desktop.networks.normalize`):

- `accusations` (directed): accuser -> accused; weight = number of allegations; counts
  per allegation category (`category:<c>`) and status (`status:<s>`).
- `responses` (directed): respondent -> each accuser of the allegation responded to;
  weight = number of responses; counts per stance (`stance:<s>`).
- `victims` (directed): accused -> victim; weight = number of allegations; counts per
  category.
- `co-accusation` (undirected): DNA's congruence network with accusing as the only
  qualifier level: j = accused actor, x_ij = allegations in which i accuses j;
  w_ii' = sum_j x_ij x_i'j.
- `conflict` (undirected): DNA's binary conflict network over allegations: j = an
  allegation, k = accuse (i is its accuser, x = 1) or oppose (x = i's responses to it
  with stance deny or counter-accuse); w_ii' = sum_j (x_ij,acc x_i'j,opp + x_ij,opp x_i'j,acc).
- `actor-category` (two-mode): accuser -> allegation category; weight = allegations.

Every edge carries its provenance: `documents`, `allegations` (span ids), `responses`
(span ids, for the kinds built from responses), `dates` (ISO), `first_date`, `last_date`.
Nodes carry `label`, `name`, `kind`, `aliases`, `mentions` and `type`. Lists stay lists
here; the writers serialise them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from desktop.domain import Actor
from desktop.networks.claims import Claim
from desktop.networks.normalize import Profile, normalizer

if TYPE_CHECKING:  # networkx loads in ~0.2 s: only when a network is built
    import networkx as nx

KINDS = ("accusations", "responses", "victims", "co-accusation", "conflict", "actor-category")
DIRECTED = ("accusations", "responses", "victims")
ONE_MODE = ("co-accusation", "conflict")
OPPOSING_STANCES = ("deny", "counter-accuse")
NO_VALUE = "none"
CATEGORY_PREFIX = "category:"


class _Group:
    """The claims of one accuser against one target, merged into ties as a whole."""

    __slots__ = ("allegations", "dates", "documents")

    def __init__(self, claims: Sequence[Claim]) -> None:
        self.allegations = [c.allegation_id for c in claims]
        self.documents = [c.doc_id for c in claims]
        self.dates = {c.date for c in claims if c.date is not None}


class _Tie:
    """The claims behind one edge: cited one by one, or as whole groups."""

    __slots__ = (
        "allegations",
        "counts",
        "dates",
        "documents",
        "groups",
        "raw_weight",
        "responses",
        "targets",
        "weight",
    )

    def __init__(self) -> None:
        self.allegations: dict[str, None] = {}
        self.responses: dict[str, None] = {}
        self.documents: dict[str, None] = {}
        self.dates: set[date] = set()
        self.counts: dict[str, int] = {}
        self.targets: dict[str, None] = {}
        self.groups: list[_Group] = []
        self.weight: float = 0
        self.raw_weight: float | None = None

    def cite(self, claim: Claim) -> bool:
        """Record the claim; True if its allegation is new to this tie."""
        self.documents[claim.doc_id] = None
        if claim.date is not None:
            self.dates.add(claim.date)
        if claim.allegation_id in self.allegations:
            return False
        self.allegations[claim.allegation_id] = None
        return True

    def count(self, key: str) -> None:
        """One more of `key` (`category:torture`, `stance:deny`)."""
        self.counts[key] = self.counts.get(key, 0) + 1

    def attributes(self) -> dict[str, Any]:
        """The edge's attributes: weight, counts, provenance."""
        allegations, documents, dates = self.allegations, self.documents, self.dates
        if self.groups:  # merged at the end, in C, however many groups there are
            groups = self.groups
            allegations = dict.fromkeys(
                chain(allegations, chain.from_iterable(g.allegations for g in groups))
            )
            documents = dict.fromkeys(
                chain(documents, chain.from_iterable(g.documents for g in groups))
            )
            dates = dates.union(*(g.dates for g in groups))
        days = sorted(_iso(d) for d in dates)
        data: dict[str, Any] = {"weight": self.weight}
        if self.raw_weight is not None:
            data["raw_weight"] = self.raw_weight
        data.update(sorted(self.counts.items()))
        data["documents"] = list(documents)
        data["allegations"] = list(allegations)
        if self.responses:
            data["responses"] = list(self.responses)
        data["dates"] = days
        if days:
            data["first_date"], data["last_date"] = days[0], days[-1]
        return data


Ties = dict[tuple[str, str], _Tie]
_ISO: dict[date, str] = {}


def _iso(day: date) -> str:
    """`day.isoformat()`, remembered (a network repeats a few hundred dates millions of times)."""
    text = _ISO.get(day)
    if text is None:
        text = _ISO[day] = day.isoformat()
    return text


def _tie(ties: Ties, source: str, target: str) -> _Tie:
    key = (source, target)
    tie = ties.get(key)
    if tie is None:
        tie = ties[key] = _Tie()
    return tie


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _value(value: str | None) -> str:
    return value if value else NO_VALUE


# --- directed kinds ----------------------------------------------------------------
def _allegation_ties(
    claims: Iterable[Claim],
    sources: Callable[[Claim], Iterable[str]],
    targets: Callable[[Claim], Iterable[str]],
    counted: Callable[[Claim], Iterable[str]],
) -> Ties:
    """source -> target for every pair of each allegation, one count per allegation (its
    weight and the `counted` keys)."""
    ties: Ties = {}
    for claim in claims:
        for source in sources(claim):
            for target in targets(claim):
                tie = _tie(ties, source, target)
                if tie.cite(claim):
                    tie.weight += 1
                    for key in counted(claim):
                        tie.count(key)
    return ties


def accusation_ties(claims: Iterable[Claim]) -> Ties:
    """accuser -> accused, one count per allegation, by category and status."""
    return _allegation_ties(
        claims,
        attrgetter("accusers"),
        attrgetter("accused"),
        lambda c: (f"category:{_value(c.category)}", f"status:{_value(c.status)}"),
    )


def victim_ties(claims: Iterable[Claim]) -> Ties:
    """accused -> victim, one count per allegation, by category."""
    return _allegation_ties(
        claims,
        attrgetter("accused"),
        attrgetter("victims"),
        lambda c: (f"category:{_value(c.category)}",),
    )


def response_ties(claims: Iterable[Claim]) -> Ties:
    """respondent -> accuser of the allegation, one count per response, by stance."""
    ties: Ties = {}
    for claim in claims:
        for response in claim.responses:
            for respondent in response.respondents:
                for accuser in claim.accusers:
                    tie = _tie(ties, respondent, accuser)
                    tie.cite(claim)
                    if response.span_id not in tie.responses:
                        tie.responses[response.span_id] = None
                        tie.weight += 1
                        tie.count(f"stance:{_value(response.stance)}")
    return ties


# --- one-mode kinds ----------------------------------------------------------------
def accusation_profiles(claims: Iterable[Claim]) -> tuple[dict[str, Counter], dict]:
    """x_ij of the co-accusation network: {accuser: {accused: allegations}}, and the claims."""
    profiles: dict[str, Counter] = {}
    behind: dict[tuple[str, str], list[Claim]] = {}
    seen: set[tuple[str, str, str]] = set()
    for claim in claims:
        for accuser in claim.accusers:
            for accused in claim.accused:
                key = (accuser, accused, claim.allegation_id)
                if key in seen:
                    continue
                seen.add(key)
                profiles.setdefault(accuser, Counter())[accused] += 1
                behind.setdefault((accuser, accused), []).append(claim)
    return profiles, behind


def co_accusation_ties(
    claims: Iterable[Claim], names: Mapping[str, str], normalize: str | None = None
) -> Ties:
    """Two accusers tied by the targets they both accuse: w = sum_j x_ij x_i'j."""
    profiles, behind = accusation_profiles(claims)
    by_target: dict[str, list[str]] = {}
    for accuser, targets in profiles.items():
        for target in targets:
            by_target.setdefault(target, []).append(accuser)
    groups = {key: _Group(found) for key, found in behind.items()}
    ties: Ties = {}
    for target, accusers in by_target.items():
        accusers.sort()
        name = names.get(target, target)
        for index, one in enumerate(accusers):
            mine, my_group = profiles[one][target], groups[(one, target)]
            for other in accusers[index + 1 :]:
                tie = _tie(ties, one, other)
                tie.weight += mine * profiles[other][target]
                tie.targets[name] = None
                tie.groups.append(my_group)
                tie.groups.append(groups[(other, target)])
    keyed = {a: {(j, "accuse"): n for j, n in p.items()} for a, p in profiles.items()}
    _normalize(ties, keyed, normalize)
    return ties


def conflict_profiles(claims: Iterable[Claim]) -> tuple[dict[str, Counter], dict]:
    """x_ijk of the conflict network: {actor: {(allegation, accuse|oppose): count}}."""
    profiles: dict[str, Counter] = {}
    by_allegation: dict[str, Claim] = {}
    for claim in claims:
        by_allegation[claim.allegation_id] = claim
        for accuser in claim.accusers:
            profiles.setdefault(accuser, Counter())[(claim.allegation_id, "accuse")] = 1
        for response in claim.responses:
            if response.stance not in OPPOSING_STANCES:
                continue
            for respondent in response.respondents:
                profiles.setdefault(respondent, Counter())[(claim.allegation_id, "oppose")] += 1
    return profiles, by_allegation


def conflict_ties(claims: Iterable[Claim], normalize: str | None = None) -> Ties:
    """Actors tied when one accuses and the other denies or counter-accuses the allegation."""
    profiles, by_allegation = conflict_profiles(claims)
    ties: Ties = {}
    for claim in by_allegation.values():
        opposed = [
            (response, respondent)
            for response in claim.responses
            if response.stance in OPPOSING_STANCES
            for respondent in response.respondents
        ]
        for accuser in claim.accusers:
            for response, respondent in opposed:
                if respondent == accuser:
                    continue
                tie = _tie(ties, *_pair(accuser, respondent))
                tie.cite(claim)
                tie.weight += 1
                if response.span_id not in tie.responses:
                    tie.responses[response.span_id] = None
                    tie.count(f"stance:{response.stance}")
    _normalize(ties, profiles, normalize)
    return ties


def _normalize(ties: Ties, profiles: Mapping[str, Profile], name: str | None) -> None:
    if not name:
        return
    function = normalizer(name)
    for (one, other), tie in ties.items():
        tie.raw_weight = tie.weight
        tie.weight = function(tie.weight, profiles.get(one, {}), profiles.get(other, {}))


# --- two-mode kind -----------------------------------------------------------------
def category_ties(claims: Iterable[Claim]) -> Ties:
    """accuser -> `category:<c>`, one count per allegation."""
    ties: Ties = {}
    for claim in claims:
        for accuser in claim.accusers:
            tie = _tie(ties, accuser, CATEGORY_PREFIX + _value(claim.category))
            if tie.cite(claim):
                tie.weight += 1
                tie.count(f"status:{_value(claim.status)}")
    return ties


# --- the graph -----------------------------------------------------------------------
def actor_node(actor: Actor | None, actor_id: str, mentions: int) -> dict[str, Any]:
    """The attributes of an actor's node."""
    name = actor.name if actor else actor_id
    return {
        "label": name,
        "name": name,
        "kind": actor.kind if actor else "other",
        "aliases": list(actor.aliases) if actor else [],
        "mentions": mentions,
        "type": "actor",
    }


def build_network(
    kind: str,
    claims: Sequence[Claim],
    actors: Mapping[str, Actor],
    *,
    mentions: Mapping[str, int] | None = None,
    normalize: str | None = None,
    isolates: bool = False,
    categories: Sequence[str] = (),
) -> nx.Graph:
    """The network of `kind` over `claims`; `actors` is the registry by id.

    `isolates` adds every registry actor (and, for actor-category, every category in
    `categories`) even without an edge, so that networks of different windows share
    their nodes. `normalize` (average, jaccard, cosine) applies to the one-mode kinds.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if normalize and kind not in ONE_MODE:
        raise ValueError(f"--normalize applies to {' and '.join(ONE_MODE)}, not {kind}")
    names = {actor_id: actor.name for actor_id, actor in actors.items()}
    builders: dict[str, Callable[[], Ties]] = {
        "accusations": lambda: accusation_ties(claims),
        "responses": lambda: response_ties(claims),
        "victims": lambda: victim_ties(claims),
        "co-accusation": lambda: co_accusation_ties(claims, names, normalize),
        "conflict": lambda: conflict_ties(claims, normalize),
        "actor-category": lambda: category_ties(claims),
    }
    ties = builders[kind]()
    import networkx as nx

    graph: nx.Graph = nx.DiGraph() if kind in DIRECTED or kind == "actor-category" else nx.Graph()
    graph.graph.update({"kind": kind, "normalize": normalize or "none"})
    counts = mentions or {}

    def sort_key(node_id: str) -> tuple[str, str]:
        return (names.get(node_id, node_id).casefold(), node_id)

    endpoints = {node for key in ties for node in key}
    actor_ids = set(actors) if isolates else set()
    category_ids: set[str] = set()
    for node in endpoints:
        if kind == "actor-category" and node.startswith(CATEGORY_PREFIX):
            category_ids.add(node)
        else:
            actor_ids.add(node)
    if kind == "actor-category" and isolates:
        category_ids.update(CATEGORY_PREFIX + c for c in categories)
    for actor_id in sorted(actor_ids, key=sort_key):
        data = actor_node(actors.get(actor_id), actor_id, counts.get(actor_id, 0))
        if kind == "actor-category":
            data["bipartite"] = 0
        graph.add_node(actor_id, **data)
    for category_id in sorted(category_ids):
        name = category_id[len(CATEGORY_PREFIX) :]
        graph.add_node(category_id, label=name, name=name, type="category", bipartite=1)
    for (source, target), tie in sorted(
        ties.items(), key=lambda item: (sort_key(item[0][0]), sort_key(item[0][1]))
    ):
        data = tie.attributes()
        if tie.targets:
            data["targets"] = list(tie.targets)
        graph.add_edge(source, target, **data)
    return graph
