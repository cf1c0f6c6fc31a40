"""Writing brat standoff: streamed, into a folder that appears only once complete.

`write(folder, records)` writes `NAME.txt` + `NAME.ann` per record, NAME the document id
made safe for file names (cut to fit any file system; a hash suffix when two collide),
one subfolder per layer as soon as there are several layers, and an `annotation.conf`
naming the labels used. Memory stays flat: records are written as they come (those of one
document arrive together), nothing is kept per document.

Gloss's own data comes back unchanged through the reader:
- spans are split at line breaks into fragments, their texts joined by a space, as brat
  does; a span that begins or ends on a line break gets an empty fragment there
  (`0 6;8 8`), so its offsets survive, and a span of line breaks only is two empty
  fragments;
- a text that starts with a byte-order mark is written with one more (the reader drops
  one, as it does for files from other tools), offsets counted on the written file.

The folder is written beside its final name and renamed into place; an existing folder
is replaced only if it is empty or an earlier Gloss export (its `annotation.conf` says so);
any other folder is refused. Temporaries of killed exports are removed on the next one.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from desktop.domain import AnnotatedDocument, Span
from desktop.formats.errors import FormatError
from desktop.formats.files import apply_umask, put_in_place, remove_stale_temporaries

_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_UNSAFE = re.compile(r"[^\w.@+-]")
CONF_MARK = "# Written by Gloss"
#: Bytes of a file name kept from a document id (file systems allow 255 bytes a name).
NAME_BYTES = 180
BOM = "\ufeff"
UNSURE = "Unsure"  # the binary attribute that carries a span's unsure flag
NOTES = "AnnotatorNotes"  # brat's note on an annotation: carries a span's note


def write(folder: Path | str, records: Iterable[AnnotatedDocument]) -> int:
    """Write a pair per record into `folder` (replaced as a whole); return how many."""
    folder = Path(folder)
    _check_target(folder)
    parent = folder.parent if str(folder.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(parent, folder.name)
        temporary = Path(tempfile.mkdtemp(prefix=_prefix(folder), dir=parent))
        apply_umask(temporary, 0o777)
    except OSError as exc:
        raise FormatError(folder, None, f"cannot write ({exc.strerror})") from None
    try:
        count = _Writer(temporary).write_all(records)
        put_in_place(temporary, folder)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return count


def _prefix(folder: Path) -> str:
    return f".{folder.name}.partial-{os.getpid()}-"


def _check_target(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise FormatError(folder, None, "exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not _is_gloss_export(folder):
        raise FormatError(
            folder, None, "the folder is not empty and not a Gloss brat export; choose another"
        )


def _is_gloss_export(folder: Path) -> bool:
    try:
        with (folder / "annotation.conf").open("rb") as handle:
            return handle.read(len(CONF_MARK)) == CONF_MARK.encode()
    except OSError:
        return False


class _Writer:
    """One export in progress: where each record goes, the labels used so far."""

    def __init__(self, root: Path):
        self.root = root
        self.first_layer: str | None = None
        self.nested = False
        self.count = 0
        self.doc_id: str | None = None
        self.name = ""
        self.layers_of_doc: set[str | None] = set()
        self.folders: set[Path] = {root}  # made so far (one per layer: few)
        self.labels: dict[str, None] = {}
        self.roles: dict[str, tuple[dict[str, None], dict[str, None]]] = {}
        self.attributes: dict[str, tuple[dict[str, None], dict[str, None]]] = {}

    def write_all(self, records: Iterable[AnnotatedDocument]) -> int:
        for record in records:
            self.write(record)
        _write_bytes(self.root / "annotation.conf", self.conf().encode("utf-8"))
        return self.count

    def write(self, record: AnnotatedDocument) -> None:
        document, layer = record.document, record.layer
        if layer is not None and self.first_layer is None:
            self.first_layer = layer
        elif layer is not None and layer != self.first_layer and not self.nested:
            self.nest()
        if document.id != self.doc_id:
            self.doc_id = document.id
            self.layers_of_doc = set()
            self.name = ""
        if layer in self.layers_of_doc:
            reason = f"document {document.id!r} appears twice in layer {layer!r}"
            raise FormatError(self.root, None, reason)
        self.layers_of_doc.add(layer)
        where = self.root / _safe(layer, "layer", 100) if self.nested and layer else self.root
        if where not in self.folders:
            _make_folder(where)
            self.folders.add(where)
        if not self.name or (where / f"{self.name}.txt").exists():
            self.name = _free_name(where, document.id)
        target = where / f"{self.name}.txt"
        try:
            ann = self.ann_text(record)
        except ValueError as exc:
            raise FormatError(self.root, None, f"document {document.id!r}: {exc}") from None
        text = document.text
        _write_bytes(target, (BOM + text if text.startswith(BOM) else text).encode("utf-8"))
        if layer is not None:
            _write_bytes(target.with_suffix(".ann"), ann.encode("utf-8"))
        self.count += 1

    def nest(self) -> None:
        """A second layer: move the first layer's pairs into its subfolder (once)."""
        self.nested = True
        assert self.first_layer is not None
        sub = self.root / _safe(self.first_layer, "layer", 100)
        _make_folder(sub)
        self.folders.add(sub)
        with os.scandir(self.root) as entries:
            names = [e.name for e in entries if e.is_file() and e.name.endswith(".ann")]
        for ann in names:
            stem = ann[: -len(".ann")]
            os.rename(self.root / ann, sub / ann)
            os.rename(self.root / f"{stem}.txt", sub / f"{stem}.txt")

    def ann_text(self, record: AnnotatedDocument) -> str:
        text = record.document.text
        shift = 1 if text.startswith(BOM) else 0
        lines: list[str] = []
        numbers: dict[str, int] = {}
        labels: dict[str, str] = {}
        attributes: list[str] = []
        notes: list[str] = []
        for number, span in enumerate(record.spans, 1):
            numbers[span.id] = number
            labels[span.id] = span.label
            fragments = fragments_of(text, span)
            offsets = ";".join(f"{start + shift} {end + shift}" for start, end in fragments)
            covered = " ".join(text[start:end] for start, end in fragments)
            lines.append(f"T{number}\t{_word('label', span.label)} {offsets}\t{covered}")
            self.labels.setdefault(span.label)
            for name, value in span.attrs.items():
                ident = f"A{len(attributes) + 1}\t{_word('attribute', name)} T{number}"
                if value is True:
                    attributes.append(ident)
                elif type(value) is str and value and not _BREAKS.intersection(value + "\t"):
                    attributes.append(f"{ident} {value}")
                elif value is not None:
                    raise ValueError(f"attribute {name}={value!r} cannot be written in brat")
                owners, values = self.attributes.setdefault(name, ({}, {}))
                owners.setdefault(span.label)
                if type(value) is str:
                    values.setdefault(value)
            if span.unsure:
                attributes.append(f"A{len(attributes) + 1}\t{UNSURE} T{number}")
                self.attributes.setdefault(UNSURE, ({}, {}))[0].setdefault(span.label)
            if span.note:
                notes.append(f"#{len(notes) + 1}\t{NOTES} T{number}\t{' '.join(span.note.split())}")
        for number, relation in enumerate(record.relations, 1):
            head, child = numbers.get(relation.head_id), numbers.get(relation.child_id)
            if head is None or child is None:
                raise ValueError(f"relation {relation.id} links a span missing from the record")
            role = _word("role", relation.label)
            lines.append(f"R{number}\t{role} Arg1:T{head} Arg2:T{child}")
            heads, tails = self.roles.setdefault(role, ({}, {}))
            heads.setdefault(labels[relation.head_id])
            tails.setdefault(labels[relation.child_id])
        return "".join(f"{line}\n" for line in (*lines, *attributes, *notes))

    def conf(self) -> str:
        """An annotation.conf declaring what the records use, overlaps allowed."""
        lines = [f"{CONF_MARK}: the labels, roles and attributes used here.", "[entities]"]
        lines += list(self.labels)
        lines += ["[relations]", "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"]
        lines += [
            f"{role}\tArg1:{'|'.join(h)}, Arg2:{'|'.join(t)}" for role, (h, t) in self.roles.items()
        ]
        lines += ["[events]", "[attributes]"]
        for name, (owners, values) in self.attributes.items():
            choices = f", Value:{'|'.join(values)}" if values else ""
            lines.append(f"{name}\tArg:{'|'.join(owners)}{choices}")
        return "".join(f"{line}\n" for line in lines)


def _free_name(where: Path, doc_id: str) -> str:
    """A file name for `doc_id` not yet used in `where`."""
    name = _safe(doc_id, "document", NAME_BYTES)
    if not (where / f"{name}.txt").exists():
        return name
    digest = hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()
    for size in (8, 40):
        candidate = f"{name}-{digest[:size]}"
        if not (where / f"{candidate}.txt").exists():
            return candidate
    raise FormatError(where, None, f"no free file name for document {doc_id!r}")


def _safe(name: str | None, fallback: str, limit: int) -> str:
    """`name` with characters unsafe in file names replaced, cut to `limit` UTF-8 bytes."""
    cleaned = _UNSAFE.sub("_", name or "").lstrip(".")
    encoded = cleaned.encode("utf-8", "surrogatepass")
    if len(encoded) > limit:
        cleaned = encoded[:limit].decode("utf-8", "ignore")
    return cleaned or fallback


def _write_bytes(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise FormatError(path, None, f"cannot write ({exc.strerror})") from None


def _make_folder(path: Path) -> None:
    try:
        path.mkdir(exist_ok=True)
    except OSError as exc:
        raise FormatError(path, None, f"cannot write ({exc.strerror})") from None


def fragments_of(text: str, span: Span) -> list[tuple[int, int]]:
    """The pieces of `span` between line breaks (brat's text column is one line).

    A span that starts or ends on a line break gets an empty fragment at that end, so that
    reading the fragments back (first start to last end) gives the span's own offsets.
    """
    fragments: list[tuple[int, int]] = []
    start = None
    for index in range(span.start, span.end):
        if text[index] in _BREAKS:
            if start is not None:
                fragments.append((start, index))
                start = None
        elif start is None:
            start = index
    if start is not None:
        fragments.append((start, span.end))
    if not fragments or fragments[0][0] != span.start:
        fragments.insert(0, (span.start, span.start))
    if fragments[-1][1] != span.end:
        fragments.append((span.end, span.end))
    return fragments


def _word(kind: str, value: str) -> str:
    if not value or any(char.isspace() for char in value):
        raise ValueError(f"{kind} {value!r} has spaces, which brat does not allow")
    return value
