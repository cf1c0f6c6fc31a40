"""An export stopped by its progress callback (the window's Cancel) leaves no output."""

from __future__ import annotations

import pytest

from desktop.domain import Document
from desktop.workspace import Workspace, export_jsonl, export_path

TEXTS = ["Rebels 👩‍👩‍👧 accused the army.\r\n", "قال مرحبا e\u0301 denied it.", "Plain text."]


class Stop(Exception):
    pass


@pytest.fixture
def ws(tmp_path):
    ws = Workspace.open(tmp_path / "p.gloss", create=True)
    ws.add_documents([Document(f"d{n}", TEXTS[n % 3], f"T{n}") for n in range(250)])
    ws.add_span("d0", 0, 6, "ACTOR")
    yield ws
    ws.close()


def stopping_after(calls: int):
    seen: list[int] = []

    def progress(done: int) -> None:
        seen.append(done)
        if len(seen) > calls:
            raise Stop()

    return progress, seen


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("jsonl", "o.jsonl"),
        ("conll", "o.conll"),
        ("brat", "o-brat"),
        ("qdpx", "o.qdpx"),
        ("xmi", "o-xmi"),
    ],
)
def test_a_cancelled_export_leaves_no_file_or_folder(ws, tmp_path, fmt, name):
    """Stopped midway (after 100 of 250 records), nothing is left in the folder."""
    out = tmp_path / "out"
    out.mkdir()
    progress, seen = stopping_after(1)
    with pytest.raises(Stop):
        export_path(ws, out / name, fmt, progress=progress, losses=None)
    assert seen == [0, 100]
    assert list(out.iterdir()) == []


def test_progress_counts_every_hundred_records_and_the_export_completes(ws, tmp_path):
    """Not stopped, the export writes every document and reports 0, 100, 200."""
    progress, seen = stopping_after(99)
    assert export_jsonl(ws, tmp_path / "all.jsonl", progress=progress) == 250
    assert seen == [0, 100, 200]
