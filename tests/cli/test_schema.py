"""`gloss schema`: print, write, replace, rename, merge and the guide, through the real CLI."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.domain import Document, Schema
from desktop.formats.codebooks import qdc, toml_codebook
from desktop.workspace import Workspace

TEXT = (
    "Human Rights Watch accused Azerbaijani forces of torturing <b>Armenian</b> troops.\r\n"
    "Baku denied it. 👩‍👩‍👧 مرحبا שלום e\u0301 & more."
)


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path):
    """A project file with one annotated document: actors, an allegation, a response."""
    path = tmp_path / "p.gloss"
    ws = Workspace.open(path, create=True)
    ws.set_annotator("alice")
    ws.add_documents([Document("d1", TEXT, "HRW")])

    def span(needle, label, **attrs):
        start = TEXT.index(needle)
        change = ws.add_span("d1", start, start + len(needle), label, attrs=attrs)
        return next(iter(change.span_ids))

    hrw = span("Human Rights Watch", "ACTOR", kind="NGO or IGO")
    forces = span("Azerbaijani forces", "ACTOR", kind="armed forces")
    claim = span("torturing <b>Armenian</b> troops", "ALLEGATION", category="torture")
    baku = span("Baku", "ACTOR", kind="state")
    denial = span("denied it", "RESPONSE", stance="deny")
    span("👩‍👩‍👧 مرحبا", "EVIDENCE")
    ws.add_relation(claim, hrw, "accuser")
    ws.add_relation(claim, forces, "accused")
    ws.add_relation(denial, claim, "responds_to")
    ws.add_relation(denial, baku, "respondent")
    ws.close()
    return path


def snapshot(path: Path):
    """The codebook and every annotation, to compare before and after."""
    ws = Workspace.open(path)
    try:
        spans = sorted(
            (s.id, s.start, s.end, s.label, tuple(sorted(s.attrs.items()))) for s in ws.spans("d1")
        )
        relations = sorted((r.id, r.label, r.head_id, r.child_id) for r in ws.relations("d1"))
        return ws.schema.to_dict(), spans, relations
    finally:
        ws.close()


def undo(path: Path, times: int = 1) -> None:
    ws = Workspace.open(path)
    try:
        for _ in range(times):
            ws.undo()
    finally:
        ws.close()


def test_schema_prints_the_default_codebook_as_toml(project, capsys):
    """`gloss schema PROJECT` prints TOML that reads back as the default codebook."""
    code, out, _ = run(capsys, "schema", project)
    assert code == 0
    assert Schema.from_dict(tomllib.loads(out)) == Schema.default()


def test_schema_writes_toml_and_qdc(project, tmp_path, capsys):
    """-o FILE.toml and -o FILE.qdc write the codebook; both read back."""
    toml_file, qdc_file = tmp_path / "book.toml", tmp_path / "book.qdc"
    assert run(capsys, "schema", project, "-o", toml_file)[0] == 0
    assert toml_codebook.read(toml_file) == Schema.default()
    assert run(capsys, "schema", project, "-o", qdc_file)[0] == 0
    back = qdc.read(qdc_file).schema
    default = Schema.default()
    assert back.label_names == default.label_names
    for label in default.span_labels:
        assert back.span_label(label.name).attributes == label.attributes
        assert back.span_label(label.name).color == label.color
        assert back.span_label(label.name).description == label.description
    assert [(r.name, r.heads, r.tails) for r in back.relation_labels] == [
        (r.name, r.heads, r.tails) for r in default.relation_labels
    ]


def test_set_refuses_a_codebook_the_annotations_do_not_fit(project, tmp_path, capsys):
    """--set that drops a used label changes nothing and says what and how many."""
    data = Schema.default().to_dict()
    data["span_labels"] = [s for s in data["span_labels"] if s["name"] != "RESPONSE"]
    data["relation_labels"] = [
        r for r in data["relation_labels"] if r["name"] not in ("responds_to", "respondent")
    ]
    smaller = tmp_path / "smaller.toml"
    smaller.write_text(toml_codebook.dumps(Schema.from_dict(data)), encoding="utf-8")
    before = snapshot(project)
    code, out, err = run(capsys, "schema", project, "--set", smaller)
    assert code == 1 and out == ""
    (line,) = err.strip().splitlines()
    assert "1 span uses RESPONSE, which smaller.toml removes" in line
    assert "more kind" in line  # the two roles too
    assert snapshot(project) == before


def test_set_refuses_a_removed_choice_in_use(project, tmp_path, capsys):
    """--set that drops a choice still used names the attribute and the value."""
    data = Schema.default().to_dict()
    data["span_labels"][0]["attributes"][0]["choices"].remove("state")
    fewer = tmp_path / "fewer.toml"
    fewer.write_text(toml_codebook.dumps(Schema.from_dict(data)), encoding="utf-8")
    code, _, err = run(capsys, "schema", project, "--set", fewer)
    assert code == 1
    assert "1 ACTOR span has kind = 'state', which fewer.toml does not allow" in err


def test_set_adds_a_label_and_undo_restores(project, tmp_path, capsys):
    """--set with a new DENIAL label replaces the codebook; undo gives the old one back."""
    data = Schema.default().to_dict()
    data["span_labels"].append({"name": "DENIAL", "hotkey": "n", "color": "#aa0000"})
    bigger = tmp_path / "bigger.toml"
    bigger.write_text(toml_codebook.dumps(Schema.from_dict(data)), encoding="utf-8")
    before = snapshot(project)
    code, out, _ = run(capsys, "schema", project, "--set", bigger)
    assert code == 0 and "codebook version 2" in out
    after = snapshot(project)
    assert after[0]["span_labels"][-1]["name"] == "DENIAL" and after[1:] == before[1:]
    undo(project)
    assert snapshot(project) == before


def test_rename_label_migrates_spans_roles_and_undoes_exactly(project, capsys):
    """--rename-label moves spans and role rules; one undo restores both exactly."""
    before = snapshot(project)
    code, out, _ = run(capsys, "schema", project, "--rename-label", "ALLEGATION", "CLAIM")
    assert code == 0 and "1 annotation(s) changed" in out
    schema, spans, relations = snapshot(project)
    book = Schema.from_dict(schema)
    assert "CLAIM" in book.label_names and "ALLEGATION" not in book.label_names
    assert book.relation_label("accuser").heads == ("CLAIM",)
    assert book.relation_label("responds_to").tails == ("CLAIM",)
    assert [s[3] for s in spans].count("CLAIM") == 1 and relations == before[2]
    undo(project)
    assert snapshot(project) == before


def test_merge_labels_migrates_and_undoes_exactly(project, capsys):
    """--merge-labels RESPONSE EVIDENCE REACTION: one label with both's spans and roles."""
    before = snapshot(project)
    code, out, _ = run(
        capsys, "schema", project, "--merge-labels", "RESPONSE", "EVIDENCE", "REACTION"
    )
    assert code == 0 and "2 annotation(s) changed" in out
    schema, spans, relations = snapshot(project)
    book = Schema.from_dict(schema)
    assert book.label_names == ("ACTOR", "ALLEGATION", "REACTION")
    reaction = book.span_label("REACTION")
    assert reaction.hotkey == "r" and reaction.attribute("stance") is not None
    assert book.relation_label("supported_by").tails == ("REACTION",)
    assert book.relation_label("responds_to").heads == ("REACTION",)
    assert sorted(s[3] for s in spans).count("REACTION") == 2 and relations == before[2]
    undo(project)
    assert snapshot(project) == before


def test_merge_into_one_of_the_two_keeps_its_place(project, capsys):
    """Merging EVIDENCE into ALLEGATION keeps ALLEGATION where it was."""
    code, _, _ = run(
        capsys, "schema", project, "--merge-labels", "EVIDENCE", "ALLEGATION", "ALLEGATION"
    )
    assert code == 0
    book = Schema.from_dict(snapshot(project)[0])
    assert book.label_names == ("ACTOR", "ALLEGATION", "RESPONSE")
    assert book.relation_label("supported_by").tails == ("ALLEGATION",)


def test_rename_role_migrates_relations_and_undoes_exactly(project, capsys):
    """--rename-role renames the role on every relation; undo restores them."""
    before = snapshot(project)
    code, out, _ = run(capsys, "schema", project, "--rename-role", "accuser", "accuses")
    assert code == 0 and "1 annotation(s) changed" in out
    _, spans, relations = snapshot(project)
    assert "accuses" in [r[1] for r in relations] and "accuser" not in [r[1] for r in relations]
    assert spans == before[1]
    undo(project)
    assert snapshot(project) == before


@pytest.mark.parametrize("attribute", ["stance", "RESPONSE.stance"])
def test_rename_choice_migrates_values_and_undoes_exactly(project, capsys, attribute):
    """--rename-choice ATTR OLD NEW renames the choice and the spans' values."""
    before = snapshot(project)
    code, _, _ = run(capsys, "schema", project, "--rename-choice", attribute, "deny", "denial")
    assert code == 0
    schema, spans, _ = snapshot(project)
    stance = Schema.from_dict(schema).span_label("RESPONSE").attribute("stance")
    assert stance.choices[0] == "denial" and "deny" not in stance.choices
    assert ("stance", "denial") in next(s[4] for s in spans if s[3] == "RESPONSE")
    undo(project)
    assert snapshot(project) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["--rename-label", "ALLEGATION", "ACTOR"], "label ACTOR exists already"),
        (["--rename-label", "NOPE", "X"], "unknown span label 'NOPE'"),
        (["--rename-role", "accuser", "victim"], "role victim exists already"),
        (["--rename-choice", "stance", "nope", "x"], "has no choice 'nope'"),
        (["--rename-choice", "colour", "a", "b"], "no label has an attribute 'colour'"),
        (["--merge-labels", "ACTOR", "ACTOR", "X"], "cannot merge ACTOR with itself"),
        (["--set", "missing.toml"], "missing.toml"),
        (["--guide"], "--guide needs -o"),
    ],
)
def test_bad_codebook_changes_are_one_line_and_change_nothing(project, capsys, args, message):
    """A refused change exits 1 with one line, and the project stays as it was."""
    before = snapshot(project)
    code, _, err = run(capsys, "schema", project, *args)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert snapshot(project) == before


def test_guide_html_escapes_everything_and_shows_examples(project, tmp_path, capsys):
    """The HTML guide lists each label with examples, every text HTML-escaped."""
    out_file = tmp_path / "guide.html"
    code, _, _ = run(capsys, "schema", project, "--guide", "-o", out_file)
    assert code == 0
    page = out_file.read_text(encoding="utf-8")
    assert "torturing &lt;b&gt;Armenian&lt;/b&gt; troops" in page and "<b>Armenian" not in page
    assert "A claim that someone did wrong." in page
    assert page.count("<mark") == 6  # three ACTOR examples and one of each other label
    assert "👩‍👩‍👧 مرحبا" in page and "&amp; more" in page
    assert "this → accuser → ACTOR" in page


def test_guide_markdown_prefers_gold(project, tmp_path, capsys):
    """The Markdown guide takes its examples from gold when there is a gold layer."""
    ws = Workspace.open(project)
    start = TEXT.index("Baku")
    ws.add_span("d1", start, start + 4, "EVIDENCE", layer="gold")
    ws.close()
    out_file = tmp_path / "guide.md"
    assert run(capsys, "schema", project, "--guide", "-o", out_file)[0] == 0
    text = out_file.read_text(encoding="utf-8")
    assert "**Baku**" in text and "Human Rights Watch" not in text
    assert "\\<b\\>Armenian" in text and "<b>" not in text  # context made literal
    assert "## ALLEGATION (key `l`)" in text


def test_sixty_label_codebook_set_rename_and_print(project, tmp_path, capsys):
    """A 60-label codebook is accepted, keeps unique keys, and renames like any other."""
    data = Schema.default().to_dict()
    keys = iter("bfhimnoquwxyz0123456789")
    for index in range(56):
        data["span_labels"].append(
            {"name": f"TOPIC_{index:02d}", "hotkey": next(keys, ""), "color": "#123456"}
        )
    big = tmp_path / "sixty.toml"
    big.write_text(toml_codebook.dumps(Schema.from_dict(data)), encoding="utf-8")
    assert run(capsys, "schema", project, "--set", big)[0] == 0
    assert run(capsys, "schema", project, "--rename-label", "TOPIC_07", "SEVEN")[0] == 0
    _, out, _ = run(capsys, "schema", project)
    book = Schema.from_dict(tomllib.loads(out))
    assert len(book.span_labels) == 60 and "SEVEN" in book.label_names
    keys_used = [label.hotkey for label in book.span_labels if label.hotkey]
    assert len(keys_used) == len(set(keys_used)) == 27


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize(
    "source, first_label",
    [
        (FIXTURES / "brat" / "news" / "annotation.conf", "Person"),
        (FIXTURES / "labelstudio_config" / "relation-extraction.xml", "Organization"),
        (FIXTURES / "qdc" / "atlas-ti-codebook.qdc", "code1"),
        (Path(__file__).resolve().parents[2] / "resources" / "schemas" / "default.toml", "ACTOR"),
    ],
)
def test_init_with_a_codebook_from_each_tool(tmp_path, capsys, source, first_label):
    """`gloss init PROJECT --schema FILE` starts the project with FILE's codebook."""
    project = tmp_path / "new.gloss"
    code, _, err = run(capsys, "init", project, "--schema", source)
    assert code == 0, err
    ws = Workspace.open(project)
    try:
        assert ws.schema.label_names[0] == first_label
        assert ws.can_undo() is None  # nothing to undo in a new project
    finally:
        ws.close()


def test_init_notes_what_a_codebook_could_not_bring(tmp_path, capsys):
    """Label Studio's document-level choices are named on stderr, not dropped silently."""
    config = FIXTURES / "labelstudio_config" / "intent-classification-and-slot-filling.xml"
    code, _, err = run(capsys, "init", tmp_path / "new.gloss", "--schema", config)
    assert code == 0 and "note:" in err and "intent" in err


def test_init_with_a_bad_codebook_creates_nothing(tmp_path, capsys):
    """A codebook that cannot be read leaves no project file behind."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[[span_labels]\n", encoding="utf-8")
    project = tmp_path / "new.gloss"
    code, _, err = run(capsys, "init", project, "--schema", bad)
    assert code == 1 and "bad.toml:1: not TOML" in err and not project.exists()


def test_set_a_label_studio_config_when_it_fits(tmp_path, capsys):
    """--set config.xml replaces the codebook of a project whose spans it can hold."""
    project = tmp_path / "p.gloss"
    run(capsys, "init", project)
    config = FIXTURES / "labelstudio_config" / "relation-extraction.xml"
    code, out, _ = run(capsys, "schema", project, "--set", config)
    assert code == 0 and "Codebook from relation-extraction.xml" in out
    _, out, _ = run(capsys, "schema", project)
    book = Schema.from_dict(tomllib.loads(out))
    assert book.label_names == ("Organization", "Person", "Datetime")
