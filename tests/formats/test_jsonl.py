"""Native JSONL: lossless round trips, Prodigy lines, and refusals naming file and line."""

import io
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from desktop.domain import Actor, AnnotatedDocument, Document, Relation, Span
from desktop.formats import ids, jsonl
from desktop.formats.errors import FormatError
from desktop.formats.losses import Losses

TEXT = 'HRW accused the army of torture: "we deny it", a spokesman said.'
HRW = {"id": "s-hrw", "start": 0, "end": 3, "label": "ACTOR", "text": "HRW"}
ALLEGATION = {"id": "s-all", "start": 4, "end": 31, "label": "ALLEGATION"}
ARMY = {"id": "s-army", "start": 16, "end": 20, "label": "ACTOR", "attrs": {"kind": "armed forces"}}
ACCUSER = {"id": "r-1", "label": "accuser", "head_id": "s-all", "child_id": "s-hrw"}


def _line(**changes: object) -> dict:
    line = {
        "id": "doc-1",
        "text": TEXT,
        "layer": "alice",
        "spans": [dict(HRW), dict(ALLEGATION), dict(ARMY)],
        "relations": [dict(ACCUSER)],
    }
    line.update(changes)
    return line


def _bytes(*lines: object) -> bytes:
    return b"".join(
        line if isinstance(line, bytes) else orjson.dumps(line) + b"\n" for line in lines
    )


def _read(data: bytes, **options: object) -> list[AnnotatedDocument]:
    return list(jsonl.read(io.BytesIO(data), source="bad.jsonl", **options))


def _error(data: bytes, **options: object) -> str:
    with pytest.raises(FormatError) as info:
        _read(data, **options)
    return str(info.value)


def _write(records: list[AnnotatedDocument]) -> bytes:
    stream = io.BytesIO()
    assert jsonl.write(stream, records) == len(records)
    return stream.getvalue()


def _annotated(text: str, pieces: list[tuple[str, str]], line: int = 1) -> AnnotatedDocument:
    """A record of `text` with one span per (substring, label), in order."""
    document = Document(f"doc-{line}", text, "A title: ✓", {"source": "wire", "n": [1, 2.5]})
    spans, cursor = [], 0
    for index, (piece, label) in enumerate(pieces):
        start = text.index(piece, cursor)
        spans.append(Span(f"s{index}", document.id, "alice", start, start + len(piece), label))
        cursor = start
    relations = ()
    if len(spans) >= 2:
        relations = (Relation("r0", document.id, "alice", "rel", spans[1].id, spans[0].id),)
    return AnnotatedDocument(
        document, "alice", "done", tuple(spans), relations, line=line, source="bad.jsonl"
    )


# --- round trips -------------------------------------------------------------

TRICKY = {
    "emoji": ("Army 😀 said 🇺🇦 flags", [("😀", "X"), ("🇺🇦", "Y")]),
    "zwj": ("the family 👩‍👩‍👧 fled", [("👩‍👩‍👧", "X"), ("fled", "Y")]),
    "combining": ("café and cafe\u0301 differ", [("cafe\u0301", "X"), ("e\u0301", "Y")]),
    "crlf": ("line one\r\nline two\r\n\r\nthree", [("one\r\nline", "X"), ("\r\n\r\n", "Y")]),
    "tabs": ("a\tb\t\tc", [("\tb\t", "X"), ("c", "Y")]),
    "arabic": ("قالت هيومن رايتس ووتش إن الجيش", [("هيومن رايتس ووتش", "X"), ("الجيش", "Y")]),
    "hebrew": ("ארגון זכויות האדם אמר כי הצבא", [("זכויות", "X"), ("הצבא", "Y")]),
    "mixed": ('HRW (هيومن) said "ש": \\ \u2028 \u00a0end', [("هيومن", "X"), ('"ש"', "Y")]),
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_round_trip_keeps_text_and_offsets(name):
    """Writing then reading gives equal records, spans covering the same characters."""
    text, pieces = TRICKY[name]
    record = _annotated(text, pieces)
    (back,) = _read(_write([record]))
    assert back == record
    assert [back.document.text[s.start : s.end] for s in back.spans] == [p for p, _ in pieces]


def test_round_trip_of_a_document_without_layer():
    """A record with no layer is written as id/title/text/meta only and read back equal."""
    record = AnnotatedDocument(Document("d", "Just text\r\n", "T", {}), line=1, source="bad.jsonl")
    data = _write([record])
    assert list(orjson.loads(data)) == ["id", "title", "text", "meta"]
    assert _read(data) == [record]


def test_round_trip_with_actors_attributes_and_status():
    """Actor links, attributes and status survive a round trip."""
    document = Document("d", TEXT)
    hrw = Actor("act-hrw", "Human Rights Watch", "NGO or IGO", ("HRW", "the rights group"))
    spans = (
        Span("a", "d", "gold", 0, 3, "ACTOR", {"kind": "NGO or IGO"}, "act-hrw"),
        Span("b", "d", "gold", 4, 31, "ALLEGATION", {"category": "torture", "status": None}),
    )
    relations = (Relation("r", "d", "gold", "accuser", "b", "a"),)
    record = AnnotatedDocument(
        document, "gold", "in_progress", spans, relations, (hrw,), 1, "bad.jsonl"
    )
    assert _read(_write([record]), schema=None) == [record]


def test_writer_layout():
    """Keys come in the documented order, every span carries its text, lines end in \\n."""
    record = _annotated("¿Dónde está 😀?", [("Dónde", "X"), ("😀", "Y")])
    data = _write([record, record])
    assert data.count(b"\n") == 2 and b"\r" not in data
    assert "😀".encode() in data  # not escaped as \ud83d\ude00
    line = orjson.loads(data.splitlines()[0])
    assert list(line) == ["id", "title", "text", "meta", "layer", "status", "spans", "relations"]
    span = line["spans"][0]
    assert list(span) == ["id", "start", "end", "label", "text", "attrs", "actor"]
    assert span["text"] == "Dónde" and span["actor"] is None and span["attrs"] == {}
    relation = line["relations"][0]
    assert list(relation) == [
        "id",
        "label",
        "head_id",
        "child_id",
        "head_span",
        "child_span",
    ]
    assert relation["head_span"] == {"start": 12, "end": 13, "label": "Y"}


def test_writer_refuses_a_link_to_a_missing_actor():
    """A span whose actor is not in the record cannot be written losslessly."""
    span = Span("a", "d", "alice", 0, 3, "ACTOR", actor_id="nobody")
    record = AnnotatedDocument(Document("d", TEXT), "alice", None, (span,))
    with pytest.raises(FormatError, match="actor nobody missing"):
        _write([record])


def test_write_path_and_read_path(tmp_path: Path):
    """The file helpers write a complete file and name it in errors."""
    path = tmp_path / "out.jsonl"
    record = _annotated("one two", [("one", "X"), ("two", "Y")])
    assert jsonl.write_path(path, [record]) == 1
    assert list(jsonl.read_path(path)) == [replace(record, source=str(path))]
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    path.write_bytes(b'{"text": "x"}\n{"text": \n')
    with pytest.raises(FormatError, match=r"out\.jsonl:2: malformed JSON"):
        list(jsonl.read_path(path))


# --- reading ---------------------------------------------------------------


def test_reads_native_lines(schema):
    """A native line gives a validated record with the line number."""
    (record,) = _read(_bytes(_line(status="done", meta={"url": "https://x"})), schema=schema)
    assert (record.line, record.source) == (1, "bad.jsonl")
    assert record.layer == "alice" and record.status == "done"
    assert [s.id for s in record.spans] == ["s-hrw", "s-all", "s-army"]
    assert record.spans[2].attrs == {"kind": "armed forces"}
    assert record.relations == (Relation("r-1", "doc-1", "alice", "accuser", "s-all", "s-hrw"),)
    assert record.document.meta == {"url": "https://x"}


def test_bom_crlf_and_blank_lines():
    """A BOM, CRLF line ends and blank lines are accepted; \\r\\n inside text is kept."""
    data = b"\xef\xbb\xbf" + b'{"text": "a\\r\\nb"}\r\n\r\n   \r\n{"text": "c"}\r\n'
    first, second = _read(data)
    assert first.document.text == "a\r\nb" and first.line == 1
    assert second.document.text == "c" and second.line == 4


def test_text_only_line_is_a_document_without_annotations():
    """A line with only text (and id, title, meta) has no layer and a derived id."""
    (record,) = _read(_bytes({"text": "Plain.", "title": "T", "meta": {"k": 1}}))
    assert record.layer is None and record.spans == () and record.status is None
    assert record.document.id == ids.document_id("Plain.")
    assert (record.document.title, record.document.meta) == ("T", {"k": 1})


def test_default_layer_applies_to_lines_without_one():
    """Annotations without a layer go to `default_layer`."""
    (record,) = _read(_bytes(_line(layer=None)), default_layer="bob")
    assert record.layer == "bob" and {s.layer for s in record.spans} == {"bob"}


def test_same_document_in_two_layers():
    """One document may come once per layer, with the same text."""
    spans = [dict(HRW, id="other")]
    records = _read(_bytes(_line(), _line(layer="bob", spans=spans, relations=[])))
    assert [r.layer for r in records] == ["alice", "bob"]


PRODIGY = {
    "text": "HRW accused the army of torture.",
    "_input_hash": 12345,
    "tokens": [{"text": "HRW", "start": 0, "end": 3, "id": 0, "ws": True}],
    "spans": [
        {"start": 0, "end": 3, "label": "ACTOR", "token_start": 0, "token_end": 0},
        {"start": 4, "end": 31, "label": "ALLEGATION"},
    ],
    "relations": [
        {
            "head": 1,
            "child": 0,
            "label": "accuser",
            "head_span": {
                "start": 4,
                "end": 31,
                "token_start": 1,
                "token_end": 5,
                "label": "ALLEGATION",
            },
            "child_span": {
                "start": 0,
                "end": 3,
                "token_start": 0,
                "token_end": 0,
                "label": "ACTOR",
            },
        }
    ],
    "answer": "accept",
}


def test_prodigy_lines_get_the_same_ids_every_time(schema):
    """Without ids, documents, spans and relations get ids derived from their content."""
    first = _read(_bytes(PRODIGY), default_layer="alice", schema=schema)
    second = _read(_bytes(PRODIGY), default_layer="alice", schema=schema)
    assert first == second
    (record,) = first
    assert record.document.id == ids.document_id(PRODIGY["text"])
    head, child = record.spans[1], record.spans[0]
    assert (record.relations[0].head_id, record.relations[0].child_id) == (head.id, child.id)
    assert child.id == ids.span_id(record.document.id, "alice", 0, 3, "ACTOR")


def test_prodigy_lines_round_trip_to_native():
    """A Prodigy line written as native JSONL reads back to the same record."""
    records = _read(_bytes(PRODIGY), default_layer="alice")
    assert _read(_write(records)) == records


# --- refusals: each names the file and the line ------------------------------

GOOD = _bytes({"text": "first line"}) + b"\n"  # lines 1 and 2 (blank)


def _span(**changes: object) -> dict:
    return _line(spans=[dict(HRW, **changes)], relations=[])


BAD_LINES = {
    "malformed JSON": (b'{"text": "x",}\n', "malformed JSON at column 13: trailing comma"),
    "wrong encoding": (b'{"text": "caf\xe9"}\n', "not UTF-8 (invalid byte 0xE9"),
    "BOM after line 1": (b'\xef\xbb\xbf{"text": "x"}\n', "byte order mark (BOM) in the middle"),
    "NaN": (b'{"text": "x", "meta": {"v": NaN}}\n', "NaN is not valid JSON"),
    "Infinity": (b'{"text": "x", "meta": {"v": Infinity}}\n', "Infinity is not valid JSON"),
    "lone surrogate": (b'{"text": "x \\ud800 y"}\n', "lone surrogate in a string"),
    "duplicate top key": (b'{"id": "a", "text": "x", "id": "b"}\n', "duplicate key 'id'"),
    "duplicate span key": (
        _bytes(_span()).replace(b'"start":0', b'"start":0,"start":1'),
        "duplicate key 'start'",
    ),
    "duplicate meta key": (
        b'{"text": "a:b", "meta": {"x": {"k": "1:2", "k": "3"}}}\n',
        "duplicate key 'k'",
    ),
    "not an object": (b"[1, 2]\n", "expected a JSON object, got an array"),
    "out of range": (_bytes(_span(end=999, text=None)), "span 0-999 ends past the text"),
    "negative": (_bytes(_span(start=-1)), "spans[0]: start -1 is negative"),
    "start after end": (_bytes(_span(start=3, end=3)), "start 3 is not before end 3"),
    "string offset": (_bytes(_span(start="0")), "offsets must be integers, got '0' and 3"),
    "float offset": (_bytes(_span(end=3.0)), "offsets must be integers, got 0 and 3.0"),
    "bool offset": (_bytes(_span(start=False)), "must be integers, got False and 3"),
    "text mismatch": (
        _bytes(_span(text="HRX")),
        "spans[0]: text mismatch at 0-3: the span says 'HRX', the document has 'HRW'",
    ),
    "no text": (_bytes({"id": "d"}), '"text" must be a string, got None'),
    "empty text": (_bytes({"text": ""}), '"text" is empty'),
    "spans not a list": (_bytes(_line(spans={"a": 1})), '"spans" must be a list'),
    "attrs not object": (_bytes(_span(attrs=["kind"])), "spans[0]: attrs must be an object"),
    "title not string": (_bytes({"text": "x", "title": 5}), '"title" must be a string, got 5'),
    "meta not object": (_bytes({"text": "x", "meta": []}), '"meta" must be an object, got []'),
    "id not string": (_bytes({"text": "x", "id": 7}), '"id" must be a non-empty string, got 7'),
    "bad status": (_bytes(_line(status="finished")), "status must be one of new, in_progress"),
    "no layer": (_bytes(_line(layer=None)), 'the line has annotations but no "layer"'),
    "duplicate span id": (
        _bytes(_line(spans=[HRW, dict(ALLEGATION, id="s-hrw")], relations=[])),
        "spans[1]: duplicate span id 's-hrw'",
    ),
    "duplicate relation id": (
        _bytes(_line(relations=[ACCUSER, dict(ACCUSER, label="victim")])),
        "relations[1]: duplicate relation id 'r-1'",
    ),
    "unknown endpoint": (
        _bytes(_line(relations=[dict(ACCUSER, child_id="s-nope")])),
        "relations[0]: child 's-nope' is not a span of this line",
    ),
    "endpoint out of line": (
        _bytes(
            _line(
                relations=[
                    {"label": "accuser", "head_id": "s-all", "child_span": {"start": 5, "end": 9}}
                ]
            )
        ),
        "relations[0]: child_span 5-9 is not a span of this line",
    ),
    "stale head_span": (
        _bytes(
            _line(relations=[dict(ACCUSER, head_span={"start": 4, "end": 31, "label": "ACTOR"})])
        ),
        "relations[0]: head_span does not match span 's-all'",
    ),
    "self link": (
        _bytes(_line(relations=[dict(ACCUSER, child_id="s-all")])),
        "relations[0]: a relation cannot link a span to itself",
    ),
    "bad actor": (
        _bytes(_span(actor={"id": "a1", "name": ""})),
        "spans[0]: actor name must be a non-empty string",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_bad_line_is_refused_with_file_and_line(case):
    """Each problem stops the read with `bad.jsonl:3: reason` for the third line."""
    line, reason = BAD_LINES[case]
    message = _error(GOOD + line + GOOD)
    assert message.startswith("bad.jsonl:3: "), message
    assert reason in message, message
    assert "\n" not in message


SCHEMA_LINES = {
    "unknown label": (
        _bytes(_span(label="PERSON", text=None)),
        "spans[0]: unknown span label 'PERSON' (schema has ACTOR, ALLEGATION",
    ),
    "unknown attribute": (
        _bytes(_span(attrs={"mood": "x"})),
        "spans[0]: label ACTOR has no attribute 'mood'",
    ),
    "bad attribute value": (
        _bytes(_span(attrs={"kind": "alien"})),
        "spans[0]: attribute kind must be one of state, government",
    ),
    "role not allowed": (
        _bytes(_line(relations=[dict(ACCUSER, head_id="s-hrw", child_id="s-all")])),
        "relations[0]: role accuser cannot go from ACTOR to ALLEGATION",
    ),
    "unknown role": (
        _bytes(_line(relations=[dict(ACCUSER, label="likes")])),
        "relations[0]: unknown role 'likes'",
    ),
}


@pytest.mark.parametrize("case", sorted(SCHEMA_LINES))
def test_schema_violations_are_refused(case, schema):
    """With a schema, labels, attributes and roles are checked and named."""
    line, reason = SCHEMA_LINES[case]
    message = _error(GOOD + line, schema=schema)
    assert message.startswith("bad.jsonl:3: "), message
    assert reason in message, message
    assert _read(GOOD + line)  # without a schema the same line is fine


def test_span_ids_are_local_to_their_document():
    """`s-hrw` in two documents: both kept, the second scoped, and written back as given."""
    data = _bytes(_line(), _line(id="doc-2"))
    first, second = _read(data)
    assert first.spans[0].id == "s-hrw"
    assert second.spans[0].id == "doc-2/alice/s-hrw"
    assert second.relations[0].head_id == "doc-2/alice/s-all"
    out = io.BytesIO()
    jsonl.write(out, [first, second])
    lines = [orjson.loads(line) for line in out.getvalue().splitlines()]
    assert [line["spans"][0]["id"] for line in lines] == ["s-hrw", "s-hrw"]
    assert [line["relations"][0]["head_id"] for line in lines] == ["s-all", "s-all"]
    assert _read(out.getvalue()) == [replace(r, source="bad.jsonl") for r in (first, second)]


def test_a_repeated_line_is_kept_once_and_counted():
    """The same line twice: its spans and relations once, the repeats counted as skipped."""
    losses = Losses()
    records = _read(_bytes(_line(), _line()), losses=losses)
    assert len(records[0].spans) == 3 and records[1].spans == ()
    assert records[1].relations == ()
    assert losses.counts(lost=False) == {"duplicate": 4}


def test_duplicate_span_id_in_one_line():
    """One id twice in the same line is refused."""
    data = _bytes(_line(spans=[dict(HRW), dict(HRW, start=4, end=7, text=None)], relations=[]))
    assert _error(data) == "bad.jsonl:1: spans[1]: duplicate span id 's-hrw'"


def test_same_document_id_with_another_text():
    """A document id that comes back with a different text is refused."""
    data = _bytes({"id": "d", "text": "one"}, {"id": "d", "text": "two"})
    assert _error(data) == "bad.jsonl:2: document 'd' has a different text than on line 1"


def test_identical_idless_spans_collapse():
    """Two identical id-less spans (a Prodigy repeat) are one span, the other counted."""
    spans = [{"start": 0, "end": 3, "label": "ACTOR"}] * 2
    losses = Losses()
    (record,) = _read(_bytes({"text": TEXT, "spans": spans}), default_layer="alice", losses=losses)
    assert len(record.spans) == 1
    assert losses.counts(lost=False) == {"duplicate": 1}


def test_ambiguous_prodigy_endpoint():
    """A head_span without label that matches two spans is refused, not guessed."""
    spans = [{"start": 0, "end": 3, "label": "ACTOR"}, {"start": 0, "end": 3, "label": "EVIDENCE"}]
    relation = {"label": "x", "head_span": {"start": 0, "end": 3}, "child_span": spans[1]}
    data = _bytes({"text": TEXT, "spans": spans, "relations": [relation]})
    assert "head_span 0-3 matches more than one span" in _error(data, default_layer="a")


def test_duplicate_key_is_named_even_when_it_breaks_validation():
    """A repeated key is reported as such, not as the error its last value causes."""
    data = _bytes(_span()).replace(b'"end":3', b'"end":3,"end":999')
    assert _error(data) == "bad.jsonl:1: duplicate key 'end' in an object"


def test_mismatch_message_is_shortened():
    """Long span texts are cut in the message."""
    text = "x" * 500
    line = {
        "text": text,
        "layer": "a",
        "spans": [{"start": 0, "end": 400, "label": "L", "text": "y" * 400}],
    }
    message = _error(_bytes(line))
    assert len(message) < 200 and "…" in message


# --- skipping bad lines --------------------------------------------------------


def test_errors_list_collects_bad_lines_and_skips_them():
    """With an `errors` list, bad lines are reported there and the good ones still read."""
    data = _bytes({"text": "one"}) + b"{broken\n" + _bytes({"text": "two"}, {"text": ""})
    errors: list[FormatError] = []
    records = _read(data, errors=errors)
    assert [r.document.text for r in records] == ["one", "two"]
    assert [(e.line, e.source) for e in errors] == [(2, "bad.jsonl"), (4, "bad.jsonl")]
    assert str(errors[1]) == 'bad.jsonl:4: "text" is empty'


def test_skipped_line_leaves_no_ids_behind():
    """Ids and texts of a refused line do not make a later good line a duplicate."""
    broken_span = _line(spans=[HRW, dict(ALLEGATION, text="wrong")], relations=[])
    duplicated_key = _bytes(_line()).replace(b'"layer":', b'"meta":{"k":1,"k":2},"layer":')
    other_text = _line(text="Another text altogether, long enough.", spans=[], relations=[])
    data = _bytes(broken_span) + duplicated_key + _bytes(_line(), other_text)
    errors: list[FormatError] = []
    records = _read(data, errors=errors)
    assert [e.line for e in errors] == [1, 2, 4]
    assert "text mismatch" in errors[0].reason and "duplicate key 'k'" in errors[1].reason
    assert errors[2].reason == "document 'doc-1' has a different text than on line 3"
    assert [r.line for r in records] == [3]
    assert [s.id for s in records[0].spans] == ["s-hrw", "s-all", "s-army"]


def test_span_ids_differing_only_in_case_are_two_spans_and_a_repeat_is_one():
    """Ids are kept compactly across the file, exactly: a hex id in capitals is another id,
    while the same hex id met again in another document's line is a repeat, counted."""
    lower = "13d915cc9307f1ef0ed8dc3fe75cfb0d"
    first = _line(id="a", spans=[dict(HRW, id=lower)], relations=[])
    second = _line(id="b", spans=[dict(HRW, id=lower.upper())], relations=[])
    records = _read(_bytes(first, second))
    assert [s.id for r in records for s in r.spans] == [lower, lower.upper()]
    losses = Losses()
    again = _line(id="c", spans=[dict(HRW, id=lower)], relations=[])
    records = _read(_bytes(first, again), losses=losses)
    assert sum(len(r.spans) for r in records) == 1
