"""Validated records from parsed JSON objects: the checks JSON-based readers share.

Built for speed: one pass per line, no regexes, no copies of the parsed values.
"""

from __future__ import annotations

from typing import Any, NoReturn

from desktop.domain import (
    Actor,
    AnnotatedDocument,
    Document,
    DomainError,
    Relation,
    Schema,
    Span,
    check_layer_name,
    check_status,
)
from desktop.domain.unchecked import span_unchecked
from desktop.formats import ids
from desktop.formats.fast import SchemaCheck
from desktop.formats.strictjson import TOO_DEEP, tally

_AMBIGUOUS = object()
_LOCAL = 32  # given ids shorter than a UUID's hex are taken as local to their document
_NESTED = ("spans", "relations")


class Bad(Exception):
    """A reason to refuse the current line; the reader adds the file and line number."""


def bad(reason: str) -> NoReturn:
    raise Bad(reason)


def clip(text: str, limit: int = 40) -> str:
    """`text` cut in the middle when long."""
    if len(text) > limit:
        half = (limit - 1) // 2
        text = f"{text[:half]}…{text[-half:]}"
    return text


def short(value: object) -> str:
    """A string quoted, or any other value shown, on one short line."""
    return repr(clip(value)) if isinstance(value, str) else clip(repr(value))


class LineDecoder:
    """Turns parsed lines into records, remembering ids and texts across one file.

    For `strictjson.surely_unique`, `decode` also counts the keys of every dict it
    walks and the colons of top-level strings, `meta`, unknown fields and span texts.
    A colon in an id, label, attribute value or actor name is not counted: such a line
    just takes the slow duplicate-key check.
    """

    def __init__(self, default_layer: str | None = None, schema: Schema | None = None) -> None:
        self.default_layer = default_layer
        self.check = SchemaCheck(schema) if schema is not None else None
        self.span_ids = ids.IdSet()
        self.relation_ids = ids.IdSet()
        # Python's 64-bit string hash stands in for each text: keeping the texts would
        # hold the whole file in memory, and SHA-256 would cost a tenth of the parse.
        # Keyed by `ids.id_key` of the document id.
        self.texts: dict[int | str, tuple[int, int, int]] = {}
        self.layers: set[str] = set()
        # What the line being decoded added to the sets above, for `rollback`.
        self._new_spans: list[Span] = []
        self._new_relations: list[Relation] = []
        self._new_text: str | None = None
        #: Spans and relations met again (a repeated line): one copy is kept, these counted.
        self.duplicates: list[str] = []
        self._given: dict[str, Span] = {}
        #: The document and layer of each short given id (`s0`): the same id again there is a
        #: repeat, elsewhere a document-local id to scope. Long ids (UUIDs) are not kept:
        #: one met again is a repeat.
        self.owners: dict[str, str] = {}

    def decode(
        self, obj: dict[str, Any], line: int, source: str = ""
    ) -> tuple[AnnotatedDocument, int, int]:
        """The record of one line, with the keys and colons counted on the way.

        A line that fails leaves no trace: its ids and text may appear again later.
        """
        self._new_spans = []
        self._new_relations = []
        self._new_text = None
        try:
            return self._decode(obj, line, source)
        except (Bad, DomainError):
            self.rollback()
            raise

    def rollback(self) -> None:
        """Forget the ids and text of the last decoded line (refused after all)."""
        self.span_ids.discard_all(span.id for span in self._new_spans)
        self.relation_ids.discard_all(relation.id for relation in self._new_relations)
        if self._new_text is not None:
            del self.texts[ids.id_key(self._new_text)]

    def _decode(
        self, obj: dict[str, Any], line: int, source: str
    ) -> tuple[AnnotatedDocument, int, int]:
        keys = len(obj)
        colons = 0
        for name, value in obj.items():
            if type(value) is str:
                colons += value.count(":")
            elif name not in _NESTED and (type(value) is dict or type(value) is list):
                try:
                    more_keys, more_colons = tally(value)
                except RecursionError:
                    raise Bad(f"{name}: {TOO_DEEP}") from None
                keys += more_keys
                colons += more_colons
        document = self._document(obj, line)
        spans_data = obj.get("spans")
        relations_data = obj.get("relations")
        status = obj.get("status")
        layer = obj.get("layer")
        if layer is None:
            annotated = bool(spans_data) or bool(relations_data) or status is not None
            if annotated or "spans" in obj or "relations" in obj:
                layer = self.default_layer
            if layer is None:
                if annotated:
                    bad('the line has annotations but no "layer" (and no default layer)')
                return AnnotatedDocument(document, line=line, source=source), keys, colons
        if type(layer) is not str or layer not in self.layers:
            self.layers.add(check_layer_name(layer))
        if status is not None:
            check_status(status)
        actors: dict[str, Actor] = {}
        spans, more_keys, more_colons = self._spans(spans_data, document, layer, actors)
        keys += more_keys
        colons += more_colons
        relations, more_keys = self._relations(relations_data, spans, document.id, layer)
        record = AnnotatedDocument(
            document, layer, status, spans, relations, tuple(actors.values()), line, source
        )
        return record, keys + more_keys, colons

    def _document(self, obj: dict[str, Any], line: int) -> Document:
        text = obj.get("text")
        if type(text) is not str:
            bad(f'"text" must be a string, got {short(text)}')
        if not text:
            bad('"text" is empty')
        doc_id = obj.get("id")
        if doc_id is None:
            doc_id = ids.document_id(text)
        elif type(doc_id) is not str or not doc_id:
            bad(f'"id" must be a non-empty string, got {short(doc_id)}')
        title = obj.get("title")
        if title is None:
            title = ""
        elif type(title) is not str:
            bad(f'"title" must be a string, got {short(title)}')
        meta = obj.get("meta")
        if meta is None:
            meta = {}
        elif type(meta) is not dict:
            bad(f'"meta" must be an object, got {short(meta)}')
        fingerprint = (len(text), hash(text), line)
        seen = self.texts.setdefault(ids.id_key(doc_id), fingerprint)
        if seen is fingerprint:
            self._new_text = doc_id
        elif seen[0] != fingerprint[0] or seen[1] != fingerprint[1]:
            bad(f"document {doc_id!r} has a different text than on line {seen[2]}")
        return Document(doc_id, text, title, meta)

    def _spans(
        self, data: Any, document: Document, layer: str, actors: dict[str, Actor]
    ) -> tuple[tuple[Span, ...], int, int]:
        if data is None:
            return (), 0, 0
        if type(data) is not list:
            bad(f'"spans" must be a list, got {short(data)}')
        text = document.text
        size = len(text)
        doc_id = document.id
        seen, id_key = self.span_ids.keys, ids.id_key  # one key per id: it runs per span
        check = self.check
        keys = colons = 0
        spans = self._new_spans
        given_ids = self._given = {}
        scope = f"{doc_id}/{layer}/"
        for index, item in enumerate(data):
            if type(item) is not dict:
                bad(f"spans[{index}] is not an object: {short(item)}")
            keys += len(item)
            start = item.get("start")
            end = item.get("end")
            if type(start) is not int or type(end) is not int or not 0 <= start < end <= size:
                bad(f"spans[{index}]: {range_problem(start, end, size)}")
            label = item.get("label")
            if type(label) is not str or not label:
                bad(f"spans[{index}]: label must be a non-empty string, got {short(label)}")
            covered = item.get("text")
            if covered is not None:
                if covered != text[start:end]:
                    bad(f"spans[{index}]: {mismatch(covered, text[start:end], start, end)}")
                colons += covered.count(":")
            span_id = item.get("id")
            given = span_id
            duplicate = False
            if span_id is None:
                span_id = ids.span_id(doc_id, layer, start, end, label)
                key = id_key(span_id)
                duplicate = key in seen
            elif type(span_id) is not str or not span_id:
                bad(f"spans[{index}]: id must be a non-empty string, got {short(span_id)}")
            elif span_id in given_ids:
                bad(f"spans[{index}]: duplicate span id {span_id!r}")
            elif (key := id_key(span_id)) in seen:
                owner = self.owners.get(span_id)
                if owner is None or owner == scope:
                    duplicate = True
                else:
                    # Ids like s0, s1 are local to their document: scoped, given back on export.
                    span_id = scope + span_id
                    key = id_key(span_id)
                    duplicate = key in seen
            elif len(span_id) < _LOCAL:
                self.owners[span_id] = scope
            attrs = item.get("attrs")
            if attrs is None:
                attrs = {}
            elif type(attrs) is not dict:
                bad(f"spans[{index}]: attrs must be an object, got {short(attrs)}")
            else:
                keys += len(attrs)
            actor = item.get("actor")
            actor_id = None
            if actor is not None:
                actor_id = _actor(actor, actors, index)
                keys += len(actor)
            note = item.get("note", "")
            if type(note) is not str:
                bad(f"spans[{index}]: note must be a string, got {short(note)}")
            colons += note.count(":")
            unsure = item.get("unsure", False)
            if type(unsure) is not bool:
                bad(f"spans[{index}]: unsure must be true or false, got {short(unsure)}")
            span = span_unchecked(
                span_id, doc_id, layer, start, end, label, attrs, actor_id, note, unsure
            )
            if given is not None:
                given_ids[given] = span
            if duplicate:
                self.duplicates.append(f"span {start}-{end} {label} (spans[{index}])")
                continue
            if check is not None:
                try:
                    check.span(span)
                except DomainError as exc:
                    bad(f"spans[{index}]: {exc}")
            seen.add(key)
            spans.append(span)
        return tuple(spans), keys, colons

    def _relations(
        self, data: Any, spans: tuple[Span, ...], doc_id: str, layer: str
    ) -> tuple[tuple[Relation, ...], int]:
        if data is None:
            return (), 0
        if type(data) is not list:
            bad(f'"relations" must be a list, got {short(data)}')
        endpoints = _Endpoints(spans, self._given)
        seen, id_key = self.relation_ids.keys, ids.id_key
        keys = 0
        relations = self._new_relations
        for index, item in enumerate(data):
            where = f"relations[{index}]"
            if type(item) is not dict:
                bad(f"{where} is not an object: {short(item)}")
            keys += len(item)
            label = item.get("label")
            if type(label) is not str or not label:
                bad(f"{where}: label must be a non-empty string, got {short(label)}")
            head, more_keys = endpoints.find(item, "head", where)
            child, even_more_keys = endpoints.find(item, "child", where)
            keys += more_keys + even_more_keys
            relation_id = item.get("id")
            if relation_id is None:
                relation_id = ids.relation_id(doc_id, layer, label, head.id, child.id)
            elif type(relation_id) is not str or not relation_id:
                bad(f"{where}: id must be a non-empty string, got {short(relation_id)}")
            elif any(known.id == relation_id for known in relations):
                bad(f"{where}: duplicate relation id {relation_id!r}")
            elif id_key(relation_id) in seen:
                owner = self.owners.get("\x1f" + relation_id)
                if owner is not None and owner != f"{doc_id}/{layer}/":
                    relation_id = f"{doc_id}/{layer}/{relation_id}"
            elif len(relation_id) < _LOCAL:
                self.owners["\x1f" + relation_id] = f"{doc_id}/{layer}/"
            key = id_key(relation_id)
            if key in seen:
                self.duplicates.append(f"relation {label} ({where})")
                continue
            try:
                relation = Relation(relation_id, doc_id, layer, label, head.id, child.id)
                if self.check is not None:
                    self.check.relation(relation, head, child)
            except DomainError as exc:
                bad(f"{where}: {exc}")
            seen.add(key)
            relations.append(relation)
        return tuple(relations), keys


def _actor(data: Any, actors: dict[str, Actor], index: int) -> str:
    """The id of the actor described by `data`, remembered in `actors`."""
    if type(data) is not dict:
        bad(f"spans[{index}]: actor must be an object or null, got {short(data)}")
    actor_id = data.get("id")
    if type(actor_id) is not str or not actor_id:
        bad(f"spans[{index}]: actor id must be a non-empty string, got {short(actor_id)}")
    aliases = data.get("aliases")
    if aliases is None:
        aliases = ()
    elif type(aliases) is not list or any(type(alias) is not str for alias in aliases):
        bad(f"spans[{index}]: actor aliases must be a list of strings, got {short(aliases)}")
    kind = data.get("kind")
    try:
        name = data.get("name")
        actor = Actor(actor_id, name if name is not None else "", kind or "other", tuple(aliases))
    except DomainError as exc:
        bad(f"spans[{index}]: {exc}")
    known = actors.setdefault(actor_id, actor)
    if known != actor:
        bad(f"spans[{index}]: actor {actor_id!r} is described differently by another span")
    return actor_id


class _Endpoints:
    """Finds a relation's head or child among the spans of its line."""

    def __init__(self, spans: tuple[Span, ...], given: dict[str, Span] | None = None) -> None:
        self.spans = spans
        self.given = given or {}
        self._by_id: dict[str, Span] | None = None
        self._by_range: dict[tuple[object, object, object], object] | None = None

    def find(self, item: dict[str, Any], end: str, where: str) -> tuple[Span, int]:
        """The span at this end, and the number of keys of its `<end>_span` object."""
        ref = item.get(f"{end}_id")
        described = item.get(f"{end}_span")
        if described is not None and type(described) is not dict:
            bad(f"{where}: {end}_span must be an object, got {short(described)}")
        keys = 0 if described is None else len(described)
        if ref is not None:
            if self._by_id is None:
                self._by_id = {span.id: span for span in self.spans}
            span = (self.given.get(ref) or self._by_id.get(ref)) if type(ref) is str else None
            if span is None:
                bad(f"{where}: {end} {short(ref)} is not a span of this line")
            if described is not None and not _describes(described, span):
                bad(f"{where}: {end}_span does not match span {ref!r}")
            return span, keys
        if described is None:
            bad(f"{where}: no {end}_id or {end}_span to find the {end} span")
        key = (described.get("start"), described.get("end"), described.get("label"))
        found = self._ranges().get(key)
        if found is _AMBIGUOUS:
            bad(f"{where}: {end}_span {key[0]}-{key[1]} matches more than one span")
        if not isinstance(found, Span):
            label = "" if key[2] is None else f" {key[2]}"
            bad(f"{where}: {end}_span {key[0]}-{key[1]}{label} is not a span of this line")
        return found, keys

    def _ranges(self) -> dict[tuple[object, object, object], object]:
        if self._by_range is None:
            self._by_range = {}
            for span in self.spans:
                for key in ((span.start, span.end, span.label), (span.start, span.end, None)):
                    known = self._by_range.setdefault(key, span)
                    if known is not span:
                        self._by_range[key] = _AMBIGUOUS
        return self._by_range


def _describes(described: dict[str, Any], span: Span) -> bool:
    label = described.get("label")
    return (
        described.get("start") == span.start
        and described.get("end") == span.end
        and (label is None or label == span.label)
    )


def range_problem(start: object, end: object, size: int) -> str:
    """Why [start, end) is not a range of a text of `size` code points."""
    if type(start) is not int or type(end) is not int:
        return f"offsets must be integers, got {short(start)} and {short(end)}"
    if start < 0:
        return f"start {start} is negative"
    if start >= end:
        return f"start {start} is not before end {end}"
    return f"span {start}-{end} ends past the text ({size} code points)"


def mismatch(expected: object, found: str, start: int, end: int) -> str:
    """The reason given when a span's recorded text is not the document's."""
    if type(expected) is not str:
        return f"the span text must be a string, got {short(expected)}"
    return (
        f"text mismatch at {start}-{end}: the span says {short(expected)},"
        f" the document has {short(found)}"
    )
