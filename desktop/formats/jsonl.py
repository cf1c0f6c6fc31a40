"""Native Gloss JSONL: one (document, layer) a line, lossless; reads Prodigy/spaCy lines too."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from desktop.domain import AnnotatedDocument, DomainError, Schema
from desktop.formats.errors import FormatError, keep_or_raise
from desktop.formats.files import read_from_path, without_bom, write_file
from desktop.formats.losses import Losses, skip
from desktop.formats.records import Bad, LineDecoder, bad
from desktop.formats.strictjson import loads_object, refuse_duplicates, surely_unique


def read(
    stream: BinaryIO,
    *,
    source: str = "<stream>",
    default_layer: str | None = None,
    schema: Schema | None = None,
    errors: list[FormatError] | None = None,
    losses: Losses | None = None,
) -> Iterator[AnnotatedDocument]:
    """Yield one record per non-blank line, its `line` and `source` set.

    Span and relation ids repeated from another document are scoped to theirs (`s0` on
    every line is fine); a span or relation met again (a repeated line) is kept once and
    counted in `losses`.

    The first bad line raises FormatError naming it; with an `errors` list, bad lines
    are appended there and skipped instead (a skipped line's ids may appear later).
    """
    decoder = LineDecoder(default_layer, schema)
    for number, raw in enumerate(stream, 1):
        if number == 1:
            raw = without_bom(raw)
        if not raw or raw.isspace():
            continue
        try:
            record = _record(decoder, raw, source, number)
        except FormatError as exc:
            keep_or_raise(exc, errors)
            continue
        if decoder.duplicates:
            for what in decoder.duplicates:
                skip(losses, source, number, "duplicate", f"{what} was on an earlier line")
            decoder.duplicates = []
        yield record


def _record(decoder: LineDecoder, raw: bytes, source: str, number: int) -> AnnotatedDocument:
    obj = loads_object(raw, source, number)
    try:
        record, keys, colons = decoder.decode(obj, number, source)
    except (Bad, DomainError) as exc:
        # A repeated key can be the cause (orjson keeps the last value): say so.
        refuse_duplicates(raw, source, number)
        raise FormatError(source, number, str(exc)) from None
    if not surely_unique(raw, keys, colons):
        try:
            refuse_duplicates(raw, source, number)
        except FormatError:
            decoder.rollback()
            raise
    return record


def read_path(path: Path, **options: Any) -> Iterator[AnnotatedDocument]:
    """`read` over a file, naming it in errors (options: default_layer, schema, errors)."""
    return read_from_path(read, path, **options)


# --- writing ---------------------------------------------------------------


def write(stream: BinaryIO, records: Iterable[AnnotatedDocument]) -> int:
    """Write one line per record; return the number of lines written."""
    name = getattr(stream, "name", None)
    source = name if isinstance(name, str) else "<stream>"
    dumps = orjson.dumps
    option = orjson.OPT_APPEND_NEWLINE
    count = 0
    for record in records:
        try:
            line = dumps(_to_json(record), option=option)
        except (Bad, orjson.JSONEncodeError) as exc:
            doc_id = record.document.id
            raise FormatError(source, None, f"document {doc_id!r}: {exc}") from None
        stream.write(line)
        count += 1
    return count


def write_path(path: Path, records: Iterable[AnnotatedDocument]) -> int:
    """`write` into a file that appears only once complete."""
    return write_file(path, records, write)


def _to_json(record: AnnotatedDocument) -> dict[str, Any]:
    document = record.document
    out: dict[str, Any] = {
        "id": document.id,
        "title": document.title,
        "text": document.text,
        "meta": document.meta,
    }
    if record.layer is None:
        return out
    text = document.text
    actors = {actor.id: actor for actor in record.actors}
    # Ids local to a document were scoped on import ("doc/layer/s0"): each item is given
    # back the id it was read with (inline, not a call: this loop runs once per span).
    scope = f"{document.id}/{record.layer}/"
    cut = len(scope)
    spans: dict[str, dict[str, Any]] = {}
    for span in record.spans:
        span_id = span.id
        if span_id in spans:
            bad(f"span id {span.id} appears twice in the record")
        actor = None
        if span.actor_id is not None:
            known = actors.get(span.actor_id)
            if known is None:
                bad(f"span {span.id} links to actor {span.actor_id} missing from the record")
            actor = {
                "id": known.id,
                "name": known.name,
                "kind": known.kind,
                "aliases": list(known.aliases),
            }
        item = spans[span_id] = {
            "id": span_id[cut:] if span_id.startswith(scope) else span_id,
            "start": span.start,
            "end": span.end,
            "label": span.label,
            "text": text[span.start : span.end],
            "attrs": span.attrs,
            "actor": actor,
        }
        if span.note:
            item["note"] = span.note
        if span.unsure:
            item["unsure"] = True
    relations = []
    for relation in record.relations:
        head = spans.get(relation.head_id)
        child = spans.get(relation.child_id)
        if head is None or child is None:
            bad(f"relation {relation.id} links a span missing from the record")
        relations.append(
            {
                "id": relation.id[cut:] if relation.id.startswith(scope) else relation.id,
                "label": relation.label,
                "head_id": head["id"],
                "child_id": child["id"],
                "head_span": {"start": head["start"], "end": head["end"], "label": head["label"]},
                "child_span": {
                    "start": child["start"],
                    "end": child["end"],
                    "label": child["label"],
                },
            }
        )
    out["layer"] = record.layer
    out["status"] = record.status
    out["spans"] = list(spans.values())
    out["relations"] = relations
    return out
