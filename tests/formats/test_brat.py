"""brat standoff: folders of .txt/.ann pairs, layers as subfolders, refusals with file and line."""

import hashlib
from pathlib import Path

import pytest

from desktop.domain import AnnotatedDocument, Document, Span
from desktop.formats import brat, ids, registry
from desktop.formats.errors import FormatError
from tests.formats.samples import TRICKY, annotated, links, triples

TEXT = "HRW accused the army\r\nof torture.\r\nThe army denied it.\r\n"


def _pair(folder: Path, name: str, text: str, ann: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_bytes(text.encode("utf-8"))
    (folder / f"{name}.ann").write_bytes(ann.encode("utf-8"))
    return folder / f"{name}.ann"


def _read(path: Path, **options: object) -> list[AnnotatedDocument]:
    options.setdefault("default_layer", "alice")
    return list(brat.read_path(path, **options))


def _error(path: Path, **options: object) -> str:
    with pytest.raises(FormatError) as info:
        _read(path, **options)
    return str(info.value)


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_round_trip_keeps_text_offsets_labels_and_relations(tmp_path: Path, name: str):
    """Written then read, the text is byte for byte and spans cover the same code points."""
    text, pieces = TRICKY[name]
    record = annotated(text, pieces)
    assert brat.write(tmp_path, [record]) == 1
    assert (tmp_path / "doc-1.txt").read_bytes() == text.encode("utf-8")
    (back,) = _read(tmp_path)
    assert back.document.text == text
    assert back.document.title == "doc-1"
    assert triples(back) == triples(record) and links(back) == links(record)


def test_span_across_a_line_break_is_written_as_fragments(tmp_path: Path):
    """brat's text column is one line: a span is split at line breaks, then joined on reading."""
    record = annotated(TEXT, [("HRW", "ACTOR"), ("the army\r\nof torture", "ALLEGATION")])
    brat.write(tmp_path, [record])
    ann = (tmp_path / "doc-1.ann").read_text(encoding="utf-8")
    assert "T2\tALLEGATION 12 20;22 32\tthe army of torture\n" in ann
    (back,) = _read(tmp_path)
    assert triples(back) == triples(record)


def test_several_layers_go_to_subfolders(tmp_path: Path, schema):
    """One subfolder per layer, read back as those layers; attributes survive."""
    alice = annotated(*TRICKY["crlf"], layer="alice")
    span = alice.spans[0].with_changes(attrs={"category": "torture"})
    alice = AnnotatedDocument(
        alice.document, "alice", None, (span, alice.spans[1]), alice.relations
    )
    bob = annotated(*TRICKY["crlf"], layer="bob", relate=False)
    plain = AnnotatedDocument(Document("notes/1", "Unmarked."))
    assert brat.write(tmp_path, [alice, bob, plain]) == 3
    assert (tmp_path / "alice" / "doc-1.ann").is_file() and (
        tmp_path / "bob" / "doc-1.txt"
    ).is_file()
    assert (tmp_path / "notes_1.txt").is_file() and not (tmp_path / "notes_1.ann").exists()
    conf = (tmp_path / "annotation.conf").read_text(encoding="utf-8")
    assert "accuser\tArg1:ALLEGATION, Arg2:ACTOR\n" in conf and "category\tArg:ALLEGATION" in conf
    back = {(r.layer, r.document.title): r for r in _read(tmp_path, schema=schema)}
    assert set(back) == {("alice", "doc-1"), ("bob", "doc-1"), (None, "notes_1")}
    assert triples(back["alice", "doc-1"]) == triples(alice)
    assert back["alice", "doc-1"].spans[0].attrs == {"category": "torture"}
    assert links(back["alice", "doc-1"]) == links(alice)


def test_reads_a_real_shaped_pair(tmp_path: Path):
    """T, R, A (valued and binary), E, notes and normalizations; a CRLF text."""
    ann = _pair(
        tmp_path,
        "wire-001",
        TEXT,
        "T1\tACTOR 0 3\tHRW\n"
        "T2\tALLEGATION 4 20;22 32\taccused the army of torture\n"
        "T3\tACTOR 12 20\tthe army\n"
        "R1\taccuser Arg1:T2 Arg2:T1\n"
        "A1\tkind T1 NGO or IGO\n"
        "A2\tNegated T3\n"
        "#1\tAnnotatorNotes T1\tHuman Rights Watch\n"
        "N1\tReference T1 Wikidata:Q332416\tHuman Rights Watch\n"
        "T4\tRESPONSE 35 53\tThe army denied it\n"
        "E1\tRESPONSE:T4 respondent:T5\n"
        "T5\tACTOR 35 43\tThe army\n",
    )
    (record,) = _read(ann)
    doc_id = ids.document_id(TEXT)
    assert record.document == Document(doc_id, TEXT, "wire-001", {"source": "wire-001.txt"})
    assert record.layer == "alice" and (record.line, record.source) == (1, str(ann))
    assert triples(record)[0] == (0, 3, "ACTOR", "HRW")
    assert record.spans[0].attrs == {"kind": "NGO or IGO"}
    assert record.spans[2].attrs == {"Negated": True}
    assert record.spans[0].id == ids.span_id(doc_id, "alice", 0, 3, "ACTOR")
    assert links(record) == [("accuser", (4, 32), (0, 3)), ("respondent", (35, 53), (35, 43))]


def test_a_bom_is_dropped_and_offsets_moved(tmp_path: Path):
    """brat counts a BOM as a character; Gloss drops it and shifts the offsets back."""
    ann = _pair(tmp_path, "bom", "\ufeffHRW said", "T1\tACTOR 1 4\tHRW\n")
    (record,) = _read(ann)
    assert record.document.text == "HRW said" and triples(record) == [(0, 3, "ACTOR", "HRW")]


def test_a_txt_file_reads_its_pair(tmp_path: Path):
    """Given the .txt, the .ann beside it is read."""
    ann = _pair(tmp_path, "one", "HRW said.", "T1\tACTOR 0 3\tHRW\n")
    (record,) = _read(ann.with_suffix(".txt"))
    assert triples(record) == [(0, 3, "ACTOR", "HRW")]


@pytest.mark.parametrize(
    ("ann", "line", "reason"),
    [
        ("T1\tACTOR 0 3\tHRW\nT2 ACTOR 4 5\n", 2, "expected an id (T1, R1, E1, A1...), a tab"),
        ("T1\tACTOR zero 3\tHRW\n", 1, "T1: expected LABEL START END[;START END]"),
        ("T1\tACTOR 0 99\tHRW\n", 1, "T1: span 0-99 ends past the text (9 code points)"),
        ("T1\tACTOR 0 3\tHRV\n", 1, "T1: text mismatch at 0-3: the span says 'HRV'"),
        ("T1\tACTOR 0 3;8 9\tHRW .\n", 1, "T1: discontinuous span 0 3;8 9 is not supported"),
        ("T1\tACTOR 0 3\tHRW\nR1\taccuser Arg1:T1 Arg2:T9\n", 2, "R1: 'T9' is not a span"),
        ("T1\tACTOR 0 3\tHRW\nT1\tACTOR 4 8\tsaid\n", 2, "T1 is defined twice"),
        ("X1\tsomething\n", 1, "expected an id (T1, R1, E1, A1...), a tab"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path: Path, ann: str, line: int, reason: str):
    """Each refusal names the .ann file and the line."""
    path = _pair(tmp_path, "bad", "HRW said.", ann)
    assert _error(path).startswith(f"{path}:{line}: {reason}")


def test_unknown_label_with_a_schema(tmp_path: Path, schema):
    """With a schema, labels it lacks are refused."""
    path = _pair(tmp_path, "bad", "HRW said.", "T1\tPerson 0 3\tHRW\n")
    assert _error(path, schema=schema).startswith(f"{path}:1: T1: unknown span label 'Person'")


def test_ann_without_txt_and_bad_encoding(tmp_path: Path):
    """A lone .ann and a non-UTF-8 .txt are refused, naming the file (no line)."""
    (tmp_path / "lone.ann").write_text("T1\tACTOR 0 1\tx\n", encoding="utf-8")
    assert _error(tmp_path) == f"{tmp_path / 'lone.ann'}: no .txt file beside it"
    (tmp_path / "lone.ann").unlink()
    (tmp_path / "latin.txt").write_bytes("café".encode("latin-1"))
    assert _error(tmp_path) == f"{tmp_path / 'latin.txt'}: not UTF-8 (invalid byte at offset 3)"


def test_errors_list_skips_bad_pairs(tmp_path: Path):
    """With an errors list, bad pairs are reported and the others read."""
    _pair(tmp_path, "a", "HRW said.", "T1\tACTOR 0 3\tHRW\n")
    bad = _pair(tmp_path, "b", "Army said.", "T1\tACTOR 0 30\tArmy\n")
    errors: list[FormatError] = []
    (record,) = _read(tmp_path, errors=errors)
    assert record.document.title == "a"
    assert [(e.source, e.line) for e in errors] == [(str(bad), 1)]


def test_writer_refuses_what_brat_cannot_hold(tmp_path: Path):
    """A span of line breaks only, or a label with a space, cannot be written."""
    document = Document("d", "a\r\nb")
    breaks = Span("s", "d", "alice", 1, 3, "ACTOR")
    with pytest.raises(FormatError, match="span 1-3 holds only line breaks"):
        brat.write(tmp_path, [AnnotatedDocument(document, "alice", None, (breaks,))])
    spaced = Span("s", "d", "alice", 0, 1, "TWO WORDS")
    with pytest.raises(FormatError, match="label 'TWO WORDS' has spaces"):
        brat.write(tmp_path, [AnnotatedDocument(document, "alice", None, (spaced,))])


def test_unsafe_and_colliding_names(tmp_path: Path):
    """Document ids are made safe for file names, and kept apart when they collide."""
    records = [AnnotatedDocument(Document(doc_id, f"Text {doc_id}")) for doc_id in ("a/b", "a_b")]
    brat.write(tmp_path, records)
    suffix = hashlib.sha1(b"a_b").hexdigest()[:8]
    assert (tmp_path / "a_b.txt").read_text(encoding="utf-8") == "Text a/b"
    assert (tmp_path / f"a_b-{suffix}.txt").read_text(encoding="utf-8") == "Text a_b"


def test_registry_finds_brat(tmp_path: Path):
    """By name and by the .ann extension; it reads and writes folders."""
    assert registry.by_name("brat") is registry.BRAT
    assert registry.for_path(tmp_path / "doc.ann") is registry.BRAT
    assert registry.BRAT.folders and registry.BRAT.writer is not None


def test_notes_and_the_unsure_flag_go_both_ways(tmp_path: Path):
    """A span's note is an AnnotatorNotes line, its unsure flag the binary attribute Unsure
    (declared in annotation.conf); reading them back gives the same span."""
    text = "HRW 👩‍👩‍👧 accused the army\r\nof torture."
    document = Document("d1", text)
    noted = Span("s1", "d1", "alice", 0, 3, "ACTOR", note="see p. 2\r\nمرحبا", unsure=True)
    plain = Span("s2", "d1", "alice", text.index("the army"), text.index("\r\n"), "ACTOR")
    assert brat.write(tmp_path, [AnnotatedDocument(document, "alice", None, (noted, plain))]) == 1
    ann = (tmp_path / "d1.ann").read_text(encoding="utf-8")
    assert "A1\tUnsure T1\n" in ann and "#1\tAnnotatorNotes T1\tsee p. 2 مرحبا\n" in ann
    assert "Unsure\tArg:ACTOR" in (tmp_path / "annotation.conf").read_text(encoding="utf-8")
    (back,) = _read(tmp_path)
    first, second = sorted(back.spans, key=lambda s: s.start)
    assert (first.note, first.unsure, first.attrs) == ("see p. 2 مرحبا", True, {})
    assert (second.note, second.unsure) == ("", False)


def test_reads_the_notes_of_brat_s_documented_example(tmp_path: Path):
    """The .ann example of brat's standoff documentation (as quoted in bioc's tests):
    the note on T1 is read; the note-free lines, the event attribute and Equiv still load."""
    text = "There is no PPI relation between protein 1 and protein 2."
    ann = (
        "T1\tProtein 33 40;41 42\tprotein 1\n"  # quoted as "protein1"
        "T2\tProtein 47 56\tprotein 2\n"
        "T3\tTrigger 12 15\tPPI\n"
        "R1\tPPI Arg1:T1 Arg2:T2\n"
        "E1\tPPI:T3 Arg1:T1 Arg2:T2\n"
        "A1\tNegation E1\n"
        "*\tEquiv T1 T2\n"
        "#1\tAnnotatorNotes T1\tthis annotation is suspect\n"
    )
    (record,) = _read(_pair(tmp_path, "ppi", text, ann))
    notes = {text[s.start : s.end]: s.note for s in record.spans}
    assert notes["protein 1"] == "this annotation is suspect" and notes["protein 2"] == ""
