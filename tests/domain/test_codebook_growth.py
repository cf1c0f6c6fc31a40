"""Growing a codebook from data: what is added, what is refused, keys and colours."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import (
    AnnotatedDocument,
    Document,
    DomainError,
    InvalidAttribute,
    Relation,
    Schema,
    Span,
)
from desktop.domain.codebook import (
    RESERVED_KEYS,
    CodebookGrowth,
    additions,
    free_hotkey,
    new_color,
)

DOC = Document("d", "Kyiv 👩‍👩‍👧 said e\u0301 مرحبا.\r\n")


def span(ident, label, attrs=None, start=0, end=4):
    return Span(ident, "d", "x", start, end, label, attrs or {})


def test_known_labels_change_nothing():
    """Spans and roles the codebook defines leave it as it was."""
    growth = CodebookGrowth(Schema.default())
    a, b = span("a", "ALLEGATION", {"status": "hedged"}), span("b", "ACTOR", start=5, end=13)
    growth.record(
        AnnotatedDocument(
            DOC, "x", spans=(a, b), relations=(Relation("r", "d", "x", "accuser", "a", "b"),)
        )
    )
    assert not growth.grown and growth.schema is growth.original


def test_missing_label_attribute_choice_and_role_are_added():
    """A new label, a new choice, a binary attribute and a new role's endpoints are added."""
    growth = CodebookGrowth(Schema.default())
    head = span("a", "ALLEGATION", {"status": "rumoured"})
    tail = span("b", "Lieu", {"Individual": True, "kind": "city"}, 5, 13)
    rel = Relation("r", "d", "x", "place", "a", "b")
    also = Relation("s", "d", "x", "accuser", "a", "b")
    growth.record(AnnotatedDocument(DOC, "x", spans=(head, tail), relations=(rel, also)))
    schema = growth.schema
    assert schema.version == 2 and growth.grown
    assert schema.span_label("ALLEGATION").attribute("status").choices[-1] == "rumoured"
    lieu = schema.span_label("Lieu")
    assert lieu.attribute("Individual").binary and lieu.attribute("kind").choices == ("city",)
    assert schema.relation_label("place").allows("ALLEGATION", "Lieu")
    assert schema.relation_label("accuser").tails == ("ACTOR", "Lieu")
    lines = additions(Schema.default(), schema)
    assert "choice(s) rumoured of ALLEGATION.status" in lines
    assert "attribute Lieu.Individual (binary)" in lines
    assert "role accuser also from - to Lieu" in lines
    for item in (head, tail):
        schema.check_span(item)


@pytest.mark.parametrize("value", [3, ["a"], False, ""])
def test_values_no_attribute_holds_are_refused_and_nothing_is_kept(value):
    """A number or a list is refused, and the refused record adds nothing."""
    growth = CodebookGrowth(Schema.default())
    bad = AnnotatedDocument(DOC, "x", spans=(span("a", "NEW"), span("b", "NEW2", {"n": value})))
    with pytest.raises(InvalidAttribute):
        growth.record(bad)
    assert growth.schema == Schema.default()
    growth.record(AnnotatedDocument(DOC, "x", spans=(span("c", "NEW"),)))
    assert growth.schema.label_names[-1] == "NEW"


def test_binary_and_valued_uses_of_one_attribute_conflict():
    """An attribute seen as binary then with a value (or the reverse) is refused."""
    growth = CodebookGrowth(Schema.default())
    growth.span(span("a", "X", {"neg": True}))
    with pytest.raises(InvalidAttribute):
        growth.span(span("b", "X", {"neg": "yes"}))
    with pytest.raises(InvalidAttribute):
        growth.span(span("c", "ACTOR", {"kind": True}))


def test_free_hotkey_prefers_the_name_and_skips_reserved_keys():
    """The first free letter of the name, never g, j or k, and '' when all are taken."""
    assert free_hotkey("Person", "a") == "p"
    assert free_hotkey("Person", "pe") == "r"
    assert free_hotkey("GJK", "") == "a"
    assert free_hotkey("é", "") == "a"
    every = "abcdefghijklmnopqrstuvwxyz0123456789"
    assert free_hotkey("Zed", every) == ""
    assert free_hotkey("g", "") not in RESERVED_KEYS


def test_sixty_new_labels_get_distinct_colours_and_keys():
    """Sixty labels: sixty colours, and every free key used once."""
    growth = CodebookGrowth(Schema.default())
    for index in range(60):
        growth.span(span(f"s{index}", f"L{index:02d}"))
    labels = growth.schema.span_labels
    assert len(labels) == 64
    assert len({label.color for label in labels}) == 64
    keys = [label.hotkey for label in labels if label.hotkey]
    assert len(keys) == len(set(keys)) == 36 - len(RESERVED_KEYS)


def test_new_color_is_a_hex_colour_unlike_the_taken_ones():
    """Generated colours are #rrggbb and avoid those given."""
    first = new_color(0)
    assert len(first) == 7 and first.startswith("#")
    assert new_color(0, [first]) != first


names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=6,
)
values = st.one_of(st.just(True), names)


@given(st.lists(st.tuples(names, st.dictionaries(names, values, max_size=3)), max_size=12))
def test_whatever_growth_takes_in_fits_the_grown_codebook(items):
    """After growth, every span it accepted checks against the grown codebook."""
    growth = CodebookGrowth(Schema.default())
    accepted = []
    for number, (label, attrs) in enumerate(items):
        item = span(f"s{number}", label, attrs)
        try:
            growth.record(AnnotatedDocument(DOC, "x", spans=(item,)))
        except DomainError:
            continue
        accepted.append(item)
    for item in accepted:
        growth.schema.check_span(item)
    added = additions(Schema.default(), growth.schema)
    for item in accepted:
        if item.label not in Schema.default().label_names:
            assert any(line.startswith(f"label {item.label}") for line in added)


@pytest.mark.parametrize("label", [" Person", "Person ", "\t", ""])
def test_names_with_outer_spaces_are_refused_not_stored(label):
    """A label the codebook could not read back is refused, and nothing is added."""
    growth = CodebookGrowth(Schema.default())
    record = AnnotatedDocument(DOC, "x", spans=(span("a", label or "X", {}),))
    if not label:
        record = AnnotatedDocument(DOC, "x", spans=(span("a", "X", {" k": "v"}),))
    with pytest.raises(DomainError):
        growth.record(record)
    assert growth.schema == Schema.default()
