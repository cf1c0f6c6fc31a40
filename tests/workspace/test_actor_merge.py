"""Merging and splitting registry actors, and editing document metadata: counts and undo."""

import pytest

from desktop.domain import Actor
from desktop.workspace import (
    HistoryConflict,
    NotFound,
    Workspace,
    WorkspaceError,
    find_actor,
    merge_actors,
    network,
    set_document_meta,
    split_actor,
)
from tests.networks.corpus import A, B, C, D, build


@pytest.fixture
def corpus_ws():
    ws = Workspace.open(None)
    ws.set_annotator("alice")
    ids = build(ws)
    yield ws, ids
    ws.close()


def registry(ws) -> list[Actor]:
    return ws.actors()


def links(ws) -> dict[str, str | None]:
    return {
        s.id: s.actor_id
        for doc in ws._project.documents.ids()
        for s in ws.spans(doc)
        if s.label == "ACTOR"
    }


def test_merge_moves_every_mention_and_name_then_undo_restores(corpus_ws):
    """Merging C into A relinks C's 3 mentions, adds C's names as aliases; undo and redo."""
    ws, ids = corpus_ws
    before_registry, before_links = registry(ws), links(ws)
    moved = {s.id for s in ws.spans_with_actor(ids[C])}
    assert len(moved) == 3
    merge_actors(ws, ids[A], ids[C])
    kept = ws.actor(ids[A])
    assert set(kept.aliases) == {A.upper(), C, C.upper()}
    assert ws.find_actor(ids[C]) is None
    assert {s.id for s in ws.spans_with_actor(ids[A])} >= moved
    assert len(ws.spans_with_actor(ids[A])) == 5 + 3
    after_links = links(ws)
    assert len(after_links) == len(before_links)  # no mention lost or unlinked
    assert all(after_links[i] == ids[A] for i in moved)
    graph, _ = network(ws, "accusations")
    assert graph.edges[ids[A], ids[B]]["weight"] == 4  # al1, al2, al3, al5
    assert ws.can_undo() == f"Merge actor {C} into {A}"
    ws.undo()
    assert registry(ws) == before_registry and links(ws) == before_links
    ws.redo()
    assert ws.find_actor(ids[C]) is None and len(ws.spans_with_actor(ids[A])) == 8


def test_split_brings_a_merged_actor_back_as_it_was(corpus_ws):
    """Splitting C's name off A after a merge restores C (id, kind, aliases, mentions)."""
    ws, ids = corpus_ws
    before_registry, before_links = registry(ws), links(ws)
    merge_actors(ws, ids[A], ids[C])
    split_actor(ws, ids[A], C)
    assert registry(ws) == before_registry
    assert links(ws) == before_links
    ws.undo()
    assert ws.find_actor(ids[C]) is None and len(ws.spans_with_actor(ids[A])) == 8


def test_split_by_text_moves_mentions_reading_the_names(corpus_ws):
    """A new actor takes the mentions whose text is one of its names; the rest stay."""
    ws, ids = corpus_ws
    ws.update_actor(ids[B], name="Forces", aliases=("Be\u0301la Forces", "the army"))
    villagers = ws.spans_with_actor(ids[D])[0]
    ws.link_actor(villagers.id, ids[B])  # a mention reading "Villagers" stays with B
    total = len(ws.spans_with_actor(ids[B]))
    assert total == 5
    split_actor(ws, ids[B], "Be\u0301la Forces", ("BFF",))
    new = find_actor(ws, "BFF")
    assert new.kind == "armed forces" and new.aliases == ("BFF",)
    assert len(ws.spans_with_actor(new.id)) == 4
    assert [s.id for s in ws.spans_with_actor(ids[B])] == [villagers.id]
    assert ws.actor(ids[B]).aliases == ("the army",)
    ws.undo()
    assert len(ws.spans_with_actor(ids[B])) == total and ws.find_actor(new.id) is None


def test_refusals(corpus_ws):
    """Self-merge, own-name split, unknown and ambiguous names are clear errors."""
    ws, ids = corpus_ws
    with pytest.raises(WorkspaceError, match="into itself"):
        merge_actors(ws, ids[A], ids[A])
    with pytest.raises(WorkspaceError, match="own name"):
        split_actor(ws, ids[A], A.lower())
    with pytest.raises(NotFound):
        find_actor(ws, "Nobody")
    assert find_actor(ws, A.upper()).id == ids[A]  # by alias, any case
    ws.add_actor("Twin")
    ws.add_actor("Twin")
    with pytest.raises(WorkspaceError, match="names 2 actors"):
        find_actor(ws, "twin")


def test_undo_of_a_merge_refuses_after_later_edits(corpus_ws):
    """Undoing a merge after a moved mention was unlinked is a conflict; nothing changes."""
    ws, ids = corpus_ws
    moved = ws.spans_with_actor(ids[C])[0]
    merge_actors(ws, ids[A], ids[C])
    ws._project.history.clear()  # only the merge's inverse is tried below
    from desktop.workspace.actor_ops import SplitActor

    op = SplitActor(
        ws.actor(ids[A]),
        ws.actor(ids[A]),
        Actor(ids[C], C, "government", ()),
        (moved.id,),
    )
    ws.link_actor(moved.id, None)
    before = links(ws)
    with pytest.raises(HistoryConflict, match="mentions"):
        ws.commit([op], "split")
    assert links(ws) == before


def test_document_metadata_edit_is_undoable(corpus_ws):
    """Setting and clearing date, source, author, URL; undo restores the meta."""
    ws, _ = corpus_ws
    set_document_meta(ws, "n4", "date", "2024-02-15")
    set_document_meta(ws, "n4", "url", "https://example.test/n4")
    assert ws.document("n4").meta == {
        "source": "wire",
        "date": "2024-02-15",
        "url": "https://example.test/n4",
    }
    _, report = network(ws, "accusations", start=None, end=None)
    assert report.undated_left_out == 0
    set_document_meta(ws, "n4", "source", "")
    assert "source" not in ws.document("n4").meta
    ws.undo()
    ws.undo()
    ws.undo()
    assert ws.document("n4").meta == {"source": "wire"}
