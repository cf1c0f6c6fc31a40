"""Texts that break naive offset handling, and records over them, for format round trips."""

from desktop.domain import AnnotatedDocument, Document, Relation, Span
from desktop.formats import ids

#: name -> (text, [(piece, label), ...]); pieces are found in order, never overlap, and
#: start and end on a non-space, so that every format (even CoNLL BIO) can hold them.
TRICKY = {
    "emoji": ("Army 😀 said 🇺🇦 flags", [("😀", "ACTOR"), ("🇺🇦 flags", "EVIDENCE")]),
    "zwj": ("the family 👩‍👩‍👧 fled", [("👩‍👩‍👧", "ACTOR"), ("fled", "ALLEGATION")]),
    "combining": ("café and cafe\u0301s differ", [("café", "ACTOR"), ("e\u0301s", "EVIDENCE")]),
    "crlf": (
        "line one\r\nline two\r\n\r\nthree\r\n",
        [("one\r\nline", "ALLEGATION"), ("three", "ACTOR")],
    ),
    "arabic": (
        "قالت هيومن رايتس ووتش إن الجيش",
        [("هيومن رايتس ووتش", "ACTOR"), ("الجيش", "ALLEGATION")],
    ),
    "hebrew": ("ארגון זכויות האדם אמר כי הצבא", [("זכויות", "ALLEGATION"), ("הצבא", "ACTOR")]),
    "mixed": ('HRW (هيومن) said "ש":\u00a0 end', [("هيومن", "ACTOR"), ('"ש":', "RESPONSE")]),
}


def annotated(
    text: str,
    pieces: list[tuple[str, str]],
    *,
    doc_id: str = "doc-1",
    layer: str = "alice",
    relate: bool = True,
) -> AnnotatedDocument:
    """A record of `text` with one span per (piece, label), in order, with derived ids.

    With `relate`, the first span is the head of an `accuser` relation to the second.
    """
    document = Document(doc_id, text)
    spans, cursor = [], 0
    for piece, label in pieces:
        start = text.index(piece, cursor)
        end = start + len(piece)
        span_id = ids.span_id(doc_id, layer, start, end, label)
        spans.append(Span(span_id, doc_id, layer, start, end, label))
        cursor = end
    relations = ()
    if relate and len(spans) >= 2:
        head, child = spans[0], spans[1]
        relation_id = ids.relation_id(doc_id, layer, "accuser", head.id, child.id)
        relations = (Relation(relation_id, doc_id, layer, "accuser", head.id, child.id),)
    return AnnotatedDocument(document, layer, None, tuple(spans), relations)


def triples(record: AnnotatedDocument) -> list[tuple[int, int, str, str]]:
    """(start, end, label, covered text) of each span, in offset order."""
    text = record.document.text
    return sorted((s.start, s.end, s.label, text[s.start : s.end]) for s in record.spans)


def links(record: AnnotatedDocument) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """(role, head range, child range) of each relation, sorted."""
    by_id = {span.id: span for span in record.spans}
    return sorted(
        (
            r.label,
            (by_id[r.head_id].start, by_id[r.head_id].end),
            (by_id[r.child_id].start, by_id[r.child_id].end),
        )
        for r in record.relations
    )
