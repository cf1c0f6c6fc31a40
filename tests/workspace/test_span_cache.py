"""The spans kept between edits always equal a fresh read of the file, order included."""

from __future__ import annotations

import threading

import pytest

from desktop.domain import AnnotatedDocument, Document, Span
from desktop.workspace import Workspace, import_records, transfer

TEXT = "Rebels 👩‍👩‍👧 accused the army.\r\nمرحبا e\u0301 the ministry denied it."


@pytest.fixture
def ws(tmp_path):
    ws = Workspace.open(tmp_path / "p.gloss", create=True)
    ws.set_annotator("alice")
    import_records(ws, [AnnotatedDocument(Document("d", TEXT))], undoable=False)
    yield ws
    ws.close()


def fresh(ws: Workspace, layer: str = "alice") -> list[Span]:
    return ws._project.spans.for_document("d", layer)


def test_a_span_added_at_a_taken_place_goes_after_the_others(ws):
    """New spans at the same start and end follow the older ones, as the index orders them."""
    for label in ("ACTOR", "ALLEGATION", "EVIDENCE"):
        ws.add_span("d", 0, 6, label)
    assert ws.spans("d") == fresh(ws)  # now kept
    ws.add_span("d", 0, 6, "RESPONSE")
    assert [s.label for s in ws.spans("d")] == [s.label for s in fresh(ws)]
    assert ws.spans("d") == fresh(ws)


def test_a_relabel_among_equal_places_keeps_its_position(ws):
    """A span changed in place keeps its rank among spans at the same place."""
    ids = [ws.add_span("d", 0, 6, "ACTOR").span_ids for _ in range(3)]
    ws.spans("d")
    (middle,) = ids[1]
    ws.relabel_span(middle, "EVIDENCE")
    assert ws.spans("d") == fresh(ws)
    assert [s.id for s in ws.spans("d")].index(middle) == 1


def test_a_span_resized_past_others_is_read_again_in_order(ws):
    """Moving a span's end past its neighbours gives the stored order, not the old one."""
    first = next(iter(ws.add_span("d", 0, 3, "ACTOR").span_ids))
    for end in (4, 5, 6):
        ws.add_span("d", 0, end, "ACTOR")
    ws.spans("d")
    ws.resize_span(first, 0, 9)
    assert ws.spans("d") == fresh(ws)
    assert ws.spans("d")[-1].id == first


def test_deleting_an_actor_unlinks_its_kept_mentions(ws):
    """The database unlinks mentions of a deleted actor; the kept list follows."""
    span_id = next(iter(ws.add_span("d", 0, 6, "ACTOR").span_ids))
    ws.add_actor("Rebels")
    ws.link_actor(span_id, ws.last_actor_id)
    assert ws.spans("d")[0].actor_id == ws.last_actor_id
    ws.remove_actor(ws.last_actor_id)
    assert ws.spans("d") == fresh(ws)
    assert ws.spans("d")[0].actor_id is None


def test_undo_redo_and_import_keep_the_lists_exact(ws):
    """Undo, redo and an import (many rows at once) all show in the next read."""
    ws.add_span("d", 7, 17, "ACTOR")
    ws.spans("d")
    ws.undo()
    assert ws.spans("d") == fresh(ws) == []
    ws.redo()
    assert ws.spans("d") == fresh(ws)
    more = [Span(f"i{n}", "d", "alice", n, n + 2, "EVIDENCE") for n in range(5)]
    import_records(ws, [AnnotatedDocument(Document("d", TEXT), "alice", None, tuple(more))])
    assert len(ws.spans("d")) == 6
    assert ws.spans("d") == fresh(ws)


def test_a_list_returned_can_be_changed_without_changing_the_next(ws):
    """Each call gives a new list: a caller's append never shows in the next read."""
    ws.add_span("d", 0, 6, "ACTOR")
    ws.spans("d").append("junk")  # type: ignore[arg-type]
    assert ws.spans("d") == fresh(ws)


def test_a_read_inside_another_threads_rolled_back_import_is_not_kept(ws):
    """A read during another thread's write sees its rows; after the rollback they are gone."""
    inside, release = threading.Event(), threading.Event()

    def records():
        yield AnnotatedDocument(
            Document("d", TEXT), "alice", None, (Span("x1", "d", "alice", 0, 6, "ACTOR"),)
        )
        for n in range(transfer.BATCH):  # a batch later, "d" is written
            yield AnnotatedDocument(Document(f"e{n}", "another"))
        inside.set()
        release.wait(10)
        raise ValueError("the user cancelled")

    def run():
        with pytest.raises(ValueError):
            import_records(ws, records())

    worker = threading.Thread(target=run)
    worker.start()
    assert inside.wait(10)
    assert [s.id for s in ws.spans("d")] == ["x1"]  # the shared connection, mid-transaction
    release.set()
    worker.join(10)
    assert ws.spans("d") == fresh(ws) == []


def test_a_span_change_that_names_no_document_empties_the_cache():
    """A change of spans without document ids (the whole project) forgets every list;
    one naming other documents keeps this one; one without span ids forgets all."""
    from desktop.domain import Change
    from desktop.workspace.span_cache import SpanCache

    cache = SpanCache()
    spans = [Span("a", "d", "me", 0, 3, "ACTOR")]
    cache.put("d", "me", spans, cache.generation)
    cache.follow(Change(spans=True, doc_ids=frozenset({"other"}), span_ids=frozenset({"x"})), dict)
    assert cache.get("d", "me") == spans
    cache.follow(Change(spans=True, span_ids=frozenset({"x"})), dict)
    assert cache.get("d", "me") is None
    cache.put("d", "me", spans, cache.generation)
    cache.follow(Change(spans=True, doc_ids=frozenset({"d"})), dict)
    assert cache.get("d", "me") is None
    stale = cache.generation
    cache.clear()
    cache.put("d", "me", spans, stale)  # read before the clear: not kept
    assert cache.get("d", "me") is None


def test_an_edit_stays_committed_when_the_kept_spans_cannot_follow_it(ws, monkeypatch, caplog):
    """If reading the touched spans fails after a commit, the edit is still reported as
    saved, the kept lists are dropped, and the next read is a fresh one."""
    ws.add_span("d", 0, 6, "ACTOR")
    ws.spans("d")

    def broken(_ids):
        raise OSError("disk gone for a moment")

    monkeypatch.setattr(ws._project.spans, "get_many", broken)
    change = ws.add_span("d", 7, 10, "EVIDENCE")
    assert change.spans and "could not bring the kept spans up to date" in caplog.text
    monkeypatch.undo()
    assert ws.spans("d") == fresh(ws) and len(fresh(ws)) == 2
