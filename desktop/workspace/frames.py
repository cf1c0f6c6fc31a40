"""Claim frames and the actor registry across a project: listing, export, propagation."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import orjson

from desktop.domain import Change
from desktop.domain.frames import Frame, build_frames, frame_record
from desktop.domain.mentions import Mention, find_mentions
from desktop.formats.files import write_file
from desktop.workspace.workspace import Workspace


def frames(
    ws: Workspace, *, doc_id: str | None = None, layer: str | None = None
) -> Iterator[Frame]:
    """Frames of one document or the whole project, for one layer or every layer."""
    project = ws._project
    actors = {a.id: a for a in project.actors.all()}
    doc_ids = [doc_id] if doc_id else project.documents.ids()
    for current in doc_ids:
        spans = project.spans.for_document(current, layer)
        if not any(s.label == "ALLEGATION" for s in spans):
            continue
        document = ws.document(current)
        relations = project.relations.for_document(current, layer)
        for name in sorted({s.layer for s in spans}):
            yield from build_frames(
                document,
                [s for s in spans if s.layer == name],
                [r for r in relations if r.layer == name],
                actors,
            )


def _write_lines(out: Path | str | BinaryIO, lines: Iterable[dict]) -> int:
    """JSON lines to a path (written whole) or a binary stream; returns how many."""
    if isinstance(out, (str, Path)):
        return write_file(out, lines, _write_lines)
    count = 0
    for line in lines:
        out.write(orjson.dumps(line) + b"\n")
        count += 1
    return count


def export_frames(ws: Workspace, out: Path | str | BinaryIO, layer: str | None = None) -> int:
    """One JSON line per allegation with its roles and responses; returns lines written."""
    return _write_lines(out, (frame_record(f, f.allegation.layer) for f in frames(ws, layer=layer)))


def export_actors(ws: Workspace, out: Path | str | BinaryIO) -> int:
    """The actor registry, one JSON line per actor with its mention count."""
    project = ws._project

    def lines() -> Iterator[dict]:
        for actor in project.actors.all():
            yield {
                "id": actor.id,
                "name": actor.name,
                "kind": actor.kind,
                "aliases": list(actor.aliases),
                "mentions": len(project.spans.with_actor(actor.id)),
            }

    return _write_lines(out, lines())


def suggest_mentions(
    ws: Workspace,
    actor_id: str,
    *,
    doc_id: str | None = None,
    layer: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Mention]:
    """Unannotated mentions of an actor's names in one document or the whole corpus.

    `progress(documents searched)` is called after each document (it may raise to stop)."""
    actor = ws.actor(actor_id)
    layer = layer or ws.annotator
    project = ws._project
    if doc_id:
        doc_ids = [doc_id]
    else:  # the full-text index narrows the corpus; the regex below decides
        candidates = {d for name in actor.names for d in project.documents.search(name, 10**7)}
        doc_ids = [d for d in project.documents.ids() if d in candidates]
    found: list[Mention] = []
    for done, current in enumerate(doc_ids, 1):
        document = ws.document(current)
        annotated = [s for s in project.spans.for_document(current, layer) if s.label == "ACTOR"]
        found += find_mentions(current, document.text, actor.names, actor_id, annotated)
        if progress is not None:
            progress(done)
    return found


def accept_mention(
    ws: Workspace, mention: Mention, initiator: object = None, layer: str | None = None
) -> Change:
    """Turn a suggested mention into an ACTOR span linked to its actor (in `layer`)."""
    actor = ws.actor(mention.actor_id)
    return ws.add_span(
        mention.doc_id,
        mention.start,
        mention.end,
        "ACTOR",
        attrs={"kind": actor.kind},
        actor_id=actor.id,
        layer=layer,
        initiator=initiator,
    )
