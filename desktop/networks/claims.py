"""Claims: the parts of a claim frame a network needs, read from one document's annotations.

A claim is one ALLEGATION span with the canonical actors in its roles and the responses
to it. Parties are registry actor ids; an ACTOR span in a role without a registry link is
not guessed into an actor but kept as an `UnlinkedSpan` for the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from desktop.domain import Relation, Span

ALLEGATION, RESPONSE, ACTOR = "ALLEGATION", "RESPONSE", "ACTOR"
ALLEGATION_ROLES = ("accuser", "accused", "victim")
RESPONSE_ROLES = ("respondent",)


@dataclass(slots=True)
class ResponseClaim:
    """A response to an allegation: its span, stance and respondents (actor ids)."""

    span_id: str
    stance: str | None
    respondents: tuple[str, ...] = ()


@dataclass(slots=True)
class Claim:
    """An allegation with the actors in its roles, its document, date and responses.

    Read-only by convention (not frozen: built by the hundred thousand, and a frozen
    dataclass costs a `object.__setattr__` per field).
    """

    doc_id: str
    allegation_id: str
    date: date | None
    category: str | None
    status: str | None
    accusers: tuple[str, ...] = ()
    accused: tuple[str, ...] = ()
    victims: tuple[str, ...] = ()
    responses: tuple[ResponseClaim, ...] = ()


@dataclass(frozen=True, slots=True)
class UnlinkedSpan:
    """An ACTOR span filling a role without a link to the registry (left out of networks)."""

    doc_id: str
    span_id: str
    role: str
    start: int
    end: int


@dataclass(slots=True)
class DocumentClaims:
    """What one document of one layer gives the networks."""

    doc_id: str
    date: date | None
    claims: list[Claim] = field(default_factory=list)
    mentions: Counter[str] = field(default_factory=Counter)
    unlinked: list[UnlinkedSpan] = field(default_factory=list)


ActorLink = tuple[str, str, int, int, "str | None"]  # span id, doc id, start, end, actor id
Link = tuple[str, str, str]  # relation label, head span id, child span id


def layer_claims(
    actor_spans: Iterable[ActorLink],
    claim_spans: Iterable[Span],
    links: Iterable[Link],
    dates: Mapping[str, date | None],
    order: Sequence[str] | None = None,
) -> list[DocumentClaims]:
    """The claims of a whole layer, per document (in `order`, else first seen).

    `actor_spans` are the layer's ACTOR spans, `claim_spans` its ALLEGATION and RESPONSE
    spans, `links` its relations, `dates` the document dates. Each actor counts once per
    role of an allegation, however many of its mentions fill the role; responses count
    once per allegation they respond to; claims come in text order.
    """
    documents: dict[str, DocumentClaims] = {}

    def document(doc_id: str) -> DocumentClaims:
        found = documents.get(doc_id)
        if found is None:
            found = documents[doc_id] = DocumentClaims(doc_id, dates.get(doc_id))
        return found

    actors: dict[str, ActorLink] = {}
    for link in actor_spans:
        actors[link[0]] = link
        if link[4] is not None:
            document(link[1]).mentions[link[4]] += 1
    allegations: dict[str, Span] = {}
    responses: dict[str, Span] = {}
    for span in claim_spans:
        if span.label == ALLEGATION:
            allegations[span.id] = span
            document(span.doc_id)
        elif span.label == RESPONSE:
            responses[span.id] = span
    roles: dict[str, dict[str, list[str]]] = {}
    answers: dict[str, list[Span]] = {}
    for label, head_id, child_id in links:
        if label == "responds_to":
            response = responses.get(head_id)
            if response is not None and child_id in allegations:
                answered = answers.setdefault(child_id, [])
                if response not in answered:
                    answered.append(response)
            continue
        child = actors.get(child_id)
        if child is None or label not in _ROLES:
            continue
        if head_id not in (allegations if label != "respondent" else responses):
            continue
        actor_id = child[4]
        if actor_id is None:
            span_id, doc_id, start, end, _ = child
            document(doc_id).unlinked.append(UnlinkedSpan(doc_id, span_id, label, start, end))
            continue
        filled = roles.setdefault(head_id, {}).setdefault(label, [])
        if actor_id not in filled:
            filled.append(actor_id)
    for span in sorted(allegations.values(), key=_position):
        parties = roles.get(span.id, _NONE)
        replies = answers.get(span.id)
        answered_by: tuple[ResponseClaim, ...] = ()
        if replies:
            if len(replies) > 1:
                replies.sort(key=_position)
            answered_by = tuple(
                ResponseClaim(
                    r.id,
                    r.attrs.get("stance"),
                    tuple(roles.get(r.id, _NONE).get("respondent", ())),
                )
                for r in replies
            )
        attrs = span.attrs
        owner = documents[span.doc_id]
        owner.claims.append(
            Claim(
                span.doc_id,
                span.id,
                owner.date,
                attrs.get("category"),
                attrs.get("status"),
                tuple(parties.get("accuser", ())),
                tuple(parties.get("accused", ())),
                tuple(parties.get("victim", ())),
                answered_by,
            )
        )
    if order is None:
        return list(documents.values())
    return [documents[doc_id] for doc_id in order if doc_id in documents]


def document_claims(
    doc_id: str, when: date | None, spans: Sequence[Span], relations: Sequence[Relation]
) -> DocumentClaims:
    """The claims of one document's spans and relations (all of one layer)."""
    found = layer_claims(
        [(s.id, s.doc_id, s.start, s.end, s.actor_id) for s in spans if s.label == ACTOR],
        [s for s in spans if s.label in (ALLEGATION, RESPONSE)],
        [(r.label, r.head_id, r.child_id) for r in relations],
        {doc_id: when},
        [doc_id],
    )
    return found[0] if found else DocumentClaims(doc_id, when)


_ROLES = frozenset(ALLEGATION_ROLES + RESPONSE_ROLES)
_NONE: dict[str, list[str]] = {}


def _position(span: Span) -> tuple[int, int]:
    return (span.start, span.end)
