"""spaCy DocBin (`.spacy`), with the optional extra `pip install -e ".[spacy]"`.

Writing. One `Doc` per record, tokenized so that every span boundary is a token boundary
and `doc.text` is the exact text (runs of other whitespace become whitespace tokens, as
spaCy's own tokenizer makes them). Every span is in `doc.spans["sc"]`; spans that overlap
no other are also `doc.ents`. The Gloss ids, layer, title, meta, attributes, actor links
and relations ride in `doc.user_data["gloss"]`, so a Gloss DocBin reads back whole.

Reading. Every span group and the entities (once each) become spans; `user_data["gloss"]`,
when present, restores the rest. A span that does not fit its text is refused.
"""

from __future__ import annotations

import bisect
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from desktop.domain import Actor, AnnotatedDocument, Schema, Span
from desktop.formats.builder import REFUSED, FileBuilder, refusal
from desktop.formats.errors import FormatError, keep_or_raise
from desktop.formats.files import new_folder_beside, put_in_place, write_file
from desktop.formats.losses import Losses, lose

NAME = "spacy"
#: The token attributes written (spaCy adds SPACY, the whitespace, itself).
DOC_ATTRS = ["ORTH", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID"]
EXTENSIONS = (".spacy",)
_RUNS = re.compile(r"\s+|\S+")
INSTALL = 'spaCy is not installed; install the extra: pip install -e ".[spacy]"'


def _spacy(where: object) -> Any:
    try:
        import spacy
        from spacy.tokens import Doc, DocBin
        from spacy.vocab import Vocab
    except ImportError:
        raise FormatError(where, None, INSTALL) from None
    return spacy, Doc, DocBin, Vocab


def available() -> bool:
    """True when spaCy can be imported."""
    try:
        _spacy("spacy")
    except FormatError:
        return False
    return True


# --- writing ---------------------------------------------------------------


def words(text: str, cuts: set[int]) -> tuple[list[str], list[bool]]:
    """spaCy words and trailing-space flags whose join is exactly `text`, cut at `cuts`."""
    ordered = sorted(cuts)
    pieces: list[tuple[int, int]] = []
    for run in _RUNS.finditer(text):
        begin, end = run.span()
        index = bisect.bisect_right(ordered, begin)
        while index < len(ordered) and ordered[index] < end:
            pieces.append((begin, ordered[index]))
            begin = ordered[index]
            index += 1
        pieces.append((begin, end))
    out: list[str] = []
    spaces: list[bool] = []
    for begin, end in pieces:
        piece = text[begin:end]
        trailing = out and not spaces[-1] and not out[-1].isspace()
        if trailing and piece.isspace() and piece[0] == " " and begin not in cuts:
            spaces[-1] = True
            piece = piece[1:]
            if not piece:
                continue
        out.append(piece)
        spaces.append(False)
    return out, spaces


#: Past this many tokens an export becomes a folder of DocBins, `part-00001.spacy` and on,
#: which spaCy reads as one corpus (`spacy train` takes a folder): a DocBin holds ~50
#: bytes a token and its serialization needs three times that at once, so 100,000
#: articles in one file took 6 GB. A smaller export stays one file.
SHARD_TOKENS = 1_000_000
_PART = re.compile(r"part-\d+\.spacy")


def _write_chunks(stream: BinaryIO, chunks: Iterable[bytes]) -> int:
    return len([stream.write(chunk) for chunk in chunks])


def write(
    path: Path | str, records: Iterable[AnnotatedDocument], *, losses: Losses | None = None
) -> int:
    """Write a DocBin file (a folder of them past SHARD_TOKENS); return the records written."""
    path = Path(path)
    _, Doc, DocBin, Vocab = _spacy(path)
    shards = _Shards(path, DocBin, Vocab)
    try:
        for record in records:
            shards.add(_doc(record, shards.vocab, Doc, path, losses))
        return shards.finish()
    except BaseException:
        shards.abandon()
        raise


def _doc(record: AnnotatedDocument, vocab: Any, Doc: Any, path: Path, losses: Losses | None) -> Any:
    """The Doc of one record: spans in `doc.spans["sc"]`, those overlapping none as ents."""
    document = record.document
    cuts = {cut for span in record.spans for cut in (span.start, span.end)}
    token_words, spaces = words(document.text, cuts)
    doc = Doc(vocab, words=token_words, spaces=spaces)
    if doc.text != document.text:
        raise FormatError(path, None, f"document {document.id!r}: the tokens lose text")
    spans = []
    for span in record.spans:
        made = doc.char_span(span.start, span.end, label=span.label, alignment_mode="strict")
        if made is None:
            lose(losses, NAME, None, "unaligned span", f"{document.id}: {span.start}-{span.end}")
            continue
        spans.append((span, made))
    doc.spans["sc"] = [made for _, made in spans]
    doc.ents = [made for span, made in _alone(spans)]
    doc.user_data["gloss"] = _user_data(record)
    return doc


def _alone(spans: list[tuple[Span, Any]]) -> list[tuple[Span, Any]]:
    """The spans overlapping no other, in their order (one sweep by start, not every pair)."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0].start, spans[i][0].end))
    alone: list[int] = []
    reach = -1  # the furthest end of the spans before, in start order
    for rank, i in enumerate(order):
        span = spans[i][0]
        after = spans[order[rank + 1]][0].start if rank + 1 < len(order) else None
        if span.start >= reach and (after is None or after >= span.end):
            alone.append(i)
        reach = max(reach, span.end)
    return [spans[i] for i in sorted(alone)]


class _Shards:
    """The DocBin being filled and, once an export outgrows one, the folder of parts."""

    def __init__(self, path: Path, DocBin: Any, Vocab: Any) -> None:
        if path.is_dir() and any(not _PART.fullmatch(p.name) for p in path.iterdir()):
            raise FormatError(path, None, "is a folder that is not a Gloss spaCy export")
        self.path = path
        self._DocBin, self._Vocab = DocBin, Vocab
        self.vocab = Vocab()
        self.bin = self._new_bin()
        self.tokens = self.count = self.parts = 0
        self.folder: Path | None = None

    def _new_bin(self) -> Any:
        # Only the token attributes a Gloss document sets (a blank tokenizer, entities):
        # the default dozen (tags, lemmas, heads...) are all empty here.
        return self._DocBin(attrs=DOC_ATTRS, store_user_data=True)

    def add(self, doc: Any) -> None:
        self.bin.add(doc)
        self.tokens += len(doc)
        self.count += 1
        if self.tokens >= SHARD_TOKENS:
            self._flush()

    def _flush(self) -> None:
        if self.folder is None:
            self.folder = new_folder_beside(self.path)
        self.parts += 1
        part = self.folder / f"part-{self.parts:05d}.spacy"
        try:
            part.write_bytes(self.bin.to_bytes())
        except OSError as exc:
            raise FormatError(self.path, None, f"cannot write ({exc.strerror})") from None
        self.vocab = self._Vocab()  # each part keeps its own strings: nothing piles up
        self.bin = self._new_bin()
        self.tokens = 0

    def finish(self) -> int:
        if self.folder is None:
            target = self.path
            if target.is_dir():  # an earlier, larger export's parts: replaced whole
                target = new_folder_beside(self.path) / self.path.name
            write_file(target, [self.bin.to_bytes()], _write_chunks)
            if target != self.path:
                put_in_place(target, self.path)
                shutil.rmtree(target.parent, ignore_errors=True)
        else:
            if len(self.bin):
                self._flush()
            put_in_place(self.folder, self.path)
            self.folder = None
        return self.count

    def abandon(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def _user_data(record: AnnotatedDocument) -> dict[str, Any]:
    document = record.document
    return {
        "id": document.id,
        "title": document.title,
        "meta": document.meta,
        "layer": record.layer,
        "status": record.status,
        "spans": [
            [s.id, s.start, s.end, s.label, s.attrs, s.actor_id, s.note, s.unsure]
            for s in record.spans
        ],
        "relations": [[r.id, r.label, r.head_id, r.child_id] for r in record.relations],
        "actors": [[a.id, a.name, a.kind, list(a.aliases)] for a in record.actors],
    }


# --- reading ---------------------------------------------------------------


def read_path(
    path: Path,
    *,
    default_layer: str | None = None,
    schema: Schema | None = None,
    errors: list[FormatError] | None = None,
    losses: Losses | None = None,
) -> Iterator[AnnotatedDocument]:
    """One record per Doc of the DocBin (of each `.spacy` part, for a folder)."""
    path = Path(path)
    _, _, DocBin, Vocab = _spacy(path)
    files = sorted(path.glob("*.spacy")) if path.is_dir() else [path]
    builder = FileBuilder(str(path), schema, losses)  # one for the parts: ids stay unique
    number = 0
    for file in files:
        try:
            docs = list(DocBin().from_bytes(file.read_bytes()).get_docs(Vocab()))
        except OSError as exc:
            raise FormatError(file, None, f"cannot read ({exc.strerror})") from None
        except Exception as exc:  # srsly/msgpack errors: not a DocBin
            raise FormatError(file, None, f"not a spaCy DocBin ({exc})") from None
        for doc in docs:
            number += 1
            try:
                yield _record(builder, doc, number, default_layer)
            except REFUSED as exc:
                keep_or_raise(refusal(str(file), None, exc, f"doc {number}"), errors)


def _record(
    builder: FileBuilder, doc: Any, number: int, default_layer: str | None
) -> AnnotatedDocument:
    gloss = doc.user_data.get("gloss") if isinstance(doc.user_data, dict) else None
    if isinstance(gloss, dict):
        return _gloss_record(builder, doc, gloss, number)
    found: dict[tuple[int, int, str], None] = {}
    for group in doc.spans.values():
        for span in group:
            found[(span.start_char, span.end_char, span.label_)] = None
    for span in doc.ents:
        found[(span.start_char, span.end_char, span.label_)] = None
    document = builder.document(doc.text)
    draft = builder.draft(document, default_layer if found else None)
    for start, end, label in found:
        draft.span(start, end, label or "SPAN", where=f"doc {number}")
    return builder.finish(draft, line=number)


def _gloss_record(
    builder: FileBuilder, doc: Any, gloss: dict[str, Any], number: int
) -> AnnotatedDocument:
    document = builder.document(
        doc.text, gloss.get("id"), gloss.get("title") or "", gloss.get("meta") or {}
    )
    draft = builder.draft(document, gloss.get("layer"))
    spans: dict[str, Span] = {}
    for span_id, start, end, label, attrs, actor, *flags in gloss.get("spans", []):
        span = draft.span(start, end, label, where=f"doc {number}", attrs=attrs, given_id=span_id)
        note, unsure = [*flags, "", False][:2]
        if actor or note or unsure:
            changed = span.with_changes(actor_id=actor or None, note=note, unsure=unsure)
            draft.replace_span(span, changed, f"doc {number}")
            span = changed
        spans[span_id] = span
    for relation_id, label, head, child in gloss.get("relations", []):
        draft.relation(
            label, spans[head], spans[child], where=f"doc {number}", given_id=relation_id
        )
    record = builder.finish(draft, line=number, status=gloss.get("status"))
    actors = tuple(Actor(a, n, k, tuple(al)) for a, n, k, al in gloss.get("actors", []))
    if actors:
        from dataclasses import replace

        record = replace(record, actors=actors)
    return record
