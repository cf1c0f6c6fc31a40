"""CoNLL BIO: exact text through `# text`, outermost spans kept, refusals naming file and line."""

import io
from pathlib import Path

import pytest

from desktop.domain import AnnotatedDocument, Document, Span
from desktop.formats import conll, ids, registry
from desktop.formats.errors import FormatError
from tests.formats.samples import TRICKY, annotated, triples

TEXT = "HRW accused the army of torture.\nThe army denied it."


def _read(data: bytes | str, **options: object) -> list[AnnotatedDocument]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    options.setdefault("default_layer", "alice")
    return list(conll.read(io.BytesIO(raw), source="ner.conll", **options))


def _error(data: bytes | str, **options: object) -> str:
    with pytest.raises(FormatError) as info:
        _read(data, **options)
    return str(info.value)


def _write(records: list[AnnotatedDocument], dropped: list[Span] | None = None) -> str:
    stream = io.BytesIO()
    assert conll.write(stream, records, dropped=dropped) == len(records)
    return stream.getvalue().decode("utf-8")


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_round_trip_keeps_text_offsets_and_labels(name):
    """Through `# text`, the exact text and offsets come back (relations are not kept)."""
    text, pieces = TRICKY[name]
    record = annotated(text, pieces, layer="bob")
    (back,) = _read(_write([record]))
    assert back.document == Document("doc-1", text)
    assert back.layer == "bob"
    assert back.spans == record.spans and back.relations == ()


def test_writer_layout_and_sentences():
    """Comments, a token a line, tokens cut at span edges, a blank line at each line break."""
    record = annotated(TEXT, [("HRW", "ACTOR"), ("accused the army of torture", "ALLEGATION")])
    record = AnnotatedDocument(record.document, "alice", None, record.spans)
    assert _write([record]) == (
        "-DOCSTART-\tO\n\n# doc_id = doc-1\n# layer = alice\n"
        '# text = "HRW accused the army of torture.\\nThe army denied it."\n'
        "HRW\tB-ACTOR\naccused\tB-ALLEGATION\nthe\tI-ALLEGATION\narmy\tI-ALLEGATION\n"
        "of\tI-ALLEGATION\ntorture\tI-ALLEGATION\n.\tO\n\n"
        "The\tO\narmy\tO\ndenied\tO\nit.\tO\n\n"
    )


def test_without_text_comment_tokens_are_joined():
    """Without `# text`, tokens are joined by spaces and sentences by a newline."""
    (record,) = _read("HRW\tB-ACTOR\nsaid\tO\n\nThe\tB-ACTOR\narmy\tI-ACTOR\n")
    assert record.document.text == "HRW said\nThe army"
    assert record.document.id == ids.document_id("HRW said\nThe army")
    assert triples(record) == [(0, 3, "ACTOR", "HRW"), (9, 17, "ACTOR", "The army")]


def test_overlaps_keep_the_outermost_spans():
    """Nested and crossing spans: the longest, then the earliest, are kept; others reported."""
    text = "the army of the state said"
    spans = [
        Span("inner", "d", "a", 4, 8, "ACTOR"),
        Span("outer", "d", "a", 0, 21, "ACTOR"),
        Span("cross", "d", "a", 16, 26, "RESPONSE"),
        Span("late", "d", "a", 23, 26, "EVIDENCE"),
        Span("early", "d", "a", 22, 25, "EVIDENCE"),
        Span("blank", "d", "a", 21, 22, "EVIDENCE"),
    ]
    record = AnnotatedDocument(Document("d", text), "a", None, tuple(spans))
    dropped: list[Span] = []
    (back,) = _read(_write([record], dropped))
    assert triples(back) == [
        (0, 21, "ACTOR", "the army of the state"),
        (22, 25, "EVIDENCE", "sai"),
    ]
    assert [span.id for span in dropped] == ["inner", "cross", "blank", "late"]
    kept, left = conll.outermost(spans)
    assert [s.id for s in kept] == ["outer", "early", "blank"]
    assert [s.id for s in left] == ["cross", "inner", "late"]


def test_whitespace_only_span_is_dropped():
    """A span of spaces has no token to tag."""
    record = AnnotatedDocument(
        Document("d", "a  b"), "x", None, (Span("s", "d", "x", 1, 3, "ACTOR"),)
    )
    dropped: list[Span] = []
    (back,) = _read(_write([record], dropped))
    assert back.spans == () and [span.id for span in dropped] == ["s"]


def test_reads_conll_2003_with_docstart_and_iob1():
    """Space-separated columns, -DOCSTART- between documents, I- opening a span (IOB1)."""
    data = (
        "-DOCSTART- -X- -X- O\n\n"
        "EU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP I-MISC\ncall NN I-NP O\n\n"
        "Peter NNP B-NP I-PER\nBlackburn NNP I-NP I-PER\n\n"
        "-DOCSTART- -X- -X- O\n\n"
        "BRUSSELS NNP B-NP I-LOC\n"
    )
    first, second = _read(data)
    assert first.document.text == "EU rejects German call\nPeter Blackburn"
    assert triples(first) == [
        (0, 2, "ORG", "EU"),
        (11, 17, "MISC", "German"),
        (23, 38, "PER", "Peter Blackburn"),
    ]
    assert (first.line, second.line) == (1, 11)
    assert triples(second) == [(0, 8, "LOC", "BRUSSELS")]


def test_reads_bioes_tags():
    """E- closes a span and S- is a span of one token."""
    (record,) = _read("The\tB-ACTOR\narmy\tE-ACTOR\nHRW\tS-ACTOR\nsaid\tO\n")
    assert triples(record) == [(0, 8, "ACTOR", "The army"), (9, 12, "ACTOR", "HRW")]


def test_doc_id_comments_separate_documents():
    """Each `# doc_id` starts a document; a CoNLL-U raw `# text` is only a comment."""
    data = (
        "# doc_id = a\n# text = HRW said\nHRW\tB-ACTOR\nsaid\tO\n\n"
        '# doc_id = b\n# layer = bob\n# text = "x  y"\nx\tO\ny\tS-ACTOR\n'
    )
    first, second = _read(data)
    assert (first.document.id, first.document.text, first.layer) == ("a", "HRW said", "alice")
    assert (second.document.id, second.document.text, second.layer) == ("b", "x  y", "bob")
    assert triples(second) == [(3, 4, "ACTOR", "y")]


def test_paths(tmp_path: Path):
    """write_path and read_path go through a file, named in the records."""
    path = tmp_path / "out.bio"
    record = annotated(*TRICKY["arabic"])
    assert conll.write_path(path, [record]) == 1
    (back,) = conll.read_path(path)
    assert back.source == str(path) and back.spans == record.spans


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("HRW\tB-ACTOR\nsaid\n", "ner.conll:2: expected a token and a tag separated by a tab"),
        ("HRW\tB-ACTOR\nsaid\tX-ACTOR\n", "ner.conll:2: tag 'X-ACTOR' is not O, B-, I-, E- or S-"),
        ("HRW\tB-\n", "ner.conll:1: tag 'B-' is not O"),
        (
            '# text = "HRW said"\nHRW\tB-ACTOR\nsays\tO\n',
            "ner.conll:3: token 'says' is not next in # text (found 'said')",
        ),
        (
            '# text = "HRW said it"\nHRW\tB-ACTOR\nsaid\tO\n',
            "ner.conll:3: # text goes on after the last token: 'it'",
        ),
        ('# text = "unclosed\nHRW\tO\n', "ner.conll:1: # text must be a JSON string"),
        (b"HRW\tB-ACTOR\n\xe9t\xe9\tO\n", "ner.conll:2: not UTF-8 (invalid byte at 0)"),
    ],
)
def test_bad_input_names_file_and_line(data: bytes | str, reason: str):
    """Each refusal is one line naming the file and the line at fault."""
    assert _error(data).startswith(reason)


def test_unknown_label_names_the_line_where_the_span_starts(schema):
    """With a schema, an unknown label is refused at its B- line."""
    data = "HRW\tB-ACTOR\nsaid\tO\nThe\tB-PERSON\narmy\tI-PERSON\n"
    assert _error(data, schema=schema).startswith(
        "ner.conll:3: PERSON span: unknown span label 'PERSON'"
    )


def test_errors_list_skips_bad_documents():
    """With an errors list, a bad document is reported and the others read."""
    data = "# doc_id = a\nHRW\tB-ACTOR\n\n# doc_id = b\nx\tQ\n\n# doc_id = c\ny\tO\n"
    errors: list[FormatError] = []
    records = _read(data, errors=errors)
    assert [r.document.id for r in records] == ["a", "c"]
    assert [(e.line, e.reason) for e in errors] == [(5, "tag 'Q' is not O, B-, I-, E- or S-LABEL")]


def test_registry_finds_conll():
    """By name and by the .conll and .bio extensions."""
    assert registry.by_name("conll") is registry.CONLL
    assert registry.for_path("train.conll") is registry.CONLL
    assert registry.for_path("train.bio") is registry.CONLL
