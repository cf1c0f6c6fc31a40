"""MetadataPanel: the open document's date, source, author and URL, saved undoably."""

from __future__ import annotations

import pytest

from desktop.ui.networks.metadata_panel import MetadataPanel


@pytest.fixture
def panel(qtbot, session):
    widget = MetadataPanel(session)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def finish(panel, name: str, text: str) -> None:
    panel.fields[name].setText(text)
    panel.fields[name].editingFinished.emit()


def test_fields_save_and_undo(panel, session):
    """Each field saves on editing finished; undo restores the previous meta."""
    ws = session.workspace
    finish(panel, "date", "2020-11-25")
    finish(panel, "source", "Agence 👩‍👩‍👧 مرحبا")
    finish(panel, "url", "https://example.test/a?b=<c>")
    assert ws.document("d1").meta == {
        "date": "2020-11-25",
        "source": "Agence 👩‍👩‍👧 مرحبا",
        "url": "https://example.test/a?b=<c>",
    }
    ws.undo()
    assert panel.fields["url"].text() == ""
    assert ws.document("d1").meta == {"date": "2020-11-25", "source": "Agence 👩‍👩‍👧 مرحبا"}
    finish(panel, "source", "")
    assert "source" not in ws.document("d1").meta


def test_bad_date_is_refused_with_a_note(panel, session):
    """A date that is not ISO is not saved; the panel says why."""
    finish(panel, "date", "25/11/2020")
    assert "date" not in session.workspace.document("d1").meta
    assert "not a date like 2020-11-25" in panel.note.text()


def test_follows_the_open_document(panel, session):
    """Opening another document shows its metadata."""
    finish(panel, "author", "Ann Lee")
    session.open_document("d2")
    assert panel.fields["author"].text() == ""
    session.open_document("d1")
    assert panel.fields["author"].text() == "Ann Lee"
