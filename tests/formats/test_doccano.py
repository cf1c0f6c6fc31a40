"""doccano JSONL: both export shapes read, the newer written, refusals naming file and line."""

import io
from pathlib import Path

import orjson
import pytest

from desktop.domain import AnnotatedDocument, Document
from desktop.formats import doccano, ids, registry
from desktop.formats.errors import FormatError
from tests.formats.samples import TRICKY, annotated, links, triples

TEXT = "HRW accused the army of torture; the army denied it."


def _read(data: bytes, **options: object) -> list[AnnotatedDocument]:
    options.setdefault("default_layer", "alice")
    return list(doccano.read(io.BytesIO(data), source="export.jsonl", **options))


def _error(data: bytes, **options: object) -> str:
    with pytest.raises(FormatError) as info:
        _read(data, **options)
    return str(info.value)


def _lines(*objects: object) -> bytes:
    return b"".join(orjson.dumps(obj) + b"\n" for obj in objects)


def _write(records: list[AnnotatedDocument]) -> bytes:
    stream = io.BytesIO()
    assert doccano.write(stream, records) == len(records)
    return stream.getvalue()


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_round_trip_keeps_offsets_labels_and_relations(name):
    """Written then read, spans cover the same code points with the same labels."""
    text, pieces = TRICKY[name]
    record = annotated(text, pieces)
    (back,) = _read(_write([record]))
    assert back.document.text == text
    assert back.document.id == "doc-1"
    assert triples(back) == triples(record)
    assert [piece for *_, piece in triples(back)] == sorted(
        (p for p, _ in pieces), key=lambda p: text.index(p)
    )
    assert links(back) == links(record)
    assert back.spans == record.spans and back.relations == record.relations


def test_reads_the_old_label_triples():
    """doccano 1.x lines: integer id kept in meta, document id derived from the text."""
    line = {"id": 7, "text": TEXT, "label": [[0, 3, "ACTOR"], [12, 20, "ACTOR"]], "Comments": []}
    (record,) = _read(_lines(line))
    assert record.document.id == ids.document_id(TEXT)
    assert record.document.meta == {"doccano_id": 7}
    assert record.layer == "alice"
    assert triples(record) == [(0, 3, "ACTOR", "HRW"), (12, 20, "ACTOR", "the army")]
    assert record.spans[0].id == ids.span_id(record.document.id, "alice", 0, 3, "ACTOR")
    assert (record.line, record.source) == (1, "export.jsonl")


def test_reads_the_newer_entities_and_relations(schema):
    """A real-shaped relation export: entities by id, relations from_id -> to_id."""
    line = {
        "id": 1721,
        "text": TEXT,
        "entities": [
            {"id": 901, "label": "ACTOR", "start_offset": 0, "end_offset": 3},
            {"id": 902, "label": "ALLEGATION", "start_offset": 4, "end_offset": 31},
            {"id": 903, "label": "ACTOR", "start_offset": 12, "end_offset": 20},
        ],
        "relations": [
            {"id": 55, "from_id": 902, "to_id": 901, "type": "accuser"},
            {"id": 56, "from_id": 902, "to_id": 903, "type": "accused"},
        ],
        "Comments": ["check this"],
        "source": "wire",
    }
    plain, record = _read(_lines({"text": "No labels here."}, line), schema=schema)
    assert plain.layer is None and record.line == 2
    assert record.document.meta == {
        "doccano_id": 1721,
        "Comments": ["check this"],
        "source": "wire",
    }
    assert links(record) == [("accused", (4, 31), (12, 20)), ("accuser", (4, 31), (0, 3))]


def test_line_without_annotations_has_no_layer():
    """A line with text only is a document without a layer."""
    (record,) = _read(_lines({"text": "Only text."}))
    assert record.layer is None and record.spans == ()


def test_reading_twice_gives_the_same_ids():
    """Ids derive from the content, so importing again is idempotent."""
    data = _lines({"text": TEXT, "label": [[0, 3, "ACTOR"], [4, 11, "ALLEGATION"]]})
    assert _read(data) == _read(data)


def test_writer_layout():
    """The newer shape: string id, entities numbered from 1, relations by those numbers."""
    record = annotated(TEXT, [("HRW", "ACTOR"), ("accused", "ALLEGATION")])
    record = AnnotatedDocument(
        Document("d", TEXT, "Title", {"source": "wire", "text": "clash"}),
        "alice",
        None,
        tuple(s.with_changes(doc_id="d") for s in record.spans),
        record.relations,
    )
    obj = orjson.loads(_write([record]))
    assert list(obj) == ["id", "text", "title", "source", "entities", "relations"]
    assert obj["entities"][0] == {"id": 1, "label": "ACTOR", "start_offset": 0, "end_offset": 3}
    assert obj["relations"] == [{"id": 1, "from_id": 1, "to_id": 2, "type": "accuser"}]


def test_document_without_layer_round_trips_without_one():
    """No `entities` key is written for a record without a layer."""
    record = AnnotatedDocument(Document("d", "Text\r\n"))
    data = _write([record])
    assert "entities" not in orjson.loads(data)
    (back,) = _read(data)
    assert back.layer is None and back.document.text == "Text\r\n"


def test_paths(tmp_path: Path):
    """write_path and read_path go through a file, named in the records."""
    path = tmp_path / "out.doccano.jsonl"
    record = annotated(*TRICKY["zwj"])
    assert doccano.write_path(path, [record]) == 1
    (back,) = doccano.read_path(path, default_layer="alice")
    assert back.source == str(path) and triples(back) == triples(record)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            b"{not json}\n",
            "export.jsonl:2: malformed JSON at column 2: unexpected character,"
            " expected a string key",
        ),
        (
            _lines({"text": TEXT, "label": [[0, 99, "ACTOR"]]}),
            f"export.jsonl:2: label[0]: span 0-99 ends past the text ({len(TEXT)} code points)",
        ),
        (
            _lines({"text": TEXT, "label": [[5, 2, "ACTOR"]]}),
            "export.jsonl:2: label[0]: start 5 is not before end 2",
        ),
        (
            _lines({"text": TEXT, "label": [[0, 3]]}),
            "export.jsonl:2: label[0] must be [start, end, label], got [0, 3]",
        ),
        (
            _lines({"text": TEXT, "entities": [{"start_offset": 0, "end_offset": "3"}]}),
            "export.jsonl:2: entities[0]: offsets must be integers, got 0 and '3'",
        ),
        (
            _lines(
                {
                    "text": TEXT,
                    "entities": [{"id": 1, "label": "ACTOR", "start_offset": 0, "end_offset": 3}],
                    "relations": [{"from_id": 1, "to_id": 2, "type": "accuser"}],
                }
            ),
            "export.jsonl:2: relations[0]: to_id 2 is not an entity of this line",
        ),
        (
            _lines({"text": TEXT, "label": [], "entities": []}),
            'export.jsonl:2: the line has both "label" and "entities"; expected one of them',
        ),
        (_lines({"text": ""}), "export.jsonl:2: the text is empty"),
        (b'{"text": "a", "text": "b"}\n', "export.jsonl:2: duplicate key 'text' in an object"),
    ],
)
def test_bad_lines_name_file_and_line(line: bytes, reason: str):
    """Each refusal is one line naming the file, the line and the reason."""
    assert _error(_lines({"text": "A good first line."}) + line) == reason


def test_unknown_label_with_a_schema(schema):
    """With a schema, labels it lacks are refused."""
    data = _lines({"text": TEXT, "label": [[0, 3, "PERSON"]]})
    assert _error(data, schema=schema).startswith(
        "export.jsonl:1: label[0]: unknown span label 'PERSON' (schema has ACTOR,"
    )


def test_annotations_need_a_layer():
    """Without a default layer, annotated lines are refused."""
    data = _lines({"text": TEXT, "label": [[0, 3, "ACTOR"]]})
    assert _error(data, default_layer=None) == (
        "export.jsonl:1: the record has annotations but no layer (and no default layer)"
    )


def test_errors_list_skips_bad_lines():
    """With an errors list, bad lines are reported and the others read."""
    data = _lines(
        {"text": TEXT, "label": [[0, 3, "ACTOR"]]},
        {"text": TEXT[:5], "label": [[0, 30, "ACTOR"]]},
        {"text": "Fine.", "label": [[0, 4, "ACTOR"]]},
    )
    errors: list[FormatError] = []
    records = _read(data, errors=errors)
    assert [r.line for r in records] == [1, 3]
    assert [(e.line, e.reason) for e in errors] == [
        (2, "label[0]: span 0-30 ends past the text (5 code points)")
    ]


def test_registry_finds_doccano():
    """By name, and by its double extension (plain .jsonl stays native)."""
    assert registry.by_name("doccano") is registry.DOCCANO
    assert registry.for_path("export.doccano.jsonl") is registry.DOCCANO
    assert registry.for_path("export.jsonl") is registry.JSONL
