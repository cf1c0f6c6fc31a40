"""Fixtures: a workspace on a temporary project file with one document."""

import pytest

from desktop.domain import Document
from desktop.workspace import Workspace

TEXT = (
    "Human Rights Watch accused Azerbaijani forces of brutalizing Armenian troops.\r\n"
    "Azerbaijan says it will investigate. 👩‍👩‍👧 مرحبا שלום e\u0301."
)


@pytest.fixture
def project_path(tmp_path):
    return tmp_path / "work.gloss"


@pytest.fixture
def ws(project_path):
    workspace = Workspace.open(project_path, create=True)
    workspace.set_annotator("alice")
    workspace.add_documents([Document("d1", TEXT, "HRW"), Document("d2", "Second article.")])
    yield workspace
    workspace.close()


def new_id(change):
    """The single id a change names."""
    (only,) = change.span_ids or change.relation_ids
    return only
