"""The sample article in an in-memory project, for the `__main__` preview of each widget."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from desktop.domain import DomainError
from desktop.domain.resources import seeds_dir
from desktop.workspace import Workspace, import_paths

SAMPLE_LAYER = "example"  # the layer the shipped sample is annotated in


def sample_workspace(annotator: str = SAMPLE_LAYER) -> Workspace:
    """An in-memory project holding the annotated sample article."""
    ws = Workspace.open(None)
    import_paths(ws, sorted(seeds_dir().glob("*.jsonl")))
    ws.set_annotator(annotator)
    return ws


def differing_layer(ws: Workspace, doc_id: str, source: str, layer: str) -> None:
    """Copy `source` into `layer` with some spans missed, relabelled or given other values."""
    copies: dict[str, str] = {}
    for n, span in enumerate(ws.spans(doc_id, source)):
        if n % 5 == 3:
            continue
        label, attrs = span.label, dict(span.attrs)
        if n % 7 == 2 and label == "ACTOR":
            label, attrs = "EVIDENCE", {}
        elif "category" in attrs and n % 2:
            attrs["category"] = "other"
        actor = span.actor_id if n % 4 else None
        change = ws.add_span(
            doc_id, span.start, span.end, label, attrs=attrs, layer=layer, actor_id=actor
        )
        (copies[span.id],) = change.span_ids
    for relation in ws.relations(doc_id, source):
        if relation.head_id in copies and relation.child_id in copies:
            with contextlib.suppress(DomainError):
                ws.add_relation(copies[relation.head_id], copies[relation.child_id], relation.label)


def preview(factory: Callable, title: str = "Gloss preview") -> None:
    """Open `factory(session, actions)` alone in a window on the sample article, then exit."""
    from desktop.ui.app.actions import Actions
    from desktop.ui.app.session import Session

    app = QApplication.instance() or QApplication(sys.argv[:1])
    ws = sample_workspace()
    host = QWidget()
    host.setWindowTitle(title)
    session = Session(ws, host)
    actions = Actions(session, host)
    widget = factory(session, actions)
    layout = QVBoxLayout(host)
    layout.addWidget(widget)
    session.open_document(ws.first_document_id())
    spans = ws.spans(session.doc_id or "")
    if spans:
        session.select_span(spans[0].id)
    host.resize(900, 600)
    host.show()
    code = app.exec()
    session.close()
    sys.exit(code)
