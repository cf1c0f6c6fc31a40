"""Label Studio JSON: tasks and annotations as layers, UTF-16 offsets detected, clear refusals."""

import io
from pathlib import Path

import orjson
import pytest

from desktop.domain import AnnotatedDocument, Document, Span
from desktop.formats import ids, labelstudio, registry
from desktop.formats.errors import FormatError
from desktop.formats.losses import Losses
from tests.formats.samples import TRICKY, annotated, links, triples

TEXT = "HRW accused the army of torture 😀; the army denied it."


def _read(data: object, **options: object) -> list[AnnotatedDocument]:
    raw = data if isinstance(data, bytes) else orjson.dumps(data)
    return list(labelstudio.read(io.BytesIO(raw), source="export.json", **options))


def _error(data: object, **options: object) -> str:
    with pytest.raises(FormatError) as info:
        _read(data, **options)
    return str(info.value)


def _write(records: list[AnnotatedDocument]) -> bytes:
    stream = io.BytesIO()
    assert labelstudio.write(stream, records) == len(records)
    return stream.getvalue()


def _region(rid: str, start: int, end: int, label: str, text: str | None = None) -> dict:
    value = {"start": start, "end": end, "labels": [label]}
    if text is not None:
        value["text"] = text
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def _task(*results: dict, text: str = TEXT, **extra: object) -> list[dict]:
    annotation = {"id": 1, "completed_by": 3, "result": list(results)}
    return [{"id": 8, "data": {"text": text}, "annotations": [annotation], **extra}]


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_round_trip_keeps_offsets_labels_and_relations(name):
    """Written then read, spans and relations are the same, in the same layer."""
    record = annotated(*TRICKY[name], layer="alice@example.org")
    (back,) = _read(_write([record]))
    assert back.document == record.document
    assert back.layer == "alice@example.org"
    assert back.spans == record.spans and back.relations == record.relations
    assert triples(back) == triples(record) and links(back) == links(record)


def test_round_trip_of_several_layers_and_attributes(schema):
    """One task per document, one annotation per layer; attributes ride in the result's meta."""
    gold = annotated(*TRICKY["crlf"], layer="gold")
    span = gold.spans[0].with_changes(attrs={"category": "torture", "status": "hedged"})
    gold = AnnotatedDocument(gold.document, "gold", None, (span, gold.spans[1]), gold.relations)
    bob = annotated(*TRICKY["crlf"], layer="bob", relate=False)
    plain = AnnotatedDocument(Document("other", "Nothing marked."))
    data = _write([gold, bob, plain])  # the records of a document come together
    tasks = orjson.loads(data)
    assert [len(task["annotations"]) for task in tasks] == [2, 0]
    assert tasks[0]["annotations"][0]["ground_truth"] is True
    assert tasks[0]["annotations"][0]["result"][0]["meta"] == {"attrs": span.attrs}
    back = _read(data, schema=schema)
    assert [(r.document.id, r.layer) for r in back] == [
        ("doc-1", "gold"),
        ("doc-1", "bob"),
        ("other", None),
    ]
    assert back[0].spans == gold.spans and back[1].spans == bob.spans


def test_reads_a_real_shaped_export(schema):
    """Ids, authors, left relations, region choices, cancelled work and predictions."""
    export = [
        {
            "id": 17,
            "data": {"text": TEXT},
            "meta": {"source": "wire"},
            "annotations": [
                {
                    "id": 40,
                    "completed_by": {"id": 2, "email": "ann@example.org", "first_name": ""},
                    "was_cancelled": False,
                    "result": [
                        {
                            "id": "kXz1",
                            "from_name": "kind",
                            "to_name": "text",
                            "type": "choices",
                            "value": {
                                "start": 0,
                                "end": 3,
                                "text": "HRW",
                                "choices": ["NGO or IGO"],
                            },
                        },
                        _region("kXz1", 0, 3, "ACTOR", "HRW"),
                        _region("p9Q", 4, 31, "ALLEGATION", "accused the army of torture"),
                        {
                            "from_id": "kXz1",
                            "to_id": "p9Q",
                            "type": "relation",
                            "direction": "left",
                            "labels": ["accuser"],
                        },
                        {"id": "t1", "type": "textarea", "value": {"text": ["note"]}},
                    ],
                },
                {"id": 41, "completed_by": 5, "was_cancelled": True, "result": []},
                {
                    "id": 42,
                    "completed_by": 6,
                    "result": [_region("a", 12, 20, "ACTOR", "the army")],
                },
            ],
            "predictions": [{"model_version": "v1", "result": [_region("z", 0, 3, "EVIDENCE")]}],
        },
        {"id": 18, "data": {"text": "Unlabelled task."}, "annotations": []},
    ]
    ann, six, plain = _read(export, schema=schema)
    doc_id = ids.document_id(TEXT)
    assert ann.document == Document(doc_id, TEXT, "", {"source": "wire", "labelstudio_id": 17})
    assert ann.layer == "ann@example.org" and six.layer == "6"
    hrw = Span(ids.span_id(doc_id, ann.layer, 0, 3, "ACTOR"), doc_id, ann.layer, 0, 3, "ACTOR")
    assert ann.spans[0] == hrw.with_changes(attrs={"kind": "NGO or IGO"})
    assert links(ann) == [("accuser", (4, 31), (0, 3))]
    assert triples(six) == [(12, 20, "ACTOR", "the army")]
    assert plain.layer is None and plain.document.text == "Unlabelled task."


def test_annotation_without_author_takes_the_default_layer():
    """No completed_by: the default layer."""
    task = _task(_region("a", 0, 3, "ACTOR", "HRW"))
    del task[0]["annotations"][0]["completed_by"]
    (record,) = _read(task, default_layer="imported")
    assert record.layer == "imported"


def test_text_under_another_key_is_found_by_to_name():
    """`data` with two strings (a query beside the code, as a real project had): the one the
    results point to is the text, the other goes to the meta with the data's other keys."""
    code = "def main():\r\n    return 'الجيش 😀'"
    region = _region("a", 4, 8, "ACTOR", "main")
    choice = {"id": "c", "type": "choices", "from_name": "label", "to_name": "code"}
    choice["value"] = {"choices": ["Relevant"]}
    region["to_name"] = "code"
    task = _task(region, choice)
    task[0]["data"] = {"query": "Where is main?", "code": code, "rank": 2}
    (record,) = _read(task)
    assert record.document.text == code
    assert triples(record) == [(4, 8, "ACTOR", "main")]
    meta = record.document.meta
    assert (meta["query"], meta["rank"], meta["choices"]) == (
        "Where is main?",
        2,
        {"3": {"label": "Relevant"}},
    )


def test_drafts_and_prediction_ids_are_reported():
    """A draft (work not submitted) and predictions given as ids are counted, not read."""
    draft = {"id": 9, "user": "a@x", "result": [_region("d", 0, 3, "ACTOR", "HRW")]}
    task = _task(_region("a", 0, 3, "ACTOR", "HRW"), drafts=[draft, {"id": 10, "result": []}])
    task[0]["predictions"] = [11]
    losses = Losses()
    (record,) = _read(task, losses=losses)
    assert len(record.spans) == 1
    assert losses.counts() == {"draft": 1, "prediction": 1}
    assert [loss.detail for loss in losses.lost] == [
        "task 1 (id 8): prediction 11",
        "task 1 (id 8): draft 9 by a@x",
    ]


def test_utf16_offsets_are_detected_and_converted():
    """Offsets counted in UTF-16 units are converted when only they match value.text."""
    text = "😀 👩‍👩‍👧 HRW said"
    utf16_start = len("😀 👩‍👩‍👧 ".encode("utf-16-le")) // 2
    task = _task(_region("a", utf16_start, utf16_start + 3, "ACTOR", "HRW"), text=text)
    (record,) = _read(task)
    assert triples(record) == [(text.index("HRW"), text.index("HRW") + 3, "ACTOR", "HRW")]


def test_code_point_offsets_are_taken_as_they_are():
    """Python-side offsets are read without conversion."""
    start = TEXT.index("the army denied")
    (record,) = _read(_task(_region("a", start, start + 8, "ACTOR", "the army")))
    assert triples(record) == [(start, start + 8, "ACTOR", "the army")]


def test_paths(tmp_path: Path):
    """write_path and read_path go through a file, named in the records."""
    path = tmp_path / "export.json"
    record = annotated(*TRICKY["hebrew"])
    assert labelstudio.write_path(path, [record]) == 1
    (back,) = labelstudio.read_path(path)
    assert back.source == str(path) and back.spans == record.spans


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"[{]", "export.json:1: malformed JSON at column 3: "),
        ({"text": TEXT}, "export.json: expected a JSON array of Label Studio tasks"),
        ([[1]], "export.json: task 1: a task must be an object, got [1]"),
        (
            [{"id": 3, "label": []}],
            'export.json: task 1 (id 3): no "data" object and no "text"',
        ),
        (
            _task(_region("a", 0, 3, "ACTOR", "HRV")),
            "export.json: task 1 (id 8), annotations[0]: result[0]: text mismatch at 0-3:"
            " the span says 'HRV', the document has 'HRW'",
        ),
        (
            _task(_region("a", 50, 90, "ACTOR")),
            f"export.json: task 1 (id 8), annotations[0]: result[0]: span 50-90 ends past the"
            f" text ({len(TEXT)} code points)",
        ),
        (
            _task(
                _region("a", 0, 3, "ACTOR"),
                _region("b", 4, 11, "ALLEGATION"),
                {"from_id": "b", "to_id": "a", "type": "relation", "labels": []},
            ),
            "export.json: task 1 (id 8), annotations[0]: result[2]: a relation needs a label",
        ),
        (
            _task({"from_id": "x", "to_id": "a", "type": "relation", "labels": ["accuser"]}),
            "export.json: task 1 (id 8), annotations[0]: result[0]: from_id 'x' is not a labeled",
        ),
        (
            b'[{"data": {"text": "a", "text": "b"}}]',
            "export.json: duplicate key 'text' in an object",
        ),
    ],
)
def test_bad_input_names_file_and_task(data: object, reason: str):
    """Each refusal is one line naming the file and the task (or the JSON line)."""
    assert _error(data).startswith(reason)


def test_unknown_label_with_a_schema(schema):
    """With a schema, labels it lacks are refused."""
    message = _error(_task(_region("a", 0, 3, "PERSON", "HRW")), schema=schema)
    assert message.startswith(
        "export.json: task 1 (id 8), annotations[0]: result[0]: unknown span label 'PERSON'"
    )


def test_errors_list_skips_bad_annotations():
    """With an errors list, a bad annotation is reported and the others read."""
    tasks = _task(_region("a", 0, 3, "ACTOR", "HRW"))
    tasks[0]["annotations"].append({"completed_by": 4, "result": [_region("b", 0, 99, "ACTOR")]})
    errors: list[FormatError] = []
    (record,) = _read(tasks, errors=errors)
    assert record.layer == "3"
    assert [str(e) for e in errors] == [
        f"export.json: task 1 (id 8), annotations[1]: result[0]: span 0-99 ends past the text"
        f" ({len(TEXT)} code points)"
    ]


def test_registry_finds_label_studio():
    """By name, and by the .json extension."""
    assert registry.by_name("labelstudio") is registry.LABELSTUDIO
    assert registry.for_path("project-3-at-2024.json") is registry.LABELSTUDIO
