"""Claim frames, their export, the actor registry export and mention propagation."""

import json
from pathlib import Path

from desktop.workspace import (
    Workspace,
    accept_mention,
    export_actors,
    export_frames,
    frames,
    import_paths,
    suggest_mentions,
)
from tests.workspace.conftest import new_id

SEED = Path(__file__).resolve().parents[2] / "seeds" / "hrw-azerbaijan-pows.jsonl"


def test_sample_frames_read_as_an_expert_would(tmp_path):
    """The annotated sample exports the frames of the article with canonical actors."""
    ws = Workspace.open(tmp_path / "s.gloss", create=True)
    import_paths(ws, [SEED])
    out = tmp_path / "frames.jsonl"
    assert export_frames(ws, out) == 5
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    first = records[0]
    assert (
        first["allegation"]["text"] == "brutalizing some Armenian troops captured in the conflict"
    )
    assert first["category"] == "abuse or mistreatment" and first["status"] == "asserted"
    assert [a["actor"] for a in first["accusers"]] == ["Human Rights Watch"]
    assert [a["actor"] for a in first["accused"]] == ["Azerbaijani forces"]
    assert [a["span"]["text"] for a in first["victims"]] == ["Armenian troops"]
    stances = {r["stance"] for r in first["responses"]}
    assert stances == {"promise investigation", "regret or apologize"}
    respondents = {p["actor"] for r in first["responses"] for p in r["respondents"]}
    assert respondents == {"Azerbaijan", "Hikmat Hajiyev"}
    last = records[-1]
    assert last["status"] == "hedged" and last["victims"][0]["actor"] == "Azerbaijani POWs"
    assert last["responses"][0]["respondents"][0]["actor"] == "Armenia"
    text = ws.document(first["doc_id"]).text
    for record in records:
        span = record["allegation"]
        assert text[span["start"] : span["end"]] == span["text"]
    ws.close()


def test_frames_follow_the_project(ws):
    """A frame gathers roles and responses and updates as links change."""
    actor = new_id(ws.add_span("d1", 0, 18, "ACTOR"))
    allegation = new_id(ws.add_span("d1", 27, 77, "ALLEGATION", attrs={"category": "torture"}))
    response = new_id(ws.add_span("d1", 97, 113, "RESPONSE", attrs={"stance": "deny"}))
    ws.add_relation(allegation, actor, "accuser")
    ws.add_relation(response, allegation, "responds_to")
    (frame,) = frames(ws, doc_id="d1")
    assert frame.category == "torture" and [p.span.id for p in frame.accusers] == [actor]
    assert [r.stance for r in frame.responses] == ["deny"]
    ws.remove_span(actor)
    (frame,) = frames(ws, doc_id="d1")
    assert frame.accusers == ()


def test_actor_export_counts_mentions(ws, tmp_path):
    """The registry export lists each actor with aliases and mention count."""
    ws.add_actor("Human Rights Watch", "NGO or IGO", ("HRW",))
    span = new_id(ws.add_span("d1", 0, 18, "ACTOR"))
    ws.link_actor(span, ws.last_actor_id)
    out = tmp_path / "actors.jsonl"
    assert export_actors(ws, out) == 1
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["name"] == "Human Rights Watch" and record["mentions"] == 1
    assert record["aliases"] == ["HRW"]


def test_propagation_suggests_unannotated_whole_word_mentions(ws):
    """Suggestions find names and aliases at word boundaries, skip annotated ones, and accept."""
    from desktop.domain import Document

    ws.add_documents([Document("d3", "HRW said. The HRWatch blog. Later, hrw repeated it.")])
    ws.add_actor("Human Rights Watch", "NGO or IGO", ("HRW",))
    actor_id = ws.last_actor_id
    suggestions = suggest_mentions(ws, actor_id)
    assert [(m.doc_id, m.start, m.end) for m in suggestions] == [
        ("d1", 0, 18),
        ("d3", 0, 3),
        ("d3", 35, 38),
    ]
    change = accept_mention(ws, suggestions[1])
    span = ws.span(new_id(change))
    assert span.actor_id == actor_id and span.attrs == {"kind": "NGO or IGO"}
    assert len(suggest_mentions(ws, actor_id, doc_id="d3")) == 1
