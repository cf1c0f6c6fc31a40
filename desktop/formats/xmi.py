"""UIMA CAS XMI for INCEpTION and WebAnno, through dkpro-cassis.

Writing. `write(folder, records)` writes `TypeSystem.xml`, a `README.md` saying how to set
the layers up in INCEpTION, and one `NAME.xmi` per document (in one subfolder per layer
when there are several layers; a document nobody annotated at the top, text only). Every
span is a DKPro `NamedEntity` (`value` = label) and a `webanno.custom.GlossSpan` carrying
the label, the Gloss id, the actor link and one string feature per attribute (named
`a_<name>`, the name in the feature's description); every relation is a
`webanno.custom.GlossRole` from its head (`Governor`) to its child (`Dependent`), role in
`label`. `DocumentMetaData` holds the document id and title, and a `gloss.GlossDocument`
over the whole text (a type of Gloss's own, which INCEpTION ignores) the record's `status`
and the document's `meta` (a JSON object, as a string).

Reading. Each `.xmi` under a folder (or one file) is a document; the type system is the
`TypeSystem.xml` beside it or in a folder above, else DKPro's. GlossSpan/GlossRole come back
exactly, and so do a GlossDocument's status and meta; other span layers (NamedEntity, any
custom layer) give a span per annotation that has a string feature set (`value` first, else
the first; no string feature at all gives the type's short name), other string features
becoming attributes; any layer with `Governor` and `Dependent` gives relations. Tokens,
sentences and metadata are structure; annotations of any other kind are reported as not
carried. UIMA counts UTF-16 units; cassis converts them to code points both ways. The type
system itself is in `xmi_types`.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from desktop.domain import Actor, AnnotatedDocument, Schema, Span
from desktop.formats import carry
from desktop.formats.builder import REFUSED, FileBuilder, refusal
from desktop.formats.errors import FormatError, keep_or_raise
from desktop.formats.files import Spool
from desktop.formats.losses import Losses, lose
from desktop.formats.xmi_types import (
    ATTR,
    GLOSS_DOCUMENT,
    GLOSS_ROLE,
    GLOSS_SPAN,
    INCEPTION_README,
    METADATA,
    NAMED_ENTITY,
    STRING,
    TYPESYSTEM,
    add_metadata,
    attribute_features,
    cassis_module,
    type_system,
)

NAME = "xmi"
EXTENSIONS = (".xmi",)
CARRIES = frozenset({"relations", "attrs", "actors", "status", "title", "meta", "notes"})
_STRUCTURE = re.compile(
    r"de\.tudarmstadt\.ukp\.dkpro\.core\.api\.(segmentation\.type\.(Token|Sentence|Paragraph)"
    r"|metadata\.type\..*)|uima\.tcas\.DocumentAnnotation|gloss\.GlossDocument"
)
_UNSAFE = re.compile(r"[^\w.@+-]")

# --- writing ---------------------------------------------------------------


def write(
    folder: Path | str, records: Iterable[AnnotatedDocument], *, losses: Losses | None = None
) -> int:
    """Write the folder; return the number of records written.

    A document nobody annotated (only a record without a layer) is written at the top of
    the folder with its text alone, so that no document is left out.
    """
    folder = Path(folder)
    with Spool() as layered_records, Spool() as bare_records:
        # First pass: what the type system and the folder layout depend on; the records
        # wait in temporary files (memory stays flat at any corpus size).
        layered: set[str] = set()
        bare_ids: set[str] = set()
        names_seen: set[str] = set()
        layers: set[str] = set()
        for record in carry.reporting(records, losses, NAME, CARRIES):
            doc_id = record.document.id
            if record.layer is None:
                if doc_id not in bare_ids:
                    bare_ids.add(doc_id)
                    bare_records.add(record)
                continue
            layered.add(doc_id)
            layers.add(record.layer)
            for span in record.spans:
                names_seen.update(span.attrs)
            layered_records.add(record)
        names = sorted(names_seen)
        features = attribute_features(names)
        ts = type_system(names)
        nested = len(layers) > 1
        written = 0
        try:
            folder.mkdir(parents=True, exist_ok=True)
            ts.to_xml(folder / TYPESYSTEM)
            listed = ", ".join(f"`{features[n]}` = {n}" for n in names) or "none"
            (folder / "README.md").write_text(INCEPTION_README.format(attributes=listed), "utf-8")
            file_names: dict[str, str] = {}
            taken: set[str] = set()
            bare = (r for r in bare_records.replay() if r.document.id not in layered)
            for record in itertools.chain(layered_records.replay(), bare):
                name = file_names.get(record.document.id)
                if name is None:
                    name = file_names[record.document.id] = _file_name(record, taken)
                    taken.add(name)
                where = folder / _safe(record.layer) if nested and record.layer else folder
                where.mkdir(exist_ok=True)
                _cas(record, ts, features, losses).to_xmi(where / f"{name}.xmi")
                written += 1
        except OSError as exc:
            raise FormatError(folder, None, f"cannot write ({exc.strerror})") from None
    return written


def _safe(name: str) -> str:
    return _UNSAFE.sub("_", name)[:80] or "document"


def _file_name(record: AnnotatedDocument, taken: set[str]) -> str:
    name = _safe(record.document.id)
    if name in taken:
        name = f"{name}-{hashlib.sha1(record.document.id.encode()).hexdigest()[:8]}"
    return name


def _cas(
    record: AnnotatedDocument, ts: Any, features: dict[str, str], losses: Losses | None
) -> Any:
    cassis = cassis_module()
    document = record.document
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string = document.text
    cas.sofa_mime = "text/plain"
    meta_type = ts.get_type(METADATA)
    cas.add(
        meta_type(
            begin=0,
            end=len(document.text),
            documentId=document.id,
            documentTitle=document.title or None,
        )
    )
    if record.status is not None or document.meta:
        try:
            meta = orjson.dumps(document.meta).decode() if document.meta else None
        except TypeError as exc:
            raise FormatError(NAME, None, f"document {document.id!r}: meta: {exc}") from None
        state = ts.get_type(GLOSS_DOCUMENT)
        cas.add(state(begin=0, end=len(document.text), status=record.status, meta=meta))
    ne_type, span_type, role_type = (ts.get_type(n) for n in (NAMED_ENTITY, GLOSS_SPAN, GLOSS_ROLE))
    actors = {actor.id: actor for actor in record.actors}
    spans: dict[str, Any] = {}
    for span in record.spans:
        cas.add(ne_type(begin=span.start, end=span.end, value=span.label))
        values = {features[name]: _text(value) for name, value in span.attrs.items()}
        annotation = span_type(
            begin=span.start,
            end=span.end,
            label=span.label,
            gloss_id=span.id,
            actor=span.actor_id,
            actor_name=actors[span.actor_id].name if span.actor_id in actors else None,
            note=span.note or None,
            unsure=span.unsure or None,
            **values,
        )
        cas.add(annotation)
        spans[span.id] = annotation
    for relation in record.relations:
        head, child = spans.get(relation.head_id), spans.get(relation.child_id)
        if head is None or child is None:
            lose(losses, NAME, None, "relation", f"{relation.id}: an end is not in the record")
            continue
        cas.add(
            role_type(
                begin=child.begin,
                end=child.end,
                Governor=head,
                Dependent=child,
                label=relation.label,
                gloss_id=relation.id,
            )
        )
    return cas


def _text(value: object) -> str:
    return value if isinstance(value, str) else str(value)


# --- reading ---------------------------------------------------------------


def read_path(
    path: Path,
    *,
    default_layer: str | None = None,
    schema: Schema | None = None,
    errors: list[FormatError] | None = None,
    losses: Losses | None = None,
) -> Iterator[AnnotatedDocument]:
    """A folder of `.xmi` files (a subfolder per layer), or one `.xmi` file."""
    path = Path(path)
    builder = FileBuilder(str(path), schema, losses)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.xmi") if not p.name.startswith("."))
        if not files:
            raise FormatError(path, None, "the folder holds no .xmi files")
    else:
        files = [path]
    for file in files:
        parts = file.relative_to(path).parts if path.is_dir() else (file.name,)
        layer = parts[0] if len(parts) > 1 else default_layer
        try:
            record = read_file(builder, file, layer, _type_system_for(file, path), losses)
        except FormatError as exc:
            keep_or_raise(exc, errors)
            continue
        yield record


def _type_system_for(file: Path, root: Path) -> Any:
    cassis = cassis_module()
    for folder in [file.parent, *file.parent.parents]:
        candidate = folder / TYPESYSTEM
        if candidate.is_file():
            try:
                with candidate.open("rb") as stream:
                    return cassis.load_typesystem(stream)
            except Exception as exc:  # cassis raises plain exceptions for bad XML
                raise FormatError(candidate, None, f"not a UIMA type system ({exc})") from None
        if folder == root or folder == folder.parent:
            break
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ts = cassis.load_dkpro_core_typesystem()
    if not ts.contains_type(METADATA):
        add_metadata(ts)
    return ts


def read_file(
    builder: FileBuilder, file: Path, layer: str | None, ts: Any, losses: Losses | None
) -> AnnotatedDocument:
    """The record of one `.xmi` file."""
    cassis = cassis_module()
    try:
        data = file.read_bytes()
        ts = _with_missing_types(data, ts)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cas = cassis.load_cas_from_xmi(data.decode("utf-8"), typesystem=ts, lenient=True)
    except OSError as exc:
        raise FormatError(file, None, f"cannot read ({exc.strerror})") from None
    except Exception as exc:  # lxml and cassis errors: not a CAS
        raise FormatError(file, None, f"not UIMA CAS XMI ({exc})") from None
    text = cas.sofa_string or ""
    # GlossSpans first, so that their NamedEntity twins are known as such.
    annotations = sorted(cas.select_all_annotations(), key=lambda a: a.type.name != GLOSS_SPAN)
    meta = next((a for a in annotations if a.type.name == METADATA), None)
    doc_id = _get(meta, "documentId") if meta is not None else None
    title = (_get(meta, "documentTitle") if meta is not None else None) or file.stem
    state = next((a for a in annotations if a.type.name == GLOSS_DOCUMENT), None)
    status = _get(state, "status") if state is not None else None
    extra: dict[str, Any] = _meta(file, _get(state, "meta")) if state is not None else {}
    if not ts.contains_type(GLOSS_SPAN):
        extra["source"] = file.name
        # Another tool's id names a file of its project, not a text: kept in the meta.
        if doc_id:
            extra["documentId"] = doc_id
        doc_id = None
    try:
        document = builder.document(text, doc_id, title, extra)
        draft = builder.draft(document, layer)
        reader = _Reader(draft, ts, str(file), losses)
        for annotation in annotations:
            reader.span(annotation)
        for annotation in annotations:
            reader.relation(annotation)
        record = builder.finish(draft, line=1, place=str(file), status=status, source=str(file))
    except REFUSED as exc:
        raise refusal(str(file), None, exc) from None
    if reader.actors:
        from dataclasses import replace

        record = replace(record, actors=tuple(reader.actors.values()))
    return record


def _meta(file: Path, raw: object) -> dict[str, Any]:
    """The document meta a GlossDocument carries (a JSON object as a string)."""
    if raw is None:
        return {}
    try:
        meta = orjson.loads(str(raw))
    except orjson.JSONDecodeError as exc:
        raise FormatError(file, None, f"GlossDocument meta is not JSON ({exc})") from None
    if type(meta) is not dict:
        raise FormatError(file, None, "GlossDocument meta is not a JSON object")
    return meta


_XMI_NS = "http://www.omg.org/XMI"
_BUILT_IN = ("http:///uima/cas.ecore", "http:///uima/tcas.ecore")
_REFERENCES = frozenset({"Governor", "Dependent"})


def _with_missing_types(data: bytes, ts: Any) -> Any:
    """`ts` plus the types the XMI uses and `ts` lacks, guessed from the XMI itself.

    Without its TypeSystem.xml (INCEpTION exports it apart), a custom layer would be
    dropped by cassis's lenient reading: instead each unknown element becomes a type with
    a String feature per attribute (`Governor`/`Dependent` referring to annotations).
    """
    from lxml import etree

    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError:
        return ts  # cassis reports it
    missing: dict[str, set[str]] = {}
    for element in root:
        tag = element.tag
        if not isinstance(tag, str) or not tag.startswith("{"):
            continue
        namespace, _, local = tag[1:].partition("}")
        if namespace in _BUILT_IN or namespace == _XMI_NS or not namespace.startswith("http:///"):
            continue
        package = namespace[len("http:///") :].removesuffix(".ecore").replace("/", ".")
        name = f"{package}.{local}"
        if ts.contains_type(name):
            continue
        names = {key for key in element.attrib if not key.startswith("{")}
        missing.setdefault(name, set()).update(names - {"sofa", "begin", "end"})
    for name, features in missing.items():
        new = ts.create_type(name, "uima.tcas.Annotation")
        for feature in sorted(features):
            kind = "uima.tcas.Annotation" if feature in _REFERENCES else STRING
            ts.create_feature(new, feature, kind)
    return ts


def _get(annotation: Any, name: str) -> Any:
    try:
        return annotation.get(name)
    except Exception:
        return None


class _Reader:
    """Turns the annotations of one CAS into the spans and relations of a draft."""

    def __init__(self, draft: Any, ts: Any, source: str, losses: Losses | None) -> None:
        self.draft = draft
        self.ts = ts
        self.source = source
        self.losses = losses
        self.by_address: dict[int, Span] = {}
        self.gloss: set[tuple[int, int, str]] = set()
        self.stacked: dict[tuple[int, int, str], dict[str, Any]] = {}
        self.actors: dict[str, Actor] = {}
        self.descriptions: dict[str, str] = {}

    def _is_relation(self, annotation: Any) -> bool:
        names = {f.name for f in annotation.type.all_features}
        return "Governor" in names and "Dependent" in names

    def span(self, annotation: Any) -> None:
        kind = annotation.type.name
        if _STRUCTURE.fullmatch(kind) or self._is_relation(annotation):
            return
        if kind == GLOSS_SPAN:
            self._gloss_span(annotation)
            return
        strings = [
            f.name
            for f in annotation.type.all_features
            if f.rangeType.name == STRING and f.name not in ("sofa",)
        ]
        values = {name: _get(annotation, name) for name in strings}
        values = {k: v for k, v in values.items() if v is not None}
        if strings and not values and kind != NAMED_ENTITY and not kind.startswith("webanno"):
            lose(
                self.losses,
                self.source,
                None,
                f"{kind.rsplit('.', 1)[-1]} annotation",
                f"{annotation.begin}-{annotation.end}: no feature set",
            )
            return
        if not strings and not kind.startswith("webanno") and kind != NAMED_ENTITY:
            lose(
                self.losses,
                self.source,
                None,
                f"{kind.rsplit('.', 1)[-1]} annotation",
                f"{annotation.begin}-{annotation.end}",
            )
            return
        first = "value" if "value" in values else next(iter(values), None)
        label = values.pop(first) if first is not None else kind.rsplit(".", 1)[-1]
        if kind == NAMED_ENTITY and (annotation.begin, annotation.end, label) in self.gloss:
            return  # the NamedEntity twin of a GlossSpan
        if annotation.begin >= annotation.end:
            lose(
                self.losses, self.source, None, "empty annotation", f"{kind} at {annotation.begin}"
            )
            return
        where = f"{kind.rsplit('.', 1)[-1]} {annotation.xmiID}"
        # Stacked annotations (same range and label, other features) are different spans.
        place = (annotation.begin, annotation.end, label)
        earlier = self.stacked.setdefault(place, values)
        key = "" if earlier == values else f"{kind}:{annotation.xmiID}"
        span = self.draft.span(
            annotation.begin, annotation.end, label, where=where, attrs=values, key=key
        )
        self.by_address[annotation.xmiID] = span

    def _gloss_span(self, annotation: Any) -> None:
        attrs: dict[str, str] = {}
        for feature in annotation.type.all_features:
            if feature.name.startswith(ATTR):
                value = _get(annotation, feature.name)
                if value is not None:
                    name = (feature.description or "").removeprefix("gloss attribute: ")
                    attrs[name or feature.name[len(ATTR) :]] = value
        label = _get(annotation, "label") or "GlossSpan"
        where = f"GlossSpan {annotation.xmiID}"
        span = self.draft.span(
            annotation.begin,
            annotation.end,
            label,
            where=where,
            attrs=attrs,
            given_id=_get(annotation, "gloss_id"),
        )
        note, unsure = _get(annotation, "note") or "", bool(_get(annotation, "unsure"))
        if note or unsure:
            changed = span.with_changes(note=note, unsure=unsure)
            self.draft.replace_span(span, changed, where)
            span = changed
        actor = _get(annotation, "actor")
        if actor:
            name = _get(annotation, "actor_name") or actor
            self.actors.setdefault(actor, Actor(actor, name))
            changed = span.with_changes(actor_id=actor)
            self.draft.replace_span(span, changed, where)
            span = changed
        self.gloss.add((annotation.begin, annotation.end, label))
        self.by_address[annotation.xmiID] = span

    def relation(self, annotation: Any) -> None:
        if not self._is_relation(annotation):
            return
        head_fs, child_fs = _get(annotation, "Governor"), _get(annotation, "Dependent")
        head = self.by_address.get(head_fs.xmiID) if head_fs is not None else None
        child = self.by_address.get(child_fs.xmiID) if child_fs is not None else None
        kind = annotation.type.name.rsplit(".", 1)[-1]
        if head is None or child is None:
            lose(
                self.losses,
                self.source,
                None,
                f"{kind} relation",
                f"{annotation.xmiID}: an end is not a span read",
            )
            return
        strings = {
            f.name: _get(annotation, f.name)
            for f in annotation.type.all_features
            if f.rangeType.name == STRING and _get(annotation, f.name) is not None
        }
        strings.pop("gloss_id", None)
        first = "label" if "label" in strings else next(iter(strings), None)
        label = strings.pop(first) if first is not None else kind
        for name, value in strings.items():
            where = f"{kind} {annotation.xmiID}: {name}={value}"
            lose(self.losses, self.source, None, "relation feature", where)
        given = _get(annotation, "gloss_id") if annotation.type.name == GLOSS_ROLE else None
        self.draft.relation(label, head, child, where=f"{kind} {annotation.xmiID}", given_id=given)
