"""Deterministic ids for records that arrive without one."""

import uuid

from desktop.formats import ids


def test_uuid5_hex_matches_the_standard_library():
    """The fast UUID5 is exactly `uuid.uuid5(NAMESPACE, name).hex`."""
    for name in ("", "span\x1fdoc\x1falice\x1f0\x1f5\x1fACTOR", "👩‍👩‍👧 ש", "x" * 500):
        assert ids.uuid5_hex(name) == uuid.uuid5(ids.NAMESPACE, name).hex


def test_document_id_depends_only_on_the_text():
    """The same text gives the same id; another text gives another."""
    assert ids.document_id("Hello") == ids.document_id("Hello")
    assert ids.document_id("Hello") != ids.document_id("Hello\r\n")
    assert len(ids.document_id("Hello")) == 32


def test_span_and_relation_ids_depend_on_every_part():
    """Changing any part of a span or relation changes its id."""
    base = ids.span_id("d", "alice", 0, 5, "ACTOR")
    assert base == ids.span_id("d", "alice", 0, 5, "ACTOR")
    variants = {
        ids.span_id("e", "alice", 0, 5, "ACTOR"),
        ids.span_id("d", "bob", 0, 5, "ACTOR"),
        ids.span_id("d", "alice", 1, 5, "ACTOR"),
        ids.span_id("d", "alice", 0, 6, "ACTOR"),
        ids.span_id("d", "alice", 0, 5, "RESPONSE"),
        ids.span_id("d", "alice", 10, 5, "ACTOR"),
    }
    assert base not in variants and len(variants) == 6
    rel = ids.relation_id("d", "alice", "accuser", "h", "c")
    assert rel != ids.relation_id("d", "alice", "accuser", "c", "h")


def test_id_keys_are_compact_for_hex_ids_and_never_shared():
    """32-digit lowercase hex ids become numbers, every other id stays a string, and two
    distinct ids (upper and lower case, digits only, 31 or 33 digits) never share a key."""
    lower = "0123456789abcdef0123456789abcdef"
    assert ids.id_key(lower) == int(lower, 16)
    others = [lower.upper(), lower[:31], lower + "0", "1" * 32, "s0", "Ｆ" * 32, "é" * 32]
    keys = {ids.id_key(value) for value in [lower, *others]}
    assert len(keys) == len(others) + 1
    assert ids.id_key("1" * 32) == int("1" * 32, 16)  # digits are hex too: still exact
    held = ids.IdSet()
    held.add(lower)
    assert lower in held and lower.upper() not in held and 5 not in held
    held.discard_all([lower, "never added"])
    assert len(held) == 0
