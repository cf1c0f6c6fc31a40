"""The unchecked builders make exactly the values the constructors make."""

import dataclasses

import pytest

from desktop.domain import Document, Relation, Span, unchecked


def test_every_class_still_has_the_expected_fields():
    """If a class changes shape the fast path is off; this test says so loudly."""
    assert unchecked.SPAN_SETTERS and unchecked.RELATION_SETTERS and unchecked.DOCUMENT_SETTERS


def test_unchecked_span_equals_the_constructor():
    """span_unchecked makes the value `Span(...)` makes, every field set, still frozen."""
    args = ("s", "d", "alice", 3, 9, "ACTOR", {"kind": "state"}, "act")
    fast, slow = unchecked.span_unchecked(*args), Span(*args)
    assert fast == slow and dataclasses.astuple(fast) == dataclasses.astuple(slow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.start = 4  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cls", "setters", "values"),
    [
        (Relation, unchecked.RELATION_SETTERS, ("r", "d", "alice", "accuser", "h", "c")),
        (Document, unchecked.DOCUMENT_SETTERS, ("d", "Some text", "Title", {"k": 1})),
    ],
)
def test_setters_build_what_the_constructor_builds(cls, setters, values):
    """Setting every slot in field order gives a value equal to the constructor's."""
    value = unchecked.new(cls)
    for setter, item in zip(setters, values, strict=True):
        setter(value, item)
    assert value == cls(*values)
