"""Property: any valid records written as JSONL read back exactly equal."""

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain import (
    STATUSES,
    Actor,
    AnnotatedDocument,
    Document,
    Relation,
    Schema,
    Span,
)
from desktop.formats import jsonl

SCHEMA = Schema.default()
UNITS = [
    *"abcXYZ .,:;\"\\'\t\n",
    "\r\n",
    "😀",
    "🇺🇦",
    "👩‍👩‍👧",
    "e\u0301",
    "שלום",
    "مرحبا",
    "\u2028",
    "\u00a0",
    "\ufeff",
    "\x00",
]
ACTORS = (
    Actor("act-hrw", "Human Rights Watch", "NGO or IGO", ("HRW", "the rights group")),
    Actor("act-army", "Army: 3rd brigade", "armed forces"),
)
texts = (
    st.lists(st.sampled_from(UNITS) | st.text(max_size=3), min_size=1, max_size=40)
    .map("".join)
    .filter(bool)
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def records(draw: st.DrawFn, line: int) -> AnnotatedDocument:
    """One document, with or without a layer of schema-valid spans and relations."""
    text = draw(texts)
    doc_id = f"doc-{line}"
    meta = draw(st.dictionaries(st.text(max_size=6), json_values, max_size=3))
    document = Document(doc_id, text, draw(st.text(max_size=12)), meta)
    if draw(st.integers(0, 4)) == 0:
        return AnnotatedDocument(document, line=line, source="<stream>")
    layer = draw(st.sampled_from(["alice", "gold", "Bob Ü", "a:b"]))
    spans = []
    for index in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        label = draw(st.sampled_from(SCHEMA.span_labels))
        attrs = {
            attribute.name: draw(st.sampled_from((*attribute.choices, None)))
            for attribute in label.attributes
            if draw(st.booleans())
        }
        actor_id = None
        if label.name == "ACTOR":
            actor_id = draw(st.sampled_from([None, *(actor.id for actor in ACTORS)]))
        spans.append(
            Span(f"{doc_id}-s{index}", doc_id, layer, start, end, label.name, attrs, actor_id)
        )
    linked = {span.actor_id for span in spans}
    order = [span.actor_id for span in spans if span.actor_id]
    actors = tuple(sorted((a for a in ACTORS if a.id in linked), key=lambda a: order.index(a.id)))
    candidates = [
        (head, child, role.name)
        for head in range(len(spans))
        for child in range(len(spans))
        if head != child
        for role in SCHEMA.roles_between(spans[head].label, spans[child].label)
    ]
    chosen = (
        draw(st.lists(st.sampled_from(candidates), unique=True, max_size=4)) if candidates else []
    )
    relations = tuple(
        Relation(f"{doc_id}-r{index}", doc_id, layer, role, spans[head].id, spans[child].id)
        for index, (head, child, role) in enumerate(chosen)
    )
    status = draw(st.sampled_from((*STATUSES, None)))
    return AnnotatedDocument(
        document, layer, status, tuple(spans), relations, actors, line, "<stream>"
    )


@st.composite
def files(draw: st.DrawFn) -> list[AnnotatedDocument]:
    """A few records, one per line."""
    return [draw(records(line)) for line in range(1, draw(st.integers(1, 4)) + 1)]


@settings(deadline=None, max_examples=150)
@given(files())
def test_write_then_read_gives_equal_records(original):
    """Records with tricky text, attributes, actors and roles survive a round trip."""
    stream = io.BytesIO()
    assert jsonl.write(stream, original) == len(original)
    stream.seek(0)
    assert list(jsonl.read(stream, schema=SCHEMA)) == original
