"""Cleaning the actor registry: finding an actor by name, merging two, splitting one.

Both edits are undoable: one `MergeActors` or `SplitActor` op in the edit log.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.domain import Actor, Change, new_id
from desktop.workspace.actor_ops import MergeActors, SetDocumentMeta, SplitActor
from desktop.workspace.errors import NotFound, WorkspaceError
from desktop.workspace.ops import op_from_json
from desktop.workspace.workspace import Workspace

#: The metadata fields a document shows and edits (kept in `Document.meta`).
META_FIELDS = ("date", "source", "author", "url")


def find_actor(ws: Workspace, key: str) -> Actor:
    """The actor whose id is `key`, else whose name, else whose alias is `key` (any case)."""
    found = ws.find_actor(key)
    if found is not None:
        return found
    actors = ws.actors()
    wanted = key.strip().casefold()
    for matches in (
        [a for a in actors if a.name.casefold() == wanted],
        [a for a in actors if any(alias.casefold() == wanted for alias in a.aliases)],
    ):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            ids = ", ".join(a.id for a in matches)
            raise WorkspaceError(f"{key!r} names {len(matches)} actors ({ids}); give an id")
    raise NotFound(f"no actor {key!r} (by id, name or alias)")


def merge_actors(ws: Workspace, kept_id: str, absorbed_id: str, initiator: object = None) -> Change:
    """Merge `absorbed` into `kept`: its mentions link to `kept`, its names become aliases."""
    kept, absorbed = ws.actor(kept_id), ws.actor(absorbed_id)
    if kept.id == absorbed.id:
        raise WorkspaceError(f"cannot merge {kept.name} into itself")
    aliases = (set(kept.aliases) | set(absorbed.names)) - {kept.name}
    kept_after = Actor(kept.id, kept.name, kept.kind, tuple(sorted(aliases)))
    span_ids = tuple(sorted(s.id for s in ws.spans_with_actor(absorbed.id)))
    return ws.commit(
        [MergeActors(kept, kept_after, absorbed, span_ids)],
        f"Merge actor {absorbed.name} into {kept.name}",
        initiator=initiator,
    )


def _merged_into(ws: Workspace, source: Actor, name: str) -> MergeActors | None:
    """The latest merge of an actor called `name` into `source` that could be undone."""
    wanted = name.casefold()
    found = None
    logged = (
        op_from_json(data)
        for entry in ws._project.history.entries(MergeActors.name)
        for data in entry.ops
    )
    for op in logged:
        if (
            isinstance(op, MergeActors)
            and op.kept_before.id == source.id
            and op.absorbed.name.casefold() == wanted
            and ws.find_actor(op.absorbed.id) is None
        ):
            found = op
    return found


def split_actor(
    ws: Workspace,
    source_id: str,
    name: str,
    aliases: Sequence[str] = (),
    initiator: object = None,
) -> Change:
    """Split the actor `name` off `source`.

    If `name` was merged into `source` earlier, that actor comes back as it was (id,
    kind, aliases) with those of its former mentions still linked to `source`.
    Otherwise a new actor `name` (with `aliases`, `source`'s kind) takes the mentions of
    `source` whose text is one of its names. Either way its names leave `source`'s aliases.
    """
    source = ws.actor(source_id)
    name = name.strip()
    if not name:
        raise WorkspaceError("the actor split off needs a name")
    if name.casefold() == source.name.casefold():
        raise WorkspaceError(f"{name!r} is {source.name}'s own name; give another")
    linked = ws.spans_with_actor(source.id)
    previous = _merged_into(ws, source, name)
    if previous is not None:
        split_off = previous.absorbed
        kept = set(previous.span_ids)
        span_ids = tuple(sorted(s.id for s in linked if s.id in kept))
    else:
        split_off = Actor(new_id(), name, source.kind, tuple(a.strip() for a in aliases if a))
        names = {n.casefold() for n in split_off.names}
        texts: dict[str, str] = {}
        chosen = []
        for span in linked:
            if span.doc_id not in texts:
                texts[span.doc_id] = ws.document(span.doc_id).text
            if texts[span.doc_id][span.start : span.end].casefold() in names:
                chosen.append(span.id)
        span_ids = tuple(sorted(chosen))
    leaving = {n.casefold() for n in split_off.names}
    source_after = Actor(
        source.id,
        source.name,
        source.kind,
        tuple(sorted(a for a in source.aliases if a.casefold() not in leaving)),
    )
    return ws.commit(
        [SplitActor(source, source_after, split_off, span_ids)],
        f"Split actor {split_off.name} off {source.name}",
        initiator=initiator,
    )


def set_document_meta(
    ws: Workspace, doc_id: str, field: str, value: str | None, initiator: object = None
) -> Change:
    """Set (or with None or "", clear) one metadata field of a document, undoably."""
    before = dict(ws.document(doc_id).meta)
    after = dict(before)
    if value is None or not value.strip():
        after.pop(field, None)
    else:
        after[field] = value.strip()
    if after == before:
        return Change(label="No change", documents=True, doc_ids=frozenset({doc_id}))
    return ws.commit(
        [SetDocumentMeta(doc_id, before, after)],
        f"Set {field} of {doc_id}",
        initiator=initiator,
    )
