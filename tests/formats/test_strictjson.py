"""Strict JSON lines: what orjson refuses, and the duplicate-key check it lacks."""

import json
from dataclasses import dataclass

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.formats.errors import FormatError
from desktop.formats.strictjson import (
    find_duplicate_key,
    loads_object,
    surely_unique,
    tally,
)


def _reason(raw: bytes) -> str:
    with pytest.raises(FormatError) as info:
        loads_object(raw, "x.jsonl", 7)
    assert str(info.value).startswith("x.jsonl:7: ")
    return info.value.reason


@pytest.mark.parametrize(
    "raw",
    [b'{"a": NaN}', b'{"a": Infinity}', b'{"a": -Infinity}', b'{"a": "\\ud800"}'],
)
def test_orjson_itself_refuses_nan_and_lone_surrogates(raw):
    """orjson rejects NaN, Infinity and lone surrogates (so no extra check is needed)."""
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(raw)


def test_orjson_keeps_the_last_duplicate():
    """orjson accepts duplicate keys silently: the reason `surely_unique` exists."""
    assert orjson.loads(b'{"a": 1, "a": 2}') == {"a": 2}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"a": NaN}', "NaN is not valid JSON (numbers must be finite)"),
        (b'{"a": [1, -Infinity]}', "-Infinity is not valid JSON (numbers must be finite)"),
        (b'{"a": "\\ud800"}', "lone surrogate in a string"),
        (b'{"a": "x\\udc00"}', "lone surrogate in a string"),
        (b'{"a": "caf\xe9"}', "not UTF-8 (invalid byte 0xE9 at offset 10 of the line)"),
        (b'{"a": 1,}', "malformed JSON at column"),
        (b'{"a": 1} {"b": 2}', "malformed JSON at column"),
    ],
)
def test_refusals_have_one_line_reasons(raw, reason):
    """Each kind of invalid JSON gets its own short reason."""
    assert reason in _reason(raw)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [(b"[1, 2]", "an array"), (b'"text"', "a string"), (b"3", "a number"), (b"null", "null")],
)
def test_line_must_be_an_object(raw, kind):
    """A line that is valid JSON but not an object is refused."""
    assert _reason(raw) == f"expected a JSON object, got {kind}"


def test_find_duplicate_key_anywhere():
    """The slow check finds a repeat at any depth and only a real repeat."""
    assert find_duplicate_key(b'{"a": 1, "a": 2}') == "a"
    assert find_duplicate_key(b'{"a": [{"b": {"c": 1, "c": 1}}]}') == "c"
    assert find_duplicate_key(b'{"a": {"a": {"a": 1}}, "b": [{"a": 1}, {"a": 2}]}') is None


def test_escaped_colon_cannot_hide_a_duplicate():
    """A colon written as \\u003a makes the fast check give up rather than miss a repeat."""
    raw = b'{"text": "x\\u003ay", "a": 1, "a": 2}'
    obj = orjson.loads(raw)
    keys, colons = tally(obj)
    assert raw.count(b":") - colons == keys  # the count alone would be fooled
    assert not surely_unique(raw, keys, colons)


# --- property: no duplicate ever passes the fast check -----------------------


@dataclass(frozen=True)
class _Obj:
    pairs: tuple[tuple[str, object], ...]


def _has_duplicate(value: object) -> bool:
    if isinstance(value, _Obj):
        names = [key for key, _ in value.pairs]
        return len(set(names)) < len(names) or any(_has_duplicate(v) for _, v in value.pairs)
    if isinstance(value, list):
        return any(_has_duplicate(item) for item in value)
    return False


def _string(text: str, escape_colons: bool) -> str:
    encoded = json.dumps(text, ensure_ascii=False)
    return encoded.replace(":", "\\u003a") if escape_colons else encoded


def _serialize(value: object, escape_colons: bool, spaced: bool) -> str:
    if isinstance(value, _Obj):
        colon = " : " if spaced else ":"
        members = (
            _string(key, escape_colons) + colon + _serialize(item, escape_colons, spaced)
            for key, item in value.pairs
        )
        return "{" + ",".join(members) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_serialize(item, escape_colons, spaced) for item in value) + "]"
    if isinstance(value, str):
        return _string(value, escape_colons)
    return json.dumps(value)


_keys = st.sampled_from(["a", "b", "id", "x:y", "é:", "spans", "text", "attrs"])
_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.text(alphabet='ab:"\\ é😀\r\n', max_size=6)
)
_trees = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.lists(st.tuples(_keys, children), max_size=4).map(lambda p: _Obj(tuple(p)))
    ),
    max_leaves=12,
)


@given(
    st.lists(st.tuples(_keys, _trees), max_size=5).map(lambda p: _Obj(tuple(p))),
    st.booleans(),
    st.booleans(),
)
def test_fast_check_never_misses_a_duplicate(tree, escape_colons, spaced):
    """For any object, a repeated key anywhere makes `surely_unique` False."""
    raw = _serialize(tree, escape_colons, spaced).encode("utf-8")
    keys, colons = tally(orjson.loads(raw))
    duplicated = _has_duplicate(tree)
    assert (find_duplicate_key(raw) is not None) == duplicated
    if duplicated:
        assert not surely_unique(raw, keys, colons)
    elif not escape_colons:
        assert surely_unique(raw, keys, colons)
