"""Label Studio JSON export: an array of tasks; each task's annotation is one layer.

Reading. The text is `data.text` (else the only string in `data`, else the string every
result's `to_name` names); the document id is `data.doc_id` (this writer's) or derives
from the text, the task id then kept as `meta["labelstudio_id"]`; `data.title` is the
title and the task's `meta` the meta, with every other key of `data` (`doc_name`, `date`,
`url`...) added. Each annotation not `was_cancelled` is a record whose layer is its
`completed_by` email or id, else `default_layer`; predictions and drafts (work not
submitted) are counted as not carried. `labels` results are spans (one label each);
document-level `choices` and `taxonomy` results go to `meta["choices"]` by layer;
`choices` results sharing a span's result id, and `meta.attrs` of a span's result, are its
attributes; `relation` results are relations, one per label, `direction: left` swapped
(`bi` read as `right`), and a relation without a label is refused. Other results are
counted as not carried.

Offsets. Exports carry code points (the backend is Python), which is what this module
writes and assumes. Some tools fill `start`/`end` with the browser's UTF-16 units instead:
when `value.text` does not match the code-point slice but matches the UTF-16 one, the
offsets are converted and the span accepted. JSON has lines, but tasks are found after
parsing, so errors name the task instead (line None).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from desktop.domain import GOLD, AnnotatedDocument, Document, Schema, Span
from desktop.formats.builder import (
    REFUSED,
    Draft,
    FileBuilder,
    refusal,
    stream_name,
)
from desktop.formats.errors import FormatError, keep_or_raise
from desktop.formats.files import read_from_path, without_bom, write_file
from desktop.formats.losses import Losses, lose, skip
from desktop.formats.records import bad, short
from desktop.formats.strictjson import TOO_DEEP, find_duplicate_key, surely_unique, tally

NAME = "labelstudio"
EXTENSIONS = (".json",)


def read(
    stream: BinaryIO,
    *,
    source: str = "<stream>",
    default_layer: str | None = None,
    schema: Schema | None = None,
    errors: list[FormatError] | None = None,
    losses: Losses | None = None,
) -> Iterator[AnnotatedDocument]:
    """One record per annotation (or per task without any); errors name the task.

    JSON-MIN exports (flat objects with `text` and one key per control) are read too;
    predictions and results that are not text spans are counted in `losses`.
    """
    raw = without_bom(stream.read())
    try:
        tasks = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        reason = f"malformed JSON at column {exc.colno}: {exc.msg}"
        raise FormatError(source, exc.lineno, reason) from None
    try:
        keys, colons = tally(tasks)
        repeated = None if surely_unique(raw, keys, colons) else find_duplicate_key(raw)
    except RecursionError:
        raise FormatError(source, None, TOO_DEEP) from None
    if repeated is not None:
        raise FormatError(source, None, f"duplicate key {repeated!r} in an object")
    if type(tasks) is dict and "data" in tasks:
        tasks = [tasks]
    if type(tasks) is not list:
        raise FormatError(source, None, "expected a JSON array of Label Studio tasks")
    builder = FileBuilder(source, schema, losses)
    metas: dict[str, dict[str, Any]] = {}
    for index, task in enumerate(tasks):
        where = f"task {index + 1}"
        if type(task) is dict and type(task.get("id")) in (int, str):
            where += f" (id {task['id']})"
        if type(task) is dict and "data" not in task and "text" in task:
            task = _from_min(task)
        try:
            if type(task) is dict:
                _count_left_out(task, source, where, losses)
            document, annotations = _task(builder, task)
            first = metas.setdefault(document.id, document.meta)
            _count_other_meta(first, document, source, where, losses)
            if not annotations:
                yield builder.finish(builder.draft(document, None), place=where)
        except REFUSED as exc:
            keep_or_raise(refusal(source, None, exc, where), errors)
            continue
        for number, annotation in enumerate(annotations):
            try:
                record = _annotation(builder, document, annotation, default_layer, where)
            except REFUSED as exc:
                keep_or_raise(refusal(source, None, exc, f"{where}, annotations[{number}]"), errors)
                continue
            yield record


def read_path(path: Path, **options: Any) -> Iterator[AnnotatedDocument]:
    """`read` over a file, naming it in errors (options: default_layer, schema, errors)."""
    return read_from_path(read, path, **options)


_TEXT_RESULTS = frozenset({"labels", "choices", "relation"})


def _from_min(row: dict[str, Any]) -> dict[str, Any]:
    """A JSON-MIN row as a full task: lists of regions become `labels` results."""
    data: dict[str, Any] = {"text": row["text"]}
    result: list[dict[str, Any]] = []
    meta: dict[str, Any] = {}
    skip = {"text", "id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time"}
    for key, value in row.items():
        if key in skip:
            continue
        if type(value) is list and value and all(type(v) is dict and "start" in v for v in value):
            for region in value:
                labels = region.get("labels") or region.get(key)
                result.append(
                    {"type": "labels", "from_name": key, "value": {**region, "labels": labels}}
                )
        elif type(value) is str:
            result.append({"type": "choices", "from_name": key, "value": {"choices": [value]}})
        elif type(value) is dict and type(value.get("choices")) is list:
            choices = value["choices"]
            result.append({"type": "choices", "from_name": key, "value": {"choices": choices}})
        else:
            meta[key] = value
    task: dict[str, Any] = {"data": data, "meta": meta}
    if row.get("id") is not None:
        task["id"] = row["id"]
    annotation: dict[str, Any] = {"result": result}
    if row.get("annotator") is not None:
        annotation["completed_by"] = row["annotator"]
    task["annotations"] = [annotation]
    return task


def _count_left_out(task: dict[str, Any], source: str, where: str, losses: Losses | None) -> None:
    """Predictions and non-text results: counted, since Gloss has no place for them."""
    predictions = task.get("predictions")
    if type(predictions) is list:
        for prediction in predictions:
            if type(prediction) is dict:
                detail = f"model {prediction.get('model_version')}"
            else:  # recent exports list only the predictions' ids
                detail = f"prediction {short(prediction)}"
            lose(losses, source, None, "prediction", f"{where}: {detail}")
    drafts = task.get("drafts")
    for draft in drafts if type(drafts) is list else []:
        if type(draft) is dict and draft.get("result"):  # work not submitted in Label Studio
            who = draft.get("user") or draft.get("created_username")
            lose(losses, source, None, "draft", f"{where}: draft {draft.get('id')} by {who}")
    annotations = task.get("annotations") or task.get("completions") or []
    if type(annotations) is not list:
        return
    for number, annotation in enumerate(annotations):
        if type(annotation) is not dict:
            continue
        if annotation.get("was_cancelled"):
            skip(losses, source, None, "cancelled annotation", f"{where}, annotations[{number}]")
            continue
        results = annotation.get("result")
        results = [r for r in results if type(r) is dict] if type(results) is list else []
        regions = {r.get("id") for r in results if r.get("type") == "labels"}
        for result in results:
            kind = result.get("type")
            whole = kind == "taxonomy" and result.get("id") not in regions  # read as choices
            if kind not in _TEXT_RESULTS and not whole:
                lose(losses, source, None, f"{kind} result", f"{where}, annotations[{number}]")


def _count_other_meta(
    first: dict[str, Any], document: Document, source: str, where: str, losses: Losses | None
) -> None:
    """A text seen in an earlier task is that task's document: this task's other meta
    (its id, its data) has no place, and is counted."""
    meta = document.meta
    if meta is first or meta == first:
        return
    other = [k for k in sorted(set(first) | set(meta)) if first.get(k, _NONE) != meta.get(k, _NONE)]
    values = ", ".join(f"{k}={short(meta.get(k))}" for k in other)
    lose(losses, source, None, "meta", f"{where}: {values} (its text came in an earlier task)")


_NONE = object()


def _document_choices(task: dict[str, Any], default_layer: str | None) -> dict[str, Any]:
    """Choices (and taxonomy paths) about the whole text (no region id), by layer: kept as
    document meta."""
    found: dict[str, dict[str, Any]] = {}
    annotations = task.get("annotations") or task.get("completions") or []
    for annotation in annotations if type(annotations) is list else []:
        if type(annotation) is not dict or annotation.get("was_cancelled"):
            continue
        results = annotation.get("result")
        regions = {
            r.get("id")
            for r in (results if type(results) is list else [])
            if type(r) is dict and r.get("type") == "labels"
        }
        for result in results if type(results) is list else []:
            kind = result.get("type") if type(result) is dict else None
            if kind not in ("choices", "taxonomy"):
                continue
            if result.get("id") is not None and result.get("id") in regions:
                continue
            value = result.get("value")
            choices = value.get(kind) if type(value) is dict else None
            if type(choices) is not list:
                continue
            layer = _layer(annotation, default_layer) or ""
            name = str(result.get("from_name") or kind)
            single = kind == "choices" and len(choices) == 1  # a taxonomy keeps its paths
            found.setdefault(layer, {})[name] = choices[0] if single else choices
    return found


#: Keys of a task's `data` read as the document itself; the others go to its meta.
_DATA_READ = frozenset({"text", "doc_id", "title"})


def _task(builder: FileBuilder, task: object) -> tuple[Document, list[dict[str, Any]]]:
    if type(task) is not dict:
        bad(f"a task must be an object, got {short(task)}")
    data = task.get("data")
    if type(data) is not dict:
        bad('no "data" object and no "text" (CSV exports are not Label Studio JSON)')
    key = "text" if "text" in data else _text_key(task, data)
    if key is None:
        bad('no "text" in "data", and not exactly one string to use instead')
    text = data[key]
    meta = task.get("meta")
    meta = dict(meta) if type(meta) is dict else {}
    choices = _document_choices(task, None)
    if choices:
        meta["choices"] = choices
    for name, value in data.items():  # what projects keep beside the text (doc_name, url...)
        if name != key and name not in _DATA_READ and name not in meta:
            meta[name] = value
    doc_id = data.get("doc_id")
    if doc_id is None and task.get("id") is not None:
        meta["labelstudio_id"] = task["id"]
    title = data.get("title")
    document = builder.document(text, doc_id, "" if title is None else title, meta)
    annotations = task.get("annotations")
    if annotations is None:
        annotations = task.get("completions", [])  # Label Studio before 1.0
    if type(annotations) is not list or any(type(a) is not dict for a in annotations):
        bad(f'"annotations" must be a list of objects, got {short(annotations)}')
    return document, [a for a in annotations if not a.get("was_cancelled")]


def _text_key(task: dict[str, Any], data: dict[str, Any]) -> str | None:
    """The key of the text in `data` when it is not `text`: the only string, else the one
    string key every result points to (`to_name`, as when a project labels `$code` beside
    a `$query`)."""
    strings = [name for name, value in data.items() if type(value) is str]
    if len(strings) == 1:
        return strings[0]
    targets = set()
    for annotation in task.get("annotations") or task.get("completions") or []:
        results = annotation.get("result") if type(annotation) is dict else None
        for result in results if type(results) is list else []:
            if type(result) is dict and result.get("type") in _TEXT_RESULTS - {"relation"}:
                targets.add(result.get("to_name"))
    (target,) = targets if len(targets) == 1 else (None,)
    return target if type(target) is str and type(data.get(target)) is str else None


def _layer(annotation: dict[str, Any], default_layer: str | None) -> str | None:
    author = annotation.get("completed_by")
    if type(author) is dict:
        author = author.get("email") or author.get("id")
    if type(author) is int:
        return str(author)
    if type(author) is str and author.strip():
        return author.strip()
    return default_layer


def _annotation(
    builder: FileBuilder,
    document: Document,
    annotation: dict[str, Any],
    default_layer: str | None,
    where: str,
) -> AnnotatedDocument:
    results = annotation.get("result")
    if type(results) is not list or any(type(r) is not dict for r in results):
        bad(f'"result" must be a list of objects, got {short(results)}')
    draft = builder.draft(document, _layer(annotation, default_layer))
    regions: dict[object, Span] = {}
    for index, result in enumerate(results):
        if result.get("type") == "labels":
            region_id = result.get("id")
            span = _span(draft, result, f"result[{index}]")
            if region_id is not None and regions.setdefault(region_id, span).id != span.id:
                bad(f"result[{index}]: region id {short(region_id)} appears twice")
    for index, result in enumerate(results):
        kind = result.get("type")
        if kind == "choices" and result.get("id") in regions:
            _choice(draft, regions, result, f"result[{index}]")
        elif kind == "relation":
            _relation(draft, regions, result, f"result[{index}]")
    return builder.finish(draft, place=where)


def _span(draft: Draft, result: dict[str, Any], where: str) -> Span:
    value = result.get("value")
    if type(value) is not dict:
        bad(f"{where}: value must be an object, got {short(value)}")
    labels = value.get("labels")
    if type(labels) is not list or len(labels) != 1:
        bad(f"{where}: expected exactly one label, got {short(labels)}")
    start, end, covered = value.get("start"), value.get("end"), value.get("text")
    text = draft.document.text
    if (
        type(covered) is str
        and type(start) is int
        and type(end) is int
        and text[start:end] != covered
    ):
        start, end = _from_utf16(text, start, end) or (start, end)
    attrs = result.get("meta", {}).get("attrs") if type(result.get("meta")) is dict else None
    if attrs is not None and type(attrs) is not dict:
        bad(f"{where}: meta.attrs must be an object, got {short(attrs)}")
    return draft.span(start, end, labels[0], where=where, text=covered, attrs=attrs)


def _from_utf16(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Code-point offsets for UTF-16 offsets `start`, `end`; None if they split a character."""
    if text.isascii():
        return None
    found: dict[int, int] = {}
    unit = 0
    for index, char in enumerate(text):
        if unit in (start, end):
            found[unit] = index
        unit += 2 if ord(char) > 0xFFFF else 1
    found.setdefault(unit, len(text))
    if start in found and end in found:
        return found[start], found[end]
    return None


def _choice(draft: Draft, regions: dict[object, Span], result: dict[str, Any], where: str) -> None:
    value = result.get("value")
    choices = value.get("choices") if type(value) is dict else None
    name = result.get("from_name")
    if type(choices) is not list or len(choices) != 1 or type(choices[0]) is not str:
        bad(f"{where}: expected exactly one choice, got {short(choices)}")
    if type(name) is not str or not name:
        bad(f"{where}: from_name must name the attribute, got {short(name)}")
    span = regions[result["id"]]
    changed = span.with_changes(attrs={**span.attrs, name: choices[0]})
    draft.replace_span(span, changed, where)
    regions[result["id"]] = changed


def _relation(
    draft: Draft, regions: dict[object, Span], result: dict[str, Any], where: str
) -> None:
    ends = []
    for key in ("from_id", "to_id"):
        ref = result.get(key)
        span = regions.get(ref) if type(ref) in (int, str) else None
        if span is None:
            bad(f"{where}: {key} {short(ref)} is not a labeled region of this annotation")
        ends.append(span)
    head, child = ends
    if result.get("direction") == "left":
        head, child = child, head
    labels = result.get("labels")
    if type(labels) is not list or not labels:
        bad(f"{where}: a relation needs a label (a role), got {short(labels)}")
    for label in labels:
        draft.relation(label, head, child, where=where)


# --- writing ---------------------------------------------------------------


def write(stream: BinaryIO, records: Iterable[AnnotatedDocument]) -> int:
    """Write one task per document, one annotation per layer; return the records written.

    Streamed: the records of one document arrive together, and each task is written as
    soon as the next document starts, so memory does not grow with the corpus.
    """
    task: dict[str, Any] | None = None
    tasks = 0
    count = 0
    stream.write(b"[")

    def flush(task: dict[str, Any]) -> None:
        try:
            out = orjson.dumps(task, option=orjson.OPT_INDENT_2)
        except TypeError as exc:
            raise FormatError(stream_name(stream), None, str(exc)) from None
        stream.write((b"\n" if tasks == 1 else b",\n") + out)

    for record in records:
        document = record.document
        if task is None or task["data"]["doc_id"] != document.id:
            if task is not None:
                flush(task)
            data: dict[str, Any] = {"text": document.text, "doc_id": document.id}
            if document.title:
                data["title"] = document.title
            tasks += 1
            task = {"id": tasks, "data": data, "annotations": [], "predictions": []}
            if document.meta:
                task["meta"] = document.meta
        elif task["data"]["text"] != document.text:
            reason = f"document {document.id!r} comes with two different texts"
            raise FormatError(stream_name(stream), None, reason)
        if record.layer is not None:
            try:
                annotation = _annotation_json(record, len(task["annotations"]) + 1)
            except ValueError as exc:
                reason = f"document {document.id!r}: {exc}"
                raise FormatError(stream_name(stream), None, reason) from None
            task["annotations"].append(annotation)
        count += 1
    if task is not None:
        flush(task)
    stream.write(b"\n]\n")
    return count


def write_path(path: Path, records: Iterable[AnnotatedDocument]) -> int:
    """`write` into a file that appears only once complete."""
    return write_file(path, records, write)


def _annotation_json(record: AnnotatedDocument, number: int) -> dict[str, Any]:
    text = record.document.text
    known = {span.id for span in record.spans}
    result: list[dict[str, Any]] = []
    for span in record.spans:
        region: dict[str, Any] = {
            "id": span.id,
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {
                "start": span.start,
                "end": span.end,
                "text": text[span.start : span.end],
                "labels": [span.label],
            },
        }
        if span.attrs:
            region["meta"] = {"attrs": span.attrs}
        result.append(region)
    for relation in record.relations:
        if relation.head_id not in known or relation.child_id not in known:
            raise ValueError(f"relation {relation.id} links a span missing from the record")
        result.append(
            {
                "from_id": relation.head_id,
                "to_id": relation.child_id,
                "type": "relation",
                "direction": "right",
                "labels": [relation.label],
            }
        )
    return {
        "id": number,
        "completed_by": {"email": record.layer},
        "ground_truth": record.layer == GOLD,
        "was_cancelled": False,
        "result": result,
    }
