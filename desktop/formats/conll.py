"""CoNLL BIO: a token and its tag a line, a blank line after each sentence, documents marked.

Reading. Columns are split on tabs (else on spaces): the first is the token, the last the
tag, `O`, `B-L`, `I-L` or BIOES's `E-L`/`S-L`; an `I-L` that continues no `L` span opens one
(IOB1, as in CoNLL-2003). A document starts at `-DOCSTART-` or at `# doc_id = ID`; without
either the file is one document. `# text = "..."` (a JSON string) restores the exact text:
the tokens are found in it in order, with only whitespace between them. Without it, tokens
are joined by single spaces and sentences by "\\n". `# layer = NAME` names the layer, else
`default_layer`. Other lines starting with `#` and holding no tab are comments, including a
`# text =` not followed by a JSON string (CoNLL-U's raw sentence text).

Writing. Each record gets `# doc_id`, `# layer` and `# text`, then its tokens: runs of
non-whitespace cut at span boundaries, so every span is whole tokens (and loses surrounding
whitespace); a sentence ends at a line break outside a span. BIO cannot hold overlapping
spans: the writer keeps the outermost (longest first, then earliest) and appends the others,
and spans of whitespace only, to `dropped` when a list is given. Relations, attributes,
titles and meta are not written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from desktop.domain import AnnotatedDocument, Schema, Span
from desktop.formats.builder import (
    REFUSED,
    Draft,
    FileBuilder,
    stream_name,
)
from desktop.formats.errors import FormatError, keep_or_raise
from desktop.formats.files import read_from_path, without_bom, write_file
from desktop.formats.losses import Losses
from desktop.formats.records import Bad, bad, short

NAME = "conll"
EXTENSIONS = (".conll", ".bio", ".iob", ".bioes", ".bmes", ".conllu")
DOCSTART = "-DOCSTART-"
_COMMENT = re.compile(r"#\s*(doc_id|layer|text)\s*=\s?(.*)")
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


@dataclass
class _Chunk:
    """The lines of one document, kept raw until the document ends."""

    line: int
    doc_id: str | None = None
    layer: str | None = None
    text: str | None = None
    rows: list[tuple[int, str, str] | None] = field(default_factory=list)
    problem: FormatError | None = None

    def has_tokens(self) -> bool:
        return any(row is not None for row in self.rows)

    def refuse(self, error: FormatError) -> None:
        self.problem = self.problem or error


def read(
    stream: BinaryIO,
    *,
    source: str = "<stream>",
    default_layer: str | None = None,
    schema: Schema | None = None,
    errors: list[FormatError] | None = None,
    losses: Losses | None = None,
    column: int | None = None,
) -> Iterator[AnnotatedDocument]:
    """One record per document; a bad document raises unless `errors` collects it.

    `column` (1-based) picks the tag column, default the last. Tokens numbered in the first
    column (GermEval) are read from the second. Columns neither token nor tag are reported
    once to `losses`. CoNLL-U is refused: it holds no BIO tags.
    """
    if source.lower().endswith(".conllu"):
        raise FormatError(source, None, _CONLLU)
    if column is not None and column < 1:
        raise FormatError(source, None, f"--column must be 1 or more, got {column}")
    builder = FileBuilder(source, schema, losses)
    layout = _Layout(column)
    for chunk in _chunks(stream, source, layout):
        try:
            record = _record(builder, chunk, default_layer)
        except FormatError as exc:
            keep_or_raise(exc, errors)
            continue
        if record is not None:
            yield record
    if layout.dropped_columns and losses is not None:
        listed = ", ".join(str(c) for c in sorted(layout.dropped_columns))
        losses.lose(source, None, "column", f"column(s) {listed} not read (tags: {layout.tags})")


_CONLLU = (
    "this is CoNLL-U (numbered tokens in 10 columns): it holds no BIO tags, so it is not"
    " read as CoNLL"
)
_TAG = re.compile(r"O|[BIES]-\S+|[UL]-\S+")


class _Layout:
    """Which columns hold the token and the tag, learnt from the first token line."""

    def __init__(self, column: int | None) -> None:
        self.column = column
        self.token = 0
        self.tags = "last"
        self.known = False
        self.dropped_columns: set[int] = set()

    def learn(self, columns: list[str], source: str, number: int) -> None:
        if self.known:
            return
        self.known = True
        if len(columns) == 10 and columns[0].isdigit() and columns[0] != "0":
            raise FormatError(source, number, _CONLLU)
        if len(columns) > 2 and columns[0].isdigit():
            self.token = 1
        if self.column is not None:
            if self.column > len(columns):
                raise FormatError(
                    source, number, f"--column {self.column}: the line has {len(columns)} columns"
                )
            self.tags = str(self.column)
        tag_index = (self.column or len(columns)) - 1
        self.dropped_columns = {
            index + 1
            for index in range(len(columns))
            if index not in (self.token, tag_index) and not (self.token == 1 and index == 0)
        }

    def row(self, columns: list[str]) -> tuple[str, str]:
        tag = columns[self.column - 1] if self.column is not None else columns[-1]
        return columns[self.token], tag


def read_path(path: Path, **options: Any) -> Iterator[AnnotatedDocument]:
    """`read` over a file, naming it in errors (options: default_layer, schema, errors)."""
    return read_from_path(read, path, **options)


def _chunks(stream: BinaryIO, source: str, layout: _Layout) -> Iterator[_Chunk]:
    chunk = _Chunk(1)
    for number, raw in enumerate(stream, 1):
        if number == 1:
            raw = without_bom(raw)
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            chunk.refuse(FormatError(source, number, f"not UTF-8 (invalid byte at {exc.start})"))
            continue
        if not line.strip():
            if chunk.rows and chunk.rows[-1] is not None:
                chunk.rows.append(None)
            continue
        if line.startswith("#") and "\t" not in line:
            found = _COMMENT.fullmatch(line)
            if found is None:
                continue
            key, value = found.groups()
            if key == "text" and not value.startswith('"'):
                continue  # CoNLL-U's raw sentence text: a plain comment here
            if chunk.has_tokens() or getattr(chunk, key) is not None:
                yield chunk
                chunk = _Chunk(number)
            if key == "text":
                value = _json_text(value, chunk, source, number)
            setattr(chunk, key, value.strip() if key != "text" else value)
            continue
        columns = line.split("\t") if "\t" in line else line.split()
        if line.startswith("#") and not _TAG.fullmatch(columns[-1].strip()):
            continue  # a comment holding tabs (GermEval's source line)
        if columns[0] == DOCSTART:
            if chunk.has_tokens():
                yield chunk
                chunk = _Chunk(number)
            continue
        if len(columns) < 2 or not columns[0]:
            reason = f"expected a token and a tag separated by a tab, got {short(line)}"
            chunk.refuse(FormatError(source, number, reason))
            continue
        if len(columns) > 2 or layout.column is not None:
            layout.learn(columns, source, number)
            if len(columns) < max(layout.column or 0, layout.token + 1):
                reason = f"expected {layout.column} columns, got {short(line)}"
                chunk.refuse(FormatError(source, number, reason))
                continue
            token, tag = layout.row(columns)
        else:
            token, tag = columns[0], columns[-1]
        chunk.rows.append((number, token, tag.strip()))
    yield chunk


def _json_text(value: str, chunk: _Chunk, source: str, number: int) -> str:
    try:
        text = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        text = exc
    if type(text) is not str:
        reason = f"# text must be a JSON string, got {short(value)}"
        chunk.refuse(FormatError(source, number, reason))
        return ""
    return text


def _record(
    builder: FileBuilder, chunk: _Chunk, default_layer: str | None
) -> AnnotatedDocument | None:
    if chunk.problem is not None:
        raise chunk.problem
    if not chunk.has_tokens() and not chunk.text:
        return None
    source = builder.source
    rows = chunk.rows
    try:
        text = chunk.text if chunk.text is not None else _joined(rows)
        offsets = _offsets(rows, text)
        document = builder.document(text, chunk.doc_id)
        draft = builder.draft(document, chunk.layer or default_layer)
    except _TokenProblem as exc:
        raise FormatError(source, exc.line, exc.reason) from None
    except REFUSED as exc:
        raise FormatError(source, chunk.line, str(exc)) from None
    _spans(draft, rows, offsets, source)
    try:
        return builder.finish(draft, line=chunk.line)
    except REFUSED as exc:
        raise FormatError(source, chunk.line, str(exc)) from None


class _TokenProblem(Exception):
    def __init__(self, line: int, reason: str) -> None:
        self.line = line
        self.reason = reason


def _joined(rows: list[tuple[int, str, str] | None]) -> str:
    sentences: list[list[str]] = [[]]
    for row in rows:
        if row is None:
            sentences.append([])
        else:
            sentences[-1].append(row[1])
    return "\n".join(" ".join(tokens) for tokens in sentences if tokens)


def _offsets(rows: list[tuple[int, str, str] | None], text: str) -> list[tuple[int, int]]:
    """Where each token is in `text`: next in order, after whitespace only."""
    found = []
    cursor = 0
    size = len(text)
    for row in rows:
        if row is None:
            continue
        number, token, _ = row
        while cursor < size and text[cursor].isspace():
            cursor += 1
        if not text.startswith(token, cursor):
            ahead = text[cursor : cursor + len(token)]
            reason = f"token {short(token)} is not next in # text (found {short(ahead)})"
            raise _TokenProblem(number, reason)
        found.append((cursor, cursor + len(token)))
        cursor += len(token)
    rest = text[cursor:]
    if rest and not rest.isspace():
        line = next((row[0] for row in reversed(rows) if row is not None), 0)
        raise _TokenProblem(line, f"# text goes on after the last token: {short(rest.strip())}")
    return found


def _spans(
    draft: Draft,
    rows: list[tuple[int, str, str] | None],
    offsets: list[tuple[int, int]],
    source: str,
) -> None:
    """Add the spans the tags describe."""
    current: tuple[str, int, int, int] | None = None  # label, start, end, line of B-

    def close() -> None:
        nonlocal current
        if current is not None:
            label, start, end, line = current
            current = None
            try:
                draft.span(start, end, label, where=f"{label} span")
            except REFUSED as exc:
                raise FormatError(source, line, str(exc)) from None

    index = 0
    for row in rows:
        if row is None:
            close()
            continue
        number, _, tag = row
        start, end = offsets[index]
        index += 1
        if tag == "O":
            close()
            continue
        prefix, dash, label = tag.partition("-")
        if not dash or prefix not in ("B", "I", "E", "S") or not label:
            raise FormatError(source, number, f"tag {short(tag)} is not O, B-, I-, E- or S-LABEL")
        if prefix in ("I", "E") and current is not None and current[0] == label:
            current = (label, current[1], end, current[3])
        else:
            close()
            current = (label, start, end, number)
        if prefix in ("E", "S"):
            close()
    close()


# --- writing ---------------------------------------------------------------


def write(
    stream: BinaryIO, records: Iterable[AnnotatedDocument], *, dropped: list[Span] | None = None
) -> int:
    """Write every record; spans BIO cannot hold go to `dropped`. Returns the records written."""
    count = 0
    for record in records:
        try:
            stream.write(_document_lines(record, dropped).encode("utf-8"))
        except Bad as exc:
            doc_id = record.document.id
            raise FormatError(stream_name(stream), None, f"document {doc_id!r}: {exc}") from None
        count += 1
    return count


def write_path(
    path: Path, records: Iterable[AnnotatedDocument], *, dropped: list[Span] | None = None
) -> int:
    """`write` into a file that appears only once complete."""
    return write_file(path, records, lambda stream, items: write(stream, items, dropped=dropped))


def outermost(spans: Iterable[Span]) -> tuple[list[Span], list[Span]]:
    """(kept, dropped): the longest spans first, then the earliest, skipping any overlap."""
    kept: list[Span] = []
    dropped: list[Span] = []
    for span in sorted(spans, key=lambda span: (-span.length, span.start)):
        (dropped if any(span.overlaps(other) for other in kept) else kept).append(span)
    return kept, dropped


def _document_lines(record: AnnotatedDocument, dropped: list[Span] | None) -> str:
    document = record.document
    text = document.text
    if _BREAKS.intersection(document.id):
        bad("the document id holds a line break")
    kept, left_out = outermost(record.spans)
    kept = sorted(kept, key=lambda span: span.start)
    tokens = _tokens(text, {cut for span in kept for cut in (span.start, span.end)})
    tags: list[str] = []
    spans = iter(kept)
    span = next(spans, None)
    covered: set[str] = set()
    for start, _ in tokens:
        while span is not None and span.end <= start:
            span = next(spans, None)
        if span is None or start < span.start:
            tags.append("O")
        else:
            tags.append(f"{'I' if span.id in covered else 'B'}-{span.label}")
            covered.add(span.id)
    left_out += [span for span in kept if span.id not in covered]
    if dropped is not None:
        dropped.extend(sorted(left_out, key=lambda span: (span.start, span.end)))
    lines = [f"{DOCSTART}\tO", "", f"# doc_id = {document.id}"]
    if record.layer is not None:
        lines.append(f"# layer = {record.layer}")
    lines.append(f"# text = {orjson.dumps(text).decode()}")
    previous = 0
    for (start, end), tag in zip(tokens, tags, strict=True):
        if previous and tag[0] != "I" and _BREAKS.intersection(text[previous:start]):
            lines.append("")
        token = text[start:end]
        if token == DOCSTART:
            bad(f"the text holds {DOCSTART}, which CoNLL reserves for document breaks")
        lines.append(f"{token}\t{tag}")
        previous = end
    return "\n".join(lines) + "\n\n"


def _tokens(text: str, cuts: set[int]) -> list[tuple[int, int]]:
    """Runs of non-whitespace in `text`, also cut at each offset in `cuts`."""
    tokens = []
    start = None
    for index, char in enumerate(text):
        if char.isspace():
            if start is not None:
                tokens.append((start, index))
                start = None
        elif start is None:
            start = index
        elif index in cuts:
            tokens.append((start, index))
            start = index
    if start is not None:
        tokens.append((start, len(text)))
    return tokens
