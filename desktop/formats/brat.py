"""brat standoff: a folder of `NAME.txt` + `NAME.ann` pairs with T, R, A and E lines.

Reading. Offsets are code points into `NAME.txt` decoded as UTF-8 with line endings kept
(CRLF counts two); a BOM, which brat counts, is dropped and the offsets moved back by one.
Every `.txt` under the folder (hidden names skipped) is a document, id from its text as for
plain text, title `NAME`; its `.ann` beside it, if any, holds one layer's annotations: the
subfolder's name for pairs one folder down (how the writer stores several layers), else
`default_layer`. Give the folder of one split (train/, dev/) to read it as one layer.
`T` spans are checked against their text; `R` relations go from Arg1 to Arg2; `A`/`M` set
attributes (a binary one is True). An `E` event is a span: its trigger's, or, when an
earlier event took that trigger, a span of its own on the same text; each argument is a
relation from it, named by role (an argument may be another event, defined anywhere).
`#` AnnotatorNotes become the span's note, the `Unsure` binary attribute its unsure flag,
`N` normalizations
link the span to the actor `DB:ID`, `*` equivalences chain `Equiv` relations between their
members. Notes, attributes and normalizations of relations are reported as not carried.
A discontinuous span (`0 5;6 9`) whose gaps hold only whitespace (brat splits a span at
line breaks this way) is read as one span; other gaps refuse the file: splitting would
change what relations point at.

Writing. `write(folder, records)` writes `NAME.txt` + `NAME.ann` per record, NAME the
document id made safe (a hash suffix when two collide), one subfolder per layer when there
are several layers, and an `annotation.conf` naming the labels used. Spans are split at
line breaks into fragments, their texts joined by a space, as brat does.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from desktop.domain import Actor, AnnotatedDocument, DomainError, Schema, Span
from desktop.formats.brat_writer import NOTES as NOTES  # shared with the writer
from desktop.formats.brat_writer import UNSURE as UNSURE
from desktop.formats.brat_writer import write as write  # the writer has its own module
from desktop.formats.builder import REFUSED, Draft, FileBuilder
from desktop.formats.errors import FormatError, keep_or_raise
from desktop.formats.losses import Losses, lose
from desktop.formats.records import bad, short

NAME = "brat"
EXTENSIONS = (".ann",)


def read_path(
    path: Path,
    *,
    default_layer: str | None = None,
    schema: Schema | None = None,
    errors: list[FormatError] | None = None,
    losses: Losses | None = None,
) -> Iterator[AnnotatedDocument]:
    """A folder of pairs, or one pair given by its `.ann` or `.txt` file."""
    path = Path(path)
    builder = FileBuilder(str(path), schema, losses)
    for text_path, layer in _pairs(path, default_layer, errors):
        try:
            record = read_pair(builder, text_path, layer, losses)
        except FormatError as exc:
            keep_or_raise(exc, errors)
            continue
        yield record


def _pairs(
    path: Path, default_layer: str | None, errors: list[FormatError] | None
) -> Iterator[tuple[Path, str | None]]:
    if not path.exists():
        raise FormatError(path, None, "no such file or folder")
    if not path.is_dir():
        if path.suffix.lower() not in (".ann", ".txt"):
            raise FormatError(path, None, "a brat file must end in .ann or .txt")
        yield path.with_suffix(".txt"), default_layer
        return
    found = sorted(
        candidate
        for candidate in path.rglob("*")
        if candidate.suffix in (".txt", ".ann")
        and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
    )
    if not found:
        raise FormatError(path, None, "the folder holds no brat .txt or .ann files")
    for candidate in found:
        if candidate.suffix == ".ann":
            if not candidate.with_suffix(".txt").is_file():
                keep_or_raise(FormatError(candidate, None, "no .txt file beside it"), errors)
            continue
        parts = candidate.relative_to(path).parts
        yield candidate, parts[0] if len(parts) > 1 else default_layer


def read_pair(
    builder: FileBuilder, text_path: Path, layer: str | None, losses: Losses | None = None
) -> AnnotatedDocument:
    """The record of `NAME.txt` and, if present, `NAME.ann`; FormatError names the file."""
    text = _decode(text_path)
    shift = 1 if text.startswith("\ufeff") else 0
    try:
        document = builder.document(text[shift:], None, text_path.stem, {"source": text_path.name})
    except REFUSED as exc:
        raise FormatError(text_path, None, str(exc)) from None
    ann_path = text_path.with_suffix(".ann")
    if not ann_path.is_file():
        draft = builder.draft(document, None)
        return builder.finish(draft, line=1, place=str(text_path), source=str(text_path))
    lines = _decode(ann_path).split("\n")
    try:
        draft = builder.draft(document, layer)
    except REFUSED as exc:
        raise FormatError(ann_path, None, str(exc)) from None
    state = _Ann(str(ann_path), losses)
    ordered = list(_order(lines))
    steps = [(number, ident, rest, False) for number, ident, rest in ordered]
    # Events twice: first each becomes its own span, then their arguments (which may be
    # events defined further down) become relations.
    events = [(n, i, r, True) for n, i, r, _ in steps if i[:1] == "E"]
    cut = max((k + 1 for k, step in enumerate(steps) if step[1][:1] == "E"), default=0)
    steps[cut:cut] = events
    for number, ident, rest, arguments in steps:
        try:
            if arguments:
                _event_arguments(draft, state, ident, rest)
            else:
                _apply(draft, state, ident, rest, shift)
        except REFUSED as exc:
            raise FormatError(ann_path, number, str(exc)) from None
    try:
        record = builder.finish(draft, line=1, place=str(ann_path), source=str(ann_path))
    except REFUSED as exc:
        raise FormatError(ann_path, None, str(exc)) from None
    if state.actors:
        record = replace(record, actors=tuple(state.actors.values()))
    return record


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(path, None, f"cannot read ({exc.strerror})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(path, None, f"not UTF-8 (invalid byte at offset {exc.start})") from None


_ORDER = {"T": 0, "E": 1, "R": 2, "*": 2, "A": 3, "M": 3, "N": 4, "#": 5}


def _order(lines: list[str]) -> Iterator[tuple[int, str, str]]:
    """(line number, id, rest) of each annotation line, spans first: others point at them."""
    kept = []
    for number, line in enumerate(lines, 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        ident, _, rest = line.partition("\t")
        # A line of no known kind sorts first, so that _apply reports it (with its number).
        kept.append((_ORDER.get(ident[:1], -1), number, ident, rest))
    kept.sort(key=lambda entry: entry[0])
    for _, number, ident, rest in kept:
        yield number, ident, rest


class _Ann:
    """What the lines of one `.ann` file define so far."""

    def __init__(self, source: str = "", losses: Losses | None = None) -> None:
        self.source = source
        self.losses = losses
        self.spans: dict[str, Span] = {}
        self.triggers: dict[str, Span] = {}
        self.used_triggers: set[str] = set()
        self.relations: set[str] = set()
        self.seen: set[str] = set()
        self.actors: dict[str, Actor] = {}

    def find(self, ref: str) -> Span | None:
        """The span of a T id or the span standing for an E id."""
        return self.spans.get(ref) or self.triggers.get(ref)

    def update(self, old: Span, new: Span) -> None:
        for table in (self.spans, self.triggers):
            for key, known in table.items():
                if known.id == old.id:
                    table[key] = new


def _apply(draft: Draft, state: _Ann, ident: str, rest: str, shift: int) -> None:
    kind = ident[:1]
    if kind not in _ORDER or not rest or (kind not in "*" and not ident[1:]):
        bad(f"expected an id (T1, R1, E1, A1...), a tab and an annotation, got {short(ident)}")
    if kind != "*":
        if ident in state.seen:
            bad(f"{ident} is defined twice")
        state.seen.add(ident)
    if kind == "T":
        type_and_offsets, _, covered = rest.partition("\t")
        label, _, offsets = type_and_offsets.partition(" ")
        state.spans[ident] = _span(draft, ident, label, offsets, covered or None, shift)
    elif kind == "E":
        _event(draft, state, ident, rest)
    elif kind == "R":
        fields = rest.split()
        if len(fields) != 3:
            bad(f"{ident}: expected ROLE Arg1:T1 Arg2:T2, got {short(rest)}")
        head = _target(state, fields[1].partition(":")[2], ident)
        child = _target(state, fields[2].partition(":")[2], ident)
        draft.relation(fields[0], head, child, where=ident)
        state.relations.add(ident)
    elif kind == "*":
        fields = rest.split()
        if len(fields) < 3:
            bad(f"{ident}: expected TYPE T1 T2..., got {short(rest)}")
        members = [_target(state, ref, ident) for ref in fields[1:]]
        for head, child in itertools.pairwise(members):
            draft.relation(fields[0], head, child, where=f"{ident} {fields[0]}")
    elif kind == "N":
        _normalization(draft, state, ident, rest)
    elif kind == "#":
        _note(draft, state, ident, rest)
    else:
        _attribute(draft, state, ident, rest)


def _event(draft: Draft, state: _Ann, ident: str, rest: str) -> None:
    """An event: its trigger span, or a span of its own when another event took it."""
    args = rest.split()
    if not args:
        bad(f"{ident}: an event needs a TYPE:TRIGGER")
    label, _, trigger_id = args[0].partition(":")
    trigger = state.spans.get(trigger_id)
    if trigger is None:
        bad(f"{ident}: {short(trigger_id)} is not a span of this file")
    if trigger_id not in state.used_triggers and label == trigger.label:
        state.used_triggers.add(trigger_id)
        state.triggers[ident] = trigger
        return
    own = draft.span(trigger.start, trigger.end, label or trigger.label, where=ident, key=ident)
    state.triggers[ident] = own


def _event_arguments(draft: Draft, state: _Ann, ident: str, rest: str) -> None:
    """Each `ROLE:ID` of an event: a relation from the event's span to the argument."""
    head = state.triggers[ident]
    for arg in rest.split()[1:]:
        role, _, target = arg.partition(":")
        draft.relation(role, head, _target(state, target, ident), where=ident)


def _attribute(draft: Draft, state: _Ann, ident: str, rest: str) -> None:
    fields = rest.split(" ", 2)
    if len(fields) < 2:
        bad(f"{ident}: expected NAME TARGET [VALUE], got {short(rest)}")
    name, target = fields[0], fields[1]
    span = _annotated(state, ident, target, "relation attribute")
    if span is None:
        return
    if name in span.attrs:
        bad(f"{ident}: attribute {name} of {target} is set twice")
    value: str | bool = fields[2] if len(fields) == 3 else True  # a binary attribute
    if name == UNSURE and value is True:
        changed = span.with_changes(unsure=True)
    else:
        changed = span.with_changes(attrs={**span.attrs, name: value})
    _replace(draft, state, ident, span, changed)


def _note(draft: Draft, state: _Ann, ident: str, rest: str) -> None:
    """`#1 AnnotatorNotes T1<tab>text`: the span's note (notes of other kinds are reported)."""
    head, _, note = rest.partition("\t")
    fields = head.split()
    if len(fields) != 2:
        bad(f"{ident}: expected TYPE TARGET<tab>NOTE, got {short(rest)}")
    name, target = fields
    span = _annotated(state, ident, target, "relation note", f"{ident} on {target}: {note}")
    if span is None:
        return
    if name != NOTES:
        lose(state.losses, state.source, None, "note", f"{ident}: a {name} note on {target}")
        return
    if span.note:
        lose(state.losses, state.source, None, "note", f"{ident}: {target} has a note already")
        return
    _replace(draft, state, ident, span, span.with_changes(note=note.strip()))


def _normalization(draft: Draft, state: _Ann, ident: str, rest: str) -> None:
    """`N1 Reference T1 DB:ID<tab>name`: the span links to actor `DB:ID` of that name."""
    head, _, name = rest.partition("\t")
    fields = head.split()
    if len(fields) != 3:
        bad(f"{ident}: expected TYPE TARGET DB:ID<tab>NAME, got {short(rest)}")
    _, target, reference = fields
    span = _annotated(state, ident, target, "normalization")
    if span is None:
        return
    if span.actor_id is not None:
        lose(state.losses, state.source, None, "normalization", f"{ident}: {target} has one")
        return
    try:
        actor = Actor(reference, name.strip() or reference)
    except DomainError as exc:
        bad(f"{ident}: {exc}")
    state.actors.setdefault(reference, actor)
    _replace(draft, state, ident, span, span.with_changes(actor_id=reference))


def _annotated(state: _Ann, ident: str, target: str, kind: str, detail: str = "") -> Span | None:
    """The span `target` names; None, the loss reported as `kind`, when it names a relation."""
    if state.find(target) is None and target in state.relations:
        lose(state.losses, state.source, None, kind, detail or f"{ident} on {target}")
        return None
    return _target(state, target, ident)


def _replace(draft: Draft, state: _Ann, ident: str, old: Span, new: Span) -> None:
    """Put `new` in place of `old` in the draft and in what the file defined so far."""
    draft.replace_span(old, new, ident)
    state.update(old, new)


def _target(state: _Ann, ref: str, ident: str) -> Span:
    span = state.find(ref)
    if span is None:
        bad(f"{ident}: {short(ref)} is not a span of this file")
    return span


def _span(
    draft: Draft, ident: str, label: str, offsets: str, covered: str | None, shift: int
) -> Span:
    fragments = []
    for piece in offsets.split(";"):
        bounds = piece.split()
        if len(bounds) != 2 or not all(b.isdigit() and b.isascii() for b in bounds):
            bad(f"{ident}: expected LABEL START END[;START END], got {short(label)} {offsets}")
        fragments.append((int(bounds[0]) - shift, int(bounds[1]) - shift))
    fragments.sort()
    text = draft.document.text
    if len(fragments) > 1:
        for (_, end), (start, _) in itertools.pairwise(fragments):
            if start < end:
                bad(f"{ident}: the fragments of {offsets} overlap")
            if start > end and not text[end:start].isspace():
                bad(
                    f"{ident}: discontinuous span {offsets} is not supported"
                    f" (the gap at {end}-{start} is not whitespace)"
                )
        joined = " ".join(text[a:b] for a, b in fragments)
        if covered is not None and covered != joined:
            bad(
                f"{ident}: text mismatch: the span says {short(covered)}, the document has"
                f" {short(joined)}"
            )
        covered = None
    start, end = fragments[0][0], fragments[-1][1]
    return draft.span(start, end, label, where=ident, text=covered)
