"""Long work off the UI thread: the window stays responsive, Cancel rolls back, edits wait."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from desktop.ui.app import dialogs
from desktop.ui.app.session import Session
from desktop.workspace import Workspace

DOCUMENTS = 100_000


def _corpus(path: Path, count: int = DOCUMENTS) -> Path:
    """`count` one-line documents of native JSONL, written in one go (a fraction of a second)."""
    path.write_bytes(
        b"".join(
            b'{"id": "n%d", "text": "Article %d: the army denied it."}\n' % (i, i)
            for i in range(count)
        )
    )
    return path


@pytest.fixture
def file_window(make_window, seeded_project):
    """The window on a project file holding the three seed documents."""
    session = Session(Workspace.open(seeded_project))
    session.open_document("d1")
    return make_window(session)


@pytest.fixture
def confirmations(monkeypatch):
    """Answer every confirmation with yes, and keep what was asked."""
    asked: list[tuple[str, str]] = []

    def confirm(_parent, title, text, _action) -> bool:
        asked.append((title, text))
        return True

    monkeypatch.setattr(dialogs, "ask_confirm", confirm)
    return asked


def test_the_window_stays_responsive_during_a_100000_document_import(
    file_window, tmp_path, confirmations
):
    """A timer keeps firing while 100,000 documents are imported; the import is asked first
    (it cannot be undone), then everything arrives through the usual broadcast."""
    window = file_window
    source = _corpus(tmp_path / "big.jsonl")
    ticks: list[float] = []
    timer = QTimer(window)
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    heard = []
    window.session.changed.connect(lambda change, _initiator: heard.append(change))
    timer.start()
    started = time.perf_counter()
    assert window.transfer.import_files([source])
    elapsed = time.perf_counter() - started
    timer.stop()
    ws = window.session.workspace
    assert ws.document_count() == DOCUMENTS + 3
    assert [title for title, _ in confirmations] == ["Large import"]
    assert heard and heard[-1].documents and ws.can_undo() is None
    during = [t for t in ticks if t <= started + elapsed]
    gaps = [b - a for a, b in itertools.pairwise(during)]
    print(f"import {elapsed:.1f} s, {len(during)} ticks, longest gap {max(gaps) * 1000:.0f} ms")
    assert len(during) >= elapsed / 0.25  # at least one tick every 250 ms on average
    assert max(gaps) < 2.0
    assert window.status.currentMessage().startswith(f"Imported {DOCUMENTS} new document(s)")


def test_cancel_leaves_the_project_as_it_was(file_window, tmp_path, confirmations, qtbot):
    """Cancel during the import: nothing of it is kept, the undo history is untouched."""
    window = file_window
    ws = window.session.workspace
    ws.add_span("d1", 0, 5, "ACTOR")
    before = (ws.document_count(), ws.can_undo(), ws._project.history.count())
    source = _corpus(tmp_path / "big.jsonl")
    progressed: list[int] = []
    window.tasks.progressed.connect(lambda _label, done: progressed.append(done))
    assert window.transfer.import_files([source], wait=False)
    assert window.status.task_bar.isVisible() and window.status.task_cancel.isVisible()
    qtbot.waitUntil(lambda: bool(progressed), timeout=20_000)
    window.status.task_cancel.click()
    window.tasks.wait_finished()
    assert (ws.document_count(), ws.can_undo(), ws._project.history.count()) == before
    assert window.status.currentMessage() == "Importing cancelled: nothing was changed"
    assert not window.status.task_bar.isVisible()
    assert ws._project.integrity_errors() == []


def test_edits_wait_while_a_task_runs(file_window, tmp_path, confirmations, qtbot):
    """An edit during an import is refused with a reason; after it, edits work again."""
    window = file_window
    ws = window.session.workspace
    assert window.transfer.import_files([_corpus(tmp_path / "mid.jsonl", 20_000)], wait=False)
    assert window.session.busy == "Importing"
    assert window.session.edit(lambda: ws.add_span("d1", 0, 5, "ACTOR")) is None
    assert "Importing is running" in window.status.error
    window.tasks.wait_finished()
    assert window.session.busy is None
    assert window.session.edit(lambda: ws.add_span("d1", 0, 5, "ACTOR")) is not None


def test_a_failed_task_reports_in_a_dialog(file_window, tmp_path, monkeypatch):
    """A bad line fails the import on the worker; the dialog names file and line."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, title, text: shown.append((title, text)))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "fine"}\n{oops\n', encoding="utf-8")
    assert not file_window.transfer.import_files([bad])
    ((title, text),) = shown
    assert title == "Import failed" and text.startswith(f"{bad}:2:")
    assert file_window.session.workspace.document_count() == 3


def test_agreement_and_propagation_run_on_the_task_runner(window):
    """The dashboard computes agreement, and a corpus-wide mention search runs, as tasks."""
    ws = window.session.workspace
    ws.add_span("d1", 0, 18, "ACTOR")
    ws.add_span("d1", 0, 18, "ACTOR", layer="bob")
    started: list[str] = []
    window.tasks.started.connect(lambda label, _cancellable: started.append(label))
    dashboard = window.views.open_dashboard()
    window.tasks.wait_finished()
    assert started == ["Computing agreement"]
    assert dashboard.data is not None and dashboard.data.agreement is not None
    dashboard.close()  # its refresh after the next edit waits for it to be shown again
    ws.add_actor("Human Rights Watch", "NGO or IGO", ("HRW",))
    actor_id = ws.last_actor_id
    window.actors.refresh()
    window.actors.select_actor(actor_id)
    mentions = window.actors.find_mentions(whole_corpus=True)
    assert started[-1] == "Finding mentions"
    assert mentions and all(m.actor_id == actor_id for m in mentions)
    assert not window.tasks.busy


def test_closing_the_window_cancels_a_running_import(file_window, tmp_path, confirmations, qtbot):
    """Closing during an import cancels it (rolled back) and no late callback touches the
    closed project."""
    window = file_window
    path = window.session.workspace.path
    progressed: list[int] = []
    window.tasks.progressed.connect(lambda _label, done: progressed.append(done))
    assert window.transfer.import_files([_corpus(tmp_path / "big.jsonl")], wait=False)
    qtbot.waitUntil(lambda: bool(progressed), timeout=20_000)
    window.close()
    qtbot.wait(50)  # the queued end of the task arrives; nothing may fail
    reopened = Workspace.open(path)
    try:
        assert reopened.document_count() == 3
    finally:
        reopened.close()


def test_an_export_can_be_cancelled_and_leaves_no_file(
    file_window, tmp_path, confirmations, qtbot, monkeypatch
):
    """File > Export runs with a Cancel button; cancelled midway, no file is left."""
    import threading

    from desktop.workspace import transfer

    window = file_window
    assert window.transfer.import_files([_corpus(tmp_path / "big.jsonl", 2_000)])
    clicked = threading.Event()
    original = transfer.export_records

    def held_midway(*args, **kwargs):  # the export waits after 150 records for the click
        for number, record in enumerate(original(*args, **kwargs)):
            if number == 150:
                clicked.wait(20)
            yield record

    monkeypatch.setattr(transfer, "export_records", held_midway)
    progressed: list[int] = []
    window.tasks.progressed.connect(lambda _label, done: progressed.append(done))
    out = tmp_path / "out" / "all.jsonl"
    out.parent.mkdir()
    assert window.transfer.export_to(out, "jsonl", wait=False) is None
    assert window.status.task_cancel.isVisible()
    qtbot.waitUntil(lambda: 100 in progressed, timeout=20_000)
    window.status.task_cancel.click()
    clicked.set()
    window.tasks.wait_finished()
    assert window.status.currentMessage() == "Exporting cancelled: nothing was written"
    assert list(out.parent.iterdir()) == []
    monkeypatch.setattr(transfer, "export_records", original)
    assert window.transfer.export_to(out, "jsonl") == 2_003  # and it still works after
