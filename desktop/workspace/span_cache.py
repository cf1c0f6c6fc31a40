"""The spans of the documents being looked at, kept between edits.

The window reads the open document's spans several times for every edit (the article,
its arcs, the frames, the near-duplicate check); on a 200,000-character article with
8,000 spans each read costs ~80 ms. The cache keeps the list per (document, layer) and,
after each committed edit, patches in the few spans the edit touched (read by id) instead
of reading them all again.

Exactness: a list equals what `SpanStore.for_document(doc, layer)` returns at the same
moment, order included. That order is start, end, then insertion (the index
`spans_doc_layer` walks ties by rowid), so a span added by an edit goes after the others
of its (start, end), a span changed in place keeps its position, and a span whose start
or end moved drops the entry (its rowid, hence its place among ties, is not known here).
Any change the patch cannot follow (actors, documents, layers, codebook, an import or a
merge, a change that names no span ids) empties the cache. Reads made while a write is
in progress (another thread's transaction on the shared connection) are never stored.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from desktop.domain import Change, Span

#: How many (document, layer) lists are kept: the open one, the one before, review's few.
KEEP = 8
#: Past this many spans in one edit, reading the list again costs no more than patching.
MAX_PATCH = 256


class SpanCache:
    """(document id, layer) -> that document's spans in that layer, in store order."""

    def __init__(self) -> None:
        self._lists: dict[tuple[str, str], list[Span]] = {}
        self.generation = 0  # bumped by every clear and patch: a read that spans one is not kept

    def get(self, doc_id: str, layer: str) -> list[Span] | None:
        """A copy of the cached list (callers may change it), or None."""
        found = self._lists.get((doc_id, layer))
        return None if found is None else list(found)

    def put(self, doc_id: str, layer: str, spans: list[Span], generation: int) -> None:
        """Keep a list read at `generation` (dropped if the cache moved on since)."""
        if generation != self.generation:
            return
        lists = self._lists
        lists.pop((doc_id, layer), None)
        while len(lists) >= KEEP:
            del lists[next(iter(lists))]  # the oldest read
        lists[(doc_id, layer)] = list(spans)

    def clear(self) -> None:
        """Forget everything."""
        self.generation += 1
        self._lists.clear()

    def follow(self, change: Change, fetch: Callable[[frozenset[str]], dict[str, Span]]) -> None:
        """Bring the lists up to date after `change` committed; `fetch(ids)` reads the
        stored spans among `ids` (a removed span is absent)."""
        self.generation += 1
        if change.actors or change.documents or change.layers or change.schema:
            self._lists.clear()
            return
        if not change.spans:
            return  # relations, statuses and decisions leave spans as they are
        ids = change.span_ids
        if not ids or not change.doc_ids or len(ids) > MAX_PATCH:
            self._lists.clear()  # the whole project, or too many to patch
            return
        touched = [key for key in self._lists if key[0] in change.doc_ids]
        if not touched:
            return
        stored = fetch(ids)
        for key in touched:
            patched = _patched(self._lists[key], key, ids, stored)
            if patched is None:
                del self._lists[key]
            else:
                self._lists[key] = patched


def _patched(
    spans: list[Span], key: tuple[str, str], ids: frozenset[str], stored: dict[str, Span]
) -> list[Span] | None:
    """`spans` with the spans `ids` removed, replaced or added; None if a place is unknown."""
    doc_id, layer = key
    arrived = {
        span_id: span
        for span_id, span in stored.items()
        if span.doc_id == doc_id and span.layer == layer
    }
    out: list[Span] = []
    for span in spans:
        if span.id not in ids:
            out.append(span)
            continue
        now = arrived.pop(span.id, None)
        if now is None:
            continue  # removed, or moved to another document or layer
        if now.start != span.start or now.end != span.end:
            return None
        out.append(now)
    places = {(span.start, span.end) for span in arrived.values()}
    if len(places) < len(arrived):
        return None  # new rows at one place: their order is their insertion order, unknown
    for span in arrived.values():
        out.insert(bisect_right(out, (span.start, span.end), key=_place), span)
    return out


def _place(span: Span) -> tuple[int, int]:
    return span.start, span.end
