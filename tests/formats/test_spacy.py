"""spaCy DocBin: round trips, entities, parts of a large export, and the missing extra."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.domain import Document
from desktop.formats import spacy_docbin
from desktop.formats.errors import FormatError
from tests.formats.samples import TRICKY, annotated
from tests.formats.test_new_formats import FIXTURES, _read, _rich

needs_spacy = pytest.mark.skipif(not spacy_docbin.available(), reason="spaCy not installed")


@needs_spacy
@pytest.mark.parametrize("name", sorted(TRICKY))
def test_spacy_round_trip_is_whole(tmp_path, name):
    """A Gloss DocBin reads back equal: text, spans, attributes, actors, roles, layer."""
    record = _rich(name)
    spacy_docbin.write(tmp_path / "out.spacy", [record])
    (back,) = spacy_docbin.read_path(tmp_path / "out.spacy", default_layer="x")
    assert replace(back, line=0, source="") == record


@needs_spacy
def test_spacy_doc_has_spans_group_and_entities(tmp_path):
    """Every span is in doc.spans['sc']; those overlapping no other are also entities."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    first = annotated("HRW accused the army", [("HRW accused", "A")], relate=False)
    second = annotated("HRW accused the army", [("accused the", "B")], relate=False)
    record = replace(first, spans=first.spans + second.spans)
    alone = annotated("x HRW y", [("HRW", "ACTOR")], doc_id="doc-2", relate=False)
    spacy_docbin.write(tmp_path / "out.spacy", [record, alone])
    docs = list(DocBin().from_disk(tmp_path / "out.spacy").get_docs(Vocab()))
    assert [(s.label_, s.text) for s in docs[0].spans["sc"]] == [
        ("A", "HRW accused"),
        ("B", "accused the"),
    ]
    assert list(docs[0].ents) == [] and [e.text for e in docs[1].ents] == ["HRW"]
    assert [d.text for d in docs] == ["HRW accused the army", "x HRW y"]


@needs_spacy
def test_spacy_reads_explosion_docbin():
    """explosion/projects' demo DocBin: its one entity arrives."""
    record, _ = _read("spacy", FIXTURES / "spacy" / "tweets_demo.spacy")
    assert [(s.label, record.document.text[s.start : s.end]) for s in record.spans] == [
        ("PERSON", "Ed Sheeran")
    ]


def test_spacy_missing_says_how_to_install(monkeypatch, tmp_path):
    """Without spaCy, one line says how to install the extra."""
    import builtins

    real = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    with pytest.raises(Exception, match=r'pip install -e "\.\[spacy\]"'):
        spacy_docbin.write(tmp_path / "x.spacy", [])


def test_spans_overlapping_no_other_are_found_by_the_sweep_as_by_every_pair():
    """The one-sweep rule for entities equals testing every pair, on random layouts with
    nested, equal, touching and crossing spans."""
    import random

    from desktop.domain import Span

    rng = random.Random(7)
    for _ in range(300):
        spans = []
        for n in range(rng.randrange(0, 12)):
            start = rng.randrange(0, 30)
            span = Span(f"s{n}", "d", "me", start, start + rng.randrange(1, 6), "A")
            spans.append((span, n))
        pairwise = [
            pair
            for pair in spans
            if not any(o is not pair[0] and pair[0].overlaps(o) for o, _ in spans)
        ]
        assert spacy_docbin._alone(spans) == pairwise


@needs_spacy
def test_a_large_spacy_export_is_a_folder_of_parts_that_reads_back_whole(
    tmp_path, monkeypatch, capsys
):
    """Past SHARD_TOKENS the export is a folder of DocBins (spaCy reads it as one corpus);
    importing the folder gives every document and span back; a small export stays a file."""
    from desktop.cli import main
    from desktop.workspace import Workspace

    monkeypatch.setattr(spacy_docbin, "SHARD_TOKENS", 20)
    project = tmp_path / "p.gloss"
    ws = Workspace.open(project, create=True)
    texts = [f"Rebels {n} 👩‍👩‍👧 accused the cafe\u0301 army.\r\nقال مرحبا." for n in range(7)]
    ws.add_documents([Document(f"d{n}", text, f"T{n}") for n, text in enumerate(texts)])
    for n in range(7):
        ws.add_span(f"d{n}", 0, 6, "ACTOR")
    ws.close()
    out = tmp_path / "out.spacy"
    out.write_bytes(b"an old export")  # replaced, file or folder
    assert main(["export", str(project), "--format", "spacy", "-o", str(out)]) == 0
    parts = sorted(p.name for p in out.iterdir())
    assert len(parts) >= 2 and parts[0] == "part-00001.spacy"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.spacy")]
    again = tmp_path / "again.gloss"
    assert main(["import", str(again), str(out)]) == 0
    ws = Workspace.open(again, read_only=True)
    assert ws.document_count() == 7
    assert sorted(ws.document(f"d{n}").text for n in range(7)) == sorted(texts)
    (layer,) = [info.name for info in ws.layers()]  # the exporter's, from user_data
    assert all(len(ws.spans(f"d{n}", layer)) == 1 for n in range(7))
    ws.close()
    monkeypatch.setattr(spacy_docbin, "SHARD_TOKENS", 1_000_000)
    assert main(["export", str(project), "--format", "spacy", "-o", str(out)]) == 0
    assert out.is_file()


@needs_spacy
def test_a_spacy_export_never_replaces_a_folder_that_is_not_one(tmp_path):
    """A folder of the output's name holding anything but parts is refused and kept."""
    mine = tmp_path / "mine.spacy"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", "utf-8")
    record = _rich(sorted(TRICKY)[0])
    with pytest.raises(FormatError, match="not a Gloss spaCy export"):
        spacy_docbin.write(mine, [record])
    assert (mine / "notes.txt").read_text("utf-8") == "keep me"
