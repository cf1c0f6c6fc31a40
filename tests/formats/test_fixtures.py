"""Real files written by brat, doccano, Label Studio, Prodigy and dkpro-core, read as-is.

Each fixture is listed in tests/fixtures/SOURCES.md. Span texts are checked against the
text the source tool itself recorded (brat's T lines, Prodigy's span and token texts,
Label Studio's `value.text`, CoNLL's tokens) and the counts against what the file holds.
"""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest

from desktop.domain import AnnotatedDocument
from desktop.formats import registry
from desktop.formats.errors import FormatError
from desktop.formats.losses import Losses

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _read(fmt: str, path: Path, **options) -> tuple[list[AnnotatedDocument], Losses]:
    losses = Losses()
    reader = registry.by_name(fmt).reader
    assert reader is not None
    records = list(reader(path, default_layer="me", losses=losses, **options))
    return records, losses


def _spans(records: list[AnnotatedDocument]) -> list[tuple[str, str]]:
    return [(s.label, r.document.text[s.start : s.end]) for r in records for s in r.spans]


def _counts(records: list[AnnotatedDocument]) -> tuple[int, int, int]:
    spans = sum(len(r.spans) for r in records)
    relations = sum(len(r.relations) for r in records)
    attrs = sum(len(s.attrs) for r in records for s in r.spans)
    return spans, relations, attrs


def _brat_lines(ann: Path) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {}
    for line in ann.read_text("utf-8").splitlines():
        if line.strip():
            kinds.setdefault(line[0], []).append(line)
    return kinds


BRAT = {
    # folder: (spans, relations, attributes, actors, lost)
    "news-intro": (7, 6, 5, 1, 0),
    "news-events": (22, 12, 0, 0, 0),
    "news-attributes": (26, 20, 6, 0, 0),
    "bio-notes": (14, 8, 0, 0, 1),
    "epi-equiv": (7, 1, 0, 0, 0),
    "ge-shared-trigger": (8, 5, 0, 0, 0),
    "ncbi": (8, 0, 8, 0, 0),
}


@pytest.mark.parametrize("folder", sorted(BRAT))
def test_brat_examples_keep_every_annotation(folder):
    """Every T line is a span with brat's own text; events, notes, N and * lines are kept."""
    path = FIXTURES / "brat" / folder
    (record,), losses = _read("brat", path)
    (ann,) = path.glob("*.ann")
    lines = _brat_lines(ann)
    own = sorted(
        (line.split("\t")[1].split(" ")[0], line.split("\t")[2]) for line in lines.get("T", [])
    )
    imported = [(label, text) for label, text in _spans([record])]
    # Events on a trigger another event took get a span of their own: the same text again.
    assert sorted(set(imported)) == sorted(set(own))
    events = lines.get("E", [])
    triggers = [line.split("\t")[1].split()[0].split(":")[1] for line in events]
    assert len(imported) == len(own) + len(triggers) - len(set(triggers))
    arguments = sum(len(line.split("\t")[1].split()) - 1 for line in events)
    relations = len(lines.get("R", [])) + sum(
        len(line.split("\t")[1].split()) - 2 for line in lines.get("*", [])
    )
    assert len(record.relations) == arguments + relations
    spans, rels, attrs, actors, lost = BRAT[folder]
    assert _counts([record]) == (spans, rels, attrs)
    assert len(record.actors) == actors == len(lines.get("N", []))
    # Each AnnotatorNotes line is a span's note, or reported when it is on a relation.
    notes = sum(1 for span in record.spans if span.note)
    assert notes + lost == len(lines.get("#", []))
    assert len(losses.lost) == lost


def test_brat_relation_note_is_reported():
    """A note on a relation (brat's #3 on R1) has no place in Gloss: reported, not dropped."""
    _, losses = _read("brat", FIXTURES / "brat" / "bio-notes")
    (loss,) = losses.lost
    assert loss.kind == "relation note" and "#3 on R1" in loss.detail


def test_brat_event_pointing_to_a_later_event():
    """E3 takes E4 as argument before E4 is defined: the relation points at E4's span."""
    (record,), _ = _read("brat", FIXTURES / "brat" / "news-events")
    text = record.document.text
    by_id = {s.id: s for s in record.spans}
    pairs = {
        (
            text[by_id[r.head_id].start : by_id[r.head_id].end],
            r.label,
            text[by_id[r.child_id].start : by_id[r.child_id].end],
        )
        for r in record.relations
    }
    assert ("told", "Event-Arg", "posted") in pairs
    assert ("posted", "Event-Arg", "reported") in pairs


DOCCANO = {
    # file: (records, spans, relations, layers, texts of the first spans)
    "sequence_labeling.jsonl": (3, 4, 0, {"me"}, [("ORG", "EU"), ("MISC", "German")]),
    "relation_extraction.jsonl": (1, 4, 3, {"me"}, [("ORG", "Google")]),
    "text_classification.jsonl": (3, 0, 0, {None}, []),
    "labeling_0x.jsonl": (3, 16, 0, {"user1", "user2"}, [("12", "JAPAN")]),
    "labeling_1x.jsonl": (2, 11, 0, {"me"}, [("LOC", "JAPAN"), ("PER", "CHINA")]),
    "classification_0x.jsonl": (3, 0, 0, {None}, []),
}


@pytest.mark.parametrize("name", sorted(DOCCANO))
def test_doccano_shapes_of_every_version(name):
    """doccano current, 1.x and 0.x exports: every span arrives, none in the meta."""
    records, losses = _read("doccano", FIXTURES / "doccano" / name)
    count, spans, relations, layers, first = DOCCANO[name]
    assert len(records) == count
    assert _counts(records)[:2] == (spans, relations)
    assert {r.layer for r in records} == layers
    assert _spans(records)[: len(first)] == first
    assert not losses.lost


def test_doccano_document_labels_land_in_meta():
    """Text classification labels are kept as the document's categories."""
    records, _ = _read("doccano", FIXTURES / "doccano" / "text_classification.jsonl")
    assert [r.document.meta["categories"] for r in records] == [
        ["negative"],
        ["positive"],
        ["positive"],
    ]
    records, _ = _read("doccano", FIXTURES / "doccano" / "classification_0x.jsonl")
    assert records[0].document.meta["categories"] == {"user1": ["15"]}


def test_label_studio_document_choices_are_document_attributes():
    """Choices about the whole text are kept per annotator in the document's meta."""
    records, losses = _read(
        "labelstudio", FIXTURES / "labelstudio" / "humor_dataset_2_annotations.json"
    )
    assert len(records) == 2 and not losses
    for record in records:
        assert record.document.meta["choices"] == {
            "test_suites_user@heartex.com": {"sentiment": "Not Humor"}
        }


def test_label_studio_predictions_are_counted():
    """Predictions are not annotations: each is reported as not carried."""
    records, losses = _read(
        "labelstudio", FIXTURES / "labelstudio" / "text_with_2_predictions.json"
    )
    assert len(records) == 1 and records[0].document.text == "Test example phrase"
    assert losses.counts() == {"prediction": 2}


PRODIGY = {
    # file: (records, documents, spans, skipped answers)
    "news_headlines_ner.jsonl": (8, 8, 10, 1),
    "bio_events.jsonl": (5, 5, 15, 0),
    "emerson_nel.jsonl": (6, 6, 6, 0),
    "tweets_demo.jsonl": (1, 1, 1, 0),
}


@pytest.mark.parametrize("name", sorted(PRODIGY))
def test_prodigy_tasks(name):
    """Spans match Prodigy's own token texts; ignore and reject answers are counted."""
    path = FIXTURES / "prodigy" / name
    records, losses = _read("prodigy", path)
    count, documents, spans, skipped = PRODIGY[name]
    assert len(records) == count
    assert len({r.document.id for r in records}) == documents
    assert _counts(records)[0] == spans
    assert sum(losses.counts(lost=False).values()) == skipped
    accepted = [
        orjson.loads(line)
        for line in path.read_bytes().splitlines()
        if orjson.loads(line).get("answer") not in ("reject", "ignore")
    ]
    for task, record in zip(accepted, records, strict=True):
        tokens = task.get("tokens", [])
        for item, span in zip(task.get("spans", []), record.spans, strict=True):
            own = item.get("text")
            if own is None and tokens:
                own = (
                    "".join(
                        t["text"] + (" " if t.get("ws") and t["id"] < item["token_end"] else "")
                        for t in tokens[item["token_start"] : item["token_end"] + 1]
                    )
                    if "ws" in tokens[0]
                    else task["text"][item["start"] : item["end"]]
                )
            if own is None:
                own = task["text"][item["start"] : item["end"]]
            assert record.document.text[span.start : span.end] == own


CONLL = {
    # (file, column): spans by label and text
    ("ner2002_test.conll", None): [
        ("PER", "Wolff"),
        ("LOC", "Argentina"),
        ("PER", "Del Bosque"),
        ("ORG", "Real Madrid"),
    ],
    ("doccano_example.conll", None): [("LOC", "JAPAN"), ("PER", "Nadim Ladki")],
    ("en-orig.conll", None): [("ORG", "U.N."), ("PER", "Ekeus"), ("LOC", "Baghdad")],
    ("en-orig.conll", 3): [
        ("NP", "U.N. official Ekeus"),
        ("VP", "heads"),
        ("PP", "for"),
        ("NP", "Baghdad"),
    ],
    ("germeval2014_test.conll", None): [("LOC", "Troia")],
    ("germeval2014_test.conll", 3): [
        ("LOC", "Stuttgart"),
        ("LOC", "Braunschweig"),
        ("LOC", "Bonn"),
        ("LOCpart", "Troia-Ausstellung"),
        ("OTH", "Troia - Traum und Wirklichkeit"),
    ],
}


@pytest.mark.parametrize(("name", "column"), sorted(CONLL, key=str))
def test_conll_files_with_any_column(name, column):
    """BIO, IOB1 and extra columns: the tag column (default the last) gives the spans."""
    path = FIXTURES / "conll" / name
    records, losses = _read("conll", path, column=column)
    assert _spans(records) == CONLL[name, column]
    tokens = [
        line.split("\t")[1] if "\t" in line and line.split("\t")[0].isdigit() else line.split()[0]
        for line in path.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert records[0].document.text.split() == " ".join(tokens).split()
    # POS and chunk columns (CoNLL-2003), the other tag column (GermEval): reported.
    assert bool(losses.lost) == name.startswith(("en-orig", "germeval"))


def test_conllu_is_refused_with_a_message():
    """CoNLL-U holds no BIO tags: refused, saying so."""
    with pytest.raises(FormatError, match="CoNLL-U"):
        _read("conll", FIXTURES / "conll" / "conllu-en-orig.conllu")


def test_sources_name_every_fixture():
    """Every fixture file has a line naming its repository and commit in a SOURCES.md."""
    listed = (FIXTURES / "SOURCES.md").read_text("utf-8")
    rows = [row for row in listed.splitlines() if row.startswith("| ") and "/" in row]
    assert len(rows) >= 25
    for row in rows:
        path = row.split(" | ")[0][2:]
        assert (FIXTURES / path).is_file(), path
        assert re.search(r"\| [0-9a-f]{40} \|", row), row
    for path in FIXTURES.rglob("*"):
        if not path.is_file() or path.name == "SOURCES.md":
            continue
        rel = path.relative_to(FIXTURES)
        if f"| {rel} |" in listed:
            continue
        # Fixtures of other issues are listed in a SOURCES.md of their own folder.
        nearest = [
            (folder / "SOURCES.md").read_text("utf-8")
            for folder in path.parents
            if folder != FIXTURES.parent
            and (folder / "SOURCES.md").is_file()
            and folder != FIXTURES
        ]
        assert any(path.stem in text for text in nearest), rel


def test_inception_files():
    """INCEpTION's own TSV and XMI: span relations, stacked spans; the rest is reported."""
    (record,), losses = _read("webanno", FIXTURES / "inception" / "span_relation.tsv")
    text = record.document.text
    assert [text[s.start : s.end] for s in record.spans] == ["This", "."]
    assert len(record.relations) == 1 and not losses
    (record,), losses = _read("webanno", FIXTURES / "inception" / "token_relation.tsv")
    assert record.spans == () and losses.counts() == {"Relation relation": 1}
    (record,), losses = _read("xmi", FIXTURES / "inception" / "stackedrel")
    text = record.document.text
    assert [(s.label, text[s.start : s.end], s.attrs) for s in record.spans] == [
        ("A", "tale", {"f2": "B"}),
        ("B", "tale", {"f2": "C"}),
        ("A", "tale", {"f2": "C"}),
        ("C", "kinds", {"f2": "D"}),
    ]
    assert sorted(r.label for r in record.relations) == ["r1", "r2"]
    assert losses.counts() == {"relation feature": 2}
