"""Opening a file for a stream reader, so every format names the file in its errors alike."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from desktop.domain import AnnotatedDocument
from desktop.formats.errors import FormatError

StreamReader = Callable[..., Iterator[AnnotatedDocument]]


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
