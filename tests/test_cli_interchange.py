"""Import and export of other tools' files, run the way a user runs `gloss`.

Real files are imported with `--add-labels`; tests about flags create the project with a
codebook holding the files' labels. The counts asserted are those of the files themselves.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import orjson
import pytest

from desktop.cli import main
from desktop.domain import AttributeDef, RelationLabel, Schema, SpanLabel
from desktop.formats import registry, spacy_docbin
from desktop.workspace import Workspace, stats

FIXTURES = Path(__file__).resolve().parent / "fixtures"
IMPORTED = re.compile(r"Imported (\d+) new document\(s\).* (\d+) span\(s\), (\d+) relation\(s\)")


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def project_for(tmp_path: Path, *sources: tuple[str, Path, dict]) -> Path:
    """A new project whose codebook holds every label, attribute and role of `sources`."""
    labels: dict[str, set[str]] = {}
    binary: set[str] = set()
    roles: set[str] = set()
    for fmt, path, options in sources:
        reader = registry.by_name(fmt).reader
        assert reader is not None
        for record in reader(path, default_layer="me", **options):
            for span in record.spans:
                labels.setdefault(span.label, set()).update(span.attrs)
                binary.update(name for name, value in span.attrs.items() if value is True)
            roles.update(relation.label for relation in record.relations)
    names = tuple(sorted(labels))
    schema = (
        Schema.default()
        if not labels
        else Schema(
            tuple(
                SpanLabel(
                    name,
                    attributes=tuple(AttributeDef(a, binary=a in binary) for a in sorted(attrs)),
                )
                for name, attrs in sorted(labels.items())
            ),
            tuple(RelationLabel(role, names, names) for role in sorted(roles)),
        )
    )
    project = tmp_path / "p.gloss"
    ws = Workspace.open(project, create=True)
    ws._project.settings.set_schema(schema)
    ws.close()
    return project


def counts(project: Path) -> tuple[int, int, int]:
    ws = Workspace.open(project)
    try:
        data = stats(ws)
    finally:
        ws.close()
    spans = sum(n for labels in data["spans"].values() for n in labels.values())
    relations = sum(n for labels in data["relations"].values() for n in labels.values())
    return data["documents"], spans, relations


REAL = [
    # (fixture, format, options, documents, spans, relations)
    ("doccano/labeling_1x.jsonl", "doccano", {}, 2, 11, 0),
    ("doccano/labeling_0x.jsonl", "doccano", {}, 2, 16, 0),
    ("doccano/relation_extraction.jsonl", "doccano", {}, 1, 4, 3),
    ("doccano/sequence_labeling.jsonl", "doccano", {}, 3, 4, 0),
    ("labelstudio/humor_dataset_2_annotations.json", "labelstudio", {}, 2, 0, 0),
    ("prodigy/news_headlines_ner.jsonl", "prodigy", {}, 8, 10, 0),
    ("prodigy/bio_events.jsonl", "prodigy", {}, 5, 15, 0),
    ("brat/news-intro", "brat", {}, 1, 7, 6),
    ("brat/news-events", "brat", {}, 1, 22, 12),
    ("brat/ge-shared-trigger", "brat", {}, 1, 8, 5),
    ("brat/epi-equiv", "brat", {}, 1, 7, 1),
    ("conll/germeval2014_test.conll", "conll", {"column": 3}, 1, 5, 0),
    ("conll/en-orig.conll", "conll", {}, 1, 3, 0),
    ("xmi/emoji", "xmi", {}, 1, 1, 0),
    ("webanno/multitoken.tsv", "webanno", {}, 1, 1, 0),
]


@pytest.mark.parametrize(("name", "fmt", "options", "docs", "spans", "relations"), REAL)
def test_real_files_import_with_format_flag(
    tmp_path, capsys, name, fmt, options, docs, spans, relations
):
    """`gloss import P FILE --format NAME --add-labels` brings every span and relation."""
    source = FIXTURES / name
    project = tmp_path / "p.gloss"
    extra = [f"--column={options['column']}"] if "column" in options else []
    code, out, err = run(capsys, "import", project, source, "--format", fmt, "--add-labels", *extra)
    assert code == 0, err
    found = IMPORTED.search(out)
    assert found is not None, out
    assert tuple(map(int, found.groups())) == (docs, spans, relations)
    assert counts(project) == (docs, spans, relations)


def test_format_flag_is_passed_on(tmp_path, capsys):
    """A doccano export named `.jsonl` is read as doccano only when --format says so."""
    source = tmp_path / "export.jsonl"
    shutil.copy(FIXTURES / "doccano" / "labeling_1x.jsonl", source)
    project = project_for(tmp_path, ("doccano", source, {}))
    code, out, err = run(capsys, "import", project, source, "--format", "doccano")
    assert code == 0, err
    assert "11 span(s)" in out and counts(project)[1] == 11


def test_conll_named_txt_with_column(tmp_path, capsys):
    """GermEval under a .txt name: --format conll --column 3 reads the outer tags."""
    source = tmp_path / "germeval.txt"
    shutil.copy(FIXTURES / "conll" / "germeval2014_test.conll", source)
    project = project_for(tmp_path, ("conll", source, {"column": 3}))
    code, out, err = run(capsys, "import", project, source, "--format", "conll", "--column", "3")
    assert code == 0, err
    assert "5 span(s)" in out
    assert "not carried: 1 column(s)" in err


def test_column_with_another_format_is_refused(tmp_path, capsys):
    """--column only means something for CoNLL: any other format says so."""
    source = FIXTURES / "doccano" / "sequence_labeling.jsonl"
    project = project_for(tmp_path, ("doccano", source, {}))
    code, _, err = run(capsys, "import", project, source, "--format", "doccano", "--column", "2")
    assert code == 1
    assert err.strip().endswith("--column does not apply to doccano files")
    assert counts(project) == (0, 0, 0)


def test_conllu_is_refused_with_a_message(tmp_path, capsys):
    """A CoNLL-U file is refused, saying it is CoNLL-U."""
    code, _, err = run(
        capsys, "import", tmp_path / "p.gloss", FIXTURES / "conll" / "conllu-en-orig.conllu"
    )
    assert code == 1 and "CoNLL-U" in err and "Traceback" not in err


def test_strict_import_keeps_nothing(tmp_path, capsys):
    """--strict: a note brat puts on a relation has no place, so nothing is imported."""
    source = FIXTURES / "brat" / "bio-notes"
    project = project_for(tmp_path, ("brat", source, {}))
    code, _, err = run(capsys, "import", project, source, "--strict")
    assert code == 1
    assert "--strict: not carried: 1 relation note(s)" in err
    assert counts(project) == (0, 0, 0)


def test_import_reports_losses_in_one_line_and_each_with_v(tmp_path, capsys):
    """Without -v one summary line; with -v each item, naming where it was."""
    source = FIXTURES / "brat" / "bio-notes"
    project = project_for(tmp_path, ("brat", source, {}))
    code, out, err = run(capsys, "import", project, source)
    assert code == 0 and "14 span(s), 8 relation(s)" in out
    assert "not carried: 1 relation note(s) (-v lists each)" in err
    code, _, err = run(capsys, "import", project, source, "-v")
    assert "relation note not carried: #3 on R1" in err


def test_skipped_answers_are_counted(tmp_path, capsys):
    """Prodigy's ignore answer is counted on stderr, not imported."""
    source = FIXTURES / "prodigy" / "news_headlines_ner.jsonl"
    project = project_for(tmp_path, ("prodigy", source, {}))
    code, out, err = run(capsys, "import", project, source, "--format", "prodigy")
    assert code == 0 and "8 new document(s)" in out
    assert "skipped: 1 ignore answer(s)" in err


def test_label_studio_same_text_in_two_tasks(tmp_path, capsys):
    """Two tasks with one text: one document with two annotators' layers; repeats counted."""
    text = "HRW accused the army 😀."
    region = {
        "id": "r1",
        "type": "labels",
        "from_name": "label",
        "to_name": "text",
        "value": {"start": 0, "end": 3, "text": "HRW", "labels": ["ACTOR"]},
    }

    def task(number, email):
        return {
            "id": number,
            "data": {"text": text},
            "annotations": [{"completed_by": {"email": email}, "result": [region, region]}],
        }

    source = tmp_path / "ls.json"
    source.write_bytes(orjson.dumps([task(1, "a@x"), task(2, "b@x"), task(3, "a@x")]))
    project = project_for(tmp_path, ("labelstudio", source, {}))
    code, out, err = run(capsys, "import", project, source)
    assert code == 0, err
    assert "1 new document(s)" in out and "2 span(s)" in out
    assert "layer(s) a@x, b@x" in out
    assert "skipped: 4 duplicate span(s)" in err


LABEL_STUDIO_EXPORTS = [
    # fixture, (documents, spans, relations, document choices) Gloss keeps, and what stderr
    # says: regions and relations repeated by a task with the same text are kept once.
    ("labelstudio/nerine_export.json", (2, 36, 0, 0), "not carried: 1 draft(s), 2 prediction(s)"),
    ("labelstudio/converter_completions_348.json", (1, 38, 0, 0), None),
    (
        "labelstudio/relation_extraction_export.json",
        (4, 11, 10, 0),
        "not carried: 2 meta(s); skipped: 2 duplicate relation(s), 4 duplicate span(s)",
    ),
    ("labelstudio/sentiment_export.json", (4, 0, 0, 4), None),
    ("labelstudio/taxonomy_export.json", (5, 0, 0, 5), None),
]


def _label_studio_file(path: Path) -> dict:
    """What a Label Studio export holds, read with the json module alone, per layer."""
    tasks = orjson.loads(path.read_bytes())
    tasks = tasks if type(tasks) is list else [tasks]
    regions, relations, choices = [], [], {}
    for task in tasks:
        text = task["data"]["text"]
        for annotation in task.get("annotations") or task.get("completions") or []:
            author = annotation.get("completed_by")  # None: the importer's default layer
            layer = None if author is None else str(author)
            results = annotation["result"]
            places = {
                r["id"]: (r["value"]["start"], r["value"]["end"], r["value"]["labels"][0])
                for r in results
                if r["type"] == "labels"
            }
            for result in results:
                if result["type"] == "labels":
                    value = result["value"]
                    place = places[result["id"]]
                    regions.append((text, layer, *place, value["text"]))
                elif result["type"] == "relation":
                    ends = (places[result["from_id"]], places[result["to_id"]])
                    relations += [(text, layer, *ends, label) for label in result["labels"]]
                elif result["type"] in ("choices", "taxonomy") and result["id"] not in places:
                    picked = result["value"][result["type"]]
                    if result["type"] == "choices" and len(picked) == 1:
                        picked = picked[0]
                    by_layer = choices.setdefault(text, {}).setdefault(layer or "", {})
                    by_layer[result["from_name"]] = picked
    return {"tasks": tasks, "regions": regions, "relations": relations, "choices": choices}


@pytest.mark.parametrize(("name", "expected", "summary"), LABEL_STUDIO_EXPORTS)
def test_label_studio_text_spans_through_the_cli(tmp_path, capsys, name, expected, summary):
    """Real Label Studio exports: every region is a span over the text Label Studio stored,
    every relation label a relation; a text repeated in another task is one document."""
    source = FIXTURES / name
    found = _label_studio_file(source)
    tasks, regions, relations = found["tasks"], found["regions"], found["relations"]
    texts = {task["data"]["text"] for task in tasks}
    choices = sum(len(names) for text in found["choices"].values() for names in text.values())
    assert (len(texts), len(set(regions)), len(set(relations)), choices) == expected
    project = tmp_path / "p.gloss"
    args = ("import", project, source, "--format", "labelstudio", "--add-labels")
    code, out, err = run(capsys, *args)
    assert code == 0, err
    imported = IMPORTED.search(out)
    assert imported is not None, out
    assert tuple(map(int, imported.groups())) == expected[:3]
    if summary is None:
        assert "not carried" not in err and "skipped" not in err
    else:
        assert summary in err
    repeats = len(regions) - len(set(regions)), len(relations) - len(set(relations))
    if any(repeats):
        assert f"{repeats[1]} duplicate relation(s), {repeats[0]} duplicate span(s)" in err
    assert counts(project) == expected[:3]
    exported = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "export", project, "--format", "jsonl", "-o", exported)
    assert code == 0, err
    lines = [orjson.loads(line) for line in exported.read_bytes().splitlines()]
    authors = {region[1] for region in regions}
    for line in lines:
        line["layer"] = line.get("layer") if line.get("layer") in authors else None
    spans = {
        (line["text"], line["layer"], span["start"], span["end"], span["label"], span["text"])
        for line in lines
        for span in line.get("spans", [])
    }
    assert spans == set(regions)
    # Each span's text is the slice of the stored text and the text Label Studio recorded.
    assert all(text[start:end] == own for text, _, start, end, _, own in spans)
    links = set()
    for line in lines:
        places = {s["id"]: (s["start"], s["end"], s["label"]) for s in line.get("spans", [])}
        for relation in line.get("relations", []):
            ends = places[relation["head_id"]], places[relation["child_id"]]
            links.add((line["text"], line["layer"], *ends, relation["label"]))
    assert links == set(relations)
    # Choices and taxonomy paths about the whole text: in the meta, by annotator.
    assert {
        line["text"]: line["meta"]["choices"] for line in lines if "choices" in line["meta"]
    } == found["choices"]
    # The meta is the first task's data beside the text (later tasks' are reported).
    firsts: dict[str, dict] = {}
    for task in tasks:
        firsts.setdefault(task["data"]["text"], task["data"])
    for line in lines:
        kept = {k: v for k, v in firsts[line["text"]].items() if k != "text"}
        assert {k: line["meta"][k] for k in kept} == kept


def _annotated_project(tmp_path: Path, capsys) -> Path:
    """A project with nested spans, a relation, an attribute, over a tricky text."""
    text = "HRW 👩‍👩‍👧 said\r\nالجيش denied café\u0301 claims."
    army = text.index("الجيش")
    denied = text.index("denied")
    line = {
        "id": "doc-1",
        "text": text,
        "layer": "alice",
        "spans": [
            {"id": "s1", "start": 0, "end": 3, "label": "ACTOR", "attrs": {"kind": "NGO or IGO"}},
            {"id": "s2", "start": army, "end": army + 5, "label": "ACTOR"},
            {"id": "s3", "start": army, "end": denied + 6, "label": "RESPONSE"},
        ],
        "relations": [{"id": "r1", "label": "respondent", "head_id": "s3", "child_id": "s2"}],
    }
    source = tmp_path / "in.jsonl"
    source.write_bytes(orjson.dumps(line) + b"\n")
    project = tmp_path / "p.gloss"
    code, _, err = run(capsys, "import", project, source)
    assert code == 0, err
    return project


def test_conll_export_reports_nested_spans_and_relations(tmp_path, capsys):
    """CoNLL export writes -DOCSTART- and says what BIO could not hold."""
    project = _annotated_project(tmp_path, capsys)
    out = tmp_path / "out.conll"
    code, _, err = run(capsys, "export", project, "--format", "conll", "-o", out)
    assert code == 0
    assert out.read_text("utf-8").startswith("-DOCSTART-\tO\n")
    assert "not carried: 1 attribute(s), 1 nested span(s), 1 relation(s)" in err
    code, _, err = run(capsys, "export", project, "--format", "conll", "-o", out, "-v")
    assert "nested span not carried: document doc-1, layer alice" in err


def test_strict_export_leaves_no_file(tmp_path, capsys):
    """--strict export of what the format cannot hold fails and writes nothing."""
    project = _annotated_project(tmp_path, capsys)
    for fmt, name in (("conll", "out.conll"), ("prodigy", "folder"), ("doccano", "d.jsonl")):
        out = tmp_path / name
        code, _, err = run(capsys, "export", project, "--format", fmt, "-o", out, "--strict")
        assert code == 1 and "--strict: not carried" in err
        assert not out.exists() and not list(tmp_path.glob(f".{name}*"))


def test_strict_export_writes_when_nothing_is_lost(tmp_path, capsys):
    """--strict with a format that carries everything writes the file."""
    project = _annotated_project(tmp_path, capsys)
    out = tmp_path / "out.spacy"
    if not spacy_docbin.available():
        pytest.skip("spaCy not installed")
    code, _, err = run(capsys, "export", project, "--format", "spacy", "-o", out, "--strict")
    assert code == 0, err and out.is_file()


EXPORTS = [
    # format, output name, (spans, relations) read back
    ("prodigy", "out.jsonl", (3, 1)),
    ("xmi", "xmi-folder", (3, 1)),
    ("qdpx", "out.qdpx", (3, 1)),
    ("spacy", "out.spacy", (3, 1)),
    ("labelstudio", "out.json", (3, 1)),
    ("doccano", "out.doccano.jsonl", (3, 1)),
    ("brat", "brat-folder", (3, 1)),
    ("conll", "out.conll", (2, 0)),
]


@pytest.mark.parametrize(("fmt", "name", "expected"), EXPORTS)
def test_export_then_import_every_format(tmp_path, capsys, fmt, name, expected):
    """`gloss export --format F` then `gloss import --format F` brings the spans back."""
    if fmt == "spacy" and not spacy_docbin.available():
        pytest.skip("spaCy not installed")
    project = _annotated_project(tmp_path, capsys)
    out = tmp_path / name
    code, _, err = run(capsys, "export", project, "--format", fmt, "-o", out)
    assert code == 0, err
    again = tmp_path / "again.gloss"
    code, _, err = run(capsys, "import", again, out, "--format", fmt, "--layer", "alice")
    assert code == 0, err
    assert counts(again)[1:] == expected


def test_reimport_says_what_was_already_there(tmp_path, capsys):
    """Importing a file again adds nothing and says how many spans were already present."""
    source = FIXTURES / "doccano" / "labeling_1x.jsonl"
    project = project_for(tmp_path, ("doccano", source, {}))
    run(capsys, "import", project, source, "--format", "doccano")
    code, out, _ = run(capsys, "import", project, source, "--format", "doccano")
    assert code == 0
    assert "0 span(s), 0 relation(s); 11 span(s), 0 relation(s) already present" in out
    assert counts(project) == (2, 11, 0)


@pytest.mark.parametrize("fmt", ["jsonl", "frames", "actors"])
def test_strict_export_of_gloss_formats(tmp_path, capsys, fmt):
    """Gloss's own exports carry everything: --strict writes them."""
    project = _annotated_project(tmp_path, capsys)
    out = tmp_path / f"out.{fmt}.jsonl"
    code, _, err = run(capsys, "export", project, "--format", fmt, "-o", out, "--strict")
    assert code == 0, err
    assert out.is_file()


@pytest.mark.parametrize(("fmt", "name"), [("xmi", "xmi-folder"), ("qdpx", "out.qdpx")])
def test_status_and_meta_survive_xmi_and_qdpx(tmp_path, capsys, fmt, name):
    """`export --strict` to XMI or REFI-QDA and back keeps the status and meta exactly."""
    text = "HRW 👩‍👩‍👧 said\r\nالجيش denied café\u0301 claims."
    meta = {"source": "wire\r\n😀", "words": 7, "tags": ["ש", None, True]}
    line = {
        "id": "doc-1",
        "text": text,
        "meta": meta,
        "layer": "alice",
        "status": "done",
        "spans": [{"id": "s1", "start": 0, "end": 3, "label": "ACTOR"}],
        "relations": [],
    }
    source = tmp_path / "in.jsonl"
    source.write_bytes(orjson.dumps(line) + b"\n")
    project = tmp_path / "p.gloss"
    code, _, err = run(capsys, "import", project, source, "--layer", "alice")
    assert code == 0, err
    out = tmp_path / name
    code, _, err = run(capsys, "export", project, "--format", fmt, "-o", out, "--strict")
    assert code == 0, err
    assert "not carried" not in err
    again = tmp_path / "again.gloss"
    code, _, err = run(capsys, "import", again, out, "--format", fmt, "--layer", "alice")
    assert code == 0, err
    native = tmp_path / "back.jsonl"
    code, _, err = run(capsys, "export", again, "-o", native)
    assert code == 0, err
    (back,) = [orjson.loads(raw) for raw in native.read_bytes().splitlines()]
    assert (back["layer"], back["status"], back["meta"], back["text"]) == (
        "alice",
        "done",
        meta,
        text,
    )


def test_an_export_past_the_kept_losses_counts_them_all_and_v_lists_them_all(
    tmp_path, capsys, monkeypatch
):
    """With more losses than are kept to list, the summary still counts every one, --strict
    still refuses and quotes the first, and -v lists each of them."""
    from desktop.formats import losses as losses_module

    monkeypatch.setattr(losses_module, "KEEP", 2)
    assert losses_module.Losses().keep == 2
    project = _annotated_project(tmp_path, capsys)
    out = tmp_path / "out.conll"
    code, _, err = run(capsys, "export", project, "--format", "conll", "-o", out)
    assert code == 0 and "not carried: 1 attribute(s), 1 nested span(s), 1 relation(s)" in err
    code, _, err = run(capsys, "export", project, "--format", "conll", "-o", out, "--strict")
    assert code == 1 and "--strict: not carried" in err and "(first: " in err
    code, _, err = run(capsys, "export", project, "--format", "conll", "-o", out, "-v")
    assert len([line for line in err.splitlines() if " not carried: " in line]) == 3
