"""Codebooks from other tools, read from their real files, and the .qdc and TOML writers."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.domain import AttributeDef, RelationLabel, Schema, SpanLabel
from desktop.domain.codebook import RESERVED_KEYS
from desktop.formats.codebooks import (
    brat_conf,
    codebook_text,
    labelstudio_config,
    qdc,
    read_codebook,
    read_codebook_notes,
    toml_codebook,
    write_codebook,
)
from desktop.formats.codebooks.guide import guide_html, guide_markdown
from desktop.formats.errors import FormatError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BRAT = FIXTURES / "brat"
LABELSTUDIO = FIXTURES / "labelstudio_config"
QDC = FIXTURES / "qdc"


def keys_are_sound(schema: Schema) -> None:
    for items in (schema.span_labels, schema.relation_labels):
        keys = [item.hotkey for item in items if item.hotkey]
        assert len(keys) == len(set(keys)) and not RESERVED_KEYS & set(keys)


# --- brat annotation.conf ------------------------------------------------------


def test_brat_news_conf_gives_entities_events_relations_and_attributes():
    """The news tutorial's conf: 4 entities + 10 events, 20 roles, binary and valued attributes."""
    book = brat_conf.read(BRAT / "news" / "annotation.conf")
    schema = book.schema
    assert schema.label_names[:4] == ("Person", "Organization", "GPE", "Money")
    assert len(schema.span_labels) == 14 and "Life" not in schema.label_names
    assert len(schema.relation_labels) == 20
    assert schema.relation_label("Agent-Arg").heads == ("Die", "Start-org")
    assert schema.relation_label("Agent-Arg").tails == ("Person", "Organization", "GPE")
    assert schema.relation_label("Event-Arg").tails[-1] == "Report"
    assert schema.relation_label("Alias").allows("Person", "Person")
    person = schema.span_label("Person")
    assert person.attribute("Individual") == AttributeDef("Individual", binary=True)
    assert person.attribute("Mention").choices == ("Name", "Nominal", "Other")
    assert schema.span_label("Die").attribute("Confidence").choices == ("High", "Neutral", "Low")
    assert book.repeated == {"Person-Arg": 2, "Org-Arg": 9}
    keys_are_sound(schema)


def test_brat_visual_conf_colours_and_kb_shortcuts_keys():
    """visual.conf's bgColor and kb_shortcuts.conf's keys are kept (G is Gloss's link key)."""
    schema = brat_conf.read(BRAT / "news" / "annotation.conf").schema
    person, org, gpe, money = schema.span_labels[:4]
    assert [label.color for label in (person, org, gpe, money)] == [
        "#ff821c",
        "#a7c2ff",
        "#ffd412",
        "#007000",
    ]
    assert (person.hotkey, org.hotkey, money.hotkey) == ("p", "o", "m")
    assert gpe.hotkey not in ("", "g")


def test_brat_conll_conf_has_four_entities():
    """The CoNLL-2002 sample's conf: ORG, PER, LOC, MISC and nothing else."""
    schema = brat_conf.read(BRAT / "conll2002").schema
    assert schema.label_names == ("ORG", "PER", "LOC", "MISC")
    assert schema.relation_labels == ()


def test_brat_reference_conf_with_macros_and_hierarchy():
    """brat's example-conf: the <POG> macro expands, `!` groups are left out."""
    schema = brat_conf.read(BRAT / "confs" / "example-conf.annotation.conf").schema
    assert "Transaction" not in schema.label_names and "Merge-org" in schema.label_names
    assert schema.relation_label("Buyer-Arg").tails == ("Person", "Organization", "GPE")


def test_brat_bionlp_ge_conf_skips_separators_and_reads_event_themes():
    """BioNLP GE: separator lines are not labels; Theme takes proteins and events."""
    book = brat_conf.read(BRAT / "confs" / "BioNLP-ST-GE.annotation.conf")
    schema = book.schema
    assert len(schema.span_labels) == 11 and not any("-" * 5 in n for n in schema.label_names)
    theme = schema.relation_label("Theme")
    assert "Binding" in theme.heads and {"Protein", "Regulation"} <= set(theme.tails)
    assert schema.span_label("Binding").attribute("Speculation").binary
    assert book.repeated["Theme"] == 9 and book.repeated["Site"] == 9


def test_brat_conf_notes_what_it_cannot_keep():
    """Relation attributes, <OVERLAP> rules and 3-argument relations are noted, not lost."""
    text = (
        "[spans]\nA\nB\n[relations]\n<OVERLAP> Arg1:A, Arg2:B, <OVL-TYPE>:<ANY>\n"
        "R3 Arg1:A, Arg2:B, Arg3:A\nR Arg1:A, Arg2:B\n[events]\n"
        "[attributes]\nSure Arg:<RELATION>\nLevel Arg:A|B, Value:low|high\n"
    )
    book = brat_conf.parse(text, "x/annotation.conf")
    assert [r.name for r in book.schema.relation_labels] == ["R"]
    assert len(book.notes) == 3
    assert any("attribute Sure of relations" in note for note in book.notes)
    assert book.schema.span_label("B").attribute("Level").choices == ("low", "high")


@pytest.mark.parametrize(
    "text, message",
    [
        ("Person\n", "annotation.conf:1: a line before the first [section]"),
        ("[entities]\nA\n[mystery]\n", "annotation.conf:3: unknown section [mystery]"),
        ("[entities]\nA\n[relations]\nR Arg1 A\n", "annotation.conf:4: expected KEY:VALUE"),
        ("[entities]\n[relations]\n", "nothing to annotate with"),
    ],
)
def test_bad_brat_conf_is_one_line_with_its_line_number(text, message):
    """A conf that cannot be read names the file and line."""
    with pytest.raises(FormatError) as caught:
        brat_conf.parse(text, "annotation.conf")
    assert message in str(caught.value) and "\n" not in str(caught.value)


# --- Label Studio ----------------------------------------------------------------


def test_labelstudio_relation_template():
    """Label Studio's relation-extraction template: 3 labels with colours, 2 open roles."""
    book = labelstudio_config.read(LABELSTUDIO / "relation-extraction.xml")
    schema = book.schema
    assert schema.label_names == ("Organization", "Person", "Datetime")
    assert [label.color for label in schema.span_labels] == ["#ffa500", "#008000", "#0000ff"]
    founded = schema.relation_label("org:founded_by")
    assert founded.allows("Organization", "Person") and founded.allows("Datetime", "Datetime")
    assert len(schema.relation_labels) == 2 and book.notes == []
    keys_are_sound(schema)


def test_labelstudio_slot_filling_template_notes_document_choices():
    """ParagraphLabels give labels; the document-level intent choices are noted."""
    book = labelstudio_config.read(LABELSTUDIO / "intent-classification-and-slot-filling.xml")
    schema = book.schema
    assert schema.label_names == ("Person", "Organization", "Location", "Datetime", "Quantity")
    assert schema.span_label("Person").color == "#ff0012"
    assert any("intent" in note and "whole documents" in note for note in book.notes)


def test_labelstudio_per_region_choices_become_attributes():
    """perRegion Choices give an attribute (whenLabelValue: of one label); TextArea: free text."""
    config = """<View>
      <Labels name="label" toName="text">
        <Label value="Speech" hotkey="s" hint="Someone speaks"/><Label value="Noise"/>
      </Labels>
      <Text name="text" value="$text"/>
      <Choices name="sentiment" toName="text" perRegion="true" whenLabelValue="Speech">
        <Choice value="Positive"/><Choice value="Négatif 😞"/>
      </Choices>
      <TextArea name="note" toName="text" perRegion="true"/>
    </View>"""
    schema = labelstudio_config.parse(config).schema
    speech = schema.span_label("Speech")
    assert speech.hotkey == "s" and speech.description == "Someone speaks"
    assert speech.attribute("sentiment").choices == ("Positive", "Négatif 😞")
    assert schema.span_label("Noise").attribute("sentiment") is None
    assert schema.span_label("Noise").attribute("note") == AttributeDef("note")


@pytest.mark.parametrize(
    "xml, message",
    [
        (
            '<?xml version="1.0"?><!DOCTYPE v [<!ENTITY a "aaaa">]><View>&a;</View>',
            "refused",
        ),
        (
            '<!DOCTYPE v [<!ENTITY e SYSTEM "file:///etc/passwd">]><View>&e;</View>',
            "refused",
        ),
        ("<View><Labels>", "not XML"),
        ("<View><Text name='t' value='$t'/></View>", "no <Labels>"),
    ],
)
def test_labelstudio_bad_or_hostile_xml_is_refused(xml, message):
    """Entities and external files are refused; broken XML is one line."""
    with pytest.raises(FormatError) as caught:
        labelstudio_config.parse(xml, "config.xml")
    assert message in str(caught.value)


# --- REFI-QDA .qdc ------------------------------------------------------------------


def test_qdc_from_taguette():
    """Taguette's codebook: three codable codes become three labels."""
    book = qdc.read(QDC / "taguette-codebook.qdc")
    assert book.origin == "Taguette 1.4.1"
    assert book.schema.label_names == ("xsd:element name", "CodeBook", "Variables")
    keys_are_sound(book.schema)


def test_qdc_from_atlas_ti():
    """ATLAS.ti's codebook: colour and description kept, the code group noted."""
    book = qdc.read(QDC / "atlas-ti-codebook.qdc")
    (label,) = book.schema.span_labels
    assert (label.name, label.color, label.description) == ("code1", "#46aa00", "description")
    assert book.notes and "code group" in book.notes[0]


def test_qdc_cut_short_is_refused_with_its_line():
    """A truncated export is one line naming the file and where the XML breaks."""
    with pytest.raises(FormatError) as caught:
        qdc.read(QDC / "atlas-ti-corrupted.qdc")
    assert "atlas-ti-corrupted.qdc:" in str(caught.value) and "not XML" in str(caught.value)


def test_qdc_categories_group_codes_and_repeated_names_take_their_parent():
    """QualCoder-style categories are not labels; a repeated name is prefixed."""
    xml = """<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder">
      <Codes>
        <Code guid="1" name="Emotions" isCodable="false">
          <Code guid="2" name="anger" isCodable="true" color="#FF0000"/>
          <Code guid="3" name="other" isCodable="true"/>
        </Code>
        <Code guid="4" name="Places" isCodable="false">
          <Code guid="5" name="other" isCodable="true"/>
        </Code>
      </Codes>
    </CodeBook>"""
    book = qdc.parse(xml)
    assert book.schema.label_names == ("anger", "Emotions/other", "Places/other")
    assert book.schema.span_label("anger").color == "#ff0000"


def test_qdc_round_trip_keeps_labels_attributes_and_roles():
    """Gloss writes a .qdc and reads it back: all but the hotkeys of roles come back."""
    schema = Schema(
        (
            SpanLabel(
                "ACTOR <x>",
                "a",
                "#2f7fd8",
                "A party & more 👩‍👩‍👧",
                (
                    AttributeDef("kind", ("state", "مرحبا")),
                    AttributeDef("named", binary=True, description="a name is given"),
                    AttributeDef("note"),
                ),
            ),
            SpanLabel("CLAIM", "c", "#d8452f", "Line one\nline two"),
        ),
        (RelationLabel("accuser", ("CLAIM",), ("ACTOR <x>",), "s", "who accuses"),),
        "book",
    )
    back = qdc.parse(qdc.dumps(schema)).schema
    assert back.span_labels == schema.span_labels
    (role,) = back.relation_labels
    assert (role.name, role.heads, role.tails, role.description) == (
        "accuser",
        ("CLAIM",),
        ("ACTOR <x>",),
        "who accuses",
    )


# --- TOML, dispatch and guide ---------------------------------------------------------


def test_toml_round_trip_of_every_field(tmp_path):
    """TOML keeps versions, descriptions, binary and free-text attributes exactly."""
    schema = Schema(
        (
            SpanLabel(
                "É\u0301 label",
                "e",
                "#123456",
                "Tabs\tand\r\nCRLF",
                (AttributeDef("flag", binary=True), AttributeDef("free", description="d")),
            ),
        ),
        (RelationLabel("self", ("É\u0301 label",), ("É\u0301 label",), "s", "loops"),),
        "n",
        7,
    )
    path = tmp_path / "book.toml"
    write_codebook(path, schema)
    assert read_codebook(path) == schema
    assert codebook_text(schema) == path.read_text(encoding="utf-8")


def test_toml_errors_name_the_line(tmp_path):
    """Bad TOML and a bad codebook are one line naming the file."""
    with pytest.raises(FormatError, match=r"book.toml:2: not TOML"):
        toml_codebook.loads('name = "x"\n[[span_labels]\n', "book.toml")
    with pytest.raises(FormatError, match="binary and cannot have choices"):
        toml_codebook.loads(
            '[[span_labels]]\nname="A"\n[[span_labels.attributes]]\nname="f"\n'
            'binary=true\nchoices=["x"]\n',
            "book.toml",
        )


def test_codebook_files_dispatch_by_extension(tmp_path):
    """read_codebook picks the reader by extension (a folder is brat); others are refused."""
    assert read_codebook(BRAT / "news").label_names[0] == "Person"
    assert read_codebook(LABELSTUDIO / "relation-extraction.xml").label_names[0] == "Organization"
    schema, notes = read_codebook_notes(QDC / "atlas-ti-codebook.qdc")
    assert schema.label_names == ("code1",) and notes
    with pytest.raises(FormatError, match=r"unknown codebook extension \.json"):
        read_codebook(tmp_path / "book.json")
    with pytest.raises(FormatError, match=r"written as \.toml, \.qdc"):
        write_codebook(tmp_path / "book.xml", schema)


def test_guide_escapes_label_names_and_examples():
    """Names, descriptions and examples are escaped in HTML and literal in Markdown."""
    schema = Schema(
        (SpanLabel("<script>", "s", "#123456", "a & b", (AttributeDef("k", ("<i>",)),)),)
    )
    examples = {"<script>": [("before <b>", "x</mark>", "\r\nafter")]}
    page = guide_html(schema, examples)
    assert "<script>" not in page and "&lt;script&gt;" in page and "x&lt;/mark&gt;" in page
    assert "a &amp; b" in page and "&lt;i&gt;" in page
    text = guide_markdown(schema, examples)
    assert "\\<script\\>" in text and "**x\\</mark\\>**" in text and "\r" not in text
