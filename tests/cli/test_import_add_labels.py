"""`gloss import --add-labels` on real brat folders from the brat repository."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.cli import main
from desktop.domain import Schema
from desktop.domain.codebook import RESERVED_KEYS
from desktop.workspace import Workspace

BRAT = Path(__file__).resolve().parents[1] / "fixtures" / "brat"
NEWS = BRAT / "news"
CONLL = BRAT / "conll2002"


def without_conf(folder: Path, tmp_path: Path) -> Path:
    """A copy of a brat folder without its annotation.conf (the data alone)."""
    copy = tmp_path / f"{folder.name}-data"
    for source in folder.rglob("*"):
        if source.suffix in (".txt", ".ann"):
            target = copy / source.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    return copy


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def brat_lines(folder: Path) -> tuple[list[tuple[str, int, int, str, str]], int]:
    """(file stem, start, end, label, text) of every T line, and the relations to expect."""
    spans, relations = [], 0
    for ann in sorted(folder.rglob("*.ann")):
        for line in ann.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if line.startswith("T"):
                label, start, end = fields[1].split(" ")
                spans.append((ann.stem, int(start), int(end), label, fields[2]))
            elif line.startswith("R"):
                relations += 1
            elif line.startswith("E"):
                relations += len(fields[1].split()) - 1  # trigger -> each argument
            elif line.startswith("*"):
                relations += len(fields[1].split()) - 2  # an equivalence chains its members
    return spans, relations


def stored_spans(project: Path) -> set[tuple[str, int, int, str, str]]:
    ws = Workspace.open(project)
    try:
        found = set()
        for document in ws._project.documents.iter_all():
            for layer in ws.layers():
                for span in ws.spans(document.id, layer.name):
                    text = document.text[span.start : span.end]
                    found.add((document.title, span.start, span.end, span.label, text))
        return found
    finally:
        ws.close()


def test_unknown_labels_are_refused_without_the_flag(tmp_path, capsys):
    """Without --add-labels the first unknown label stops the import and nothing is kept."""
    project = tmp_path / "p.gloss"
    code, out, err = run(capsys, "import", project, without_conf(NEWS, tmp_path))
    assert code != 0 and "unknown span label" in err and len(err.strip().splitlines()) == 1
    _, out, _ = run(capsys, "stats", project, "--json")
    assert json.loads(out)["documents"] == 0


def test_add_labels_imports_the_news_tutorial(tmp_path, capsys):
    """Every T line arrives with its exact text; the report lists what the codebook gained."""
    project = tmp_path / "p.gloss"
    data = without_conf(NEWS, tmp_path)
    code, out, err = run(capsys, "import", project, data, "--layer", "brat", "--add-labels")
    assert code == 0, err
    expected, relation_count = brat_lines(data)
    assert len(expected) == 52
    # Each tuple holds the T line's text and the stored document's slice: equal sets check both.
    assert stored_spans(project) == set(expected)
    assert f"{len(expected)} span(s), {relation_count} relation(s)" in out
    for line in (
        "added label Organization",
        "added label Person",
        "added attribute Person.Individual (binary)",
        "added attribute Person.Mention (Name, Nominal)",
        "added role Family (Person -> Person)",
        "added role Org-Arg (Merge-org -> Organization)",
    ):
        assert line in out
    ws = Workspace.open(project)
    schema = ws.schema
    ws.close()
    assert schema.version == 2
    assert {"ACTOR", "Organization", "Person", "GPE", "Money", "Merge-org"} <= set(
        schema.label_names
    )
    keys = [label.hotkey for label in schema.span_labels if label.hotkey]
    assert len(keys) == len(set(keys)) and not RESERVED_KEYS & set(keys)
    colours = [label.color for label in schema.span_labels]
    assert len(colours) == len(set(colours))


def test_add_labels_reads_layers_of_the_conll_sample(tmp_path, capsys):
    """The CoNLL-2002 sample's two languages become layers with PER, LOC, ORG and MISC."""
    project = tmp_path / "p.gloss"
    data = without_conf(CONLL, tmp_path)
    code, out, err = run(capsys, "import", project, data, "--add-labels")
    assert code == 0, err
    expected, _ = brat_lines(data)
    assert stored_spans(project) == set(expected)
    assert "layer(s) esp, ned" in out
    for label in ("PER", "LOC", "ORG", "MISC"):
        assert f"added label {label}" in out


def test_undo_restores_the_codebook_and_removes_the_import(tmp_path, capsys):
    """One undo takes back the import and the labels it added, exactly."""
    project = tmp_path / "p.gloss"
    run(capsys, "init", project)
    assert run(capsys, "import", project, without_conf(NEWS, tmp_path), "--add-labels")[0] == 0
    ws = Workspace.open(project)
    try:
        assert "Person" in ws.schema.label_names
        ws.undo()
        assert ws.schema == Schema.default()
        assert ws._project.spans.count() == 0 and ws._project.documents.count() == 0
        ws.redo()
        assert "Person" in ws.schema.label_names and ws._project.spans.count() > 0
    finally:
        ws.close()


def test_reimport_adds_nothing_more(tmp_path, capsys):
    """A second import with --add-labels finds the codebook complete and adds nothing."""
    project = tmp_path / "p.gloss"
    run(capsys, "import", project, CONLL, "--add-labels")
    code, out, _ = run(capsys, "import", project, CONLL, "--add-labels")
    assert code == 0 and "added" not in out and "addition" not in out


def test_a_brat_folder_brings_its_annotation_conf(tmp_path, capsys):
    """Without any flag, the folder's annotation.conf adds its types, events and attributes."""
    project = tmp_path / "p.gloss"
    code, out, err = run(capsys, "import", project, NEWS)
    assert code == 0, err
    expected, relation_count = brat_lines(NEWS)
    assert stored_spans(project) == set(expected)
    assert f"{len(expected)} span(s), {relation_count} relation(s)" in out
    ws = Workspace.open(project)
    schema = ws.schema
    ws.close()
    # Types the data never uses come from the conf; Org-Arg2..4 number brat's Org-Arg+.
    assert {"Be-born", "Divorce", "Money", "Report"} <= set(schema.label_names)
    assert schema.span_label("Report").attribute("Confidence").choices == (
        "High",
        "Neutral",
        "Low",
    )
    assert schema.span_label("Person").attribute("Individual").binary
    assert schema.relation_label("Org-Arg3").allows("Merge-org", "Organization")
    assert schema.relation_label("Located").allows("Person", "GPE")
    assert "added label Be-born" in out and "added role Org-Arg4" in out


def test_data_outside_the_annotation_conf_is_refused(tmp_path, capsys):
    """A T line whose type the folder's annotation.conf lacks stops the import (FILE:LINE)."""
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("annotation.conf", "060-relation_annotation.txt"):
        (folder / name).write_bytes((NEWS / name).read_bytes())
    ann = (NEWS / "060-relation_annotation.ann").read_text(encoding="utf-8")
    (folder / "060-relation_annotation.ann").write_text(
        ann.replace("T2\tGPE", "T2\tCity"), encoding="utf-8"
    )
    project = tmp_path / "p.gloss"
    code, _, err = run(capsys, "import", project, folder)
    assert code != 0
    assert "060-relation_annotation.ann:2: T2: unknown span label 'City'" in err
    code, out, err = run(capsys, "import", project, folder, "--add-labels")
    assert code == 0 and "added label City" in out
