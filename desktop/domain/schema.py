"""The label schema: span labels with attributes and hotkeys, roles with allowed endpoints."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain.errors import InvalidAttribute, InvalidRelation, InvalidSchema, UnknownLabel
from desktop.domain.relation import Relation
from desktop.domain.resources import resources_dir
from desktop.domain.span import Span


@dataclass(frozen=True, slots=True)
class AttributeDef:
    """An attribute of a span label; `choices` empty means free text, `binary` present or not."""

    name: str
    choices: tuple[str, ...] = ()
    binary: bool = False
    description: str = ""

    def check(self, value: object) -> None:
        """Raise InvalidAttribute unless `value` is allowed (None clears the attribute)."""
        if value is None:
            return
        if self.binary:
            if value is not True:
                raise InvalidAttribute(f"attribute {self.name} is binary: true or absent")
            return
        if not isinstance(value, str):
            raise InvalidAttribute(f"attribute {self.name} must be a string, got {value!r}")
        if self.choices and value not in self.choices:
            raise InvalidAttribute(
                f"attribute {self.name} must be one of {', '.join(self.choices)}, got {value!r}"
            )


@dataclass(frozen=True, slots=True)
class SpanLabel:
    """A label for spans, with its hotkey, colour and attributes."""

    name: str
    hotkey: str = ""
    color: str = "#888888"
    description: str = ""
    attributes: tuple[AttributeDef, ...] = ()

    def attribute(self, name: str) -> AttributeDef | None:
        """The attribute definition called `name`, if any."""
        return next((a for a in self.attributes if a.name == name), None)


@dataclass(frozen=True, slots=True)
class RelationLabel:
    """A role: a directed relation from a head label to a tail label."""

    name: str
    heads: tuple[str, ...]
    tails: tuple[str, ...]
    hotkey: str = ""
    description: str = ""

    def allows(self, head_label: str, tail_label: str) -> bool:
        """True if a `head_label` span may take a `tail_label` span in this role."""
        return head_label in self.heads and tail_label in self.tails


@dataclass(frozen=True, slots=True)
class Schema:
    """All labels of a project; validates spans and relations against them."""

    span_labels: tuple[SpanLabel, ...]
    relation_labels: tuple[RelationLabel, ...] = ()
    name: str = "schema"
    version: int = 1

    def __post_init__(self) -> None:
        names = [label.name for label in self.span_labels]
        if not names:
            raise InvalidSchema("a schema needs at least one span label")
        for name in (
            *names,
            *(role.name for role in self.relation_labels),
            *(a.name for label in self.span_labels for a in label.attributes),
        ):
            if not isinstance(name, str) or not name.strip() or name != name.strip():
                raise InvalidSchema(f"a name must be non-empty, without outer spaces: {name!r}")
        if len(set(names)) != len(names):
            raise InvalidSchema("span label names must be unique")
        role_names = [r.name for r in self.relation_labels]
        if len(set(role_names)) != len(role_names):
            raise InvalidSchema("relation label names must be unique")
        hotkeys = [label.hotkey for label in self.span_labels if label.hotkey]
        if len(set(hotkeys)) != len(hotkeys):
            taken = next(key for key in hotkeys if hotkeys.count(key) > 1)
            raise InvalidSchema(f"span label hotkeys must be unique ({taken!r} is used twice)")
        role_keys = [role.hotkey for role in self.relation_labels if role.hotkey]
        if len(set(role_keys)) != len(role_keys):
            taken = next(key for key in role_keys if role_keys.count(key) > 1)
            raise InvalidSchema(f"role hotkeys must be unique ({taken!r} is used twice)")
        for label in self.span_labels:
            attribute_names = [a.name for a in label.attributes]
            if len(set(attribute_names)) != len(attribute_names):
                raise InvalidSchema(f"label {label.name} has an attribute twice")
            for attribute in label.attributes:
                if len(set(attribute.choices)) != len(attribute.choices):
                    raise InvalidSchema(
                        f"attribute {attribute.name} of {label.name} has a choice twice"
                    )
        for role in self.relation_labels:
            for end in (*role.heads, *role.tails):
                if end not in names:
                    raise InvalidSchema(f"role {role.name} names unknown label {end}")

    # --- lookups -----------------------------------------------------------
    def span_label(self, name: str) -> SpanLabel:
        """The span label called `name`; UnknownLabel if there is none."""
        for label in self.span_labels:
            if label.name == name:
                return label
        raise UnknownLabel(
            f"unknown span label {name!r} (schema has {', '.join(self.label_names)})"
        )

    def relation_label(self, name: str) -> RelationLabel:
        """The role called `name`; UnknownLabel if there is none."""
        for role in self.relation_labels:
            if role.name == name:
                return role
        raise UnknownLabel(f"unknown role {name!r}")

    @property
    def label_names(self) -> tuple[str, ...]:
        """Span label names in schema order."""
        return tuple(label.name for label in self.span_labels)

    def roles_between(self, head_label: str, tail_label: str) -> tuple[RelationLabel, ...]:
        """Roles a `head_label` span may take towards a `tail_label` span."""
        return tuple(r for r in self.relation_labels if r.allows(head_label, tail_label))

    def roles_from(self, head_label: str) -> tuple[RelationLabel, ...]:
        """Roles whose head may be a `head_label` span."""
        return tuple(r for r in self.relation_labels if head_label in r.heads)

    # --- validation --------------------------------------------------------
    def check_span(self, span: Span) -> None:
        """Raise unless the span's label and attributes are defined here."""
        label = self.span_label(span.label)
        for name, value in span.attrs.items():
            definition = label.attribute(name)
            if definition is None:
                raise InvalidAttribute(f"label {label.name} has no attribute {name!r}")
            definition.check(value)

    def check_relation(self, relation: Relation, head: Span, child: Span) -> None:
        """Raise unless the role may join these two spans."""
        role = self.relation_label(relation.label)
        if head.doc_id != child.doc_id or head.layer != child.layer:
            raise InvalidRelation("a role joins two spans of one document and layer")
        if not role.allows(head.label, child.label):
            raise InvalidRelation(
                f"role {role.name} cannot go from {head.label} to {child.label}"
                f" (allowed: {'/'.join(role.heads)} -> {'/'.join(role.tails)})"
            )

    # --- (de)serialization -------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Schema:
        """Build a schema from the TOML/JSON structure of `resources/schemas/`."""
        try:
            spans = tuple(_span_label(item) for item in data.get("span_labels", ()))
            roles = tuple(_role(item) for item in data.get("relation_labels", ()))
            version = data.get("version", 1)
            if type(version) is not int or version < 1:
                raise InvalidSchema(f"the version must be a positive integer, got {version!r}")
        except (KeyError, TypeError, AttributeError) as exc:
            raise InvalidSchema(f"schema entry is missing or malformed: {exc}") from None
        return cls(spans, roles, str(data.get("name", "schema")), version)

    def to_dict(self) -> dict[str, Any]:
        """The structure `from_dict` reads (defaults left out, as a person would write it)."""
        return {
            "name": self.name,
            "version": self.version,
            "span_labels": [_span_label_dict(s) for s in self.span_labels],
            "relation_labels": [_role_dict(r) for r in self.relation_labels],
        }

    @classmethod
    def from_toml(cls, path: Path) -> Schema:
        """Read a schema file; InvalidSchema names the file on error."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InvalidSchema(f"{path}: {exc}") from None
        return cls.from_dict(data)

    @classmethod
    def default(cls) -> Schema:
        """The schema shipped in resources/schemas/default.toml."""
        return cls.from_toml(resources_dir() / "schemas" / "default.toml")


def _text(item: Mapping[str, Any], key: str, default: str = "") -> str:
    value = item.get(key, default)
    if not isinstance(value, str):
        raise InvalidSchema(f"{key} must be a string, got {value!r}")
    return value


def _name(item: Mapping[str, Any]) -> str:
    value = item["name"]
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise InvalidSchema(f"a name must be a non-empty string without outer spaces: {value!r}")
    return value


def _names(item: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = item.get(key, ())
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise InvalidSchema(f"{key} must be a list of strings, got {value!r}")
    return tuple(value)


def _attribute(item: Mapping[str, Any]) -> AttributeDef:
    binary = item.get("binary", False)
    if type(binary) is not bool:
        raise InvalidSchema(f"binary must be true or false, got {binary!r}")
    choices = _names(item, "choices")
    if binary and choices:
        raise InvalidSchema(f"attribute {item['name']} is binary and cannot have choices")
    return AttributeDef(_name(item), choices, binary, _text(item, "description"))


def _span_label(item: Mapping[str, Any]) -> SpanLabel:
    return SpanLabel(
        name=_name(item),
        hotkey=_text(item, "hotkey"),
        color=_text(item, "color", "#888888"),
        description=_text(item, "description"),
        attributes=tuple(_attribute(a) for a in item.get("attributes", ())),
    )


def _role(item: Mapping[str, Any]) -> RelationLabel:
    return RelationLabel(
        name=_name(item),
        heads=_names(item, "heads"),
        tails=_names(item, "tails"),
        hotkey=_text(item, "hotkey"),
        description=_text(item, "description"),
    )


def _attribute_dict(attribute: AttributeDef) -> dict[str, Any]:
    data: dict[str, Any] = {"name": attribute.name}
    if attribute.binary:
        data["binary"] = True
    else:
        data["choices"] = list(attribute.choices)
    if attribute.description:
        data["description"] = attribute.description
    return data


def _span_label_dict(label: SpanLabel) -> dict[str, Any]:
    return {
        "name": label.name,
        "hotkey": label.hotkey,
        "color": label.color,
        "description": label.description,
        "attributes": [_attribute_dict(a) for a in label.attributes],
    }


def _role_dict(role: RelationLabel) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": role.name,
        "hotkey": role.hotkey,
        "heads": list(role.heads),
        "tails": list(role.tails),
    }
    if role.description:
        data["description"] = role.description
    return data
