"""Claims: the parts of a claim frame a network needs, read from one document's annotations.

A claim is one ALLEGATION span with the canonical actors in its roles and the responses
to it. Parties are registry actor ids; an ACTOR span in a role without a registry link is
not guessed into an actor but kept as an `UnlinkedSpan` for the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
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


def document_claims(
    doc_id: str, when: date | None, spans: Sequence[Span], relations: Sequence[Relation]
) -> DocumentClaims:
    """The claims of one document's spans and relations (all of one layer).

    `spans` come in text order (as stores give them), and so do the claims. Each actor
    counts once per role of an allegation, however many of its mentions fill the role;
    responses count once per allegation they respond to.
    """
    result = DocumentClaims(doc_id, when)
    mentions = result.mentions
    by_id: dict[str, Span] = {}
    for span in spans:
        label = span.label
        if label == ACTOR:
            by_id[span.id] = span
            if span.actor_id is not None:
                mentions[span.actor_id] += 1
        elif label in (ALLEGATION, RESPONSE):
            by_id[span.id] = span
    roles: dict[str, dict[str, list[str]]] = {}
    answers: dict[str, list[Span]] = {}
    for relation in relations:
        head = by_id.get(relation.head_id)
        child = by_id.get(relation.child_id)
        if head is None or child is None:
            continue
        label = relation.label
        if label == "responds_to":
            if head.label == RESPONSE and child.label == ALLEGATION:
                answered = answers.setdefault(child.id, [])
                if head not in answered:
                    answered.append(head)
            continue
        if child.label != ACTOR or label not in _ROLES:
            continue
        actor_id = child.actor_id
        if actor_id is None:
            result.unlinked.append(UnlinkedSpan(doc_id, child.id, label, child.start, child.end))
            continue
        filled = roles.setdefault(head.id, {}).setdefault(label, [])
        if actor_id not in filled:
            filled.append(actor_id)
    claims = result.claims
    for span in spans:
        if span.label != ALLEGATION:
            continue
        parties = roles.get(span.id, _NONE)
        responses: tuple[ResponseClaim, ...] = ()
        replies = answers.get(span.id)
        if replies:
            if len(replies) > 1:
                replies.sort(key=_position)
            responses = tuple(
                ResponseClaim(
                    r.id,
                    r.attrs.get("stance"),
                    tuple(roles.get(r.id, _NONE).get("respondent", ())),
                )
                for r in replies
            )
        attrs = span.attrs
        claims.append(
            Claim(
                doc_id,
                span.id,
                when,
                attrs.get("category"),
                attrs.get("status"),
                tuple(parties.get("accuser", ())),
                tuple(parties.get("accused", ())),
                tuple(parties.get("victim", ())),
                responses,
            )
        )
    return result


_ROLES = frozenset(ALLEGATION_ROLES + RESPONSE_ROLES)
_NONE: dict[str, list[str]] = {}


def _position(span: Span) -> tuple[int, int]:
    return (span.start, span.end)
