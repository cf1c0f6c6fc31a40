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
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree import ElementTree as ET

import orjson

from desktop.domain import AnnotatedDocument, Schema, Span
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
    """Write the zip to `stream`; return the number of records written."""
    records = list(carry.reporting(records, losses, NAME, CARRIES))
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    ET.register_namespace("", NS)
    project = ET.Element(f"{_Q}Project", {"name": "Gloss export", "origin": "Gloss"})
    project.set("creationDateTime", now.replace("+00:00", "Z"))
    layers = sorted({r.layer for r in records if r.layer})
    users = ET.SubElement(project, f"{_Q}Users")
    for layer in layers:
        ET.SubElement(users, f"{_Q}User", {"guid": guid("user", layer), "name": layer})
    codes = _codebook(project, records)
    variables = ET.SubElement(project, f"{_Q}Variables")
    sources = ET.SubElement(project, f"{_Q}Sources")
    links = ET.Element(f"{_Q}Links")
    texts: dict[str, tuple[str, str]] = {}
    source_elements: dict[str, ET.Element] = {}
    values: dict[str, list[tuple[tuple[str, str, str], str]]] = {}
    for record in records:
        document = record.document
        if document.id not in source_elements:
            source_guid = guid("source", document.id)
            element = ET.SubElement(
                sources,
                f"{_Q}TextSource",
                {
                    "guid": source_guid,
                    "name": document.title or document.id,
                    "plainTextPath": f"internal://{source_guid}.txt",
                },
            )
            ET.SubElement(element, f"{_Q}Description").text = _ID_PREFIX + document.id
            source_elements[document.id] = element
            texts[document.id] = (source_guid, document.text)
            for key, value in document.meta.items():
                values.setdefault(document.id, []).append(_meta_value(key, value))
        if record.layer is None:
            continue
        if record.status is not None:
            kind = ("Text", f"status ({record.layer})", _STATUS + record.layer)
            values.setdefault(document.id, []).append((kind, record.status))
        user = guid("user", record.layer)
        selections: dict[str, str] = {}
        for span in record.spans:
            selection_guid = guid("selection", span.id)
            selections[span.id] = selection_guid
            selection = ET.SubElement(
                source_elements[document.id],
                f"{_Q}PlainTextSelection",
                {
                    "guid": selection_guid,
                    "name": document.text[span.start : span.end],
                    "startPosition": str(span.start),
                    "endPosition": str(span.end),
                    "creatingUser": user,
                },
            )
            targets = [codes[span.label]] + [
                codes[f"{span.label}\x1f{name}\x1f{value}"] for name, value in span.attrs.items()
            ]
            for index, target in enumerate(targets):
                coding = ET.SubElement(
                    selection,
                    f"{_Q}Coding",
                    {"guid": guid("coding", span.id, str(index)), "creatingUser": user},
                )
                ET.SubElement(coding, f"{_Q}CodeRef", {"targetGUID": target})
        for relation in record.relations:
            head, child = selections.get(relation.head_id), selections.get(relation.child_id)
            if head is None or child is None:
                lose(losses, NAME, None, "relation", f"{relation.id}: an end is not in the record")
                continue
            ET.SubElement(
                links,
                f"{_Q}Link",
                {
                    "guid": guid("link", relation.id),
                    "name": relation.label,
                    "direction": "OneWay",
                    "originGUID": head,
                    "targetGUID": child,
                },
            )
    _move_descriptions_first(source_elements.values())
    _variables(variables, source_elements, values)
    if not len(variables):
        project.remove(variables)
    if len(links):
        project.append(links)
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        xml = ET.tostring(project, encoding="utf-8", xml_declaration=True)
        archive.writestr("project.qde", xml)
        for source_guid, text in texts.values():
            archive.writestr(f"Sources/{source_guid}.txt", text.encode("utf-8"))
    return len(records)


def write_path(
    path: Path, records: Iterable[AnnotatedDocument], *, losses: Losses | None = None
) -> int:
    """`write` into a file that appears only once complete."""
    return write_file(path, records, lambda stream, items: write(stream, items, losses=losses))


def _codebook(project: ET.Element, records: list[AnnotatedDocument]) -> dict[str, str]:
    """Codes for every label and attribute value used; key -> GUID."""
    labels: dict[str, dict[tuple[str, str], None]] = {}
    for record in records:
        for span in record.spans:
            values = labels.setdefault(span.label, {})
            for name, value in span.attrs.items():
                values[(name, str(value))] = None
    book = ET.SubElement(ET.SubElement(project, f"{_Q}CodeBook"), f"{_Q}Codes")
    found: dict[str, str] = {}
    for number, (label, values) in enumerate(sorted(labels.items())):
        code_guid = guid("code", label)
        code = ET.SubElement(
            book,
            f"{_Q}Code",
            {
                "guid": code_guid,
                "name": label,
                "isCodable": "true",
                "color": _COLORS[number % len(_COLORS)],
            },
        )
        found[label] = code_guid
        for name, value in sorted(values):
            child_guid = guid("code", label, name, value)
            ET.SubElement(
                code,
                f"{_Q}Code",
                {"guid": child_guid, "name": f"{name}: {value}", "isCodable": "true"},
            )
            found[f"{label}\x1f{name}\x1f{value}"] = child_guid
    if not len(book):
        project.remove(project.find(f"{_Q}CodeBook"))  # type: ignore[arg-type]
    return found


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


def _variables(
    variables: ET.Element,
    sources: dict[str, ET.Element],
    values: dict[str, list[tuple[tuple[str, str, str], str]]],
) -> None:
    """Declare each variable once and set its value on each document's source."""
    declared: dict[tuple[str, str, str], str] = {}
    for doc_id, items in values.items():
        for kind, value in items:
            if kind not in declared:
                declared[kind] = guid("variable", *kind)
                kind_of, name, description = kind
                variable = ET.SubElement(
                    variables,
                    f"{_Q}Variable",
                    {"guid": declared[kind], "name": name, "typeOfVariable": kind_of},
                )
                ET.SubElement(variable, f"{_Q}Description").text = description
            element = ET.SubElement(sources[doc_id], f"{_Q}VariableValue")
            ET.SubElement(element, f"{_Q}VariableRef", {"targetGUID": declared[kind]})
            ET.SubElement(element, f"{_Q}TextValue").text = value


def _move_descriptions_first(sources: Iterable[ET.Element]) -> None:
    """The schema wants Description before the selections."""
    for source in sources:
        description = source.find(f"{_Q}Description")
        if description is not None:
            source.remove(description)
            source.insert(0, description)


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
