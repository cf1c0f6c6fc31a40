"""The codebook side of an import: brat folders bring their annotation.conf, and
`--add-labels` lets the data add what the codebook lacks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain import DomainError, Schema
from desktop.domain.codebook import CodebookGrowth, union
from desktop.formats import registry
from desktop.formats.errors import FormatError
from desktop.workspace.workspace import Workspace

CONF = "annotation.conf"


def brat_confs(paths: Iterable[Path], format_name: str | None = None) -> list[Path]:
    """The annotation.conf files of the brat folders (or `.ann` files) among `paths`."""
    found: dict[Path, None] = {}
    for path in paths:
        try:
            fmt = registry.by_name(format_name) if format_name else registry.for_path(path)
        except FormatError:
            continue
        if fmt.name != "brat":
            continue
        if path.is_dir():
            found.update(dict.fromkeys(sorted(path.rglob(CONF))))
        elif (path.parent / CONF).is_file():
            found[path.parent / CONF] = None
    return list(found)


@dataclass
class ImportCodebook:
    """How an import treats the codebook."""

    #: What the import grows (None: the project's codebook stays as it is).
    growth: CodebookGrowth | None
    #: The schema readers check records against (None: they check nothing, `growth` does).
    reading: Schema | None
    notes: list[str] = field(default_factory=list)


def import_codebook(
    ws: Workspace, paths: list[Path], format_name: str | None, add_labels: bool
) -> ImportCodebook:
    """The codebook an import checks against and grows.

    The project's codebook takes in every brat annotation.conf found; the data must then
    fit it (brat's numbered repeats of a role included), unless `add_labels` lets the data
    add what is missing too.
    """
    from desktop.formats.codebooks import brat_conf  # only when importing: not at start-up

    confs = brat_confs(paths, format_name)
    if not confs and not add_labels:
        return ImportCodebook(None, ws.schema)
    schema = ws.schema
    notes: list[str] = []
    repeated: dict[str, int] = {}
    for conf in confs:
        read = brat_conf.read(conf)
        try:
            schema = union(schema, read.schema)
        except DomainError as exc:
            raise FormatError(conf, None, str(exc)) from None
        notes += read.notes
        for role, times in read.repeated.items():
            repeated[role] = max(repeated.get(role, 1), times)
    growth = CodebookGrowth(schema, original=ws.schema, strict=not add_labels)
    reading = None if add_labels else brat_conf.with_numbered_roles(schema, repeated)
    return ImportCodebook(growth, reading, notes)
