"""Claims: the parts of a claim frame a network needs, read from one document's annotations.

A claim is one ALLEGATION span with the canonical actors in its roles and the responses
to it. Parties are registry actor ids; an ACTOR span in a role without a registry link is
not guessed into an actor but kept as an `UnlinkedSpan` for the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from desktop.domain import Relation, Span

ALLEGATION, RESPONSE, ACTOR = "ALLEGATION", "RESPONSE", "ACTOR"
ALLEGATION_ROLES = ("accuser", "accused", "victim")
RESPONSE_ROLES = ("respondent",)


@dataclass(frozen=True, slots=True)
class ResponseClaim:
    """A response to an allegation: its span, stance and respondents (actor ids)."""

    span_id: str
    stance: str | None
    respondents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """An allegation with the actors in its roles, its document, date and responses."""

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


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def document_claims(
    doc_id: str, when: date | None, spans: Sequence[Span], relations: Sequence[Relation]
) -> DocumentClaims:
    """The claims of one document's spans and relations (all of one layer).

    Each actor counts once per role of an allegation, however many of its mentions fill
    the role; responses count once per allegation they respond to.
    """
    result = DocumentClaims(doc_id, when)
    by_id: dict[str, Span] = {}
    for span in spans:
        by_id[span.id] = span
        if span.label == ACTOR and span.actor_id is not None:
            result.mentions[span.actor_id] += 1
    roles: dict[str, dict[str, list[str]]] = {}
    answers: dict[str, list[str]] = {}
    for relation in relations:
        head = by_id.get(relation.head_id)
        child = by_id.get(relation.child_id)
        if head is None or child is None:
            continue
        label = relation.label
        if label == "responds_to":
            if head.label == RESPONSE and child.label == ALLEGATION:
                answers.setdefault(child.id, []).append(head.id)
            continue
        if child.label != ACTOR or label not in ALLEGATION_ROLES + RESPONSE_ROLES:
            continue
        if child.actor_id is None:
            result.unlinked.append(UnlinkedSpan(doc_id, child.id, label, child.start, child.end))
            continue
        roles.setdefault(head.id, {}).setdefault(label, []).append(child.id)

    def actors_in(span_id: str, role: str) -> tuple[str, ...]:
        filled = roles.get(span_id, {}).get(role, ())
        ordered = sorted(filled, key=lambda i: (by_id[i].start, by_id[i].end))
        return _unique(by_id[i].actor_id for i in ordered)  # type: ignore[misc]

    for allegation in sorted(
        (s for s in spans if s.label == ALLEGATION), key=lambda s: (s.start, s.end)
    ):
        responses = []
        for response_id in sorted(
            _unique(answers.get(allegation.id, ())),
            key=lambda i: (by_id[i].start, by_id[i].end),
        ):
            response = by_id[response_id]
            responses.append(
                ResponseClaim(
                    response.id, response.attrs.get("stance"), actors_in(response.id, "respondent")
                )
            )
        result.claims.append(
            Claim(
                doc_id,
                allegation.id,
                when,
                allegation.attrs.get("category"),
                allegation.attrs.get("status"),
                accusers=actors_in(allegation.id, "accuser"),
                accused=actors_in(allegation.id, "accused"),
                victims=actors_in(allegation.id, "victim"),
                responses=tuple(responses),
            )
        )
    return result
