"""A small corpus with known claim frames, written through the real Workspace use cases.

Actors: A "Amnesty 👩‍👩‍👧" (NGO), B "Béla Forces" (combining accent, armed forces),
C "حكومة" (right-to-left, government), D "Villagers", E "Ministry", F "Observer" (never
in a frame). Frames (document, date):

- al1 (n1, 2024-01-05, CRLF): A accuses B of torture (asserted), victim D; r1: C denies.
- al2 (n2, 2024-01-20): C accuses B of killing (reported); r2: E denies al2 and al3.
- al3 (n2): A accuses B of killing (hedged).
- al6 (n5, 2024-02-10): A accuses E of abuse or mistreatment (asserted).
- al4 (n3, 2024-03-01): E accuses A of corruption (asserted); r3: A counter-accuses.
- al5 (n4, undated): C accuses B of war crime (asserted); victim "someone", not linked.
"""

from __future__ import annotations

from pathlib import Path

from desktop.domain import Document
from desktop.workspace import Workspace

A, B, C, D, E, F = (
    "Amnesty 👩‍👩‍👧",
    "Be\u0301la Forces",
    "حكومة",
    "Villagers",
    "Ministry",
    "Observer",
)
KINDS = {
    A: "NGO or IGO",
    B: "armed forces",
    C: "government",
    D: "victims or civilians",
    E: "official",
    F: "other",
}

DOCUMENTS = [
    ("n1", "2024-01-05", f"{A} accused {B} of torture against {D}.\r\n{C} denied it."),
    (
        "n2",
        "2024-01-20T09:30:00Z",
        f"{C} accused {B} of killing. {A} also blamed {B} for killings. {E} denied both.",
    ),
    ("n3", "2024-03-01", f"{E} accused {A} of corruption. {A} counter-accused the {E}."),
    ("n4", None, f"{C} accused {B} of a war crime against someone."),
    ("n5", "2024-02-10", f"{A} accused {E} of abuse."),
]


def build(ws: Workspace, layer: str = "alice") -> dict[str, str]:
    """Fill `ws` with the corpus in `layer`; returns actor names and frame names to ids."""
    ids: dict[str, str] = {}
    for name, kind in KINDS.items():
        ws.add_actor(name, kind, aliases=(name.upper(),))
        ids[name] = ws.last_actor_id
    ws.add_documents(
        [
            Document(doc_id, text, doc_id, {"date": when} if when else {"source": "wire"})
            for doc_id, when, text in DOCUMENTS
        ]
    )
    texts = {doc_id: text for doc_id, _, text in DOCUMENTS}

    def span(doc_id: str, text: str, label: str, nth: int = 0, **kw) -> str:
        at = -1
        for _ in range(nth + 1):
            at = texts[doc_id].index(text, at + 1)
        change = ws.add_span(doc_id, at, at + len(text), label, layer=layer, **kw)
        (only,) = change.span_ids
        return only

    def actor(doc_id: str, name: str, nth: int = 0, linked: bool = True) -> str:
        return span(
            doc_id,
            name,
            "ACTOR",
            nth,
            attrs={"kind": KINDS.get(name, "other")},
            actor_id=ids[name] if linked else None,
        )

    def allegation(doc_id, text, category, status, accuser, accused, victim=None) -> str:
        al = span(doc_id, text, "ALLEGATION", attrs={"category": category, "status": status})
        ws.add_relation(al, accuser, "accuser")
        ws.add_relation(al, accused, "accused")
        if victim:
            ws.add_relation(al, victim, "victim")
        return al

    def response(doc_id, text, stance, respondent, *allegations) -> str:
        r = span(doc_id, text, "RESPONSE", attrs={"stance": stance})
        ws.add_relation(r, respondent, "respondent")
        for al in allegations:
            ws.add_relation(r, al, "responds_to")
        return r

    a1, b1, d1, c1 = (actor("n1", n) for n in (A, B, D, C))
    ids["al1"] = allegation("n1", "torture", "torture", "asserted", a1, b1, d1)
    ids["r1"] = response("n1", "denied it", "deny", c1, ids["al1"])

    c2, b2, a2, b2b, e2 = (
        actor("n2", C),
        actor("n2", B),
        actor("n2", A),
        actor("n2", B, 1),
        actor("n2", E),
    )
    ids["al2"] = allegation("n2", "killing", "killing", "reported", c2, b2)
    ids["al3"] = allegation("n2", "killings", "killing", "hedged", a2, b2b)
    ids["r2"] = response("n2", "denied both", "deny", e2, ids["al2"], ids["al3"])

    e3, a3, a3b = actor("n3", E), actor("n3", A), actor("n3", A, 1)
    ids["al4"] = allegation("n3", "corruption", "corruption", "asserted", e3, a3)
    ids["r3"] = response("n3", "counter-accused", "counter-accuse", a3b, ids["al4"])

    c4, b4 = actor("n4", C), actor("n4", B)
    victim = span("n4", "someone", "ACTOR", attrs={"kind": "victims or civilians"})
    ids["someone"] = victim
    ids["al5"] = allegation("n4", "war crime", "war crime", "asserted", c4, b4, victim)

    a5, e5 = actor("n5", A), actor("n5", E)
    ids["al6"] = allegation("n5", "abuse", "abuse or mistreatment", "asserted", a5, e5)
    return ids


def make_project(path: Path, layer: str = "alice") -> dict[str, str]:
    """A project file at `path` holding the corpus; returns the ids (see `build`)."""
    ws = Workspace.open(path, create=True)
    try:
        ws.set_annotator("alice")
        return build(ws, layer)
    finally:
        ws.close()
