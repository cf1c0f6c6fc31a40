"""REFI-QDA codebooks (`.qdc`), the exchange format of ATLAS.ti, MAXQDA, NVivo, QualCoder.

Writing. Each span label is a codable top-level `<Code>` with its colour and description;
each attribute a non-codable child code (a category) whose codable children are its
choices (a binary attribute is a codable child without children); each role a `<Set>`
named `role NAME` whose description starts `HEADS -> TAILS` and whose members are
those labels. Hotkeys have no place in the format and are chosen again on reading.

Reading. A file written by Gloss (origin `Gloss ...`) reads back as written. Any other
tool's codebook is a tree of codes: every codable code becomes a span label (a name
that repeats is prefixed by its parent's, `Parent/Name`), categories only group them,
and sets are listed in `notes`. The XML is parsed with defusedxml (no entities).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element

from desktop import __version__
from desktop.domain import AttributeDef, DomainError, RelationLabel, Schema, SpanLabel
from desktop.domain.codebook import free_hotkey, new_color
from desktop.formats.codebooks.colors import hex_color
from desktop.formats.codebooks.xmlfile import parse_root, read_bytes
from desktop.formats.errors import FormatError

NAMESPACE = "urn:QDA-XML:codebook:1.0"
ORIGIN = "Gloss"
ROLE_SET = "role "
_GUIDS = uuid.UUID("7c0a3f52-5b0e-4d8e-9a43-9f1d2c6b1e11")


@dataclass
class QdcCodebook:
    """What a .qdc file defines, and what of it Gloss could not keep."""

    schema: Schema
    notes: list[str] = field(default_factory=list)
    origin: str = ""


def guid(*parts: str) -> str:
    """A stable GUID for a codebook item (the same name gives the same GUID every time)."""
    return str(uuid.uuid5(_GUIDS, "\x1f".join(parts))).upper()


# --- writing -----------------------------------------------------------------


def dumps(schema: Schema) -> str:
    """The .qdc XML of `schema`."""
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(f"{{{NAMESPACE}}}CodeBook", {"origin": f"{ORIGIN} {__version__}"})
    codes = ET.SubElement(root, _q("Codes"))
    for label in schema.span_labels:
        code = _code(codes, guid("label", label.name), label.name, True, label.description)
        code.set("color", (hex_color(label.color) or "#888888").upper())
        for attribute in label.attributes:
            node = _code(
                code,
                guid("attribute", label.name, attribute.name),
                attribute.name,
                attribute.binary,
                attribute.description,
            )
            for choice in attribute.choices:
                _code(node, guid("choice", label.name, attribute.name, choice), choice, True, "")
    if schema.relation_labels:
        sets = ET.SubElement(root, _q("Sets"))
        for role in schema.relation_labels:
            item = ET.SubElement(
                sets, _q("Set"), {"guid": guid("role", role.name), "name": ROLE_SET + role.name}
            )
            text = f"{'|'.join(role.heads)} -> {'|'.join(role.tails)}"
            ET.SubElement(item, _q("Description")).text = (
                f"{text}\n{role.description}" if role.description else text
            )
            for name in dict.fromkeys((*role.heads, *role.tails)):
                ET.SubElement(item, _q("MemberCode"), {"guid": guid("label", name)})
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'


def write(path: Path, schema: Schema) -> None:
    """Write `schema` as a .qdc file."""
    try:
        Path(path).write_text(dumps(schema), encoding="utf-8", newline="\n")
    except OSError as exc:
        raise FormatError(path, None, f"cannot write ({exc.strerror})") from None


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def _code(parent: Element, ident: str, name: str, codable: bool, description: str) -> Element:
    code = ET.SubElement(
        parent,
        _q("Code"),
        {"guid": ident, "name": name, "isCodable": "true" if codable else "false"},
    )
    if description:
        ET.SubElement(code, _q("Description")).text = description
    return code


# --- reading -----------------------------------------------------------------


def read(path: Path) -> QdcCodebook:
    """The codebook of a .qdc file."""
    return parse(read_bytes(path), str(path))


def parse(data: bytes | str, source: str = "codebook.qdc") -> QdcCodebook:
    """The codebook a .qdc text describes; FormatError names the line when it can."""
    root = parse_root(data, source)
    if _local(root.tag) != "CodeBook":
        raise FormatError(source, None, f"expected a <CodeBook>, found <{_local(root.tag)}>")
    origin = root.get("origin") or ""
    codes = _child(root, "Codes")
    if codes is None:
        raise FormatError(source, None, "the codebook has no <Codes>")
    notes: list[str] = []
    try:
        if origin.startswith(ORIGIN + " ") or origin == ORIGIN:
            schema = _gloss(root, codes)
        else:
            schema = _foreign(codes, notes, source)
            sets = _child(root, "Sets")
            if sets is not None and len(_children(sets, "Set")):
                notes.append(
                    f"{source}: {len(_children(sets, 'Set'))} code group(s) (<Set>) are not kept"
                )
    except DomainError as exc:
        raise FormatError(source, None, str(exc)) from None
    return QdcCodebook(schema, notes, origin)


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2]


def _children(node: Element, name: str) -> list[Element]:
    return [child for child in node if _local(child.tag) == name]


def _child(node: Element, name: str) -> Element | None:
    found = _children(node, name)
    return found[0] if found else None


def _description(node: Element) -> str:
    element = _child(node, "Description")
    return (element.text or "").strip() if element is not None else ""


def _codable(node: Element) -> bool:
    return (node.get("isCodable") or "").strip().lower() in ("true", "1")


def _gloss(root: Element, codes: Element) -> Schema:
    labels: list[SpanLabel] = []
    for code in _children(codes, "Code"):
        attributes = []
        for node in _children(code, "Code"):
            choices = tuple(c.get("name") or "" for c in _children(node, "Code"))
            binary = _codable(node) and not choices
            attributes.append(
                AttributeDef(node.get("name") or "", choices, binary, _description(node))
            )
        name = code.get("name") or ""
        keys = [label.hotkey for label in labels]
        labels.append(
            SpanLabel(
                name,
                free_hotkey(name, keys),
                hex_color(code.get("color") or "") or new_color(len(labels)),
                _description(code),
                tuple(attributes),
            )
        )
    roles: list[RelationLabel] = []
    sets = _child(root, "Sets")
    for item in _children(sets, "Set") if sets is not None else []:
        name = item.get("name") or ""
        if not name.startswith(ROLE_SET):
            continue
        ends, _, description = _description(item).partition("\n")
        heads, _, tails = ends.partition(" -> ")
        role_name = name.removeprefix(ROLE_SET)
        keys = [role.hotkey for role in roles]
        roles.append(
            RelationLabel(
                role_name,
                tuple(filter(None, heads.split("|"))),
                tuple(filter(None, tails.split("|"))),
                free_hotkey(role_name, keys),
                description.strip(),
            )
        )
    return Schema(tuple(labels), tuple(roles), "codebook")


def _foreign(codes: Element, notes: list[str], source: str) -> Schema:
    found: list[tuple[str, str, Element]] = []  # (name, parent's name, code)
    categories = 0

    def walk(node: Element, parent: str) -> None:
        nonlocal categories
        for code in _children(node, "Code"):
            name = (code.get("name") or "").strip()
            if _codable(code):
                found.append((name, parent, code))
            else:
                categories += 1
            walk(code, name)

    walk(codes, "")
    if categories:
        notes.append(f"{source}: {categories} categor(ies) only group codes; they are not labels")
    counts: dict[str, int] = {}
    for name, _, _ in found:
        counts[name] = counts.get(name, 0) + 1
    labels: list[SpanLabel] = []
    for name, parent, code in found:
        shown = f"{parent}/{name}" if counts[name] > 1 and parent else name
        if any(label.name == shown for label in labels):
            notes.append(f"{source}: code {shown!r} appears twice; kept once")
            continue
        keys = [label.hotkey for label in labels]
        colours = [label.color for label in labels]
        labels.append(
            SpanLabel(
                shown,
                free_hotkey(shown, keys),
                hex_color(code.get("color") or "") or new_color(len(labels), colours),
                _description(code),
            )
        )
    if not labels:
        raise FormatError(source, None, "no codable <Code>: nothing to annotate with")
    return Schema(tuple(labels), (), "codebook")
