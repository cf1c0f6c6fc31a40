"""Invariants of the domain values, enforced in their constructors."""

import pytest

from desktop.domain import (
    Actor,
    Change,
    Document,
    InvalidActor,
    InvalidAttribute,
    InvalidDocument,
    InvalidLayer,
    InvalidRelation,
    InvalidSchema,
    InvalidSpan,
    Relation,
    Schema,
    Span,
    UnknownLabel,
    check_layer_name,
    check_status,
)


def span(start=0, end=3, label="ACTOR", **kw):
    return Span("s1", "d1", "alice", start, end, label, **kw)


def test_span_rejects_negative_start():
    """A span cannot start before the text."""
    with pytest.raises(InvalidSpan, match="negative"):
        span(-1, 2)


@pytest.mark.parametrize(("start", "end"), [(3, 3), (4, 2)])
def test_span_rejects_empty_or_reversed(start, end):
    """start must be before end."""
    with pytest.raises(InvalidSpan, match="not before"):
        span(start, end)


@pytest.mark.parametrize("bad", [1.5, "1", True, None])
def test_span_offsets_must_be_integers(bad):
    """Offsets are integers; bools and floats are refused."""
    with pytest.raises(InvalidSpan, match="integer"):
        span(bad, 5)


def test_span_fits_checks_the_text_length_in_code_points():
    """A span may end at len(text) but not beyond; emoji count as one code point."""
    doc = Document("d1", "a😀b")
    span(0, 3).fits(doc)
    assert span(1, 2).text_in(doc) == "😀"
    with pytest.raises(InvalidSpan, match="past the text"):
        span(0, 4).fits(doc)


def test_span_overlap_and_contains():
    """Overlap is half-open: touching spans do not overlap."""
    assert span(0, 5).overlaps(span(4, 6))
    assert not span(0, 4).overlaps(span(4, 6))
    assert span(2, 4).contains(2) and not span(2, 4).contains(4)


def test_document_needs_text_and_keeps_it_exactly():
    """Documents refuse empty text and lone surrogates, and never normalize."""
    with pytest.raises(InvalidDocument):
        Document("d", "")
    with pytest.raises(InvalidDocument, match="surrogate"):
        Document("d", "a\ud800b")
    doc = Document("d", "e\u0301\r\n")
    assert doc.text == "e\u0301\r\n"
    assert len(doc.sha256) == 64 and doc.sha256 != Document("d", "é\n").sha256


def test_document_display_title_falls_back_to_first_line():
    """Without a title, the first line of the text names the document."""
    assert Document("d", "\n  First line\nsecond").display_title == "First line"


def test_default_schema_matches_the_design():
    """The shipped schema has the four labels, their hotkeys and the six roles."""
    schema = Schema.default()
    assert schema.label_names == ("ACTOR", "ALLEGATION", "RESPONSE", "EVIDENCE")
    assert [s.hotkey for s in schema.span_labels] == ["a", "l", "r", "e"]
    assert {r.name for r in schema.relation_labels} == {
        "accuser",
        "accused",
        "victim",
        "supported_by",
        "responds_to",
        "respondent",
    }
    assert "torture" in schema.span_label("ALLEGATION").attribute("category").choices
    assert schema.span_label("RESPONSE").attribute("stance").choices[0] == "deny"


def test_schema_rejects_unknown_label_and_bad_attribute():
    """Labels and attribute values must come from the schema."""
    schema = Schema.default()
    with pytest.raises(UnknownLabel):
        schema.check_span(span(label="PERSON"))
    with pytest.raises(InvalidAttribute, match="must be one of"):
        schema.check_span(span(label="ALLEGATION", attrs={"category": "rudeness"}))
    with pytest.raises(InvalidAttribute, match="no attribute"):
        schema.check_span(span(label="ACTOR", attrs={"stance": "deny"}))
    schema.check_span(span(label="ALLEGATION", attrs={"category": "torture"}))


def test_schema_checks_role_endpoints():
    """A role joins only the labels the schema allows, in its direction."""
    schema = Schema.default()
    allegation = Span("h", "d1", "alice", 0, 3, "ALLEGATION")
    actor = Span("c", "d1", "alice", 4, 6, "ACTOR")
    schema.check_relation(Relation("r", "d1", "alice", "accuser", "h", "c"), allegation, actor)
    with pytest.raises(InvalidRelation, match="cannot go from ACTOR"):
        schema.check_relation(Relation("r", "d1", "alice", "accuser", "c", "h"), actor, allegation)
    other_layer = Span("c", "d1", "bob", 4, 6, "ACTOR")
    with pytest.raises(InvalidRelation, match="one document and layer"):
        schema.check_relation(
            Relation("r", "d1", "alice", "accuser", "h", "c"), allegation, other_layer
        )
    assert [r.name for r in schema.roles_between("RESPONSE", "ALLEGATION")] == ["responds_to"]


def test_relation_cannot_link_a_span_to_itself():
    """Self-links are refused."""
    with pytest.raises(InvalidRelation):
        Relation("r", "d", "l", "accuser", "x", "x")


def test_schema_round_trips_and_rejects_duplicates():
    """to_dict/from_dict are inverse; duplicate labels or unknown role ends are refused."""
    schema = Schema.default()
    assert Schema.from_dict(schema.to_dict()) == schema
    data = schema.to_dict()
    data["span_labels"].append(dict(data["span_labels"][0]))
    with pytest.raises(InvalidSchema):
        Schema.from_dict(data)
    data = schema.to_dict()
    data["relation_labels"][0]["tails"] = ["NOPE"]
    with pytest.raises(InvalidSchema, match="unknown label"):
        Schema.from_dict(data)


def test_actor_and_layer_checks():
    """Actors need a name and a known kind; layer names and statuses are checked."""
    with pytest.raises(InvalidActor):
        Actor("a", " ")
    with pytest.raises(InvalidActor):
        Actor("a", "HRW", "company")
    assert Actor("a", "HRW", "NGO or IGO", ("HRW", "Human Rights Watch")).names == (
        "HRW",
        "Human Rights Watch",
    )
    with pytest.raises(InvalidLayer):
        check_layer_name(" alice")
    with pytest.raises(InvalidLayer):
        check_status("finished")
    assert check_status("done") == "done"


def test_change_merges_flags_and_ids():
    """Merged changes keep every flag and id of both."""
    merged = Change(spans=True, doc_ids=frozenset({"a"})).merged(
        Change(relations=True, doc_ids=frozenset({"b"}))
    )
    assert merged.spans and merged.relations and merged.doc_ids == {"a", "b"}
    assert merged.touches("a") and not merged.touches("c")
