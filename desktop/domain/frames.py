"""Claim frames: an allegation with its roles and the responses to it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from desktop.domain.actor import Actor
from desktop.domain.document import Document
from desktop.domain.relation import Relation
from desktop.domain.span import Span

ALLEGATION, RESPONSE = "ALLEGATION", "RESPONSE"


@dataclass(frozen=True, slots=True)
class Party:
    """A span filling a role, with the canonical actor it is linked to (if any)."""

    span: Span
    actor: Actor | None = None

    @property
    def name(self) -> str | None:
        """The canonical name, if the span is linked."""
        return self.actor.name if self.actor else None


@dataclass(frozen=True, slots=True)
class ResponseFrame:
    """A response to an allegation, with its stance and respondents."""

    span: Span
    respondents: tuple[Party, ...] = ()

    @property
    def stance(self) -> str | None:
        """The stance attribute, if set."""
        return self.span.attrs.get("stance")


@dataclass(frozen=True, slots=True)
class Frame:
    """Who alleges what against whom, and who responds how."""

    document: Document
    allegation: Span
    accusers: tuple[Party, ...] = ()
    accused: tuple[Party, ...] = ()
    victims: tuple[Party, ...] = ()
    evidence: tuple[Span, ...] = ()
    responses: tuple[ResponseFrame, ...] = field(default_factory=tuple)

    @property
    def category(self) -> str | None:
        """The allegation's category attribute."""
        return self.allegation.attrs.get("category")

    @property
    def status(self) -> str | None:
        """The allegation's status attribute (asserted, hedged, reported)."""
        return self.allegation.attrs.get("status")

    @property
    def text(self) -> str:
        """The allegation's text."""
        return self.allegation.text_in(self.document)

    def parties(self) -> tuple[Party, ...]:
        """Every party of the frame: accusers, accused, victims and respondents."""
        return (
            *self.accusers,
            *self.accused,
            *self.victims,
            *(p for r in self.responses for p in r.respondents),
        )


def build_frames(
    document: Document,
    spans: Sequence[Span],
    relations: Sequence[Relation],
    actors: Mapping[str, Actor],
) -> list[Frame]:
    """One frame per ALLEGATION span of one layer of a document, in text order."""
    by_id = {s.id: s for s in spans}
    outgoing: dict[str, list[Relation]] = {}
    incoming: dict[str, list[Relation]] = {}
    for relation in relations:
        if relation.head_id in by_id and relation.child_id in by_id:
            outgoing.setdefault(relation.head_id, []).append(relation)
            incoming.setdefault(relation.child_id, []).append(relation)

    def party(span_id: str) -> Party:
        span = by_id[span_id]
        return Party(span, actors.get(span.actor_id) if span.actor_id else None)

    def ordered(ids: list[str]) -> list[str]:
        return sorted(ids, key=lambda i: (by_id[i].start, by_id[i].end))

    frames = []
    for allegation in sorted(
        (s for s in spans if s.label == ALLEGATION), key=lambda s: (s.start, s.end)
    ):
        roles: dict[str, list[str]] = {}
        for relation in outgoing.get(allegation.id, ()):
            roles.setdefault(relation.label, []).append(relation.child_id)
        responses = []
        for relation in incoming.get(allegation.id, ()):
            response = by_id[relation.head_id]
            if relation.label != "responds_to" or response.label != RESPONSE:
                continue
            respondents = [
                r.child_id for r in outgoing.get(response.id, ()) if r.label == "respondent"
            ]
            responses.append(ResponseFrame(response, tuple(party(i) for i in ordered(respondents))))
        responses.sort(key=lambda r: (r.span.start, r.span.end))
        frames.append(
            Frame(
                document,
                allegation,
                accusers=tuple(party(i) for i in ordered(roles.get("accuser", []))),
                accused=tuple(party(i) for i in ordered(roles.get("accused", []))),
                victims=tuple(party(i) for i in ordered(roles.get("victim", []))),
                evidence=tuple(by_id[i] for i in ordered(roles.get("supported_by", []))),
                responses=tuple(responses),
            )
        )
    return frames


def frame_record(frame: Frame, layer: str) -> dict:
    """The JSON record of `gloss export --format frames` for one frame."""
    doc = frame.document

    def span_json(span: Span) -> dict:
        return {"id": span.id, "start": span.start, "end": span.end, "text": span.text_in(doc)}

    def party_json(p: Party) -> dict:
        return {"span": span_json(p.span), "actor": p.name}

    return {
        "doc_id": doc.id,
        "layer": layer,
        "allegation": span_json(frame.allegation),
        "category": frame.category,
        "status": frame.status,
        "accusers": [party_json(p) for p in frame.accusers],
        "accused": [party_json(p) for p in frame.accused],
        "victims": [party_json(p) for p in frame.victims],
        "evidence": [span_json(s) for s in frame.evidence],
        "responses": [
            {
                "span": span_json(r.span),
                "stance": r.stance,
                "respondents": [party_json(p) for p in r.respondents],
            }
            for r in frame.responses
        ],
    }
