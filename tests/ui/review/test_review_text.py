"""How review items and agreement spans are worded and coloured for the screen."""

from __future__ import annotations

from desktop.domain import Document
from desktop.ui.review.review_text import agreement_spans, layer_color, summary
from desktop.workspace import Workspace
from desktop.workspace.adjudication import review_items, review_spans
from tests.ui.review.test_review_panel import TEXT, at, build

LAYERS = ("alice", "bob")


def _workspace() -> Workspace:
    ws = Workspace.open(None)
    ws.set_annotator("carol")
    build(ws)
    return ws


def test_items_read_as_one_line_each_in_text_order():
    """Spans, labels, attributes and roles read as sentences quoting the text, in order."""
    ws = _workspace()
    try:
        lines = [summary(i, TEXT) for i in review_items(ws, "d1", LAYERS)]
    finally:
        ws.close()
    assert lines == [
        'ACTOR "Rebels": agreed',
        '"the army": alice ACTOR vs bob EVIDENCE',
        'ALLEGATION "shelling the village": agreed',
        'category of ALLEGATION "shelling the village": alice killing vs bob war crime',
        'accused: ALLEGATION "shelling the village" -> ACTOR "the army": alice only',
        'accuser: ALLEGATION "shelling the village" -> ACTOR "Rebels": agreed',
        'victim: ALLEGATION "shelling the village" -> ACTOR "the village": bob only',
        'ACTOR "the village": bob only',
        'ACTOR "The ministry": alice only',
    ]


def test_an_actor_link_reads_as_the_actor_name_and_long_text_is_cut():
    """Actor-link values are shown by name; a long range is quoted on one line, cut to 40."""
    ws = Workspace.open(None)
    ws.set_annotator("carol")
    long_text = "The  ministry\r\nof the interior of the republic said nothing at all today."
    ws.add_documents([Document("d1", long_text)])
    ws.add_actor("Interior Ministry")
    actor = ws.last_actor_id
    for layer, actor_id in (("alice", actor), ("bob", None)):
        (span_id,) = ws.add_span("d1", 0, len(long_text), "ACTOR", layer=layer).span_ids
        if actor_id:
            ws.link_actor(span_id, actor_id)
    try:
        (item,) = [i for i in review_items(ws, "d1", LAYERS) if i.kind == "attribute"]
        line = summary(item, long_text, lambda a: ws.actor(a).name)
    finally:
        ws.close()
    assert line == (
        'actor link of ACTOR "The ministry of the interior of the r...":'
        " alice Interior Ministry vs bob (none)"
    )


def test_agreement_spans_name_and_colour_who_has_them():
    """Agreed spans take the label's colour, one-sided ones their layer's, with unique ids."""
    ws = _workspace()
    try:
        found = review_spans(ws, "d1", ["alice", "bob", "gold"])
        colours = {label.name: label.color for label in ws.schema.span_labels}
        spans, colors = agreement_spans(found, "d1", colours)
        actor_colour = ws.schema.span_label("ACTOR").color
    finally:
        ws.close()
    labels = {(s.start, s.end): s.label for s in spans if s.label != "alice only: ACTOR"}
    assert labels[at("Rebels")] == "agreed: ACTOR"
    assert labels[at("the village")] == "bob only: ACTOR"
    assert labels[at("the army")] == "bob only: EVIDENCE"
    assert colors["agreed: ACTOR"] == actor_colour
    assert colors["alice only: ACTOR"] == layer_color(LAYERS, "alice") != colors["bob only: ACTOR"]
    assert len({s.id for s in spans}) == len(spans)
