"""SpanIndex: the spans of one document, queried by position, in reading order and by nesting."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Iterable, Iterator

from desktop.domain import Span

_BUCKET = 256
# A covering span as the formatter sees it: (length, -start, id, label); sorting
# Layers puts the innermost first.
Layer = tuple[int, int, str, str]


def nesting_key(span: Span) -> tuple[int, int, str]:
    """Sort key putting the innermost span first: shortest, then latest start, then id."""
    return (span.end - span.start, -span.start, span.id)


def reading_key(span: Span) -> tuple[int, int, str]:
    """Sort key for reading order: by start, then end, then id."""
    return (span.start, span.end, span.id)


class SpanIndex:
    """Spans by id, bucketed by position for overlap queries, and sorted in reading order.

    Each bucket of 256 code points holds the ids of the spans overlapping it, so a query
    touches only the buckets it overlaps and updates cost O(span length / 256 + log n).
    """

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._by_id: dict[str, Span] = {}
        self._layers: dict[str, Layer] = {}
        self._buckets: defaultdict[int, set[str]] = defaultdict(set)
        # Reading order is built on first use: set_document needs only the positions.
        self._sorted: list[tuple[int, int, str]] | None = None
        for span in spans:
            self._insert(span)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._by_id

    def __iter__(self) -> Iterator[Span]:
        return (self._by_id[key[2]] for key in self._order())

    def get(self, span_id: str) -> Span | None:
        """The span with this id, or None."""
        return self._by_id.get(span_id)

    def by_id(self) -> dict[str, Span]:
        """Every span by id (a copy: no sort, unlike `ordered`)."""
        return dict(self._by_id)

    def _order(self) -> list[tuple[int, int, str]]:
        """(start, end, id) of every span, sorted."""
        if self._sorted is None:
            self._sorted = sorted(reading_key(s) for s in self._by_id.values())
        return self._sorted

    def _insert(self, span: Span) -> None:
        """Index a span whose id is not present (reading order is the caller's job)."""
        start, end, span_id = span.start, span.end, span.id
        self._by_id[span_id] = span
        self._layers[span_id] = (end - start, -start, span_id, span.label)
        first, last = start // _BUCKET, (end - 1) // _BUCKET
        if first == last:
            self._buckets[first].add(span_id)
        else:
            for b in range(first, last + 1):
                self._buckets[b].add(span_id)

    def add(self, span: Span) -> Span | None:
        """Add or replace a span; returns the span it replaced, if any."""
        old = self.remove(span.id)
        self._insert(span)
        if self._sorted is not None:
            insort(self._sorted, reading_key(span))
        return old

    def remove(self, span_id: str) -> Span | None:
        """Remove a span by id; returns it, or None if it was not there."""
        span = self._by_id.pop(span_id, None)
        if span is None:
            return None
        del self._layers[span_id]
        if self._sorted is not None:
            del self._sorted[bisect_left(self._sorted, reading_key(span))]
        for b in range(span.start // _BUCKET, (span.end - 1) // _BUCKET + 1):
            bucket = self._buckets[b]
            bucket.discard(span_id)
            if not bucket:
                del self._buckets[b]
        return span

    def overlapping(self, a: int, b: int) -> list[Span]:
        """Spans sharing at least one code point with [a, b), in reading order."""
        if b <= a:
            return []
        spans = (self._by_id[i] for i in self._candidate_ids(a, b))
        found = (s for s in spans if s.start < b and s.end > a)
        return sorted(found, key=reading_key)

    def _candidate_ids(self, a: int, b: int) -> Iterable[str]:
        """Ids of spans in the buckets [a, b) touches (a superset of those overlapping it)."""
        first, last = a // _BUCKET, (b - 1) // _BUCKET
        if first == last:
            return self._buckets.get(first, ())
        if last - first >= len(self._buckets) // 2:
            return self._by_id  # a wide range: scanning every span is cheaper
        ids: set[str] = set()
        for k in range(first, last + 1):
            bucket = self._buckets.get(k)
            if bucket:
                ids |= bucket
        return ids

    def at(self, offset: int) -> list[Span]:
        """Spans containing the code point at `offset`, innermost first."""
        return sorted(self.overlapping(offset, offset + 1), key=nesting_key)

    def ordered(self) -> list[Span]:
        """All spans in reading order."""
        return list(self)

    def neighbour(self, span_id: str | None, caret: int, step: int) -> Span | None:
        """The span `step` places after (before, if negative) a span, or the caret offset.

        Without a span, step 1 is the first span starting at or after the caret and step
        -1 the last one starting before it. None past either end.
        """
        if step == 0:
            return self._by_id.get(span_id) if span_id else None
        current = self._by_id.get(span_id) if span_id else None
        order = self._order()
        if current is not None:
            i = bisect_left(order, reading_key(current)) + step
        else:
            i = bisect_left(order, (caret, -1, ""))
            i += step - 1 if step > 0 else step
        if not 0 <= i < len(order):
            return None
        return self._by_id[order[i][2]]

    def layers(self, a: int, b: int) -> Iterator[tuple[int, int, list[Layer]]]:
        """Split [a, b) at span boundaries; yield (start, end, stack) for each piece.

        The stack lists the covering spans innermost first as Layer tuples (length,
        -start, id, label); it is reused between pieces, so copy it to keep it. Pieces no
        span covers come with an empty stack. This is the hot loop of formatting: events
        are plain tuples sorted natively and the stack is kept sorted incrementally.
        """
        if b <= a:
            return
        stack: list[Layer] = []
        events: list[tuple[int, int, Layer]] = []
        layers = self._layers
        for span_id in self._candidate_ids(a, b):
            layer = layers[span_id]
            start = -layer[1]
            end = start + layer[0]
            if start >= b or end <= a:
                continue
            if start <= a:
                stack.append(layer)
            else:
                events.append((start, 1, layer))
            if end < b:
                events.append((end, 0, layer))
        stack.sort()
        events.sort()  # at one position, ends (0) come before starts (1)
        x, i, n = a, 0, len(events)
        while x < b:
            while i < n and events[i][0] == x:
                _, starts, layer = events[i]
                if starts:
                    insort(stack, layer)
                else:
                    stack.remove(layer)
                i += 1
            y = events[i][0] if i < n else b
            yield x, y, stack
            x = y
