"""Review mode without Qt: items between layers, decisions into gold, undo, export and merge."""

from __future__ import annotations

import json

import pytest

from desktop.domain import Document, Span, UnknownLabel
from desktop.workspace import ReadOnlyLayer, Workspace, WorkspaceError, export_jsonl, merge_paths
from desktop.workspace.adjudication import (
    accept,
    accept_all,
    accept_unanimous,
    reject,
    review_items,
    review_spans,
)

TEXT = "Rebels accused the army of shelling the village. The ministry denied the report."
SECOND = "Witnesses said the army shelled the market."
LAYERS = ("alice", "bob")


def at(fragment: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def add(ws: Workspace, layer: str, fragment: str, label: str, doc: str = "d1", **attrs) -> str:
    text = TEXT if doc == "d1" else SECOND
    change = ws.add_span(doc, *at(fragment, text), label, attrs=attrs, layer=layer)
    (span_id,) = change.span_ids
    return span_id


def build(ws: Workspace) -> Workspace:
    """alice and bob agree on two spans and one role, and differ on the rest."""
    ws.add_documents([Document("d1", TEXT), Document("d2", SECOND)])
    a_rebels = add(ws, "alice", "Rebels", "ACTOR", kind="group")
    a_shell = add(ws, "alice", "shelling the village", "ALLEGATION", category="killing")
    a_army = add(ws, "alice", "the army", "ACTOR")
    add(ws, "alice", "The ministry", "ACTOR")
    ws.add_relation(a_shell, a_rebels, "accuser")
    ws.add_relation(a_shell, a_army, "accused")
    b_rebels = add(ws, "bob", "Rebels", "ACTOR", kind="group")
    b_shell = add(ws, "bob", "shelling the village", "ALLEGATION", category="war crime")
    add(ws, "bob", "the army", "EVIDENCE")
    b_village = add(ws, "bob", "the village", "ACTOR")
    ws.add_relation(b_shell, b_rebels, "accuser")
    ws.add_relation(b_shell, b_village, "victim")
    add(ws, "alice", "the army", "ACTOR", doc="d2")
    add(ws, "bob", "the army", "ACTOR", doc="d2")
    return ws


@pytest.fixture
def ws():
    workspace = Workspace.open(None)
    workspace.set_annotator("carol")
    yield build(workspace)
    workspace.close()


def items_by_key(ws, doc="d1"):
    return {item.key: item for item in review_items(ws, doc, LAYERS)}


def key(kind: str, fragment: str, label: str = "", extra: str = "") -> str:
    start, end = at(fragment)
    if kind == "label":
        return f"label {start}-{end}"
    if kind == "attribute":
        return f"attribute {extra} {start}-{end} {label}"
    return f"span {start}-{end} {label}"


def gold_units(ws, doc="d1"):
    return sorted((s.start, s.end, s.label) for s in ws.spans(doc, "gold"))


def test_items_cover_every_kind_in_text_order(ws):
    """Agreed and one-sided spans, labels, roles and attributes come in text order, as data."""
    items = review_items(ws, "d1", LAYERS)

    def who(item):
        return tuple(v.layer for v in item.versions)

    found = {(i.kind, i.start, i.end, i.name, who(i), i.unanimous, i.decided) for i in items}
    assert ("span", *at("Rebels"), "", LAYERS, True, "open") in found
    assert ("span", *at("The ministry"), "", ("alice",), False, "open") in found
    assert ("span", *at("the village"), "", ("bob",), False, "open") in found
    assert ("label", *at("the army"), "", LAYERS, False, "open") in found
    (attribute,) = [i for i in items if i.kind == "attribute"]
    assert (attribute.name, [v.value for v in attribute.versions]) == (
        "category",
        ["killing", "war crime"],
    )
    roles = {i.name: who(i) for i in items if i.kind == "role"}
    assert roles == {"accuser": LAYERS, "accused": ("alice",), "victim": ("bob",)}
    assert [(i.kind, i.name or i.labels[0]) for i in items] == [
        ("span", "ACTOR"),
        ("label", "ACTOR"),
        ("span", "ALLEGATION"),
        ("attribute", "category"),
        ("role", "accused"),  # roles follow their head
        ("role", "accuser"),
        ("role", "victim"),
        ("span", "ACTOR"),
        ("span", "ACTOR"),
    ]
    assert [i.start for i in items][-2:] == [at("the village")[0], at("The ministry")[0]]


def test_accept_one_side_copies_it_into_gold_and_undo_restores(ws):
    """Accepting alice's label writes her span to gold in one edit that undo takes back."""
    item = items_by_key(ws)[key("label", "the army")]
    change = accept(ws, item, "alice", initiator="panel")
    assert change.spans and change.touches("d1")
    assert gold_units(ws) == [(*at("the army"), "ACTOR")]
    assert items_by_key(ws)[item.key].decided == "accepted"
    assert ws.can_undo() == f"Accept alice's {item.key}"
    ws.undo()
    assert gold_units(ws) == [] and items_by_key(ws)[item.key].decided == "open"


def test_accepting_the_other_label_replaces_the_first(ws):
    """Changing one's mind on a label item swaps the gold label instead of adding one."""
    item = items_by_key(ws)[key("label", "the army")]
    accept(ws, item, "alice")
    accept(ws, item, "bob")
    assert gold_units(ws) == [(*at("the army"), "EVIDENCE")]


def test_accept_both_puts_every_label_in_gold(ws):
    """Accept both on a label item gives gold one span per proposed label."""
    item = items_by_key(ws)[key("label", "the army")]
    accept_all(ws, item)
    assert gold_units(ws) == [(*at("the army"), "ACTOR"), (*at("the army"), "EVIDENCE")]
    attribute = items_by_key(ws)[key("attribute", "shelling the village", "ALLEGATION", "category")]
    with pytest.raises(WorkspaceError, match="one value"):
        accept_all(ws, attribute)


def test_accepting_a_role_creates_its_gold_endpoints(ws):
    """A one-sided role goes to gold between gold copies of its head and child, attrs kept."""
    (role,) = [i for i in review_items(ws, "d1", LAYERS) if i.name == "victim"]
    accept(ws, role, "bob")
    spans = {(s.start, s.end): s for s in ws.spans("d1", "gold")}
    head = spans[at("shelling the village")]
    child = spans[at("the village")]
    assert head.attrs == {"category": "war crime"} and child.label == "ACTOR"
    (relation,) = ws.relations("d1", "gold")
    assert (relation.label, relation.head_id, relation.child_id) == ("victim", head.id, child.id)
    assert head.id not in {s.id for s in ws.spans("d1", "bob")}
    decided = {i.key: i.decided for i in review_items(ws, "d1", LAYERS)}
    assert decided[role.key] == "accepted"
    ws.undo()
    assert ws.spans("d1", "gold") == [] and ws.relations("d1", "gold") == []


def test_accepting_an_attribute_sets_it_on_the_gold_span(ws):
    """An attribute decision sets one value on the gold span, creating the span if needed."""
    attribute = items_by_key(ws)[key("attribute", "shelling the village", "ALLEGATION", "category")]
    accept(ws, attribute, "alice")
    (span,) = ws.spans("d1", "gold")
    assert span.attrs == {"category": "killing"}
    accept(ws, attribute, "bob")
    (span,) = ws.spans("d1", "gold")
    assert span.attrs == {"category": "war crime"}
    assert items_by_key(ws)[attribute.key].decided == "accepted"


def test_reject_is_decided_durable_and_undoable(tmp_path):
    """A rejection survives reopening the file; undo reopens the item and redo rejects it again."""
    path = tmp_path / "review.gloss"
    ws = build(Workspace.open(path, create=True))
    item_key = key("span", "The ministry", "ACTOR")
    reject(ws, items_by_key(ws)[item_key])
    assert items_by_key(ws)[item_key].decided == "rejected"
    assert gold_units(ws) == []
    ws.close()
    ws = Workspace.open(path)
    assert items_by_key(ws)[item_key].decided == "rejected"
    assert ws.can_undo() == f"Reject {item_key}"
    ws.undo()
    assert items_by_key(ws)[item_key].decided == "open"
    ws.redo()
    assert items_by_key(ws)[item_key].decided == "rejected"
    ws.close()


def test_reject_takes_an_accepted_item_out_of_gold(ws):
    """Rejecting what gold holds removes it (and its roles), and undo puts it back."""
    item = items_by_key(ws)[key("span", "the village", "ACTOR")]
    (role,) = [i for i in review_items(ws, "d1", LAYERS) if i.name == "victim"]
    accept(ws, role, "bob")
    assert items_by_key(ws)[item.key].decided == "accepted"
    reject(ws, item)
    assert at("the village") not in {(s.start, s.end) for s in ws.spans("d1", "gold")}
    assert ws.relations("d1", "gold") == []
    assert items_by_key(ws)[item.key].decided == "rejected"
    ws.undo()
    assert len(ws.relations("d1", "gold")) == 1


def test_choosing_a_layer_without_the_item_rejects_it(ws):
    """Picking bob's side of a span only alice has means: no span in gold."""
    item = items_by_key(ws)[key("span", "The ministry", "ACTOR")]
    accept(ws, item, "bob")
    assert items_by_key(ws)[item.key].decided == "rejected"
    with pytest.raises(WorkspaceError, match="not one of the compared"):
        accept(ws, item, "carol")


def test_accept_unanimous_copies_agreed_items_in_one_undoable_edit(ws):
    """Agreed spans (with agreed attributes only) and agreed roles go to gold; one undo."""
    rebels = key("span", "Rebels", "ACTOR")
    reject(ws, items_by_key(ws)[rebels])
    change = accept_unanimous(ws, "d1", LAYERS)
    assert change.label == "Accept 1 unanimous item(s) in this document"
    (span,) = ws.spans("d1", "gold")
    assert (span.label, span.attrs) == ("ALLEGATION", {})  # category is disputed
    assert ws.relations("d1", "gold") == []  # its child was rejected
    ws.undo()
    reject_undone = ws.undo()
    assert reject_undone is not None and ws.spans("d1", "gold") == []
    change = accept_unanimous(ws, None, LAYERS)
    assert change.label == "Accept 4 unanimous item(s) in the project"
    assert len(ws.spans("d1", "gold")) == 2 and len(ws.spans("d2", "gold")) == 1
    assert [r.label for r in ws.relations("d1", "gold")] == ["accuser"]
    assert {i.decided for i in review_items(ws, "d1", LAYERS) if i.unanimous} == {"accepted"}
    assert accept_unanimous(ws, None, LAYERS).label == "Already in gold"
    ws.undo()
    assert ws.spans("d1", "gold") == [] and ws.spans("d2", "gold") == []


def test_gold_spans_must_pass_the_schema(ws):
    """A colleague's label unknown to this project's schema cannot enter gold."""
    start, end = at("the report")
    with ws._project.atomic():
        ws._project.spans.add(Span("odd", "d1", "alice", start, end, "RUMOUR"))
    (item,) = [i for i in review_items(ws, "d1", LAYERS) if "RUMOUR" in i.key]
    with pytest.raises(UnknownLabel):
        accept(ws, item, "alice")
    assert ws.spans("d1", "gold") == []


def test_review_spans_mark_agreement_and_whose_spans_differ(ws):
    """Each distinct span of the compared layers says which layers have it (not gold)."""
    spans = review_spans(ws, "d1", ["alice", "bob", "gold"])
    found = {(s.start, s.end, s.label): (s.layers, s.agreed) for s in spans}
    assert found[(*at("Rebels"), "ACTOR")] == (LAYERS, True)
    assert found[(*at("the village"), "ACTOR")] == (("bob",), False)
    assert found[(*at("the army"), "EVIDENCE")] == (("bob",), False)
    assert found[(*at("the army"), "ACTOR")] == (("alice",), False)
    assert all(s.compared == LAYERS for s in spans)
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_gold_exports_and_merges_like_any_layer(ws, tmp_path):
    """The gold layer exports as JSONL and arrives read-only when merged into another project."""
    accept_unanimous(ws, None, LAYERS)
    accept(ws, items_by_key(ws)[key("label", "the army")], "alice")
    out = tmp_path / "gold.jsonl"
    assert export_jsonl(ws, out, layer="gold") == 2
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    first = next(r for r in records if r["id"] == "d1")
    assert first["layer"] == "gold"
    assert sorted(s["text"] for s in first["spans"]) == [
        "Rebels",
        "shelling the village",
        "the army",
    ]
    assert [r["label"] for r in first["relations"]] == ["accuser"]

    other = Workspace.open(tmp_path / "other.gloss", create=True)
    other.set_annotator("dave")
    report = merge_paths(other, [out])
    assert report.imported.spans_added == 4
    assert {layer.name: layer.read_only for layer in other.layers()} == {"gold": True}
    other.add_span("d1", *at("The ministry"), "ACTOR", layer="dave")
    (item,) = [i for i in review_items(other, "d1", ["dave"]) if i.start == at("The ministry")[0]]
    with pytest.raises(ReadOnlyLayer):
        accept(other, item, "dave")
    other.close()
