"""2,000 documents with CRLF, BOMs, spans on line breaks and collapsing spans, through
every format and back: every document and every span accounted for."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest

from desktop.domain import sha256_of
from tests.cli.helpers import bare, make_project, record, run

PIECES = [
    "Police\r\n",
    "\ufeffthe army",
    "said 😀 🇺🇦",
    "👩‍👩‍👧 fled\r\n\r\n",
    "café e\u0301",
    "قالت هيومن",
    "\nHRW",
    "ארגון זכויות",
    "denied\u2028it",
]


def corpus(count: int = 2000, seed: int = 7):
    """Documents built from tricky pieces; spans at piece edges, some on line breaks, pairs
    of spans that differ only by a line break (which a naive brat writer collapses)."""
    rng = random.Random(seed)
    records = []
    for number in range(count):
        pieces = [rng.choice(PIECES) for _ in range(rng.randint(2, 5))]
        if number % 3 == 0:
            pieces.insert(0, "\ufeff")  # a leading BOM
        text = "".join(pieces) + f" #{number}\r\n"
        if number % 10 == 9:
            records.append(bare(text))
            continue
        spans, cursor = set(), 0
        for piece in pieces:
            start, end = cursor, cursor + len(piece)
            cursor = end
            if piece == "\ufeff" or rng.random() < 0.3:
                continue
            label = rng.choice(["ACTOR", "ALLEGATION", "EVIDENCE"])
            spans.add((start, end, label))
            stripped = piece.rstrip("\r\n\u2028")
            if stripped and stripped != piece:  # the same span without its line break
                spans.add((start, start + len(stripped), label))
        records.append(record(text, sorted(spans), relate=number % 2 == 0))
    return records


def contents(project: Path) -> tuple[set, set, set]:
    """(documents, spans, relations) by text hash and offsets, ids left aside."""
    db = sqlite3.connect(project)
    texts = dict(db.execute("SELECT id, text FROM documents"))
    documents = {sha256_of(t) for t in texts.values()}
    spans = {
        (sha256_of(texts[d]), s, e, label)
        for d, s, e, label in db.execute('SELECT doc_id, start, "end", label FROM spans')
    }
    relations = {
        (sha256_of(texts[r[0]]), r[1], r[2], r[3], r[4], r[5], r[6])
        for r in db.execute(
            'SELECT r.doc_id, r.label, h.start, h."end", h.label, c.start, c."end"'
            " FROM relations r JOIN spans h ON h.id = r.head_id JOIN spans c ON c.id = r.child_id"
        )
    }
    db.close()
    return documents, spans, relations


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> tuple[Path, tuple[set, set, set]]:
    """The 2,000-document project and what it holds."""
    path = make_project(tmp_path_factory.mktemp("rt") / "source.gloss", corpus())
    return path, contents(path)


EXTENSION = {
    "jsonl": "out.jsonl",
    "doccano": "out.doccano.jsonl",
    "labelstudio": "out.json",
    "conll": "out.conll",
    "brat": "out-brat",
}


@pytest.mark.parametrize("fmt", sorted(EXTENSION))
def test_every_document_and_span_comes_back(source, tmp_path, capsys, fmt):
    """Exported then imported into a new project: the same documents (BOMs kept), spans
    and relations; CoNLL's left-out spans are counted and are exactly the missing ones."""
    project, (documents, spans, relations) = source
    assert len(documents) == 2000 and len(spans) > 4000
    out = tmp_path / EXTENSION[fmt]
    code, _, said = run(capsys, "export", project, "--format", fmt, "-o", out)
    assert code == 0, said
    assert ": 2000 document(s), " in said
    again = tmp_path / "again.gloss"
    run(capsys, "init", again)
    code, _, err = run(capsys, "import", again, out, "--layer", "alice")
    assert code == 0, err
    back_documents, back_spans, back_relations = contents(again)
    assert back_documents == documents
    if fmt == "conll":
        left_out = _said(said, " span(s) the format cannot hold")
        trimmed = _said(said, " span(s) trimmed of whitespace")
        moved = back_spans - spans  # each is a trimmed span: its range without whitespace
        assert len(moved) <= trimmed and len(spans & back_spans) + left_out + trimmed >= len(spans)
        return
    assert back_spans == spans
    assert back_relations == relations


def test_brat_keeps_spans_on_line_breaks_and_a_bom(tmp_path, capsys):
    """ "Police\\r\\n" 0-8 stays 0-8, a leading BOM stays, and 0-8 and 0-6 stay two spans."""
    text = "\ufeffPolice\r\nsaid\r\n"
    project = make_project(
        tmp_path / "p.gloss",
        [record(text, [(1, 9, "ACTOR"), (1, 7, "ACTOR"), (9, 15, "ALLEGATION")], relate=True)],
    )
    run(capsys, "export", project, "--format", "brat", "-o", tmp_path / "b")
    again = tmp_path / "a.gloss"
    run(capsys, "init", again)
    assert run(capsys, "import", again, tmp_path / "b", "--layer", "alice")[0] == 0
    assert contents(again) == contents(project)
    assert json.loads(run(capsys, "stats", again, "--json")[1])["documents"] == 1


def test_brat_writes_a_too_long_id_under_a_shorter_name(tmp_path, capsys):
    """A 100-character CJK id (300 bytes) no longer aborts the export."""
    doc_id = "中" * 100
    project = make_project(
        tmp_path / "p.gloss", [record("中文 text", [(0, 2, "ACTOR")], doc_id=doc_id)]
    )
    code, _, err = run(capsys, "export", project, "--format", "brat", "-o", tmp_path / "b")
    assert code == 0, err
    (name,) = [p.name for p in (tmp_path / "b").glob("*.txt")]
    assert len(name.encode()) < 255 and name.startswith("中" * 50)


def _said(message: str, what: str) -> int:
    return int(message.split(what)[0].rsplit(", ", 1)[1]) if what in message else 0
