"""Domain checks that keep hostile names and texts out: layer names, ids, titles, NUL texts."""

import pytest

from desktop.domain import (
    Document,
    InvalidDecision,
    InvalidDocument,
    InvalidLayer,
    ReviewDecision,
    check_layer_name,
)


@pytest.mark.parametrize("name", ["../../x", "a/b", "a\\b", ".", "..", ".hidden", "x" * 201])
def test_layer_names_that_could_be_paths_are_refused(name):
    """A layer names a folder in exports: separators, dot names and huge names are refused."""
    with pytest.raises(InvalidLayer):
        check_layer_name(name)


@pytest.mark.parametrize("name", ["alice", "Bob Ü", "a:b", "gold", "مريم", "annotator-2.v1"])
def test_ordinary_layer_names_pass(name):
    """Names with spaces, accents, colons, dots inside and RTL script are fine."""
    assert check_layer_name(name) == name


def test_ids_and_titles_must_be_valid_unicode():
    """A lone surrogate (a non-UTF-8 file name) in an id or title is refused with a reason."""
    with pytest.raises(InvalidDocument, match="not valid Unicode"):
        Document("caf\udce9", "text")
    with pytest.raises(InvalidDocument, match="rename the file"):
        Document("d1", "text", "caf\udce9")


@pytest.mark.parametrize(
    ("text", "words"), [("\x00\x00", "only NUL"), ("\x00H\x00i", "starts with NUL")]
)
def test_texts_led_by_nul_cannot_be_stored(text, words):
    """SQLite would count such a text as empty: check_storable says why; NUL inside is fine."""
    with pytest.raises(InvalidDocument, match=words):
        Document("d", text).check_storable()
    Document("d", "a\x00b").check_storable()


def test_a_review_decision_needs_its_parts():
    """Decisions are 'accepted' or 'rejected' and name a document, gold layer, item, reviewer."""
    with pytest.raises(InvalidDecision):
        ReviewDecision("d1", "gold", "span 0-1 ACTOR", "maybe", "carol", "t")
    with pytest.raises(InvalidDecision):
        ReviewDecision("d1", "gold", "", "rejected", "carol", "t")
    decision = ReviewDecision("d1", "gold", "k", "rejected", "carol", "t")
    assert decision.identity == ("d1", "gold", "k")
