"""The queries the window asks: lookups that may find nothing, counts and list pages."""

from desktop.workspace import DocumentSummary, Workspace
from tests.workspace.conftest import new_id


def test_lookups_answer_none_for_what_is_missing(ws):
    """find_* give the record, or None for a missing or empty id (never an exception)."""
    span_id = new_id(ws.add_span("d1", 0, 18, "ACTOR"))
    assert ws.find_span(span_id) == ws.span(span_id)
    assert ws.find_document("d1") == ws.document("d1")
    assert ws.find_span("nope") is None and ws.find_span(None) is None
    assert ws.find_document("nope") is None and ws.find_actor("nope") is None
    assert ws.has_document("d2") and not ws.has_document("nope") and not ws.has_document("")


def test_roles_and_actor_links_of_a_span(ws):
    """roles_of gives the relations touching a span; spans_with_actor the linked spans."""
    head = new_id(ws.add_span("d1", 19, 26, "ALLEGATION"))
    actor_span = new_id(ws.add_span("d1", 0, 18, "ACTOR"))
    relation = new_id(ws.add_relation(head, actor_span, "accuser"))
    assert (
        [r.id for r in ws.roles_of(head)] == [relation] == [r.id for r in ws.roles_of(actor_span)]
    )
    ws.add_actor("Human Rights Watch")
    ws.link_actor(actor_span, ws.last_actor_id)
    assert [s.id for s in ws.spans_with_actor(ws.last_actor_id)] == [actor_span]
    assert ws.find_actor(ws.last_actor_id).name == "Human Rights Watch"


def test_document_counts_keys_and_summaries(ws):
    """The document list's pages come from keys and summaries, in project order."""
    ws.set_status("d2", "done")
    assert ws.first_document_id() == "d1" and ws.document_count() == 2
    assert ws.count_with_status("alice", "done") == 1
    keys = ws.document_keys("alice")
    assert len(keys) == 2 and ws.document_key("d2") == keys[1] and ws.document_key("x") is None
    assert ws.document_keys("alice", "done") == [keys[1]]
    first, second = ws.document_summaries("alice", keys)
    assert isinstance(second, DocumentSummary)
    assert (first.id, first.title, second.id, second.status) == ("d1", "HRW", "d2", "done")


def test_an_empty_project_and_its_layer_info():
    """No documents: no first id; a layer has no stored info before its first edit."""
    ws = Workspace.open(None)
    try:
        assert ws.first_document_id() is None and ws.document_count() == 0
        assert ws.layer_info("nobody") is None and ws.read_only_note == ""
    finally:
        ws.close()


def test_near_duplicates_of_the_same_label(ws):
    """Same label and range, a range differing only by punctuation, or overlapping by 80%
    of the union is a near duplicate; another label, layer or a small overlap is not."""
    first = new_id(ws.add_span("d1", 0, 18, "ACTOR"))  # "Human Rights Watch"
    assert ws.near_duplicate("d1", "alice", 0, 18, "ACTOR").id == first
    assert ws.near_duplicate("d1", "alice", 0, 17, "ACTOR").id == first  # 17/18 of the union
    assert ws.near_duplicate("d1", "alice", 6, 18, "ACTOR") is None  # "Rights Watch": 12/18
    assert ws.near_duplicate("d1", "alice", 0, 18, "EVIDENCE") is None
    assert ws.near_duplicate("d1", "bob", 0, 18, "ACTOR") is None
    text = ws.document("d1").text
    end = text.index("\r\n")
    quoted = new_id(ws.add_span("d1", end - 7, end - 1, "ACTOR"))  # "troops"
    assert ws.near_duplicate("d1", "alice", end - 7, end, "ACTOR").id == quoted  # "troops."


def test_add_spans_is_one_undoable_edit(ws):
    """Several ranges become spans in one edit; one undo removes them all."""
    change = ws.add_spans("d1", [(0, 5), (6, 12)], "ACTOR")
    assert len(change.span_ids) == 2 and len(ws.spans("d1")) == 2
    ws.undo()
    assert ws.spans("d1") == []
