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
    """An attribute of a span label; `choices` empty means free text."""

    name: str
    choices: tuple[str, ...] = ()

    def check(self, value: object) -> None:
        """Raise InvalidAttribute unless `value` is allowed (None clears the attribute)."""
        if value is None:
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

    def allows(self, head_label: str, tail_label: str) -> bool:
        """True if a `head_label` span may take a `tail_label` span in this role."""
        return head_label in self.heads and tail_label in self.tails


@dataclass(frozen=True, slots=True)
class Schema:
    """All labels of a project; validates spans and relations against them."""

    span_labels: tuple[SpanLabel, ...]
    relation_labels: tuple[RelationLabel, ...] = ()
    name: str = "schema"

    def __post_init__(self) -> None:
        names = [label.name for label in self.span_labels]
        if not names:
            raise InvalidSchema("a schema needs at least one span label")
        if len(set(names)) != len(names):
            raise InvalidSchema("span label names must be unique")
        role_names = [r.name for r in self.relation_labels]
        if len(set(role_names)) != len(role_names):
            raise InvalidSchema("relation label names must be unique")
        hotkeys = [label.hotkey for label in self.span_labels if label.hotkey]
        if len(set(hotkeys)) != len(hotkeys):
            raise InvalidSchema("span label hotkeys must be unique")
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
            spans = tuple(
                SpanLabel(
                    name=str(item["name"]),
                    hotkey=str(item.get("hotkey", "")),
                    color=str(item.get("color", "#888888")),
                    description=str(item.get("description", "")),
                    attributes=tuple(
                        AttributeDef(str(a["name"]), tuple(str(c) for c in a.get("choices", ())))
                        for a in item.get("attributes", ())
                    ),
                )
                for item in data.get("span_labels", ())
            )
            roles = tuple(
                RelationLabel(
                    name=str(item["name"]),
                    heads=tuple(str(h) for h in item["heads"]),
                    tails=tuple(str(t) for t in item["tails"]),
                    hotkey=str(item.get("hotkey", "")),
                )
                for item in data.get("relation_labels", ())
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise InvalidSchema(f"schema entry is missing or malformed: {exc}") from None
        return cls(spans, roles, str(data.get("name", "schema")))

    def to_dict(self) -> dict[str, Any]:
        """The structure `from_dict` reads."""
        return {
            "name": self.name,
            "span_labels": [
                {
                    "name": s.name,
                    "hotkey": s.hotkey,
                    "color": s.color,
                    "description": s.description,
                    "attributes": [
                        {"name": a.name, "choices": list(a.choices)} for a in s.attributes
                    ],
                }
                for s in self.span_labels
            ],
            "relation_labels": [
                {"name": r.name, "hotkey": r.hotkey, "heads": list(r.heads), "tails": list(r.tails)}
                for r in self.relation_labels
            ],
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
