"""Shared record checks: the fast span builder and schema tables agree with the domain."""

from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import DomainError, Relation, Schema, Span
from desktop.formats.fast import SchemaCheck
from desktop.formats.records import clip, short

SCHEMA = Schema.default()
CHECK = SchemaCheck(SCHEMA)
LABELS = [*SCHEMA.label_names, "PERSON"]
NAMES = sorted({a.name for label in SCHEMA.span_labels for a in label.attributes} | {"mood"})
VALUES = sorted(
    {c for label in SCHEMA.span_labels for a in label.attributes for c in a.choices} | {"alien"}
)


def _outcome(check, *args) -> bool:
    try:
        check(*args)
    except DomainError:
        return False
    return True


@given(
    st.sampled_from(LABELS),
    st.dictionaries(
        st.sampled_from(NAMES), st.none() | st.sampled_from(VALUES) | st.integers(), max_size=3
    ),
)
def test_schema_tables_agree_with_the_schema_on_spans(label, attrs):
    """The fast span check accepts and refuses exactly what `Schema.check_span` does."""
    span = Span("s", "d", "a", 0, 1, label, attrs)
    assert _outcome(CHECK.span, span) == _outcome(SCHEMA.check_span, span)


@given(
    st.sampled_from([*(r.name for r in SCHEMA.relation_labels), "likes"]),
    st.sampled_from(LABELS),
    st.sampled_from(LABELS),
)
def test_schema_tables_agree_with_the_schema_on_roles(role, head_label, child_label):
    """The fast role check accepts and refuses exactly what `Schema.check_relation` does."""
    head = Span("h", "d", "a", 0, 1, head_label)
    child = Span("c", "d", "a", 1, 2, child_label)
    relation = Relation("r", "d", "a", role, "h", "c")
    fast = _outcome(CHECK.relation, relation, head, child)
    assert fast == _outcome(SCHEMA.check_relation, relation, head, child)


def test_short_values_stay_short():
    """Values quoted in messages are cut in the middle and kept on one line."""
    assert clip("abc") == "abc"
    assert len(clip("x" * 1000)) == 39
    assert short("a\nb") == "'a\\nb'"
    assert short([1, 2]) == "[1, 2]"
