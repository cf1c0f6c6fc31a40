"""doccano sequence-labeling JSONL: reads `label` triples and `entities`, writes `entities`.

Offsets are code points, end exclusive (doccano is Python, like Gloss); doccano stores no
span text, so readers check ranges and labels only. A string `id` is the document id (this
writer's); doccano's own integer ids number rows of one doccano project, so the id then
derives from the text and the number is kept as `meta["doccano_id"]`. Other top-level keys
are the document's meta, as doccano itself treats extra columns (an empty `Comments` list is
dropped). Every annotated line goes to `default_layer`: doccano exports one file per user.
The writer numbers entities and relations from 1 on each line, writes meta keys at the top
level (except any named like a field above) and leaves out attributes, which doccano lacks;
a record without a layer is written without `entities`, so it reads back without one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from desktop.domain import AnnotatedDocument, Schema, Span
from desktop.formats.builder import (
    REFUSED,
    Draft,
    FileBuilder,
    refusal,
    stream_name,
)
from desktop.formats.errors import FormatError, keep_or_raise
from desktop.formats.files import read_from_path, without_bom, write_file
from desktop.formats.losses import Losses
from desktop.formats.records import bad, short
from desktop.formats.strictjson import loads_object, refuse_duplicates, surely_unique, tally

NAME = "doccano"
EXTENSIONS = (".doccano.jsonl",)
_FIELDS = frozenset(
    {"id", "text", "title", "label", "labels", "entities", "relations", "annotations"}
)


def read(
    stream: BinaryIO,
    *,
    source: str = "<stream>",
    default_layer: str | None = None,
    schema: Schema | None = None,
    errors: list[FormatError] | None = None,
    losses: Losses | None = None,
) -> Iterator[AnnotatedDocument]:
    """One record per non-blank line; the first bad line raises unless `errors` collects it.

    A file holding one pretty-printed object or an array (doccano's own examples) is read
    as its objects in turn, numbered from 1.
    """
    builder = FileBuilder(source, schema, losses)
    for number, obj in _objects(stream, source, errors):
        try:
            try:
                records = _records(builder, obj, number, default_layer)
            except REFUSED as exc:
                raise refusal(source, number, exc) from None
        except FormatError as exc:
            keep_or_raise(exc, errors)
            continue
        yield from records


def _objects(
    stream: BinaryIO, source: str, errors: list[FormatError] | None
) -> Iterator[tuple[int, Any]]:
    first = without_bom(stream.readline())
    rest_first = first.lstrip()
    if rest_first[:1] == b"[" or (rest_first[:1] == b"{" and _unfinished(first)):
        whole = first + stream.read()
        try:
            parsed = orjson.loads(whole)
        except orjson.JSONDecodeError as exc:
            raise FormatError(source, exc.lineno, f"malformed JSON: {exc.msg}") from None
        yield from enumerate(parsed if type(parsed) is list else [parsed], 1)
        return
    for number, raw in enumerate(itertools.chain([first], stream), 1):
        if not raw.strip():
            continue
        try:
            obj = loads_object(raw, source, number)
            keys, colons = tally(obj)
            if not surely_unique(raw, keys, colons):
                refuse_duplicates(raw, source, number)
        except FormatError as exc:
            keep_or_raise(exc, errors)
            continue
        yield number, obj


def _unfinished(line: bytes) -> bool:
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return True
    return False


def read_path(path: Path, **options: Any) -> Iterator[AnnotatedDocument]:
    """`read` over a file, naming it in errors (options: default_layer, schema, errors)."""
    return read_from_path(read, path, **options)


def _records(
    builder: FileBuilder, obj: object, number: int, default_layer: str | None
) -> list[AnnotatedDocument]:
    """The records of one doccano object: one, or one per user for doccano 0.x."""
    if type(obj) is not dict:
        bad(f"expected a JSON object, got {short(obj)}")
    annotations = obj.get("annotations")
    if annotations is None:
        return [_record(builder, obj, number, default_layer)]
    # doccano 0.x: {"annotations": [{"label": 12, "start_offset": 9, "end_offset": 14,
    # "user": 1}]}, one layer per user; labels are the project's label numbers.
    if type(annotations) is not list or any(type(a) is not dict for a in annotations):
        bad(f'"annotations" must be a list of objects, got {short(annotations)}')
    by_user: dict[str, list[list[Any]]] = {}
    categories: dict[str, list[str]] = {}
    for index, item in enumerate(annotations):
        user = item.get("user")
        layer = f"user{user}" if user is not None else default_layer
        label = item.get("label")
        if type(label) is int:
            label = str(label)
        if "start_offset" in item or "end_offset" in item:
            triple = [item.get("start_offset"), item.get("end_offset"), label]
            by_user.setdefault(str(layer), []).append(triple)
        elif type(label) is str:
            categories.setdefault(str(layer), []).append(label)
        else:
            bad(f"annotations[{index}]: label must be a number or a string, got {short(label)}")
    base = {key: value for key, value in obj.items() if key != "annotations"}
    if categories:
        meta = dict(base.get("meta") or {})
        meta["categories"] = categories
        base["meta"] = meta
    if not by_user:
        return [_record(builder, base, number, None)]
    return [
        _record(builder, {**base, "label": triples}, number, layer)
        for layer, triples in by_user.items()
    ]


def _record(
    builder: FileBuilder, obj: dict[str, Any], number: int, default_layer: str | None
) -> AnnotatedDocument:
    obj = dict(obj)
    if "labels" in obj and "label" not in obj:  # doccano 1.x
        obj["label"] = obj.pop("labels")
    categories = obj.get("label")
    if type(categories) is list and categories and all(type(c) is str for c in categories):
        # Text classification: labels of the whole document, kept in its meta.
        obj["categories"] = obj.pop("label")
    meta = {key: value for key, value in obj.items() if key not in _FIELDS}
    inner = meta.pop("meta", None)
    if type(inner) is dict:
        for key, value in inner.items():
            meta.setdefault(key, value)
    elif inner is not None:
        meta["meta"] = inner
    for key in ("Comments", "comments"):
        if meta.get(key) == []:
            del meta[key]
    doc_id = obj.get("id")
    if type(doc_id) is int:
        meta["doccano_id"] = doc_id
        doc_id = None
    title = obj.get("title")
    document = builder.document(obj.get("text"), doc_id, "" if title is None else title, meta)
    triples, entities = obj.get("label"), obj.get("entities")
    if triples is not None and entities is not None:
        bad('the line has both "label" and "entities"; expected one of them')
    annotated = triples is not None or entities is not None or "relations" in obj
    draft = builder.draft(document, default_layer if annotated else None)
    if triples is not None:
        if type(triples) is not list:
            bad(f'"label" must be a list of [start, end, label], got {short(triples)}')
        for index, item in enumerate(triples):
            if type(item) is not list or len(item) != 3:
                bad(f"label[{index}] must be [start, end, label], got {short(item)}")
            draft.span(item[0], item[1], item[2], where=f"label[{index}]")
    by_id = _entities(draft, entities)
    relations = obj.get("relations")
    if relations is not None:
        if type(relations) is not list:
            bad(f'"relations" must be a list, got {short(relations)}')
        for index, item in enumerate(relations):
            where = f"relations[{index}]"
            if type(item) is not dict:
                bad(f"{where} is not an object: {short(item)}")
            head = _endpoint(by_id, item, "from_id", where)
            child = _endpoint(by_id, item, "to_id", where)
            draft.relation(item.get("type"), head, child, where=where)
    return builder.finish(draft, line=number)


def _entities(draft: Draft, entities: object) -> dict[object, Span]:
    by_id: dict[object, Span] = {}
    if entities is None:
        return by_id
    if type(entities) is not list:
        bad(f'"entities" must be a list, got {short(entities)}')
    for index, item in enumerate(entities):
        where = f"entities[{index}]"
        if type(item) is not dict:
            bad(f"{where} is not an object: {short(item)}")
        start, end = item.get("start_offset"), item.get("end_offset")
        span = draft.span(start, end, item.get("label"), where=where)
        entity_id = item.get("id")
        if entity_id is not None:
            if type(entity_id) not in (int, str):
                bad(f"{where}: id must be a number or a string, got {short(entity_id)}")
            if by_id.setdefault(entity_id, span) is not span:
                bad(f"{where}: entity id {short(entity_id)} appears twice")
    return by_id


def _endpoint(by_id: dict[object, Span], item: dict[str, Any], key: str, where: str) -> Span:
    ref = item.get(key)
    span = by_id.get(ref) if type(ref) in (int, str) else None
    if span is None:
        bad(f"{where}: {key} {short(ref)} is not an entity of this line")
    return span


# --- writing ---------------------------------------------------------------


def write(stream: BinaryIO, records: Iterable[AnnotatedDocument]) -> int:
    """Write one line per record in the newer shape; return the number of lines."""
    count = 0
    for record in records:
        try:
            line = orjson.dumps(_to_json(record), option=orjson.OPT_APPEND_NEWLINE)
        except (ValueError, TypeError) as exc:
            doc_id = record.document.id
            raise FormatError(stream_name(stream), None, f"document {doc_id!r}: {exc}") from None
        stream.write(line)
        count += 1
    return count


def write_path(path: Path, records: Iterable[AnnotatedDocument]) -> int:
    """`write` into a file that appears only once complete."""
    return write_file(path, records, write)


def _to_json(record: AnnotatedDocument) -> dict[str, Any]:
    document = record.document
    out: dict[str, Any] = {"id": document.id, "text": document.text}
    if document.title:
        out["title"] = document.title
    for key, value in document.meta.items():
        if key not in _FIELDS:
            out[key] = value
    if record.layer is None:
        return out
    numbers = {span.id: number for number, span in enumerate(record.spans, 1)}
    out["entities"] = [
        {
            "id": numbers[span.id],
            "label": span.label,
            "start_offset": span.start,
            "end_offset": span.end,
        }
        for span in record.spans
    ]
    relations = []
    for number, relation in enumerate(record.relations, 1):
        if relation.head_id not in numbers or relation.child_id not in numbers:
            raise ValueError(f"relation {relation.id} links a span missing from the record")
        relations.append(
            {
                "id": number,
                "from_id": numbers[relation.head_id],
                "to_id": numbers[relation.child_id],
                "type": relation.label,
            }
        )
    out["relations"] = relations
    return out
