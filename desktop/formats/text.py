"""Plain text files and folders of them: one document per file, text kept byte for byte."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from desktop.domain import AnnotatedDocument, Document, DomainError, Schema
from desktop.formats import ids
from desktop.formats.errors import FormatError, keep_or_raise
from desktop.formats.files import without_bom

SUFFIXES = (".txt",)


def read_file(path: Path) -> AnnotatedDocument:
    """One document from a UTF-8 file (BOM dropped, line endings kept as they are)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(path, None, f"cannot read ({exc.strerror})") from None
    skipped = len(data) - len(without_bom(data))
    try:
        text = data[skipped:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = skipped + exc.start
        raise FormatError(path, None, f"not UTF-8 (invalid byte at offset {offset})") from None
    if not text.strip():
        raise FormatError(path, None, "empty file" if not text else "the file holds only spaces")
    try:
        document = Document(ids.document_id(text), text, path.stem, {"source": path.name})
    except DomainError as exc:
        raise FormatError(path, None, str(exc)) from None
    return AnnotatedDocument(document, line=1, source=str(path))


def text_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Each path given, with folders replaced by their `*.txt` files (recursive, sorted)."""
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            yield path
            continue
        found = [
            candidate
            for candidate in path.rglob("*")
            if candidate.suffix.lower() in SUFFIXES
            and candidate.is_file()
            and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
        ]
        if not found:
            raise FormatError(path, None, "the folder holds no .txt files")
        yield from sorted(found)


def read_paths(
    paths: Iterable[Path | str], *, errors: list[FormatError] | None = None
) -> Iterator[AnnotatedDocument]:
    """One record per text file; folders are expanded with `text_files`.

    The first bad file raises FormatError; with an `errors` list, bad files are
    appended there and skipped instead.
    """
    for path in text_files(paths):
        try:
            record = read_file(path)
        except FormatError as exc:
            keep_or_raise(exc, errors)
            continue
        yield record


def read_path(
    path: Path,
    *,
    default_layer: str | None = None,
    schema: Schema | None = None,
    errors: list[FormatError] | None = None,
) -> Iterator[AnnotatedDocument]:
    """The registry's reader: a file or a folder (plain text has no layer to check)."""
    return read_paths([path], errors=errors)
