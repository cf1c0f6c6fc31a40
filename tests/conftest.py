"""Fixtures shared by every test package: seeded workspaces in memory and on disk (no Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from desktop.domain import Document
from desktop.domain.resources import seeds_dir
from desktop.workspace import Workspace

SAMPLE_TEXT = (seeds_dir() / "hrw-azerbaijan-pows.txt").read_text(encoding="utf-8")
SECOND_TEXT = "Armenia says its forces captured Azerbaijani troops near the border."
HTML_TEXT = "A <b>bold</b> claim & <i>more</i>."


def seed_documents() -> list[Document]:
    """Three documents: the sample article, a short one, and one that looks like HTML."""
    return [
        Document("d1", SAMPLE_TEXT, "HRW: Azerbaijani forces abused Armenian POWs"),
        Document("d2", SECOND_TEXT, "Armenia captures troops"),
        Document("d3", HTML_TEXT, "<b>bold</b> title"),
    ]


@pytest.fixture
def seeded_ws():
    """An in-memory workspace of annotator 'tester' holding the three seed documents."""
    ws = Workspace.open(None)
    ws.set_annotator("tester")
    ws.add_documents(seed_documents())
    yield ws
    ws.close()


@pytest.fixture
def seeded_project(tmp_path) -> Path:
    """A project file holding the three seed documents (closed, ready to open)."""
    path = tmp_path / "seeded.gloss"
    ws = Workspace.open(path, create=True)
    ws.set_annotator("tester")
    ws.add_documents(seed_documents())
    ws.close()
    return path


# Property tests check results, not speed: on a loaded 2-core CI machine a first call that
# imports a library (networkx for span matching) can pass hypothesis' 200 ms deadline.
hypothesis_settings.register_profile("gloss", deadline=None)
hypothesis_settings.load_profile("gloss")
