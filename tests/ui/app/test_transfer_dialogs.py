"""File > Import and Export with every format: format and layer choices, progress, and the
report of what a format could not carry."""

from __future__ import annotations

import json

import pytest

from desktop.formats import ids
from desktop.ui.app import dialogs, transfer_commands, transfer_dialogs
from desktop.ui.app.transfer_dialogs import ImportDialog


@pytest.fixture
def reports(monkeypatch):
    """Reports recorded instead of shown: (title, summary, details)."""
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(
        transfer_dialogs.dialogs,
        "show_report",
        lambda _parent, title, summary, details: shown.append((title, summary, details)),
    )
    return shown


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, title, text: shown.append((title, text)))
    return shown


def _span(window, text: str, label: str) -> str:
    ws = window.session.workspace
    document = ws.document("d1")
    start = document.text.index(text)
    (span_id,) = ws.add_span("d1", start, start + len(text), label).span_ids
    return span_id


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("doccano", "out.doccano.jsonl"),
        ("labelstudio", "out.json"),
        ("brat", "brat"),
        ("conll", "out.conll"),
        ("prodigy", "out.prodigy.jsonl"),
        ("xmi", "xmi"),
        ("qdpx", "out.qdpx"),
    ],
)
def test_export_to_every_format_reports_what_it_drops(window, tmp_path, reports, errors, key, name):
    """Each format writes; the attribute formats cannot hold is reported, not dropped."""
    window.session.workspace.set_span_attribute(
        _span(window, "Human Rights Watch", "ACTOR"), "kind", "NGO or IGO"
    )
    out = tmp_path / name
    assert window.transfer.export_to(out, key) is not None, errors
    assert out.exists()
    carried = key in ("labelstudio", "brat", "xmi", "qdpx")
    assert bool(window.transfer.last_losses.lost) is not carried
    if not carried:
        ((_title, summary, details),) = reports
        assert "not carried: 1 attribute(s)" in summary and "kind=NGO or IGO" in details
        assert window.status.currentMessage().endswith(summary)


def test_import_dialog_offers_every_readable_format(qtbot):
    """The format list holds every format that reads; the column applies to CoNLL only."""
    dialog = ImportDialog(transfer_commands.import_formats(), ["bob"], "me")
    qtbot.addWidget(dialog)
    keys = [dialog.format.itemData(i) for i in range(dialog.format.count())]
    assert keys[0] is None
    assert set(keys[1:]) >= {"jsonl", "doccano", "labelstudio", "brat", "conll", "prodigy"}
    assert {"xmi", "webanno", "qdpx", "spacy"} <= set(keys)
    dialog.format.setCurrentIndex(keys.index("doccano"))
    assert not dialog.column.isEnabled()
    dialog.format.setCurrentIndex(keys.index("conll"))
    dialog.column.setValue(3)
    dialog.layer.setCurrentText("bob")
    assert dialog.choice() == ("conll", "bob", 3)


def test_file_import_uses_the_chosen_format_and_layer(window, tmp_path, monkeypatch, reports):
    """File > Import: a doccano file named .jsonl, read as doccano into the chosen layer."""
    source = tmp_path / "export.jsonl"
    text = "HRW said the army 😀 denied it."
    source.write_text(json.dumps({"text": text, "label": [[0, 3, "ACTOR"]]}) + "\n", "utf-8")
    monkeypatch.setattr(transfer_dialogs, "ask_import_files", lambda _parent: [source])

    def choose(dialog) -> int:
        dialog.format.setCurrentIndex(dialog.format.findData("doccano"))
        dialog.layer.setCurrentText("carol")
        return 1

    monkeypatch.setattr(ImportDialog, "exec", choose)
    window.gloss_actions.import_files.trigger()
    window.transfer.runner.wait_finished()
    ws = window.session.workspace
    doc_id = ids.document_id(text)
    assert [(s.label, s.layer) for s in ws.spans(doc_id, "carol")] == [("ACTOR", "carol")]
    assert reports == []


def test_import_reports_skipped_answers_and_shows_progress(window, tmp_path, reports):
    """A Prodigy ignore answer is reported as skipped; the task runner reports progress."""
    counted: list[int] = []
    window.transfer.runner.progressed.connect(lambda _label, done: counted.append(done))
    source = tmp_path / "p.jsonl"
    lines = [
        {
            "text": "HRW spoke.",
            "spans": [{"start": 0, "end": 3, "label": "ACTOR"}],
            "answer": "accept",
        },
        {"text": "Nothing.", "answer": "ignore"},
    ]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    assert window.transfer.import_files([source], "prodigy")
    ((title, summary, details),) = reports
    assert title == "Import: not carried"
    assert summary == "skipped: 1 ignore answer(s)" and f"{source}:2:" in details
    assert counted and counted[-1] == 1
