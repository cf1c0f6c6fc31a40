"""Strict parsing of one JSON line: orjson, plus a duplicate-key check orjson lacks.

orjson already rejects invalid UTF-8, lone surrogates, NaN and Infinity; this adds
duplicate keys and turns every failure into a one-line reason.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from desktop.formats.errors import FormatError

MAX_DEPTH = 1024  # orjson's nesting limit; deeper input is refused with this number
TOO_DEEP = "JSON nested too deeply for Gloss to check"


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


class _NotJson(Exception):
    def __init__(self, constant: str) -> None:
        self.constant = constant


def loads_object(raw: bytes, source: str, line: int) -> dict[str, Any]:
    """Parse one line that must hold a JSON object; FormatError(source, line, ...) if not.

    Duplicate keys are not looked for here: see `surely_unique` and `refuse_duplicates`.
    """
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise FormatError(source, line, _why_invalid(raw, exc)) from None
    if type(obj) is not dict:
        raise FormatError(source, line, f"expected a JSON object, got {_kind(obj)}")
    return obj


def surely_unique(raw: bytes, keys: int, colons: int) -> bool:
    """True only if no object in `raw` repeats a key; False means "check slowly".

    `keys` counts the keys of some dicts parsed from `raw` (each dict once) and
    `colons` the colons of some parsed strings (each string once). Every member of a
    JSON object owns one structural colon, so `raw` has at most `raw.count(b":") -
    colons` members while no string spells a colon as an escape (`\\u003a`), and at
    least `keys`. When the two meet, every member is a distinct key of a dict that
    survived parsing: no duplicate was dropped. Dicts and strings left uncounted only
    turn the answer to False, never wrongly to True.
    """
    if raw.count(b":") - colons != keys:
        return False
    return not colons or b"\\u003" not in raw


def refuse_duplicates(raw: bytes, source: str, line: int) -> None:
    """Raise FormatError if an object of `raw` (valid JSON) repeats a key."""
    try:
        key = find_duplicate_key(raw)
    except RecursionError:  # valid JSON, deeper than Python's parser can walk
        raise FormatError(source, line, TOO_DEEP) from None
    if key is not None:
        raise FormatError(source, line, f"duplicate key {key!r} in an object")


def tally(value: Any) -> tuple[int, int]:
    """Keys of every dict and colons of every string (keys included) inside `value`."""
    kind = type(value)
    if kind is str:
        return 0, value.count(":")
    keys = colons = 0
    if kind is dict:
        keys = len(value)
        for key, item in value.items():
            colons += key.count(":")
            if type(item) is str:
                colons += item.count(":")
            elif type(item) is dict or type(item) is list:
                more_keys, more_colons = tally(item)
                keys += more_keys
                colons += more_colons
    elif kind is list:
        for item in value:
            more_keys, more_colons = tally(item)
            keys += more_keys
            colons += more_colons
    return keys, colons


def find_duplicate_key(raw: bytes) -> str | None:
    """The first key repeated inside one object of `raw` (valid JSON), or None."""

    def no_repeats(pairs: list[tuple[str, Any]]) -> None:
        if len({key for key, _ in pairs}) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    raise _Duplicate(key)
                seen.add(key)

    try:
        json.loads(raw, object_pairs_hook=no_repeats)
    except _Duplicate as dup:
        return dup.key
    return None


def _why_invalid(raw: bytes, exc: orjson.JSONDecodeError) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"not UTF-8 (invalid byte 0x{raw[bad.start]:02X} at offset {bad.start} of the line)"
    if text.startswith("\ufeff"):
        return "byte order mark (BOM) in the middle of the file (only the first line may have one)"
    if "surrogate" in exc.msg:
        return f"lone surrogate in a string at column {exc.colno} (text must be valid Unicode)"
    if "depth limit" in exc.msg or "recursion" in exc.msg.lower():
        return f"JSON nested too deeply (more than {MAX_DEPTH} levels)"
    if "infinity when parsed" in exc.msg:
        return f"number at column {exc.colno} is too large"

    def refuse(constant: str) -> None:
        raise _NotJson(constant)

    try:
        json.loads(text, parse_constant=refuse)
    except _NotJson as found:
        return f"{found.constant} is not valid JSON (numbers must be finite)"
    except (ValueError, RecursionError):
        pass
    return f"malformed JSON at column {exc.colno}: {exc.msg}"


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"
