"""brat's `annotation.conf`: entities, relations, events and attributes as a Gloss codebook.

Entities become span labels; an event type becomes a span label (its trigger) and each
of its arguments a role from the event to the argument's types (`Role?`, `Role*`,
`Role+`, `Role{2}` all give `Role`; the numbered `Role2`, `Role3` of repeated
arguments are added on import as brat allows them). Relations become roles from Arg1's
types to Arg2's. Attributes of entities and events become attributes of those labels,
with `Value:` giving the choices, none meaning binary. The type hierarchy (indentation)
is flattened; `!Type` (not for annotation) is left out; `<MACRO>=...` lines are expanded.
What Gloss cannot hold (relation attributes, `<OVERLAP>` rules, 3+ argument relations)
is listed in `notes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop.domain import AttributeDef, DomainError, RelationLabel, Schema, SpanLabel
from desktop.domain.codebook import RESERVED_KEYS, free_hotkey, new_color
from desktop.formats.codebooks.colors import hex_color
from desktop.formats.errors import FormatError

SECTIONS = ("entities", "relations", "events", "attributes")
_ALIASES = {"spans": "entities"}  # the name older brat versions used
_SECTION = re.compile(r"^\[(\w+)\]\s*$")
_MACRO = re.compile(r"^(<[^>]+>)\s*=\s*(.*)$")
_QUANTIFIER = re.compile(r"(\?|\*|\+|\{\d+(?:[-,]\d*)?\})$")
#: How many numbered forms an open-ended repeat (`*`, `+`, `{2,}`) may take.
MAX_REPEATS = 9


@dataclass
class ConfCodebook:
    """What an annotation.conf defines, and what of it Gloss could not keep."""

    schema: Schema
    notes: list[str] = field(default_factory=list)
    #: Roles an event may repeat (`Org-Arg+`), with how many times: the data numbers
    #: the repeats `Org-Arg2`, `Org-Arg3`...
    repeated: dict[str, int] = field(default_factory=dict)

    def reading_schema(self) -> Schema:
        """The schema with each repeated role's numbered forms, for checking the data."""
        return with_numbered_roles(self.schema, self.repeated)


def with_numbered_roles(schema: Schema, repeated: dict[str, int]) -> Schema:
    """`schema` plus `Role2`..`RoleN` for each repeated role (endpoints of `Role`)."""
    names = {role.name for role in schema.relation_labels}
    extra = [
        RelationLabel(f"{role.name}{number}", role.heads, role.tails)
        for role in schema.relation_labels
        for number in range(2, repeated.get(role.name, 1) + 1)
        if f"{role.name}{number}" not in names
    ]
    if not extra:
        return schema
    return Schema(
        schema.span_labels, (*schema.relation_labels, *extra), schema.name, schema.version
    )


@dataclass
class _Line:
    number: int
    name: str
    args: list[tuple[str, str]]  # (key, value) pairs after the name


def read(path: Path) -> ConfCodebook:
    """The codebook of an `annotation.conf` file (or of the one in a brat folder)."""
    path = Path(path)
    if path.is_dir():
        path = path / "annotation.conf"
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise FormatError(path, None, f"cannot read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise FormatError(path, None, f"not UTF-8 (invalid byte at offset {exc.start})") from None
    book = parse(text, str(path))
    book.schema = _with_visuals(book.schema, path.parent)
    return book


def _side_file(folder: Path, name: str) -> list[str]:
    try:
        return (folder / name).read_bytes().decode("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []  # optional files: brat itself falls back to defaults


def _with_visuals(schema: Schema, folder: Path) -> Schema:
    """Colours from visual.conf (`[drawing]` bgColor) and keys from kb_shortcuts.conf."""
    colours: dict[str, str] = {}
    section = ""
    for line in _side_file(folder, "visual.conf"):
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped.lower()
            continue
        if section != "[drawing]" or not stripped or stripped.startswith("#"):
            continue
        name, _, rest = _split_name(stripped)
        for part in rest.split(","):
            key, _, value = part.strip().partition(":")
            if key == "bgColor" and hex_color(value):
                colours[name] = hex_color(value)
    keys: dict[str, str] = {}
    for line in _side_file(folder, "kb_shortcuts.conf"):
        fields = line.split()
        if len(fields) == 2 and not line.startswith("#") and len(fields[0]) == 1:
            keys[fields[1].lower()] = fields[0].lower()
    if not colours and not keys:
        return schema
    labels = list(schema.span_labels)
    for index, label in enumerate(labels):
        color = colours.get(label.name, label.color)
        hotkey = keys.get(label.name.lower(), "")
        taken = {other.hotkey for other in labels if other is not label}
        if not hotkey.isalnum() or hotkey in RESERVED_KEYS:
            hotkey = label.hotkey
        elif hotkey in taken:  # the shortcut wins; the label holding it takes another key
            holder = next(i for i, other in enumerate(labels) if other.hotkey == hotkey)
            labels[holder] = replace(labels[holder], hotkey="")
        labels[index] = replace(label, color=color, hotkey=hotkey)
    for index, label in enumerate(labels):
        if not label.hotkey:
            labels[index] = replace(
                label, hotkey=free_hotkey(label.name, (x.hotkey for x in labels))
            )
    return replace(schema, span_labels=tuple(labels))


def parse(text: str, source: str = "annotation.conf") -> ConfCodebook:
    """The codebook an annotation.conf text describes; FormatError names the line."""
    sections = _sections(text, source)
    notes: list[str] = []
    entities = [line.name for line in sections["entities"]]
    events = [line.name for line in sections["events"]]
    groups = {
        "<ENTITY>": entities,
        "<EVENT>": events,
        "<ANY>": [*entities, *events],
    }
    labels: dict[str, SpanLabel] = {}
    for name in (*entities, *events):
        if name not in labels:
            taken = [label.hotkey for label in labels.values()]
            colours = [label.color for label in labels.values()]
            labels[name] = SpanLabel(
                name, free_hotkey(name, taken), new_color(len(labels), colours)
            )
    roles: dict[str, tuple[dict[str, None], dict[str, None]]] = {}

    def add_role(name: str, heads: list[str], tails: list[str]) -> None:
        known = roles.setdefault(name, ({}, {}))
        known[0].update(dict.fromkeys(heads))
        known[1].update(dict.fromkeys(tails))

    repeated: dict[str, int] = {}
    for line in sections["events"]:
        for key, value in line.args:
            role = _QUANTIFIER.sub("", key)
            times = _repeats(key[len(role) :])
            if times > 1:
                repeated[role] = max(repeated.get(role, 1), times)
            tails = _types(value, groups)
            if tails:
                add_role(role, [line.name], tails)
    for line in sections["relations"]:
        if line.name.startswith("<"):
            notes.append(f"{source}:{line.number}: {line.name} rules are not kept")
            continue
        args = [(k, v) for k, v in line.args if not k.startswith("<")]
        if len(args) != 2:
            notes.append(
                f"{source}:{line.number}: relation {line.name} has {len(args)} arguments;"
                " only two-argument relations are kept"
            )
            continue
        heads = _types(args[0][1], groups)
        tails = _types(args[1][1], groups)
        if heads and tails:
            add_role(line.name, heads, tails)
    for line in sections["attributes"]:
        _attribute(line, labels, groups, notes, source)
    role_labels: list[RelationLabel] = []
    for name, (role_heads, role_tails) in roles.items():
        keys = [role.hotkey for role in role_labels]
        heads_known = tuple(h for h in role_heads if h in labels)
        tails_known = tuple(t for t in role_tails if t in labels)
        if heads_known and tails_known:
            role_labels.append(
                RelationLabel(name, heads_known, tails_known, free_hotkey(name, keys))
            )
    if not labels:
        raise FormatError(source, None, "no entity or event types: nothing to annotate with")
    try:
        schema = Schema(tuple(labels.values()), tuple(role_labels), Path(source).parent.name)
    except DomainError as exc:
        raise FormatError(source, None, str(exc)) from None
    return ConfCodebook(schema, notes, repeated)


def _repeats(quantifier: str) -> int:
    """How many times a role with this quantifier may appear in one event."""
    if quantifier in ("*", "+"):
        return MAX_REPEATS
    if quantifier.startswith("{"):
        numbers = re.findall(r"\d*", quantifier[1:-1])
        bounds = [n for n in numbers if n]
        if re.search(r"[-,]\s*}?$", quantifier[1:-1] + "}") and len(bounds) == 1:
            return MAX_REPEATS
        return int(bounds[-1]) if bounds else 1
    return 1


def _sections(text: str, source: str) -> dict[str, list[_Line]]:
    sections: dict[str, list[_Line]] = {name: [] for name in SECTIONS}
    macros: dict[str, str] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#") or set(stripped) == {"-"}:
            continue  # blank, a comment, or a separator line (brat draws it in menus)
        header = _SECTION.match(stripped)
        if header:
            current = _ALIASES.get(header.group(1).lower(), header.group(1).lower())
            if current not in sections:
                raise FormatError(source, number, f"unknown section [{header.group(1)}]")
            continue
        macro = _MACRO.match(stripped)
        if macro:
            macros[macro.group(1)] = macro.group(2).strip()
            continue
        if current is None:
            raise FormatError(source, number, "a line before the first [section]")
        for name, value in macros.items():
            stripped = stripped.replace(name, value)
        name, _, rest = _split_name(stripped)
        if name.startswith("!"):
            continue  # an abstract type: a node of the hierarchy, not for annotation
        args: list[tuple[str, str]] = []
        for part in filter(None, (p.strip() for p in rest.split(","))):
            key, colon, value = part.partition(":")
            if not colon:
                raise FormatError(source, number, f"expected KEY:VALUE, got {part!r}")
            args.append((key.strip(), value.strip()))
        sections[current].append(_Line(number, name, args))
    return sections


def _split_name(line: str) -> tuple[str, str, str]:
    parts = line.split(None, 1)
    return parts[0], " ", parts[1] if len(parts) > 1 else ""


def _types(value: str, groups: dict[str, list[str]]) -> list[str]:
    found: list[str] = []
    for item in filter(None, (v.strip() for v in value.split("|"))):
        found.extend(groups.get(item, [item]))
    return found


def _attribute(
    line: _Line,
    labels: dict[str, SpanLabel],
    groups: dict[str, list[str]],
    notes: list[str],
    source: str,
) -> None:
    options = dict(line.args)
    targets = options.get("Arg")
    if targets is None:
        raise FormatError(source, line.number, f"attribute {line.name} has no Arg:")
    owners: list[str] = []
    for item in filter(None, (v.strip() for v in targets.split("|"))):
        if item == "<RELATION>":
            notes.append(f"{source}:{line.number}: attribute {line.name} of relations is not kept")
            continue
        owners.extend(groups.get(item, [item]))
    values = [v for v in options.get("Value", "").split("|") if v.strip()]
    attribute = (
        AttributeDef(line.name, tuple(v.strip() for v in values))
        if values
        else AttributeDef(line.name, binary=True)
    )
    for owner in dict.fromkeys(owners):
        label = labels.get(owner)
        if label is None:
            notes.append(f"{source}:{line.number}: attribute {line.name} names unknown {owner}")
            continue
        if label.attribute(line.name) is None:
            labels[owner] = SpanLabel(
                label.name,
                label.hotkey,
                label.color,
                label.description,
                (*label.attributes, attribute),
            )
