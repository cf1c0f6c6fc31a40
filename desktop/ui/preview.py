"""The sample article in an in-memory project, for the `__main__` preview of each widget."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from desktop.domain.resources import seeds_dir
from desktop.workspace import Workspace, import_paths

SAMPLE_LAYER = "example"  # the layer the shipped sample is annotated in


def sample_workspace(annotator: str = SAMPLE_LAYER) -> Workspace:
    """An in-memory project holding the annotated sample article."""
    ws = Workspace.open(None)
    import_paths(ws, sorted(seeds_dir().glob("*.jsonl")))
    ws.set_annotator(annotator)
    return ws


def preview(factory: Callable, title: str = "Gloss preview") -> None:
    """Open `factory(session, actions)` alone in a window on the sample article, then exit."""
    from desktop.ui.actions import Actions
    from desktop.ui.session import Session

    app = QApplication.instance() or QApplication(sys.argv[:1])
    ws = sample_workspace()
    host = QWidget()
    host.setWindowTitle(title)
    session = Session(ws, host)
    actions = Actions(session, host)
    widget = factory(session, actions)
    layout = QVBoxLayout(host)
    layout.addWidget(widget)
    session.open_document(ws.project.documents.first_id())
    spans = ws.spans(session.doc_id or "")
    if spans:
        session.select_span(spans[0].id)
    host.resize(900, 600)
    host.show()
    code = app.exec()
    session.close()
    sys.exit(code)
