"""Use cases: each validates, commits, logs, pushes an undo entry and broadcasts."""

import pytest

from desktop.domain import DomainError, InvalidRelation, InvalidSpan, UnknownLabel
from desktop.workspace import NotFound, ReadOnlyLayer, Workspace
from tests.workspace.conftest import TEXT, new_id


def test_add_span_is_committed_and_broadcast(ws, project_path):
    """A new span is in the file before listeners hear of it."""
    heard = []
    ws.subscribe(lambda change, initiator: heard.append((change, initiator)))
    change = ws.add_span("d1", 0, 18, "ACTOR", attrs={"kind": "NGO or IGO"}, initiator="view")
    span_id = new_id(change)
    assert heard[0][1] == "view" and heard[0][0].spans and heard[0][0].touches("d1")
    ws.close()
    reopened = Workspace.open(project_path)
    (span,) = reopened.spans("d1", "alice")
    assert (span.id, span.start, span.end, span.attrs) == (span_id, 0, 18, {"kind": "NGO or IGO"})
    assert reopened.document("d1").text[span.start : span.end] == "Human Rights Watch"


def test_offsets_are_code_points_into_the_exact_text(ws):
    """Spans over emoji, ZWJ sequences, Arabic and combining marks slice the stored text."""
    start = TEXT.index("👩")
    change = ws.add_span("d1", start, start + 5, "ACTOR")
    span = ws.span(new_id(change))
    assert ws.document("d1").text[span.start : span.end] == "👩‍👩‍👧"
    arabic = TEXT.index("مرحبا")
    ws.add_span("d1", arabic, arabic + 5, "ACTOR")
    assert "\r\n" in ws.document("d1").text


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("d1", 5, 5, "ACTOR"), InvalidSpan),
        (("d1", 0, 10_000, "ACTOR"), InvalidSpan),
        (("d1", 0, 4, "PERSON"), UnknownLabel),
        (("nope", 0, 4, "ACTOR"), NotFound),
    ],
)
def test_add_span_rejects_bad_input_and_changes_nothing(ws, args, error):
    """Invalid spans are refused with a domain error and nothing is written or logged."""
    edits = ws._project.history.count()
    with pytest.raises(error):
        ws.add_span(*args)
    assert ws.spans("d1") == [] and ws._project.history.count() == edits


def test_relabel_keeps_valid_attributes_and_drops_invalid_roles(ws):
    """Relabeling drops attributes and roles the new label does not allow."""
    actor = new_id(ws.add_span("d1", 0, 18, "ACTOR", attrs={"kind": "NGO or IGO"}))
    allegation = new_id(ws.add_span("d1", 19, 26, "ALLEGATION"))
    ws.add_relation(allegation, actor, "accuser")
    ws.relabel_span(actor, "EVIDENCE")
    assert ws.span(actor).label == "EVIDENCE" and ws.span(actor).attrs == {}
    assert ws.relations("d1") == []
    ws.undo()
    assert ws.span(actor).label == "ACTOR" and len(ws.relations("d1")) == 1


def test_attributes_are_checked_and_undone(ws):
    """Attribute values come from the schema; undo restores the previous value."""
    allegation = new_id(ws.add_span("d1", 19, 26, "ALLEGATION"))
    ws.set_span_attribute(allegation, "category", "torture")
    ws.set_span_attribute(allegation, "status", "asserted")
    with pytest.raises(DomainError):
        ws.set_span_attribute(allegation, "category", "rudeness")
    assert ws.span(allegation).attrs == {"category": "torture", "status": "asserted"}
    ws.undo()
    assert ws.span(allegation).attrs == {"category": "torture"}
    ws.set_span_attribute(allegation, "category", None)
    assert ws.span(allegation).attrs == {}


def test_relations_follow_the_schema(ws):
    """Only roles the schema allows, between spans of one layer; no duplicates."""
    actor = new_id(ws.add_span("d1", 0, 18, "ACTOR"))
    allegation = new_id(ws.add_span("d1", 19, 26, "ALLEGATION"))
    with pytest.raises(InvalidRelation):
        ws.add_relation(actor, allegation, "accuser")
    with pytest.raises(UnknownLabel):
        ws.add_relation(allegation, actor, "friend")
    relation = new_id(ws.add_relation(allegation, actor, "accuser"))
    with pytest.raises(DomainError, match="already"):
        ws.add_relation(allegation, actor, "accuser")
    ws.remove_relation(relation)
    assert ws.relations("d1") == []


def test_deleting_a_span_deletes_its_links_and_undo_restores_both(ws):
    """Removing a span removes every role touching it; undo brings all back."""
    actor = new_id(ws.add_span("d1", 0, 18, "ACTOR"))
    allegation = new_id(ws.add_span("d1", 19, 26, "ALLEGATION"))
    response = new_id(ws.add_span("d1", 80, 100, "RESPONSE"))
    ws.add_relation(allegation, actor, "accuser")
    ws.add_relation(response, allegation, "responds_to")
    ws.remove_span(allegation)
    assert [s.id for s in ws.spans("d1")] == [actor, response] and ws.relations("d1") == []
    ws.undo()
    assert len(ws.spans("d1")) == 3 and len(ws.relations("d1")) == 2


def test_undo_and_redo_survive_reopening(ws, project_path):
    """The undo history lives in the file: close, reopen, undo, redo."""
    first = new_id(ws.add_span("d1", 0, 18, "ACTOR"))
    ws.add_span("d1", 19, 26, "ALLEGATION")
    ws.set_status("d1", "done")
    ws.close()
    ws = Workspace.open(project_path)
    assert ws.can_undo() == "Mark done"
    ws.undo()
    assert ws.status("d1") == "new"
    ws.undo()
    assert [s.id for s in ws.spans("d1")] == [first]
    ws.close()
    ws = Workspace.open(project_path)
    assert ws.can_redo() == "Add ALLEGATION"
    ws.redo()
    assert len(ws.spans("d1")) == 2
    ws.add_span("d1", 27, 40, "ACTOR")
    assert ws.can_redo() is None  # a new edit drops the redo stack
    ws.close()


def test_every_edit_is_logged(ws):
    """The edit log names each action, including undo and redo."""
    span = new_id(ws.add_span("d1", 0, 18, "ACTOR"))
    ws.remove_span(span)
    ws.undo()
    ws.redo()
    actions = [e.action for e in ws._project.history.entries()]
    assert actions[-4:] == ["add_span", "remove_span", "undo", "redo"]
    assert all(e.annotator == "alice" for e in ws._project.history.entries())


def test_status_is_per_layer(ws):
    """Marking done is per annotator layer; unknown statuses are refused."""
    ws.set_status("d1", "done")
    assert ws.status("d1") == "done" and ws.status("d1", "bob") == "new"
    with pytest.raises(DomainError):
        ws.set_status("d1", "finished")


def test_read_only_layers_refuse_edits(ws):
    """A colleague's (read-only) layer cannot be edited."""
    ws.add_span("d1", 0, 18, "ACTOR", layer="bob")
    ws._project.layers.set_read_only("bob", True)
    (span,) = ws.spans("d1", "bob")
    with pytest.raises(ReadOnlyLayer):
        ws.remove_span(span.id)
    with pytest.raises(ReadOnlyLayer):
        ws.add_span("d1", 19, 26, "ALLEGATION", layer="bob")


def test_actors_link_and_unlink_with_undo(ws):
    """Actors are created, linked to spans, and deleting one unlinks its mentions (undoable)."""
    ws.add_actor("Human Rights Watch", "NGO or IGO", ("HRW", "the rights group"))
    actor_id = ws.last_actor_id
    span = new_id(ws.add_span("d1", 0, 18, "ACTOR"))
    ws.link_actor(span, actor_id)
    assert ws.span(span).actor_id == actor_id
    assert ws.actor(actor_id).aliases == ("HRW", "the rights group")
    ws.update_actor(actor_id, aliases=("HRW",))
    assert ws.actor(actor_id).aliases == ("HRW",)
    ws.remove_actor(actor_id)
    assert ws.span(span).actor_id is None and ws.actors() == []
    ws.undo()
    assert ws.span(span).actor_id == actor_id and ws.actors()[0].name == "Human Rights Watch"


def test_annotator_cannot_be_gold(ws):
    """Gold is written only through review, not as the local annotator."""
    with pytest.raises(ReadOnlyLayer):
        ws.set_annotator("gold")


def test_resize_span_checks_the_text_and_undoes(ws):
    """Moving a span's boundaries is validated against the text and undoable."""
    span_id = new_id(ws.add_span("d1", 0, 5, "ACTOR"))
    ws.resize_span(span_id, 0, 18)
    assert ws.document("d1").text[0:18] == "Human Rights Watch"
    assert (ws.span(span_id).start, ws.span(span_id).end) == (0, 18)
    with pytest.raises(InvalidSpan):
        ws.resize_span(span_id, 0, 10_000)
    ws.undo()
    assert (ws.span(span_id).start, ws.span(span_id).end) == (0, 5)
