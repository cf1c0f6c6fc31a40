"""The codebook as TOML, in the shape of `resources/schemas/default.toml`."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import tomli_w

from desktop.domain import DomainError, Schema
from desktop.formats.errors import FormatError

HEADER = (
    "# A Gloss codebook: span labels with hotkeys, colours, descriptions and attributes,\n"
    "# and roles (relations from head labels to tail labels).\n"
)


def dumps(schema: Schema) -> str:
    """The TOML text of `schema` (read back by `loads` to an equal schema)."""
    return HEADER + tomli_w.dumps(schema.to_dict())


def loads(text: str, source: str = "<codebook>") -> Schema:
    """The schema a TOML text describes; FormatError names the source and line."""
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(where.group(1)) if where else None
        reason = str(exc).split(" (at ")[0]
        raise FormatError(source, line, f"not TOML: {reason}") from None
    try:
        return Schema.from_dict(data)
    except DomainError as exc:
        raise FormatError(source, None, str(exc)) from None


def read(path: Path) -> Schema:
    """The schema in a TOML file."""
    return loads(_text(path), str(path))


def write(path: Path, schema: Schema) -> None:
    """Write `schema` as TOML to `path`."""
    _write(path, dumps(schema))


def _text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise FormatError(path, None, f"cannot read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise FormatError(path, None, f"not UTF-8 (invalid byte at offset {exc.start})") from None


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise FormatError(path, None, f"cannot write ({exc.strerror})") from None
