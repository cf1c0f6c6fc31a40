"""Formats by name and by file extension; each format module registers one `Format`."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain import AnnotatedDocument
from desktop.formats.errors import FormatError

#: `reader(path, *, default_layer=None, schema=None, errors=None)` yields records; with an
#: `errors` list it appends FormatErrors there and skips the bad records.
Reader = Callable[..., Iterator[AnnotatedDocument]]
#: `writer(path, records)` writes them all and returns how many it wrote.
Writer = Callable[[Path, Iterable[AnnotatedDocument]], int]


@dataclass(frozen=True, slots=True)
class Format:
    """A file format: how to recognise it, read it and (when possible) write it."""

    name: str
    extensions: tuple[str, ...]
    reader: Reader | None
    writer: Writer | None
    description: str
    folders: bool = False
    #: A glob that marks a folder as this format's (checked before folder formats without one).
    folder_marker: str = ""

    def summary(self) -> str:
        """`name (.ext, .ext)`, as listed in error messages."""
        kinds = [*self.extensions, *(["folders"] if self.folders else [])]
        return f"{self.name} ({', '.join(kinds)})"


_FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add a format; its name and extensions must be new."""
    if fmt.name in _FORMATS:
        raise ValueError(f"format {fmt.name!r} is already registered")
    for other in _FORMATS.values():
        shared = set(fmt.extensions) & set(other.extensions)
        if shared:
            raise ValueError(f"{fmt.name} and {other.name} both claim {', '.join(sorted(shared))}")
    _FORMATS[fmt.name] = fmt
    return fmt


def formats() -> tuple[Format, ...]:
    """Every registered format, in registration order."""
    return tuple(_FORMATS.values())


def _known() -> str:
    return "; ".join(fmt.summary() for fmt in _FORMATS.values())


def by_name(name: str) -> Format:
    """The format called `name` (case-insensitive); FormatError lists the known ones."""
    fmt = _FORMATS.get(name.strip().lower())
    if fmt is None:
        raise FormatError(name, None, f"unknown format (known: {_known()})")
    return fmt


def for_path(path: Path | str) -> Format:
    """The format of a file (by its longest matching extension) or of a folder."""
    path = Path(path)
    if path.is_dir():
        folder_formats = [fmt for fmt in _FORMATS.values() if fmt.folders]
        for fmt in folder_formats:
            if fmt.folder_marker and next(path.rglob(fmt.folder_marker), None) is not None:
                return fmt
        for fmt in folder_formats:
            if not fmt.folder_marker:
                return fmt
        raise FormatError(path, None, f"no format reads folders (known: {_known()})")
    name = path.name.lower()
    matches = [
        (len(extension), fmt)
        for fmt in _FORMATS.values()
        for extension in fmt.extensions
        if name.endswith(extension) and len(name) > len(extension)
    ]
    if not matches:
        suffix = path.suffix or "(none)"
        raise FormatError(path, None, f"unknown extension {suffix} (known: {_known()})")
    return max(matches, key=lambda match: match[0])[1]


def _lazy(module: str, name: str) -> Callable[..., Any]:
    """`module.name`, imported at its first call: start-up loads no format module."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(f"desktop.formats.{module}"), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = f"{module}.{name}"
    return call


JSONL = register(
    Format(
        name="jsonl",
        extensions=(".jsonl", ".ndjson", ".jsonlines"),
        reader=_lazy("jsonl", "read_path"),
        writer=_lazy("jsonl", "write_path"),
        description="Gloss JSON lines: one document and layer a line (reads Prodigy/spaCy)",
    )
)
TEXT = register(
    Format(
        name="text",
        extensions=(".txt",),
        reader=_lazy("text", "read_path"),
        writer=None,
        description="Plain UTF-8 text: one document per file, folders read recursively",
        folders=True,
    )
)
DOCCANO = register(
    Format(
        name="doccano",
        extensions=(".doccano.jsonl",),
        reader=_lazy("doccano", "read_path"),
        writer=_lazy("doccano", "write_path"),
        description="doccano sequence-labeling JSONL: label triples or entities and relations",
    )
)
LABELSTUDIO = register(
    Format(
        name="labelstudio",
        extensions=(".json",),
        reader=_lazy("labelstudio", "read_path"),
        writer=_lazy("labelstudio", "write_path"),
        description="Label Studio JSON export: tasks, one annotation per layer",
    )
)
BRAT = register(
    Format(
        name="brat",
        extensions=(".ann",),
        reader=_lazy("brat", "read_path"),
        writer=_lazy("brat", "write"),
        description="brat standoff: a folder of .txt and .ann pairs (a .ann file reads its pair)",
        folders=True,
        folder_marker="*.ann",
    )
)
CONLL = register(
    Format(
        name="conll",
        extensions=(".conll", ".bio"),
        reader=_lazy("conll", "read_path"),
        writer=_lazy("conll", "write_path"),
        description="CoNLL BIO: a token and its tag a line; spans only, without overlaps",
    )
)
