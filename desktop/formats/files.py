"""Opening files for stream readers and writing files whole, so every format names the file
in its errors alike and never leaves half a file behind."""

from __future__ import annotations

import codecs
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from desktop.domain import AnnotatedDocument
from desktop.formats.errors import FormatError

StreamReader = Callable[..., Iterator[AnnotatedDocument]]
T = TypeVar("T")


def read_from_path(
    read: StreamReader, path: Path | str, **options: Any
) -> Iterator[AnnotatedDocument]:
    """Open `path` in binary mode and yield what `read(stream, source=path, **options)` yields."""
    try:
        stream: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise FormatError(path, None, f"cannot open ({exc.strerror})") from None
    with stream:
        yield from read(stream, source=str(path), **options)


def without_bom(raw: bytes) -> bytes:
    """`raw` without a leading UTF-8 byte-order mark."""
    return raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw


def write_file(
    path: Path | str,
    items: Iterable[T],
    write: Callable[[BinaryIO, Iterable[T]], int],
) -> int:
    """`write(stream, items)` into a file that appears only once complete; returns its count."""
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    except OSError as exc:
        raise FormatError(path, None, f"cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            count = write(stream, items)
        os.replace(temporary, path)
    except FormatError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise FormatError(path, exc.line, exc.reason) from None
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise FormatError(path, None, f"cannot write ({exc.strerror})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count
