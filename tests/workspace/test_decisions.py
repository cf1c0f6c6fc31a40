"""Review decisions as data: one table, written by an undoable op, read in one query, merged."""

from __future__ import annotations

import sqlite3

from desktop.domain import Document
from desktop.storage import open_project
from desktop.storage.migrations import _V1, APPLICATION_ID, _split
from desktop.workspace import Workspace, merge_paths
from desktop.workspace.adjudication import accept, decisions, reject, rejections, review_items
from tests.workspace.test_adjudication import LAYERS, TEXT, build, items_by_key, key


def _reviewer(path=None, name="carol") -> Workspace:
    ws = Workspace.open(path, create=path is not None)
    ws.set_annotator(name)
    return build(ws)


def test_reject_writes_a_decision_row_that_undo_and_redo_follow():
    """A rejection is a row naming reviewer and item; undo removes it, redo restores it."""
    ws = _reviewer()
    rebels = key("span", "the village", "ACTOR")
    reject(ws, items_by_key(ws)[rebels])
    (decision,) = decisions(ws)
    assert (decision.doc_id, decision.gold, decision.key) == ("d1", "gold", rebels)
    assert (decision.decision, decision.reviewer, decision.layer) == ("rejected", "carol", None)
    assert rejections(ws) == {"d1": {rebels}}
    ws.undo()
    assert decisions(ws) == [] and items_by_key(ws)[rebels].decided == "open"
    ws.redo()
    assert decisions(ws) == [decision] and items_by_key(ws)[rebels].decided == "rejected"


def test_accept_records_the_chosen_layer_and_replaces_a_rejection():
    """Accepting bob's version after rejecting it leaves one 'accepted' row naming bob."""
    ws = _reviewer()
    village = key("span", "the village", "ACTOR")
    reject(ws, items_by_key(ws)[village])
    accept(ws, items_by_key(ws)[village], "bob")
    (decision,) = decisions(ws)
    assert (decision.decision, decision.layer) == ("accepted", "bob")
    assert rejections(ws) == {} and items_by_key(ws)[village].decided == "accepted"
    ws.undo()
    assert [d.decision for d in decisions(ws)] == ["rejected"]


def test_labels_do_not_matter_any_more():
    """Decisions survive whatever the edit-log labels say (they are not read)."""
    ws = _reviewer()
    village = key("span", "the village", "ACTOR")
    reject(ws, items_by_key(ws)[village])
    ws._project.db.execute("DROP TRIGGER edit_log_no_update")
    ws._project.db.execute("UPDATE edit_log SET label = 'Something else'")
    assert rejections(ws) == {"d1": {village}}


def test_rejections_are_read_in_one_query():
    """Listing the rejected items of every document is a single SELECT."""
    ws = _reviewer()
    for item_key in (key("span", "the village", "ACTOR"), key("label", "the army")):
        reject(ws, items_by_key(ws)[item_key])
    statements: list[str] = []
    ws._project.db.conn.set_trace_callback(statements.append)
    try:
        found = rejections(ws)
    finally:
        ws._project.db.conn.set_trace_callback(None)
    assert len(found["d1"]) == 2 and len(statements) == 1


def test_decisions_travel_with_a_merge_and_conflicts_keep_ours(tmp_path):
    """Two reviewers split the corpus: each one's decisions arrive; a clash keeps ours, counted."""
    theirs_path = tmp_path / "dan.gloss"
    dan = _reviewer(theirs_path, "dan")
    village, army = key("span", "the village", "ACTOR"), key("label", "the army")
    reject(dan, items_by_key(dan)[village])
    accept(dan, items_by_key(dan)[army], "alice")
    dan_second = review_items(dan, "d2", LAYERS)
    dan.close()
    assert dan_second == [] or all(i.unanimous for i in dan_second)
    ws = _reviewer()
    accept(ws, items_by_key(ws)[army], "bob")  # we decided the label the other way
    report = merge_paths(ws, [theirs_path])
    imported = report.imported
    assert (imported.decisions_added, imported.decisions_conflicting) == (1, 1)
    assert "1 review decision(s)" in str(report) and "kept yours on 1" in str(report)
    assert rejections(ws) == {"d1": {village}}
    mine = {d.key: (d.decision, d.layer, d.reviewer) for d in decisions(ws)}
    assert mine[army] == ("accepted", "bob", "carol") and mine[village][2] == "dan"
    again = merge_paths(ws, [theirs_path]).imported
    assert (again.decisions_added, again.decisions_present) == (0, 1)
    ws.undo()  # the second merge added nothing; undo the first
    ws.undo()
    assert rejections(ws) == {}


def test_a_refused_document_keeps_its_decisions_out(tmp_path):
    """A colleague's decisions on a document whose text differs are refused with it."""
    theirs_path = tmp_path / "dan.gloss"
    dan = _reviewer(theirs_path, "dan")
    reject(dan, items_by_key(dan)[key("span", "the village", "ACTOR")])
    dan.close()
    ws = Workspace.open(None)
    ws.set_annotator("carol")
    ws.add_documents([Document("d1", TEXT + " Changed."), Document("d2", "Other text.")])
    report = merge_paths(ws, [theirs_path])
    assert "d1" in report.refused_documents and decisions(ws) == []


def test_migration_2_moves_old_label_rejections_into_the_table(tmp_path):
    """A version-1 file's live "Reject <key>" log entries become rows; undone ones do not."""
    path = tmp_path / "old.gloss"
    raw = sqlite3.connect(path, isolation_level=None)
    for statement in _split(_V1):
        raw.execute(statement)
    raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    raw.execute("PRAGMA user_version = 1")
    raw.execute(
        "INSERT INTO documents (id, title, text, text_length, text_sha256, meta)"
        " VALUES ('d1', '', 'Some text.', 10, ?, '{}')",
        ["0" * 64],
    )
    log = [
        ("review_reject", "d1", "Reject span 0-4 ACTOR", "carol"),
        ("review_reject", "d1", "Reject label 5-9", "carol"),
        ("undo", "d1", "Undo Reject label 5-9", "carol"),
        ("review_reject", "d1", "Reject span 5-9 EVIDENCE", "dan"),
        ("undo", "d1", "Undo Reject span 5-9 EVIDENCE", "dan"),
        ("redo", "d1", "Redo Reject span 5-9 EVIDENCE", "dan"),
        ("review_reject", "gone", "Reject span 0-1 ACTOR", "carol"),
    ]
    for action, doc_id, label, who in log:
        raw.execute(
            "INSERT INTO edit_log (at, annotator, action, doc_id, label, ops)"
            " VALUES ('2026-01-01T00:00:00+00:00', ?, ?, ?, ?, '[]')",
            [who, action, doc_id, label],
        )
    raw.close()
    project = open_project(path)
    try:
        rows = {(d.doc_id, d.key, d.reviewer) for d in project.decisions.all()}
    finally:
        project.close()
    assert rows == {("d1", "span 0-4 ACTOR", "carol"), ("d1", "span 5-9 EVIDENCE", "dan")}
