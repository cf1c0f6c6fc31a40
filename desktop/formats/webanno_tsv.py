"""WebAnno TSV 3 (INCEpTION and WebAnno's tab-separated export), read only.

The header names the layers: `#T_SP=type|feature...` span layers, `#T_RL=type|feature...|
BT_attached` relation layers, `#T_CH=` chains. Each sentence has `#Text=` lines (several
when the sentence holds line breaks), then one row per token: `sentence-token`, `begin-end`
in UTF-16 units, the token, and one column per feature. `_` is empty, `*` an annotation
without a value, `NE[3]` a part of the multi-token annotation 3, `A|B` stacked ones.

Each span layer annotation is a span: the label is its `value` feature (else its first
feature with a value, else the layer's short name), other features are attributes. A
relation row `1-1[3_4]` links annotation 3 (on token 1-1) to annotation 4 (on this
token). Chains are reported as not carried. TSV keeps no whitespace between sentences: the
gaps are filled with spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.domain import AnnotatedDocument, Schema, Span
from desktop.formats.builder import REFUSED, FileBuilder, refusal
from desktop.formats.errors import FormatError, keep_or_raise
from desktop.formats.losses import Losses, lose

NAME = "webanno"
EXTENSIONS = (".tsv",)
_PART = re.compile(r"^(.*?)(?:\[(\d+)(?:_(\d+))?\])?$", re.S)
_REF = re.compile(r"^(\d+-\d+(?:\.\d+)?)(?:\[(\d+)_(\d+)\])?$")
_UNESCAPE = re.compile(r"\\([\\|\[\]_*>;\t\n])")


@dataclass
class _Layer:
    kind: str  # SP, RL or CH
    type_name: str
    features: list[str]
    attached: str = ""

    @property
    def short(self) -> str:
        return self.type_name.rsplit(".", 1)[-1]

    @property
    def width(self) -> int:
        return max(1, len(self.features)) + (1 if self.kind == "RL" else 0)


@dataclass
class _Annotation:
    layer: str
    begin: int
    end: int
    features: dict[str, str] = field(default_factory=dict)


def read_path(
    path: Path,
    *,
    default_layer: str | None = None,
    schema: Schema | None = None,
    errors: list[FormatError] | None = None,
    losses: Losses | None = None,
) -> Iterator[AnnotatedDocument]:
    """One record per `.tsv` file (or per file of a folder)."""
    path = Path(path)
    files = sorted(path.rglob("*.tsv")) if path.is_dir() else [path]
    builder = FileBuilder(str(path), schema, losses)
    for file in files:
        try:
            yield _read_file(builder, file, default_layer, losses)
        except FormatError as exc:
            keep_or_raise(exc, errors)


def _unescape(value: str) -> str:
    return _UNESCAPE.sub(r"\1", value)


def _split(value: str) -> list[str]:
    """Stacked values, split on `|` not escaped."""
    return [part for part in re.split(r"(?<!\\)\|", value)]


def _read_file(
    builder: FileBuilder, file: Path, default_layer: str | None, losses: Losses | None
) -> AnnotatedDocument:
    try:
        lines = file.read_text("utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(file, None, f"cannot read as UTF-8 ({exc})") from None
    if not lines or not lines[0].startswith("#FORMAT=WebAnno TSV 3"):
        raise FormatError(file, 1, "not WebAnno TSV 3 (no #FORMAT=WebAnno TSV 3 header)")
    layers: list[_Layer] = []
    sentences: list[tuple[list[str], list[tuple[int, list[str]]]]] = []
    for number, raw in enumerate(lines, 1):
        line = raw.removesuffix("\r")
        if line.startswith("#T_"):
            kind, _, spec = line[3:].partition("=")
            type_name, *names = spec.split("|")
            attached = ""
            if kind == "RL" and names and names[-1].startswith("BT_"):
                attached = names.pop()[3:]
            layers.append(_Layer(kind, type_name, names, attached))
        elif line.startswith("#Text="):
            if sentences and not sentences[-1][1]:
                sentences[-1][0].append(line[6:])
            else:
                sentences.append(([line[6:]], []))
        elif line and not line.startswith("#"):
            if not sentences:
                raise FormatError(file, number, "a token row before any #Text line")
            sentences[-1][1].append((number, line.split("\t")))
    text, to_points = _text(sentences, file)
    for layer in layers:
        if layer.kind == "CH":
            lose(losses, file, None, "chain layer", layer.type_name)
    annotations: dict[tuple[str, str], _Annotation] = {}
    rows: dict[str, tuple[int, int]] = {}
    relations: list[tuple[_Layer, str, str, dict[str, str], int]] = []
    for _, tokens in sentences:
        for number, columns in tokens:
            token_id, offsets = columns[0], columns[1]
            begin, _, end = offsets.partition("-")
            try:
                span_range = (to_points[int(begin)], to_points[int(end)])
            except (ValueError, KeyError):
                raise FormatError(file, number, f"bad offsets {offsets!r}") from None
            rows[token_id] = span_range
            cursor = 3
            for layer in layers:
                cells = columns[cursor : cursor + layer.width]
                cursor += layer.width
                if layer.kind == "SP":
                    _span_cells(layer, cells, token_id, span_range, annotations)
                elif layer.kind == "RL":
                    _relation_cells(layer, cells, token_id, relations, number)
    try:
        document = builder.document(text, None, file.stem, {"source": file.name})
        draft = builder.draft(document, default_layer)
        spans: dict[tuple[str, str], Span] = {}
        for key, annotation in annotations.items():
            if annotation.begin >= annotation.end:
                lose(losses, file, None, "empty annotation", f"{annotation.layer} {key[1]}")
                continue
            features = dict(annotation.features)
            label_key = "value" if "value" in features else next(iter(features), None)
            label = features.pop(label_key) if label_key else annotation.layer.rsplit(".", 1)[-1]
            where = f"{annotation.layer.rsplit('.', 1)[-1]} {key[1]}"
            spans[key] = draft.span(
                annotation.begin, annotation.end, label, where=where, attrs=features
            )
        for layer, governor, dependent, features, number in relations:
            head, child = (
                spans.get((layer.attached, governor)),
                spans.get((layer.attached, dependent)),
            )
            if head is None or child is None:
                lose(losses, file, number, f"{layer.short} relation", "an end is not a span read")
                continue
            label = features.get("value") or next(iter(features.values()), None) or layer.short
            draft.relation(label, head, child, where=f"{layer.short} line {number}")
        return builder.finish(draft, line=1, place=str(file), source=str(file))
    except REFUSED as exc:
        raise refusal(str(file), None, exc) from None


def _text(
    sentences: list[tuple[list[str], list[tuple[int, list[str]]]]], file: Path
) -> tuple[str, dict[int, int]]:
    """The document text rebuilt from the sentences, and UTF-16 offset -> code point."""
    pieces: list[str] = []
    units = 0
    for texts, tokens in sentences:
        sentence = _unescape("\n".join(texts))
        if tokens:
            number, first = tokens[0]
            begin = int(first[1].partition("-")[0])
            inside = sentence.find(first[2]) if len(first) > 2 else 0
            start = begin - _utf16(sentence[: max(inside, 0)])
            if start < units:
                raise FormatError(file, number, "sentences overlap")
            pieces.append(" " * (start - units))
            units = start
        pieces.append(sentence)
        units += _utf16(sentence)
    text = "".join(pieces)
    to_points: dict[int, int] = {}
    unit = 0
    for index, char in enumerate(text):
        to_points[unit] = index
        unit += 2 if ord(char) > 0xFFFF else 1
    to_points[unit] = len(text)
    return text, to_points


def _utf16(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _span_cells(
    layer: _Layer,
    cells: list[str],
    token_id: str,
    span_range: tuple[int, int],
    annotations: dict[tuple[str, str], _Annotation],
) -> None:
    names = layer.features or [""]
    for name, cell in zip(names, cells, strict=False):
        if cell in ("_", ""):
            continue
        for index, part in enumerate(_split(cell)):
            found = _PART.match(part)
            assert found is not None
            value, ident = found.group(1), found.group(2)
            key = (layer.type_name, ident if ident else f"{token_id}#{index}")
            annotation = annotations.get(key)
            if annotation is None:
                annotation = _Annotation(layer.type_name, *span_range)
                annotations[key] = annotation
            annotation.begin = min(annotation.begin, span_range[0])
            annotation.end = max(annotation.end, span_range[1])
            if name and value not in ("*", "_", ""):
                annotation.features[name] = _unescape(value)


def _relation_cells(
    layer: _Layer,
    cells: list[str],
    token_id: str,
    relations: list[tuple[_Layer, str, str, dict[str, str], int]],
    number: int,
) -> None:
    if len(cells) < layer.width or cells[-1] in ("_", ""):
        return
    refs = _split(cells[-1])
    values = [_split(cell) for cell in cells[:-1]]
    for index, ref in enumerate(refs):
        found = _REF.match(ref)
        if found is None:
            continue
        governor_token, governor_id, dependent_id = found.groups()
        governor = governor_id if governor_id and governor_id != "0" else f"{governor_token}#0"
        dependent = dependent_id if dependent_id and dependent_id != "0" else f"{token_id}#0"
        features: dict[str, Any] = {}
        for name, column in zip(layer.features, values, strict=False):
            value = column[index] if index < len(column) else "_"
            if value not in ("*", "_", ""):
                features[name] = _unescape(value)
        relations.append((layer, governor, dependent, features, number))
