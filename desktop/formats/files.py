"""Opening files for stream readers and writing files whole, so every format names the file
in its errors alike and never leaves half a file behind."""

from __future__ import annotations

import codecs
import glob
import os
import pickle
import shutil
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


def current_umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def apply_umask(path: Path | str, mode: int = 0o666) -> None:
    """Give a file made by `mkstemp`/`mkdtemp` (mode 0600/0700) the mode the umask gives."""
    os.chmod(path, mode & ~current_umask())


def _temporary_prefix(name: str) -> str:
    return f".{name}.partial-{os.getpid()}-"


def remove_stale_temporaries(folder: Path, name: str) -> None:
    """Remove what killed exports of `name` left in `folder` (their process is gone)."""
    try:
        entries = list(folder.glob(f".{glob.escape(name)}.partial-*"))
        entries += list(folder.glob(f".{glob.escape(name)}.old-*"))
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(name) + 1 :].split("-")[1]
        if pid.isdigit() and not _alive(int(pid)):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def write_file(
    path: Path | str,
    items: Iterable[T],
    write: Callable[[BinaryIO, Iterable[T]], int],
) -> int:
    """`write(stream, items)` into a file that appears only once complete; returns its count.

    The file is written beside its final name and renamed into place, with the mode the
    umask gives; temporaries of killed writes are removed first.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    remove_stale_temporaries(folder, path.name)
    try:
        handle, temporary = tempfile.mkstemp(prefix=_temporary_prefix(path.name), dir=folder)
        apply_umask(temporary)
    except OSError as exc:
        raise FormatError(path, None, f"cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            count = write(stream, items)
            stream.flush()
            os.fsync(stream.fileno())
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


def symlinks_under(paths: Iterable[Path]) -> list[Path]:
    """Symbolic links among `paths` and inside the folders among them (not followed)."""
    found: list[Path] = []
    for path in paths:
        if path.is_symlink():
            found.append(path)
            continue
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                for name in [*dirs, *files]:
                    if os.path.islink(os.path.join(root, name)):
                        found.append(Path(root, name))
    return found


class Spool:
    """Records kept in a temporary file as they pass, to read back once a first pass has
    seen them all (a writer that must know every label before its first line), so memory
    stays flat in the corpus size. Pickled: written and read by this process only."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self.count = 0

    def add(self, record: AnnotatedDocument) -> None:
        """Keep `record`."""
        pickle.dump(record, self._file, pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def replay(self) -> Iterator[AnnotatedDocument]:
        """The records kept, in order, one at a time."""
        self._file.seek(0)
        for _ in range(self.count):
            yield pickle.load(self._file)  # our own temporary file

    def close(self) -> None:
        """Delete the temporary file."""
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def new_folder_beside(target: Path) -> Path:
    """An empty hidden folder next to `target`, to fill and then `put_in_place`."""
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(parent, target.name)
        folder = Path(tempfile.mkdtemp(prefix=_temporary_prefix(target.name), dir=parent))
        apply_umask(folder, 0o777)
    except OSError as exc:
        raise FormatError(target, None, f"cannot write ({exc.strerror})") from None
    return folder


def put_in_place(folder: Path, target: Path) -> None:
    """Rename a finished folder to `target`; a file or folder there before goes after."""
    try:
        if not target.exists() and not target.is_symlink():
            os.rename(folder, target)
            return
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent))
        os.rmdir(old)
        os.rename(target, old)
        os.rename(folder, target)
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)
    except OSError as exc:
        raise FormatError(target, None, f"cannot write ({exc.strerror})") from None
