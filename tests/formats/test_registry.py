"""The format registry: lookup by name and by path, with clear errors."""

from dataclasses import replace
from pathlib import Path

import pytest

from desktop.domain import AnnotatedDocument, Document
from desktop.formats import registry
from desktop.formats.errors import FormatError


def test_by_name():
    """Formats are found by name, case-insensitively."""
    assert registry.by_name("jsonl") is registry.JSONL
    assert registry.by_name("Text") is registry.TEXT


@pytest.mark.parametrize("name", ["a.jsonl", "b.NDJSON", "c.jsonlines", "dir.v2/x.jsonl"])
def test_jsonl_extensions(name):
    """JSON lines files are recognised by any of their usual extensions."""
    assert registry.for_path(name) is registry.JSONL


def test_text_files_and_folders(tmp_path: Path):
    """.txt files and folders are plain text."""
    assert registry.for_path("story.txt") is registry.TEXT
    assert registry.for_path(tmp_path) is registry.TEXT


def test_folder_with_ann_files_is_brat(tmp_path: Path):
    """A folder holding brat .ann files is read as brat, not as plain text."""
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.ann").write_text("", encoding="utf-8")
    assert registry.for_path(tmp_path).name == "brat"


def test_unknown_name_lists_known_formats():
    """An unknown name is refused with the list of formats."""
    with pytest.raises(FormatError) as info:
        registry.by_name("docbin")
    message = str(info.value)
    assert message.startswith("docbin: unknown format (known: jsonl (.jsonl, .ndjson, .jsonlines)")
    for name in ("text (.txt, folders)", "doccano", "labelstudio", "brat (.ann, folders)", "conll"):
        assert name in message


@pytest.mark.parametrize("name", ["data.csv", "README", ".jsonl"])
def test_unknown_extension_lists_known_formats(name):
    """An unknown extension is refused with the list of formats."""
    with pytest.raises(FormatError, match=r"unknown extension .* \(known: jsonl \(\.jsonl"):
        registry.for_path(name)


def test_register_refuses_clashes():
    """A second format with a taken name or extension is a programming error."""
    clash = registry.Format("other", (".jsonl",), None, None, "x")
    with pytest.raises(ValueError, match=r"both claim \.jsonl"):
        registry.register(clash)
    with pytest.raises(ValueError, match="already registered"):
        registry.register(registry.Format("jsonl", (".x",), None, None, "x"))


def test_readers_and_writers_take_paths(tmp_path: Path):
    """Every registered reader takes a path; JSONL writes and reads back through it."""
    record = AnnotatedDocument(Document("d", "Text\r\n"), line=1)
    path = tmp_path / "out.ndjson"
    fmt = registry.for_path(path)
    assert fmt.writer is not None and fmt.reader is not None
    assert fmt.writer(path, [record]) == 1
    (back,) = fmt.reader(path, default_layer="alice", schema=None)
    assert back == replace(record, source=str(path))
    (tmp_path / "a.txt").write_text("Words.", encoding="utf-8")
    (found,) = registry.TEXT.reader(tmp_path / "a.txt")
    assert found.document.text == "Words."


def test_lazy_registry_matches_each_module():
    """Names and extensions written out in the registry (formats load lazily) match the modules."""
    import importlib

    from desktop.formats import registry

    modules = {
        "brat": "brat",
        "conll": "conll",
        "doccano": "doccano",
        "labelstudio": "labelstudio",
        "prodigy": "prodigy",
        "xmi": "xmi",
        "webanno": "webanno_tsv",
        "qdpx": "qdpx",
        "spacy": "spacy_docbin",
    }
    for name, module_name in modules.items():
        module = importlib.import_module(f"desktop.formats.{module_name}")
        fmt = registry.by_name(name)
        assert (fmt.name, tuple(fmt.extensions)) == (module.NAME, tuple(module.EXTENSIONS))
