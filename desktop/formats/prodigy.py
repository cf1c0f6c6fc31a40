"""Prodigy JSONL: one task a line with `text`, `spans`, `tokens`, `relations` and `answer`.

Reading. Tasks answered `reject` or `ignore` are not annotations: they are counted in
`losses` (as skipped) and left out. The layer is `_annotator_id`, else `default_layer`.
Spans carry `start`/`end` (code points) and are checked against their `text` if present;
relations find their ends through `head_span`/`child_span`, else through the span whose
last token is `head`/`child`. Choice answers (`accept`) and top-level `label` are kept in
the document's meta. The same text on two lines is one document; a span or relation seen
again is collapsed and counted.

Writing. Each record is a line: `text`, `tokens` (runs of non-whitespace, also cut at span
edges, with `ws`), `spans` with `token_start`/`token_end`, `relations` with head and child
tokens and spans, `answer: accept`, and `meta` holding the document id, title and layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from desktop.domain import AnnotatedDocument, Schema, Span
from desktop.formats import carry
from desktop.formats.builder import REFUSED, Draft, FileBuilder, refusal, stream_name
from desktop.formats.conll import _tokens
from desktop.formats.errors import FormatError, keep_or_raise
from desktop.formats.files import read_from_path, without_bom, write_file
from desktop.formats.losses import Losses, skip
from desktop.formats.records import bad, short
from desktop.formats.strictjson import loads_object

NAME = "prodigy"
EXTENSIONS: tuple[str, ...] = ()
CARRIES = frozenset({"relations", "title", "meta"})


def read(
    stream: BinaryIO,
    *,
    source: str = "<stream>",
    default_layer: str | None = None,
    schema: Schema | None = None,
    errors: list[FormatError] | None = None,
    losses: Losses | None = None,
) -> Iterator[AnnotatedDocument]:
    """One record per accepted task; the first bad line raises unless `errors` collects it."""
    builder = FileBuilder(source, schema, losses)
    for number, raw in enumerate(stream, 1):
        if number == 1:
            raw = without_bom(raw)
        if not raw.strip():
            continue
        try:
            obj = loads_object(raw, source, number)
            answer = obj.get("answer")
            if answer in ("reject", "ignore"):
                skip(losses, source, number, f"{answer} answer", "not an annotation")
                continue
            try:
                record = _record(builder, obj, number, default_layer)
            except REFUSED as exc:
                raise refusal(source, number, exc) from None
        except FormatError as exc:
            keep_or_raise(exc, errors)
            continue
        yield record


def read_path(path: Path, **options: Any) -> Iterator[AnnotatedDocument]:
    """`read` over a file, naming it in errors."""
    return read_from_path(read, path, **options)


def _record(
    builder: FileBuilder, obj: dict[str, Any], number: int, default_layer: str | None
) -> AnnotatedDocument:
    meta = obj.get("meta")
    meta = dict(meta) if type(meta) is dict else {}
    for key in ("accept", "label"):
        if key in obj:
            meta[key] = obj[key]
    doc_id = meta.pop("doc_id", None)
    title = meta.pop("title", "")
    layer = meta.pop("layer", None) or obj.get("_annotator_id") or default_layer
    document = builder.document(obj.get("text"), doc_id, title, meta)
    spans_data = obj.get("spans") or []
    relations_data = obj.get("relations") or []
    draft = builder.draft(document, layer if spans_data or relations_data else None)
    if type(spans_data) is not list:
        bad(f'"spans" must be a list, got {short(spans_data)}')
    by_end_token: dict[int, Span] = {}
    by_range: dict[tuple[int, int], Span] = {}
    for index, item in enumerate(spans_data):
        if type(item) is not dict:
            bad(f"spans[{index}] is not an object: {short(item)}")
        span = draft.span(
            item.get("start"),
            item.get("end"),
            item.get("label"),
            where=f"spans[{index}]",
            text=item.get("text"),
        )
        by_range[span.start, span.end] = span
        if type(item.get("token_end")) is int:
            by_end_token[item["token_end"]] = span
    if type(relations_data) is not list:
        bad(f'"relations" must be a list, got {short(relations_data)}')
    for index, item in enumerate(relations_data):
        where = f"relations[{index}]"
        if type(item) is not dict:
            bad(f"{where} is not an object: {short(item)}")
        head = _end(draft, item, "head", by_range, by_end_token, where)
        child = _end(draft, item, "child", by_range, by_end_token, where)
        draft.relation(item.get("label"), head, child, where=where)
    return builder.finish(draft, line=number)


def _end(
    draft: Draft,
    item: dict[str, Any],
    end: str,
    by_range: dict[tuple[int, int], Span],
    by_end_token: dict[int, Span],
    where: str,
) -> Span:
    described = item.get(f"{end}_span")
    if type(described) is dict:
        found = by_range.get((described.get("start"), described.get("end")))  # type: ignore[arg-type]
        if found is None:
            found = draft.span(
                described.get("start"), described.get("end"), described.get("label"), where=where
            )
            by_range[found.start, found.end] = found
        return found
    token = item.get(end)
    found = by_end_token.get(token) if type(token) is int else None
    if found is None:
        bad(f"{where}: {end} {short(token)} is not the last token of a span")
    return found


# --- writing ---------------------------------------------------------------


def write(
    stream: BinaryIO, records: Iterable[AnnotatedDocument], *, losses: Losses | None = None
) -> int:
    """Write one task a line; return the number of lines."""
    count = 0
    for record in carry.reporting(records, losses, NAME, CARRIES):
        try:
            stream.write(orjson.dumps(task(record), option=orjson.OPT_APPEND_NEWLINE))
        except (TypeError, ValueError) as exc:
            doc_id = record.document.id
            raise FormatError(stream_name(stream), None, f"document {doc_id!r}: {exc}") from None
        count += 1
    return count


def write_path(
    path: Path, records: Iterable[AnnotatedDocument], *, losses: Losses | None = None
) -> int:
    """`write` into a file that appears only once complete."""
    return write_file(path, records, lambda stream, items: write(stream, items, losses=losses))


def task(record: AnnotatedDocument) -> dict[str, Any]:
    """The Prodigy task of one record."""
    document = record.document
    text = document.text
    cuts = {cut for span in record.spans for cut in (span.start, span.end)}
    tokens = _tokens(text, cuts)
    first = {start: index for index, (start, _) in enumerate(tokens)}
    last = {end: index for index, (_, end) in enumerate(tokens)}
    token_list = [
        {
            "text": text[start:end],
            "start": start,
            "end": end,
            "id": index,
            "ws": end < len(text) and text[end].isspace(),
        }
        for index, (start, end) in enumerate(tokens)
    ]
    spans: dict[str, dict[str, Any]] = {}
    for span in record.spans:
        item: dict[str, Any] = {
            "start": span.start,
            "end": span.end,
            "text": text[span.start : span.end],
            "label": span.label,
        }
        if span.start in first and span.end in last:
            item["token_start"] = first[span.start]
            item["token_end"] = last[span.end]
        spans[span.id] = item
    relations = []
    for relation in record.relations:
        head, child = spans.get(relation.head_id), spans.get(relation.child_id)
        if head is None or child is None:
            raise ValueError(f"relation {relation.id} links a span missing from the record")
        relations.append(
            {
                "head": head.get("token_end"),
                "child": child.get("token_end"),
                "head_span": head,
                "child_span": child,
                "label": relation.label,
            }
        )
    meta: dict[str, Any] = {**document.meta, "doc_id": document.id}
    if document.title:
        meta["title"] = document.title
    if record.layer:
        meta["layer"] = record.layer
    out: dict[str, Any] = {"text": text, "meta": meta, "tokens": token_list}
    out["spans"] = list(spans.values())
    if relations:
        out["relations"] = relations
    out["answer"] = "accept"
    return out
