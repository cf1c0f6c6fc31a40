"""Import and export use cases: all-or-nothing imports with a backup first, streamed exports."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable, Iterable, Iterator, Sized
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from itertools import groupby, islice
from operator import attrgetter
from pathlib import Path
from typing import Any, BinaryIO

from desktop.domain import (
    GOLD,
    AnnotatedDocument,
    DomainError,
    ReviewDecision,
    check_layer_name,
)
from desktop.domain.codebook import CodebookGrowth
from desktop.formats import registry
from desktop.formats.errors import FormatError, keep_or_raise
from desktop.formats.files import symlinks_under
from desktop.formats.losses import Losses
from desktop.workspace.codebook_import import import_codebook
from desktop.workspace.exports import ExportTally
from desktop.workspace.loader import ImportReport, Loader
from desktop.workspace.workspace import Workspace

Progress = Callable[[int], None]
UNDO_LIMIT = 20_000  # larger imports are protected by the backup instead of the undo stack


def read_paths(
    paths: Iterable[Path],
    *,
    default_layer: str,
    schema,
    skipped: list | None = None,
    format_name: str | None = None,
    losses: Losses | None = None,
    options: dict[str, Any] | None = None,
    strict: bool = False,
) -> Iterator[AnnotatedDocument]:
    """Records from files or folders in any registered format (by name, else by extension).

    `options` go to readers that take them (`column` for CoNLL); a reader that does not is
    an error. What readers could not carry goes to `losses`; with `strict`, any such loss
    raises once the reading is done (inside the caller's transaction, so nothing is kept).
    """
    for path in paths:
        if not path.exists():
            raise FormatError(str(path), None, "no such file")
        fmt = registry.by_name(format_name) if format_name else registry.for_path(path)
        if fmt.reader is None:
            raise FormatError(str(path), None, f"{fmt.name} files cannot be imported")
        extra: dict[str, Any] = {}
        for key, value in (options or {}).items():
            if value is None:
                continue
            if key not in fmt.read_options:
                raise FormatError(str(path), None, f"--{key} does not apply to {fmt.name} files")
            extra[key] = value
        if "losses" in fmt.read_options and losses is not None:
            extra["losses"] = losses
        records = fmt.reader(
            path, default_layer=default_layer, schema=schema, errors=skipped, **extra
        )
        for record in records:
            yield record if record.source else replace(record, source=str(path))
    if strict and losses is not None and losses.first_lost is not None:
        first = losses.first_lost
        raise FormatError(
            first.source, first.line, f"--strict: {losses.summary()} (first: {first})"
        )


def readable_formats() -> list[tuple[str, str]]:
    """(name, description) of every format an import can read (for File > Import)."""
    return [(fmt.name, fmt.description) for fmt in registry.formats() if fmt.reader]


def import_paths(
    ws: Workspace,
    paths: Iterable[Path | str],
    layer: str | None = None,
    *,
    skip_bad: bool = False,
    progress: Progress | None = None,
    initiator: object = None,
    format_name: str | None = None,
    options: dict[str, Any] | None = None,
    strict: bool = False,
    add_labels: bool = False,
    undoable: bool = True,
    follow_symlinks: bool = False,
    list_every_loss: bool = False,
) -> ImportReport:
    """Import files into the project in one transaction; nothing changes if any record is bad.

    Records are streamed from the files into the transaction; a bad one rolls it all back,
    and so does, with `strict`, anything a reader could not carry. A brat folder's
    annotation.conf adds its types to the codebook; with `add_labels`, labels, roles,
    attributes and choices the codebook lacks are added to it too (in the same transaction
    and undo step) instead of refused. Symbolic links inside a folder are refused unless
    `follow_symlinks`. Every loss is counted; the first 10,000 are kept to list, all of
    them with `list_every_loss` (the CLI's -v). A `layer` other than the local
    annotator's (and gold) is a colleague's: it arrives read-only, as merged layers do
    (see `take_over_layer`).
    """
    if layer is not None:
        check_layer_name(layer)
    files = [Path(p) for p in paths]
    colleague = {layer} if layer and layer not in (ws.annotator, GOLD) else set()
    for path in files:
        if not path.exists():  # before the backup and the transaction
            raise FormatError(str(path), None, "no such file")
    links = [] if follow_symlinks else symlinks_under(p for p in files if p.is_dir())
    if links:
        reason = f"is a symbolic link ({len(links)} in all); give --follow-symlinks to follow them"
        raise FormatError(str(links[0]), None, reason)
    skipped: list[FormatError] | None = [] if skip_bad else None
    losses = Losses(keep=None) if list_every_loss else Losses()
    codebook = import_codebook(ws, files, format_name, add_labels)
    growth = codebook.growth
    records: Iterable[AnnotatedDocument] = read_paths(
        files,
        default_layer=layer or ws.annotator,
        schema=codebook.reading,
        skipped=skipped,
        format_name=format_name,
        losses=losses,
        options=options,
        strict=strict,
    )
    if growth is not None:
        records = growing(records, growth, skipped)
    report = import_records(
        ws,
        records,
        progress=progress,
        initiator=initiator,
        large=_input_bytes(files) > LARGE,
        codebook=growth,
        undoable=undoable,
        colleague_layers=frozenset(colleague),
    )
    report.skipped = [str(s) for s in (skipped or [])]
    report.losses = losses
    report.codebook_notes = codebook.notes
    return report


BYTES_PER_ROW = 50  # a small span or relation in JSONL; fewer bytes per row is rare


def may_be_too_large_to_undo(paths: Iterable[Path | str]) -> bool:
    """True if importing `paths` may write more than UNDO_LIMIT rows (judged by their size):
    such an import cannot be undone, and the window says so before it starts."""
    return _input_bytes([Path(p) for p in paths]) > UNDO_LIMIT * BYTES_PER_ROW


def growing(
    records: Iterable[AnnotatedDocument],
    growth: CodebookGrowth,
    skipped: list[FormatError] | None = None,
) -> Iterator[AnnotatedDocument]:
    """`records`, each taken into `growth` first; one it cannot take is refused (or skipped)."""
    for record in records:
        try:
            growth.record(record)
        except DomainError as exc:
            where = record.source or "input"
            keep_or_raise(FormatError(where, record.line or None, str(exc)), skipped)
            continue
        yield record


def _input_bytes(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        try:
            if path.is_file():
                total += path.stat().st_size
        except OSError:
            pass
    return total


def import_records(
    ws: Workspace,
    records: Iterable[AnnotatedDocument],
    *,
    progress: Progress | None = None,
    initiator: object = None,
    read_only_layers: bool = False,
    source: str = "",
    action: str = "import",
    large: bool | None = None,
    codebook: CodebookGrowth | None = None,
    undoable: bool = True,
    decisions: Iterable[ReviewDecision] = (),
    colleague_layers: frozenset[str] = frozenset(),
) -> ImportReport:
    """Write records to the project in one transaction: documents, actors, annotations.

    Documents are matched by id and text hash: the same id with other text is refused.
    Spans and relations already present (same id, layer and content) are counted and left
    as they are; one whose id is taken otherwise gets a new id (relations follow it) and is
    counted too (see `Loader._not_present`). Actors already present (same id) are left as
    they are. `colleague_layers` are created read-only and may be added to while read-only
    (all are, with `read_only_layers`, as in a merge).
    `records` may be a stream: it is consumed in batches inside the transaction, and any
    error (a bad record, a read-only layer) rolls everything back. `large` (guessed
    from a list's size when None) tunes the transaction for volume (see `Project.bulk`).
    `codebook`, when given, has taken in every record: what it grew is stored with them.
    An import of more than UNDO_LIMIT rows, or any with `undoable=False`, cannot be undone
    and empties the undo stack (an older step undone on top of it could take its work).
    """
    project = ws._project
    if large is None:
        large = isinstance(records, Sized) and len(records) * 4 > UNDO_LIMIT
    loader = Loader(ws, read_only_layers, source, action, UNDO_LIMIT)
    loader.colleague_layers = colleague_layers
    loader.undoable = undoable
    if project.documents.count():
        loader.report.backup = project.backup(f"before-{action}")
    done = 0
    with (
        _gc_paused(large),
        ws.bulk(action, large=large, initiator=initiator, undoable=undoable) as edit,
    ):
        bulk = edit.write
        loader.check_references = bulk.references_checked_by_caller
        for batch in _batches(records, BATCH):
            loader.load(batch)
            done += len(batch)
            if large and not bulk.indexes_deferred and loader.worth_deferring_indexes():
                bulk.defer_indexes()
            if progress:
                progress(done)
        if codebook is not None and codebook.grown:
            loader.grow_codebook(codebook.original, codebook.schema)
        loader.decide(decisions)
        loader.finish(edit)
    return loader.report


BATCH = 2000  # records written at a time
LARGE = 8 << 20  # bytes of input from which an import is tuned for volume


@contextmanager
def _gc_paused(pause: bool) -> Iterator[None]:
    """No cyclic garbage collection while a large import runs.

    Readers keep every id they have seen (a set of a million strings for a million
    spans), and each full collection walks it: with collections triggered by the
    records flowing through, that was 15% of a large import. Imports make no cycles
    worth collecting; the collector is back afterwards.
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _batches(records: Iterable[AnnotatedDocument], size: int) -> Iterator[list]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def export_records(
    ws: Workspace, layers: Iterable[str] | None = None, *, include_empty: bool = True
) -> Iterator[AnnotatedDocument]:
    """One record per document and layer (and one bare record per unannotated document).

    Records come in project order, layers by name. The project is read with four queries
    walked side by side (documents, spans, relations, statuses, each in project order),
    never one query per document.
    """
    project = ws._project
    wanted = set(layers) if layers is not None else None
    actors = {a.id: a for a in project.actors.all()}
    spans_of = _Follower(project.spans.by_document())
    relations_of = _Follower(project.relations.by_document())
    statuses_of = _Follower(project.layers.statuses_by_document())
    for document in project.documents.iter_all():
        doc_id = document.id
        spans = spans_of(doc_id, ())
        relations = relations_of(doc_id, ())
        statuses = statuses_of(doc_id, _NO_STATUS)
        by_layer = _by_layer(spans)
        rels_by_layer = _by_layer(relations)
        layer_names = by_layer.keys() | rels_by_layer.keys() | statuses.keys()
        if wanted is not None:
            layer_names &= wanted
        if not layer_names:
            if include_empty and wanted is None:
                yield AnnotatedDocument(document)
            continue
        for layer in sorted(layer_names) if len(layer_names) > 1 else layer_names:
            layer_spans = by_layer.get(layer, ())
            linked = set(map(_actor_id, layer_spans))
            linked.difference_update(_NO_ACTOR)
            yield AnnotatedDocument(
                document,
                layer,
                statuses.get(layer, "new"),
                layer_spans,
                rels_by_layer.get(layer, ()),
                tuple(actors[a] for a in sorted(linked) if a in actors) if linked else (),
            )


_NO_STATUS: dict[str, str] = {}
_NO_ACTOR = (None, "")
_id = attrgetter("id")
_doc_id = attrgetter("doc_id")
_layer = attrgetter("layer")
_actor_id = attrgetter("actor_id")
_head_id = attrgetter("head_id")
_child_id = attrgetter("child_id")


def _by_layer(items: list) -> dict[str, tuple]:
    """Spans or relations (sorted by layer) grouped by layer."""
    if not items:
        return {}
    first = items[0].layer
    if first == items[-1].layer:
        return {first: tuple(items)}
    return {layer: tuple(group) for layer, group in groupby(items, _layer)}


class _Follower:
    """Walks a stream of (document id, items) in project order beside the documents."""

    def __init__(self, stream: Iterator[tuple[str, Any]]):
        self._stream = stream
        self._next = next(stream, None)

    def __call__(self, doc_id: str, default: Any) -> Any:
        """The items of `doc_id` (the next document in project order), or `default`."""
        head = self._next
        if head is None or head[0] != doc_id:
            return default
        self._next = next(self._stream, None)
        return head[1]


def export_jsonl(
    ws: Workspace,
    out: Path | str | BinaryIO,
    layer: str | None = None,
    tally: ExportTally | None = None,
    progress: Progress | None = None,
) -> int:
    """Write native JSONL to a path or binary stream; returns lines written.

    `progress(records done)` is called as records pass; an exception it raises (the
    window's Cancel) stops the export and leaves no file.
    """
    from desktop.formats import jsonl  # only when exporting: not at start-up

    layers = [layer] if layer else None
    records = export_records(ws, layers)
    if progress is not None:
        records = _reporting(records, progress)
    if tally is not None:
        records = tally.count(records)
    if isinstance(out, (str, Path)):
        return jsonl.write_path(Path(out), records)
    return jsonl.write(out, records)


def export_path(
    ws: Workspace,
    out: Path | str,
    format_name: str,
    layer: str | None = None,
    *,
    losses: Losses | None = None,
    strict: bool = False,
    tally: ExportTally | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the project (or one layer) to a file or folder in a registered format.

    Every document is written, those without annotations too (bare); an output that is the
    project, its -wal/-shm or a backup is refused. What the format cannot carry goes to
    `losses`; with `strict`, any loss is an error and no output is left (the format writes
    to a hidden sibling renamed only when clean). `progress` as for `export_jsonl`.
    """
    from desktop.workspace.project_files import export_target_problem

    problem = export_target_problem(ws.path, out)
    if problem:
        raise FormatError(str(out), None, problem.partition(": ")[2])
    if format_name == "jsonl" and losses is None and not strict:
        return export_jsonl(ws, out, layer, tally, progress)
    fmt = registry.by_name(format_name)
    if fmt.writer is None:
        raise FormatError(str(out), None, f"{fmt.name} cannot be written")
    layers = [layer] if layer else None
    tally = tally if tally is not None else ExportTally()
    records = tally.count(_reporting(export_records(ws, layers), progress))
    out = Path(out)
    writer = fmt.writer
    if fmt.name == "conll":  # the tally counts the spans BIO cannot hold, and the trimmed
        writer = partial(registry.conll_writer, dropped=tally.dropped, trimmed=tally.trimmed)
    if not strict:
        return writer(out, records, losses=losses)
    found = losses if losses is not None else Losses()
    staged = out.with_name(f".{out.name}.strict")
    _remove(staged)
    try:
        count = writer(staged, records, losses=found)
        if found.first_lost is not None:
            first = found.first_lost
            raise FormatError(out, None, f"--strict: {found.summary()} (first: {first})")
        _remove(out)
        staged.replace(out)
    finally:
        _remove(staged)
    return count


def _reporting(
    records: Iterable[AnnotatedDocument], progress: Progress | None, every: int = 100
) -> Iterator[AnnotatedDocument]:
    """`records`, calling `progress(done)` before the first and after every `every`."""
    if progress is None:
        yield from records
        return
    progress(0)
    for done, record in enumerate(records, 1):
        yield record
        if done % every == 0:
            progress(done)


def _remove(path: Path) -> None:
    """Delete a file or a folder written by an export, if there."""
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
