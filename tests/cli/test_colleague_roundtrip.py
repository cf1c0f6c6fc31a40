"""The "send me your file" workflow: export, a colleague edits, import, merge back; nothing lost."""

from __future__ import annotations

import json

from desktop.cli import main
from desktop.domain import Document
from desktop.workspace import Workspace

# emoji, a ZWJ family, CRLF, a combining accent and right-to-left text before the spans
TEXT = (
    "👩‍👩‍👧 Cafe\u0301 مرحبا\r\n"
    "HRW accused Baku of abuse. Baku denied it. Videos show slapping. Ali was beaten. "
    "The ministry said it would investigate. Photos showed the flag."
)


def at(word: str, nth: int = 0) -> tuple[int, int]:
    """Code-point offsets of the nth occurrence of `word` in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out.strip(), err


def alice_project(path):
    """8 spans and 6 roles in alice's layer; returns the span ids by name."""
    ws = Workspace.open(path, create=True)
    ws.set_annotator("alice")
    ws.add_documents([Document("d1", TEXT, "t")])
    plan = {
        "hrw": ("HRW", 0, "ACTOR"),
        "baku": ("Baku", 0, "ACTOR"),
        "abuse": ("accused Baku of abuse", 0, "ALLEGATION"),
        "video": ("Videos show slapping", 0, "EVIDENCE"),
        "denied": ("Baku denied it", 0, "RESPONSE"),
        "ali": ("Ali", 0, "ACTOR"),
        "beaten": ("was beaten", 0, "ALLEGATION"),
        "photos": ("Photos showed the flag", 0, "EVIDENCE"),
    }
    ids = {}
    for name, (word, nth, label) in plan.items():
        (ids[name],) = ws.add_span("d1", *at(word, nth), label).span_ids
    for head, child, role in [
        ("abuse", "hrw", "accuser"),
        ("abuse", "baku", "accused"),
        ("abuse", "video", "supported_by"),
        ("denied", "abuse", "responds_to"),
        ("denied", "baku", "respondent"),
        ("beaten", "ali", "victim"),
    ]:
        ws.add_relation(ids[head], ids[child], role)
    ws.close()
    return ids


def bob_edits(alice_jsonl, bob_jsonl, ids):
    """bob's version: layer bob, one span shrunk, one relabelled, one dropped, one added."""
    (line,) = alice_jsonl.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    record["layer"] = "bob"
    spans = {s["id"]: s for s in record["spans"]}
    spans[ids["video"]]["end"] -= len(" slapping")  # shrunk
    spans[ids["video"]]["text"] = "Videos show"
    spans[ids["photos"]]["label"] = "ACTOR"  # relabelled
    del spans[ids["baku"]]  # dropped, with its two roles
    start, end = at("Ali was beaten")
    spans["bob-new"] = {"id": "bob-new", "start": start, "end": end, "label": "ALLEGATION"}
    spans["bob-new"]["text"] = "Ali was beaten"
    record["spans"] = list(spans.values())
    relations = [r for r in record["relations"] if ids["baku"] not in (r["head_id"], r["child_id"])]
    relations.append(
        {"id": "bob-rel", "label": "victim", "head_id": "bob-new", "child_id": ids["ali"]}
    )
    for relation in relations:  # the end-point copies follow the edited spans
        for end, key in (("head_span", "head_id"), ("child_span", "child_id")):
            span = spans[relation[key]]
            relation[end] = {k: span[k] for k in ("start", "end", "label")}
    record["relations"] = relations
    bob_jsonl.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return record


def layer_content(path, layer):
    """(sorted (start, end, label) of spans, sorted (role, head, child) by offsets) of a layer."""
    ws = Workspace.open(path)
    try:
        spans = {s.id: s for s in ws.spans("d1", layer)}
        relations = ws.relations("d1", layer)
        where = {i: (s.start, s.end, s.label) for i, s in spans.items()}
        return (
            sorted(where.values()),
            sorted((r.label, where[r.head_id], where[r.child_id]) for r in relations),
            {layer_info.name: layer_info.read_only for layer_info in ws.layers()},
        )
    finally:
        ws.close()


def test_colleague_round_trip_keeps_every_span_and_role(tmp_path, capsys):
    """bob's edited export arrives whole (8 spans, 5 roles), ids taken by alice renamed."""
    project, alice_jsonl, bob_jsonl = (
        tmp_path / "p.gloss",
        tmp_path / "a.jsonl",
        tmp_path / "bob.jsonl",
    )
    ids = alice_project(project)
    code, _, _ = run(capsys, "export", project, "-o", alice_jsonl, "--layer", "alice")
    assert code == 0
    record = bob_edits(alice_jsonl, bob_jsonl, ids)
    assert (len(record["spans"]), len(record["relations"])) == (8, 5)
    alice_before = layer_content(project, "alice")

    code, out, err = run(capsys, "import", project, bob_jsonl, "--layer", "bob")
    assert code == 0, err
    assert "8 span(s), 5 relation(s)" in out
    assert "7 span(s), 4 relation(s) given new ids (theirs were taken)" in out
    assert "relation(s) already present" not in out

    spans, roles, read_only = layer_content(project, "bob")
    assert len(spans) == 8 and len(roles) == 5
    video = at("Videos show")
    assert (*video, "EVIDENCE") in spans  # the shrunk one
    assert (*at("Photos showed the flag"), "ACTOR") in spans  # the relabelled one
    assert (*at("Baku"), "ACTOR") not in spans  # the dropped one
    assert ("victim", (*at("Ali was beaten"), "ALLEGATION"), (*at("Ali"), "ACTOR")) in roles
    assert (
        "supported_by",
        (*at("accused Baku of abuse"), "ALLEGATION"),
        (*video, "EVIDENCE"),
    ) in roles
    assert layer_content(project, "alice")[:2] == alice_before[:2]  # alice's work untouched
    assert read_only["bob"] is True and read_only["alice"] is False

    code, out, _ = run(capsys, "import", project, bob_jsonl, "--layer", "bob")
    assert code == 0
    assert "0 span(s), 0 relation(s); 8 span(s), 5 relation(s) already present" in out
    assert "new ids" not in out
    assert layer_content(project, "bob")[:2] == (spans, roles)


def test_merge_back_finds_bob_present_and_gives_alice_new_ids(tmp_path, capsys):
    """Merging bob's own project into alice's adds nothing twice; alice's arrives whole in his."""
    project, alice_jsonl, bob_jsonl = (
        tmp_path / "p.gloss",
        tmp_path / "a.jsonl",
        tmp_path / "bob.jsonl",
    )
    ids = alice_project(project)
    run(capsys, "export", project, "-o", alice_jsonl, "--layer", "alice")
    bob_edits(alice_jsonl, bob_jsonl, ids)
    code, _, _ = run(capsys, "import", project, bob_jsonl, "--layer", "bob")
    assert code == 0

    bobs = tmp_path / "bob.gloss"
    ws = Workspace.open(bobs, create=True)
    ws.set_annotator("bob")
    ws.close()
    code, out, _ = run(capsys, "import", bobs, bob_jsonl)
    assert code == 0 and "8 span(s), 5 relation(s)" in out
    bob_in_p = layer_content(project, "bob")[:2]

    code, out, _ = run(capsys, "merge", project, bobs)
    assert code == 0
    assert "0 span(s), 0 relation(s); 8 span(s), 5 relation(s) already present" in out
    assert layer_content(project, "bob")[:2] == bob_in_p

    code, out, _ = run(capsys, "merge", bobs, project)
    assert code == 0
    assert "8 span(s), 6 relation(s)" in out
    assert "7 span(s), 4 relation(s) given new ids (theirs were taken)" in out
    assert "skipped layer(s) bob (yours)" in out
    assert layer_content(bobs, "alice")[:2] == layer_content(project, "alice")[:2]
    assert layer_content(bobs, "bob")[:2] == bob_in_p
    assert layer_content(bobs, "alice")[2]["alice"] is True

    code, out, _ = run(capsys, "merge", bobs, project)
    assert code == 0
    assert "0 span(s), 0 relation(s); 8 span(s), 6 relation(s) already present" in out


def test_review_decisions_travel_with_the_merge_back(tmp_path, capsys):
    """bob's rejection of alice's Baku (his review of both layers) arrives with the merge."""
    from desktop.workspace.adjudication import reject, review_items

    project, alice_jsonl, bob_jsonl = (
        tmp_path / "p.gloss",
        tmp_path / "a.jsonl",
        tmp_path / "bob.jsonl",
    )
    ids = alice_project(project)
    run(capsys, "export", project, "-o", alice_jsonl, "--layer", "alice")
    bob_edits(alice_jsonl, bob_jsonl, ids)
    bobs = tmp_path / "bob.gloss"
    ws = Workspace.open(bobs, create=True)
    ws.set_annotator("bob")
    ws.close()
    assert run(capsys, "import", bobs, bob_jsonl)[0] == 0
    assert run(capsys, "merge", bobs, project)[0] == 0
    ws = Workspace.open(bobs)
    baku = f"span {at('Baku')[0]}-{at('Baku')[1]} ACTOR"
    (item,) = [i for i in review_items(ws, "d1", ["alice", "bob"]) if i.key == baku]
    reject(ws, item)
    ws.close()

    code, out, _ = run(capsys, "merge", project, bobs)
    assert code == 0 and "1 review decision(s)" in out
    assert "8 span(s), 5 relation(s); 7 span(s), 4 relation(s) given new ids" in out
    assert "skipped layer(s) alice (yours)" in out
    ws = Workspace.open(project)
    try:
        decided = {i.key: i.decided for i in review_items(ws, "d1", ["alice", "bob"])}
        assert decided[baku] == "rejected"
    finally:
        ws.close()
