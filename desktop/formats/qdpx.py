"""REFI-QDA project exchange (`.qdpx`): ATLAS.ti, MAXQDA, NVivo and QualCoder read it.

A `.qdpx` is a zip holding `project.qde` (XML in `urn:QDA-XML:project:1.0`) and the texts
under `Sources/`. Positions are code points of the plain text, end exclusive.

Writing. Each document is a `TextSource` (its text in `Sources/<guid>.txt`, UTF-8, line
breaks kept; its Gloss id in the `Description`); each layer a `User`; each label a `Code`
of the codebook, each attribute value a child code `name: value` of its label's code.
Each span is one `PlainTextSelection` made by its layer's user, with one `Coding` for its
label and one for each attribute; each relation is a `Link` (`OneWay`, named by the role)
from the head's selection to the child's. REFI-QDA has no status and no free metadata, so
both become document variables (`Variable`s of the project, a `VariableValue` on the
source), which QDA software shows beside the document: `status (LAYER)` for each layer's
status, and one variable per meta key, its value the text itself when it is plain text,
else JSON (the variable's `Description` says which, and whose). Actor links, notes and
unsure flags have no place in REFI-QDA and are reported.

Reading. Every `PlainTextSelection` of a `TextSource` gives one span per `Coding` whose code
is not an attribute code (a child code named `name: value` coded on the same selection, which
becomes an attribute); the layer is the coding user's name, else `default_layer`. Links
between selections of one layer are relations; codings of whole sources and links that
cross layers are reported. Gloss's variables give back statuses and meta; the variables
other software set on a source join the document's meta under their names.
"""

from __future__ import annotations

import datetime
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO
from xml.etree import ElementTree as ET

import orjson

from desktop.domain import AnnotatedDocument, Document, Schema, Span
from desktop.formats import carry
from desktop.formats.builder import REFUSED, FileBuilder, refusal
from desktop.formats.errors import FormatError, keep_or_raise
from desktop.formats.files import write_file
from desktop.formats.losses import Losses, lose

NAME = "qdpx"
EXTENSIONS = (".qdpx",)
CARRIES = frozenset({"relations", "attrs", "title", "status", "meta"})
NS = "urn:QDA-XML:project:1.0"
_Q = f"{{{NS}}}"
_GUIDS = uuid.UUID("0b7c3f4e-58a1-4c5e-9d1f-6a2b8e3c7d90")
_ID_PREFIX = "gloss-id: "
_STATUS = "gloss status of layer: "
_META_TEXT = "gloss meta"
_META_JSON = "gloss meta, JSON"
_COLORS = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6")


def guid(*parts: str) -> str:
    """A stable GUID for a thing of the export (so exporting twice gives the same file)."""
    return str(uuid.uuid5(_GUIDS, "\x1f".join(parts)))


# --- writing ---------------------------------------------------------------


def write(
    stream: BinaryIO, records: Iterable[AnnotatedDocument], *, losses: Losses | None = None
) -> int:
    """Write the zip to `stream`; return the number of records written.

    Streamed: each document's text goes into the zip and its `TextSource` into a spool
    file as its records pass (a document's records come together, as exports give them);
    the users, codebook and variables, known only at the end, are written before the
    spooled sources when `project.qde` is assembled. Memory stays flat in the corpus size.
    """
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    layers: dict[str, None] = {}
    labels: dict[str, dict[tuple[str, str], None]] = {}
    variables: dict[tuple[str, str, str], None] = {}
    written: set[str] = set()
    count = 0
    with (
        tempfile.TemporaryFile() as sources,
        tempfile.TemporaryFile() as links,
        zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
    ):
        current: _Source | None = None
        for record in carry.reporting(records, losses, NAME, CARRIES):
            count += 1
            document = record.document
            if current is None or current.doc_id != document.id:
                if current is not None:
                    sources.write(current.xml(variables))
                if document.id in written:
                    raise FormatError(
                        NAME, None, f"document {document.id!r}: its records must come together"
                    )
                written.add(document.id)
                current = _Source(document)
                archive.writestr(f"Sources/{current.guid}.txt", document.text.encode("utf-8"))
            if record.layer is None:
                continue
            layers[record.layer] = None
            for span in record.spans:
                values = labels.setdefault(span.label, {})
                for name, value in span.attrs.items():
                    values[(name, str(value))] = None
            for link in current.add(record, losses):
                links.write(ET.tostring(link, encoding="utf-8"))
        if current is not None:
            sources.write(current.xml(variables))
        with archive.open("project.qde", "w", force_zip64=True) as qde:
            qde.write(b"<?xml version='1.0' encoding='utf-8'?>\n")
            stamp = now.replace("+00:00", "Z")
            qde.write(
                f'<Project xmlns="{NS}" name="Gloss export" origin="Gloss"'
                f' creationDateTime="{stamp}">'.encode()
            )
            users = ET.Element("Users")
            for layer in sorted(layers):
                ET.SubElement(users, "User", {"guid": guid("user", layer), "name": layer})
            qde.write(ET.tostring(users, encoding="utf-8"))
            if labels:
                qde.write(ET.tostring(_codebook(labels), encoding="utf-8"))
            if variables:
                qde.write(ET.tostring(_variables(variables), encoding="utf-8"))
            qde.write(b"<Sources>")
            _copy(sources, qde)
            qde.write(b"</Sources>")
            if links.tell():
                qde.write(b"<Links>")
                _copy(links, qde)
                qde.write(b"</Links>")
            qde.write(b"</Project>")
    return count


class _Source:
    """One document's `TextSource` while its records pass: selections, then variables."""

    def __init__(self, document: Document) -> None:
        self.doc_id = document.id
        self.text = document.text
        self.guid = guid("source", document.id)
        self.element = ET.Element(
            "TextSource",
            {
                "guid": self.guid,
                "name": document.title or document.id,
                "plainTextPath": f"internal://{self.guid}.txt",
            },
        )
        ET.SubElement(self.element, "Description").text = _ID_PREFIX + document.id
        self.values = [_meta_value(key, value) for key, value in document.meta.items()]

    def add(self, record: AnnotatedDocument, losses: Losses | None) -> list[ET.Element]:
        """The record's spans as selections of this source; returns its relations' links."""
        layer = record.layer or ""
        if record.status is not None:
            self.values.append((("Text", f"status ({layer})", _STATUS + layer), record.status))
        user = guid("user", layer)
        selections: dict[str, str] = {}
        text = self.text
        for span in record.spans:
            selection_guid = guid("selection", span.id)
            selections[span.id] = selection_guid
            selection = ET.SubElement(
                self.element,
                "PlainTextSelection",
                {
                    "guid": selection_guid,
                    "name": text[span.start : span.end],
                    "startPosition": str(span.start),
                    "endPosition": str(span.end),
                    "creatingUser": user,
                },
            )
            targets = [guid("code", span.label)] + [
                guid("code", span.label, name, str(value)) for name, value in span.attrs.items()
            ]
            for index, target in enumerate(targets):
                coding = ET.SubElement(
                    selection,
                    "Coding",
                    {"guid": guid("coding", span.id, str(index)), "creatingUser": user},
                )
                ET.SubElement(coding, "CodeRef", {"targetGUID": target})
        found = []
        for relation in record.relations:
            head, child = selections.get(relation.head_id), selections.get(relation.child_id)
            if head is None or child is None:
                lose(losses, NAME, None, "relation", f"{relation.id}: an end is not in the record")
                continue
            found.append(
                ET.Element(
                    "Link",
                    {
                        "guid": guid("link", relation.id),
                        "name": relation.label,
                        "direction": "OneWay",
                        "originGUID": head,
                        "targetGUID": child,
                    },
                )
            )
        return found

    def xml(self, declared: dict[tuple[str, str, str], None]) -> bytes:
        """The finished `TextSource` (its variable values last, as the schema orders them);
        the variables it uses join `declared`."""
        for kind, value in self.values:
            declared[kind] = None
            element = ET.SubElement(self.element, "VariableValue")
            ET.SubElement(element, "VariableRef", {"targetGUID": guid("variable", *kind)})
            ET.SubElement(element, "TextValue").text = value
        return ET.tostring(self.element, encoding="utf-8")


def _copy(spool: IO[bytes], out: IO[bytes]) -> None:
    spool.seek(0)
    shutil.copyfileobj(spool, out, 1 << 20)


def write_path(
    path: Path, records: Iterable[AnnotatedDocument], *, losses: Losses | None = None
) -> int:
    """`write` into a file that appears only once complete."""
    return write_file(path, records, lambda stream, items: write(stream, items, losses=losses))


def _codebook(labels: dict[str, dict[tuple[str, str], None]]) -> ET.Element:
    """A code for every label used, a child code for each of its attribute values."""
    codebook = ET.Element("CodeBook")
    book = ET.SubElement(codebook, "Codes")
    for number, (label, values) in enumerate(sorted(labels.items())):
        code = ET.SubElement(
            book,
            "Code",
            {
                "guid": guid("code", label),
                "name": label,
                "isCodable": "true",
                "color": _COLORS[number % len(_COLORS)],
            },
        )
        for name, value in sorted(values):
            ET.SubElement(
                code,
                "Code",
                {
                    "guid": guid("code", label, name, value),
                    "name": f"{name}: {value}",
                    "isCodable": "true",
                },
            )
    return codebook


def _meta_value(key: str, value: object) -> tuple[tuple[str, str, str], str]:
    """(variable type, name, description), value: plain text as is, anything else as JSON."""
    if type(value) is str and _plain(value):
        return ("Text", key, _META_TEXT), value
    try:
        return ("Text", key, _META_JSON), orjson.dumps(value).decode()
    except TypeError as exc:
        raise FormatError(NAME, None, f"meta {key!r}: {exc}") from None


def _plain(text: str) -> bool:
    """Whether XML keeps `text` as it is (no CR, which parsers turn into LF; no controls)."""
    return all(
        (" " <= char < "\ud800" or char in "\n\t" or "\ue000" <= char <= "\ufffd")
        or char >= "\U00010000"
        for char in text
    )


def _variables(declared: dict[tuple[str, str, str], None]) -> ET.Element:
    """Each variable the sources use, declared once."""
    variables = ET.Element("Variables")
    for kind in declared:
        kind_of, name, description = kind
        variable = ET.SubElement(
            variables,
            "Variable",
            {"guid": guid("variable", *kind), "name": name, "typeOfVariable": kind_of},
        )
        ET.SubElement(variable, "Description").text = description
    return variables


# --- reading ---------------------------------------------------------------


def read_path(
    path: Path,
    *,
    default_layer: str | None = None,
    schema: Schema | None = None,
    errors: list[FormatError] | None = None,
    losses: Losses | None = None,
) -> Iterator[AnnotatedDocument]:
    """One record per source and coder (a bare record for a source nobody coded)."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise FormatError(path, None, f"not a REFI-QDA .qdpx zip ({exc})") from None
    with archive:
        try:
            root = ET.fromstring(archive.read("project.qde"))
        except KeyError:
            raise FormatError(path, None, "the zip holds no project.qde") from None
        except ET.ParseError as exc:
            raise FormatError(path, exc.position[0], f"project.qde: {exc}") from None
        if root.tag != f"{_Q}Project":
            raise FormatError(path, None, f"project.qde: the root is not a {NS} Project")
        builder = FileBuilder(str(path), schema, losses)
        users = {u.get("guid"): u.get("name") or u.get("id") for u in root.iter(f"{_Q}User")}
        codes = _codes(root)
        links = list(root.iter(f"{_Q}Link"))
        variables = {
            v.get("guid"): (v.get("name") or "", v.findtext(f"{_Q}Description") or "")
            for v in root.iter(f"{_Q}Variable")
        }
        for source in root.iter(f"{_Q}TextSource"):
            try:
                found = _source_values(source, variables, builder.source)
                yield from _source(
                    builder, archive, source, users, codes, links, default_layer, found
                )
            except FormatError as exc:
                keep_or_raise(exc, errors)


def _codes(root: ET.Element) -> dict[str, tuple[str, str | None]]:
    """Code GUID -> (name, parent code GUID)."""
    found: dict[str, tuple[str, str | None]] = {}

    def walk(element: ET.Element, parent: str | None) -> None:
        for code in element.findall(f"{_Q}Code"):
            found[code.get("guid", "")] = (code.get("name", ""), parent)
            walk(code, code.get("guid"))

    book = root.find(f"{_Q}CodeBook/{_Q}Codes")
    if book is not None:
        walk(book, None)
    return found


def _source(
    builder: FileBuilder,
    archive: zipfile.ZipFile,
    source: ET.Element,
    users: dict[str | None, str | None],
    codes: dict[str, tuple[str, str | None]],
    links: list[ET.Element],
    default_layer: str | None,
    found: tuple[dict[str, Any], dict[str, str]],
) -> Iterator[AnnotatedDocument]:
    place = f"{builder.source}: TextSource {source.get('name') or source.get('guid')}"
    text = _text(archive, source, builder.source)
    description = source.findtext(f"{_Q}Description") or ""
    doc_id = description[len(_ID_PREFIX) :] if description.startswith(_ID_PREFIX) else None
    for _ in source.findall(f"{_Q}Coding"):
        lose(builder.losses, builder.source, None, "source coding", f"{place}: a whole source")
    drafts: dict[str | None, Any] = {}
    by_selection: dict[str, tuple[str | None, Span]] = {}
    try:
        meta, statuses = found
        document = builder.document(text, doc_id, source.get("name") or "", meta)
        for selection in source.findall(f"{_Q}PlainTextSelection"):
            start = int(selection.get("startPosition", "-1"))
            end = int(selection.get("endPosition", "-1"))
            codings = []
            for coding in selection.findall(f"{_Q}Coding"):
                ref = coding.find(f"{_Q}CodeRef")
                user = coding.get("creatingUser") or selection.get("creatingUser")
                codings.append((user, ref.get("targetGUID", "") if ref is not None else ""))
            by_user: dict[str | None, list[str]] = {}
            for user, code in codings:
                by_user.setdefault(user, []).append(code or "")
            for user, targets in by_user.items():
                layer = users.get(user) or default_layer
                if layer not in drafts:
                    drafts[layer] = builder.draft(document, layer)
                draft = drafts[layer]
                labels = [t for t in targets if codes.get(t, ("", None))[1] not in targets]
                for target in labels:
                    name = codes.get(target, (target, None))[0]
                    attrs = {}
                    for other in targets:
                        child_name, parent = codes.get(other, ("", None))
                        if parent == target and ": " in child_name:
                            key, _, value = child_name.partition(": ")
                            attrs[key] = value
                    span = draft.span(
                        start, end, name, where=f"selection {selection.get('guid')}", attrs=attrs
                    )
                    by_selection.setdefault(selection.get("guid", ""), (layer, span))
        for link in links:
            origin = by_selection.get(link.get("originGUID", ""))
            goal = by_selection.get(link.get("targetGUID", ""))
            if origin is None and goal is None:
                continue
            if origin is None or goal is None or origin[0] != goal[0]:
                lose(builder.losses, builder.source, None, "link", f"{link.get('name')}: across")
                continue
            drafts[origin[0]].relation(
                link.get("name") or "link", origin[1], goal[1], where=f"link {link.get('guid')}"
            )
        for layer in statuses:
            if layer not in drafts:
                drafts[layer] = builder.draft(document, layer)
        if not drafts:
            drafts[None] = builder.draft(document, None)
        for layer, draft in drafts.items():
            yield builder.finish(draft, place=place, status=statuses.get(layer or ""))
    except (*REFUSED, ValueError) as exc:
        raise refusal(builder.source, None, exc, place) from None


def _source_values(
    source: ET.Element, variables: dict[str | None, tuple[str, str]], name: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """The meta and the statuses (by layer) the source's variable values hold."""
    meta: dict[str, Any] = {}
    statuses: dict[str, str] = {}
    for item in source.findall(f"{_Q}VariableValue"):
        ref = item.find(f"{_Q}VariableRef")
        variable, description = variables.get(
            ref.get("targetGUID") if ref is not None else None
        ) or ("", "")
        try:
            value = _typed(item)
        except ValueError as exc:
            reason = f"variable {variable!r} of source {source.get('name')!r}: {exc}"
            raise FormatError(name, None, reason) from None
        if description.startswith(_STATUS):
            statuses[description[len(_STATUS) :]] = str(value)
        elif description == _META_JSON:
            try:
                meta[variable] = orjson.loads(str(value))
            except orjson.JSONDecodeError as exc:
                reason = f"variable {variable!r} of source {source.get('name')!r}: not JSON ({exc})"
                raise FormatError(name, None, reason) from None
        elif variable or description == _META_TEXT:
            meta[variable] = value  # Gloss's plain text, or another program's variable
    return meta, statuses


def _typed(item: ET.Element) -> Any:
    """The value of a VariableValue, as the type its element names."""
    for child in item:
        kind = child.tag.removeprefix(_Q)
        text = child.text or ""
        if kind == "BooleanValue":
            return text.strip() in ("true", "1")
        if kind == "IntegerValue":
            return int(text)
        if kind == "FloatValue":
            return float(text)
        if kind in ("TextValue", "DateValue", "DateTimeValue"):
            return text
    return None


def _text(archive: zipfile.ZipFile, source: ET.Element, name: str) -> str:
    content = source.findtext(f"{_Q}PlainTextContent")
    if content is not None:
        return content
    path = source.get("plainTextPath") or ""
    if not path.startswith("internal://"):
        raise FormatError(name, None, f"source {source.get('name')!r}: text outside the zip")
    member = "Sources/" + path[len("internal://") :]
    try:
        return archive.read(member).decode("utf-8-sig")
    except KeyError:
        raise FormatError(name, None, f"the zip holds no {member}") from None
    except UnicodeDecodeError as exc:
        raise FormatError(name, None, f"{member}: not UTF-8 ({exc})") from None
