"""Plain text files and folders: text kept exactly, BOM dropped, encoding checked."""

from pathlib import Path

import pytest

from desktop.formats import ids, text
from desktop.formats.errors import FormatError


def test_crlf_and_tabs_are_kept(tmp_path: Path):
    """The text is exactly the file's characters, line endings included."""
    path = tmp_path / "article.txt"
    path.write_bytes("Line one\r\n\tLine two 😀\r\n".encode())
    record = text.read_file(path)
    assert record.document.text == "Line one\r\n\tLine two 😀\r\n"
    assert record.document.title == "article"
    assert record.document.meta == {"source": "article.txt"}
    assert record.layer is None and record.spans == ()
    assert (record.source, record.line) == (str(path), 1)


def test_bom_is_dropped(tmp_path: Path):
    """A UTF-8 byte order mark is not part of the text."""
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHello")
    assert text.read_file(path).document.text == "Hello"


def test_id_comes_from_the_text(tmp_path: Path):
    """Two files with the same text get the same id, the one JSONL would derive."""
    (tmp_path / "a.txt").write_text("Same words.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbfSame words.")
    first, second = text.read_paths([tmp_path])
    assert first.document.id == second.document.id == ids.document_id("Same words.")


def test_wrong_encoding_names_the_offset(tmp_path: Path):
    """Latin-1 bytes are refused with the offset of the first bad byte."""
    path = tmp_path / "latin.txt"
    path.write_bytes("café".encode("latin-1"))
    with pytest.raises(FormatError) as info:
        text.read_file(path)
    assert str(info.value) == f"{path}: not UTF-8 (invalid byte at offset 3)"


def test_offset_counts_the_bom(tmp_path: Path):
    """The offset is into the file, BOM included."""
    path = tmp_path / "latin.txt"
    path.write_bytes(b"\xef\xbb\xbfcaf\xe9")
    with pytest.raises(FormatError, match=r"invalid byte at offset 6\)$"):
        text.read_file(path)


@pytest.mark.parametrize(("content", "reason"), [(b"", "empty file"), (b" \r\n\t", "only spaces")])
def test_empty_file_is_refused(tmp_path: Path, content: bytes, reason: str):
    """A file without text is an error, not an empty document."""
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(FormatError, match=reason):
        text.read_file(path)


def test_missing_file_is_refused(tmp_path: Path):
    """A path that cannot be read gives a FormatError naming it."""
    with pytest.raises(FormatError, match=r"nope\.txt: cannot read"):
        text.read_file(tmp_path / "nope.txt")


def test_folders_expand_to_sorted_text_files(tmp_path: Path):
    """Folders give their .txt files, recursively and sorted; other files are skipped."""
    for name in ("b.txt", "a.txt", "sub/c.TXT", "sub/deeper/d.txt", "notes.md", ".hidden/e.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"text of {name}", encoding="utf-8")
    single = tmp_path / "sub" / "deeper" / "d.txt"
    records = list(text.read_paths([tmp_path, single]))
    assert [r.document.meta["source"] for r in records] == [
        "a.txt",
        "b.txt",
        "c.TXT",
        "d.txt",
        "d.txt",
    ]
    assert [r.document.title for r in records] == ["a", "b", "c", "d", "d"]


def test_folder_without_text_files_is_refused(tmp_path: Path):
    """An empty folder is reported rather than silently importing nothing."""
    with pytest.raises(FormatError, match=r"holds no \.txt files"):
        list(text.read_paths([tmp_path]))


def test_errors_list_skips_bad_files(tmp_path: Path):
    """With an `errors` list, unreadable files are reported there and the rest still read."""
    (tmp_path / "a.txt").write_text("good", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"caf\xe9")
    errors: list[FormatError] = []
    records = list(text.read_paths([tmp_path], errors=errors))
    assert [r.document.text for r in records] == ["good"]
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'b.txt'}: not UTF-8 (invalid byte at offset 3)"
    ]
