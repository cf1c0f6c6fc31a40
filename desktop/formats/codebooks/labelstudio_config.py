"""A Label Studio labeling config (the `<View>` XML) as a Gloss codebook.

`<Labels>` (and `<HyperTextLabels>`, `<ParagraphLabels>`) give span labels: `value`, the
`background` colour, `hotkey`, and `hint` as the description. `<Relations>` give roles;
Label Studio lets any region relate to any other, so each role goes from every label to
every label. `<Choices perRegion="true">` give attributes with those choices (of the
label named by `whenLabelValue`, else of every label), `<TextArea perRegion="true">` a
free-text attribute. Document-level choices and other tags (images, audio, taxonomies)
are listed in `notes`. The XML is parsed with defusedxml: no entities, no external files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from desktop.domain import AttributeDef, DomainError, RelationLabel, Schema, SpanLabel
from desktop.domain.codebook import free_hotkey, new_color
from desktop.formats.codebooks.colors import hex_color
from desktop.formats.codebooks.xmlfile import parse_root, read_bytes
from desktop.formats.errors import FormatError

SPAN_TAGS = ("Labels", "HyperTextLabels", "ParagraphLabels")
_IGNORED = {"View", "Header", "Text", "HyperText", "Paragraphs", "Style", "Label", "Choice"}


@dataclass
class ConfigCodebook:
    """What a labeling config defines, and what of it Gloss could not keep."""

    schema: Schema
    notes: list[str] = field(default_factory=list)


def read(path: Path) -> ConfigCodebook:
    """The codebook of a labeling config file."""
    return parse(read_bytes(path), str(path))


def parse(data: bytes | str, source: str = "config.xml") -> ConfigCodebook:
    """The codebook a labeling config describes; FormatError names the line when it can."""
    root = parse_root(data, source)
    notes: list[str] = []
    labels: dict[str, SpanLabel] = {}
    for tag in root.iter():
        if _local(tag.tag) in SPAN_TAGS:
            for item in tag:
                if _local(item.tag) == "Label":
                    _label(item, labels, source)
    if not labels:
        raise FormatError(source, None, "no <Labels> with <Label> values: no span labels")
    names = list(labels)
    roles: list[RelationLabel] = []
    for tag in root.iter():
        kind = _local(tag.tag)
        if kind == "Relation":
            value = (tag.get("value") or "").strip()
            if value and all(r.name != value for r in roles):
                keys = [r.hotkey for r in roles]
                roles.append(
                    RelationLabel(value, tuple(names), tuple(names), free_hotkey(value, keys))
                )
        elif kind in ("Choices", "TextArea"):
            _attribute(tag, kind, labels, notes, source)
        elif kind not in _IGNORED and kind not in SPAN_TAGS and kind != "Relations":
            notes.append(f"{source}: <{kind}> has no place in a Gloss codebook")
    try:
        schema = Schema(tuple(labels.values()), tuple(roles), Path(source).stem)
    except DomainError as exc:
        raise FormatError(source, None, str(exc)) from None
    return ConfigCodebook(schema, notes)


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2]


def _label(item: Element, labels: dict[str, SpanLabel], source: str) -> None:
    name = (item.get("value") or "").strip()
    if not name:
        raise FormatError(source, None, "a <Label> without a value")
    if name in labels:
        return  # the same label in two <Labels> blocks (say for two texts)
    keys = [label.hotkey for label in labels.values()]
    colours = [label.color for label in labels.values()]
    hotkey = (item.get("hotkey") or "").strip().lower()
    if len(hotkey) != 1 or hotkey in keys:
        hotkey = free_hotkey(name, keys)
    color = hex_color(item.get("background") or "") or new_color(len(labels), colours)
    labels[name] = SpanLabel(name, hotkey, color, (item.get("hint") or "").strip())


def _attribute(
    tag: Element, kind: str, labels: dict[str, SpanLabel], notes: list[str], source: str
) -> None:
    name = (tag.get("name") or "").strip()
    if (tag.get("perRegion") or "").lower() != "true":
        notes.append(f"{source}: <{kind} name={name!r}> is about whole documents, not spans")
        return
    if kind == "Choices":
        choices = tuple(
            dict.fromkeys(
                (c.get("value") or "").strip()
                for c in tag.iter()
                if _local(c.tag) == "Choice" and (c.get("value") or "").strip()
            )
        )
        attribute = AttributeDef(name, choices, description=(tag.get("hint") or "").strip())
    else:
        attribute = AttributeDef(name)
    owner = (tag.get("whenLabelValue") or "").strip()
    owners = [o.strip() for o in owner.split(",")] if owner else list(labels)
    for label_name in owners:
        label = labels.get(label_name)
        if label is None:
            notes.append(f"{source}: {kind} {name!r} names unknown label {label_name!r}")
        elif label.attribute(name) is None:
            labels[label_name] = SpanLabel(
                label.name,
                label.hotkey,
                label.color,
                label.description,
                (*label.attributes, attribute),
            )
