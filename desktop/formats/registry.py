"""Formats by name and by file extension; each format module registers one `Format`."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain import AnnotatedDocument, Span
from desktop.formats import carry
from desktop.formats.errors import FormatError
from desktop.formats.losses import Losses

#: `reader(path, *, default_layer=None, schema=None, errors=None)` yields records; with an
#: `errors` list it appends FormatErrors there and skips the bad records.
Reader = Callable[..., Iterator[AnnotatedDocument]]
#: `writer(path, records, *, losses=None)` writes them all, adds what it could not carry
#: to `losses`, and returns how many it wrote.
Writer = Callable[..., int]


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
    #: Keywords the reader takes beyond default_layer, schema and errors ("losses", "column").
    read_options: frozenset[str] = frozenset()

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


def _reporting(write: Callable[..., int], name: str, carries: set[str]) -> Writer:
    """`write` with what the format has no place for reported to `losses`."""
    kept = frozenset(carries)

    def writer(
        path: Path, records: Iterable[AnnotatedDocument], *, losses: Losses | None = None
    ) -> int:
        return write(path, carry.reporting(records, losses, name, kept))

    return writer


def conll_writer(
    path: Path,
    records: Iterable[AnnotatedDocument],
    *,
    losses: Losses | None = None,
    dropped: list[Span] | None = None,
    trimmed: list[Span] | None = None,
) -> int:
    """CoNLL, with the nested spans BIO cannot hold and everything but spans reported.

    The spans left out and those trimmed of whitespace also go to `dropped` and `trimmed`
    when given (the export's tally counts them).
    """
    dropped = dropped if dropped is not None else []
    start = len(dropped)
    count = _lazy("conll", "write_path")(
        path,
        carry.reporting(records, losses, "conll", frozenset()),
        dropped=dropped,
        trimmed=trimmed,
    )
    dropped = dropped[start:]
    if losses is not None:
        for span in dropped:
            losses.lose(
                "conll",
                None,
                "nested span",
                f"document {span.doc_id}, layer {span.layer}: {span.start}-{span.end} {span.label}",
            )
    return count


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
        writer=_reporting(_lazy("jsonl", "write_path"), "jsonl", set(carry.PARTS)),
        read_options=frozenset({"losses"}),
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
        writer=_reporting(
            _lazy("doccano", "write_path"), "doccano", {"relations", "title", "meta"}
        ),
        read_options=frozenset({"losses"}),
        description="doccano JSONL (current, 1.x and 0.x): label triples or entities and relations",
    )
)
LABELSTUDIO = register(
    Format(
        name="labelstudio",
        extensions=(".json",),
        reader=_lazy("labelstudio", "read_path"),
        writer=_reporting(
            _lazy("labelstudio", "write_path"),
            "labelstudio",
            {"relations", "attrs", "title", "meta"},
        ),
        read_options=frozenset({"losses"}),
        description="Label Studio JSON export: tasks, one annotation per layer",
    )
)
BRAT = register(
    Format(
        name="brat",
        extensions=(".ann",),
        reader=_lazy("brat", "read_path"),
        writer=_reporting(_lazy("brat", "write"), "brat", {"relations", "attrs", "title", "notes"}),
        read_options=frozenset({"losses"}),
        description="brat standoff: a folder of .txt and .ann pairs (a .ann file reads its pair)",
        folders=True,
        folder_marker="*.ann",
    )
)
CONLL = register(
    Format(
        name="conll",
        extensions=(".conll", ".bio", ".iob", ".bioes", ".bmes", ".conllu"),
        reader=_lazy("conll", "read_path"),
        writer=conll_writer,
        read_options=frozenset({"losses", "column"}),
        description="CoNLL: a token and its tag a line (BIO, IOB1, BIOES; tags in the last"
        " column or --column N); spans only, without overlaps",
    )
)
PRODIGY = register(
    Format(
        name="prodigy",
        extensions=(),
        reader=_lazy("prodigy", "read_path"),
        writer=_lazy("prodigy", "write_path"),
        description="Prodigy JSONL: tokens, spans with token_start/token_end, answer"
        " (reject and ignore answers are counted, not imported); by --format only",
        read_options=frozenset({"losses"}),
    )
)
XMI = register(
    Format(
        name="xmi",
        extensions=(".xmi",),
        reader=_lazy("xmi", "read_path"),
        writer=_lazy("xmi", "write"),
        description="UIMA CAS XMI for INCEpTION and WebAnno: a folder of .xmi files and"
        " TypeSystem.xml (needs dkpro-cassis)",
        folders=True,
        folder_marker="*.xmi",
        read_options=frozenset({"losses"}),
    )
)
WEBANNO = register(
    Format(
        name="webanno",
        extensions=(".tsv",),
        reader=_lazy("webanno_tsv", "read_path"),
        writer=None,
        description="WebAnno TSV 3 (INCEpTION, WebAnno): span and relation layers, read only",
        read_options=frozenset({"losses"}),
    )
)
QDPX = register(
    Format(
        name="qdpx",
        extensions=(".qdpx",),
        reader=_lazy("qdpx", "read_path"),
        writer=_lazy("qdpx", "write_path"),
        description="REFI-QDA project (.qdpx) for ATLAS.ti, MAXQDA, NVivo, QualCoder:"
        " sources, codes, selections with a coding per coder, roles as links",
        read_options=frozenset({"losses"}),
    )
)
SPACY = register(
    Format(
        name="spacy",
        extensions=(".spacy",),
        reader=_lazy("spacy_docbin", "read_path"),
        writer=_lazy("spacy_docbin", "write"),
        folders=True,
        folder_marker="part-*.spacy",
        description='spaCy DocBin (.spacy): spans in doc.spans["sc"] and doc.ents'
        ' (needs the extra: pip install -e ".[spacy]")',
        read_options=frozenset({"losses"}),
    )
)
