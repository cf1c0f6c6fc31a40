"""Codebooks in and out: Gloss TOML, brat annotation.conf, Label Studio configs, REFI-QDA
.qdc, and the annotation guide (HTML or Markdown)."""

from __future__ import annotations

from pathlib import Path

from desktop.domain import Schema
from desktop.formats.codebooks import brat_conf, labelstudio_config, qdc, toml_codebook
from desktop.formats.codebooks.guide import write_guide
from desktop.formats.errors import FormatError

READ_SUFFIXES = (".toml", ".conf", ".xml", ".qdc")
WRITE_SUFFIXES = (".toml", ".qdc")

__all__ = [
    "READ_SUFFIXES",
    "WRITE_SUFFIXES",
    "codebook_text",
    "read_codebook",
    "read_codebook_notes",
    "write_codebook",
    "write_guide",
]


def read_codebook_notes(path: Path) -> tuple[Schema, list[str]]:
    """The codebook in a file (by extension; a folder means its brat annotation.conf) and
    what of it Gloss could not keep."""
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir() or suffix == ".conf":
        conf = brat_conf.read(path)
        return conf.schema, conf.notes
    if suffix == ".toml":
        return toml_codebook.read(path), []
    if suffix == ".xml":
        config = labelstudio_config.read(path)
        return config.schema, config.notes
    if suffix == ".qdc":
        book = qdc.read(path)
        return book.schema, book.notes
    known = ", ".join(READ_SUFFIXES)
    raise FormatError(path, None, f"unknown codebook extension {suffix or '(none)'} ({known})")


def read_codebook(path: Path) -> Schema:
    """The codebook in a file (see `read_codebook_notes`)."""
    return read_codebook_notes(path)[0]


def codebook_text(schema: Schema) -> str:
    """The codebook as Gloss TOML."""
    return toml_codebook.dumps(schema)


def write_codebook(path: Path, schema: Schema) -> None:
    """Write the codebook as TOML or .qdc, by extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".qdc":
        qdc.write(path, schema)
    elif suffix == ".toml":
        toml_codebook.write(path, schema)
    else:
        known = ", ".join(WRITE_SUFFIXES)
        raise FormatError(path, None, f"a codebook is written as {known}, not {suffix or '(none)'}")
