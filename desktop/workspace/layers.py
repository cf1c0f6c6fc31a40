"""Whose layers are whose: colleagues' layers stay read-only until taken over; which layers
review compares by default."""

from __future__ import annotations

from desktop.domain import GOLD, Change
from desktop.workspace.errors import NotFound, WorkspaceError
from desktop.workspace.workspace import Workspace

SAMPLE_LAYER = "example"  # the layer the shipped sample article is annotated in


def take_over_layer(ws: Workspace, name: str, initiator: object = None) -> Change:
    """Make a colleague's read-only layer (merged, or imported with --layer) editable here.

    An explicit choice: nothing else makes a colleague's layer writable. Like the choice of
    annotator it is a setting of the project, not an edit: not undone by undo.
    """
    ws._writable_project()
    info = ws._project.layers.get(name)
    if info is None:
        raise NotFound(f"no layer {name}")
    if not info.read_only:
        raise WorkspaceError(f"layer {name} is already editable")
    with ws._writing(), ws._project.atomic():
        ws._project.layers.set_read_only(name, False)
    # (broadcast through the core like every setting: nothing more to write)
    return ws.commit_settings({}, Change(label=f"Take over layer {name}", layers=True), initiator)


def default_review_layers(ws: Workspace) -> list[str]:
    """The layers review compares unless told otherwise: the annotators' layers.

    The sample's `example` layer is left out while two or more other annotator layers
    are there to compare; gold layers never are compared.
    """
    names = [i.name for i in ws.layers() if i.kind != "gold" and i.name != GOLD]
    annotators = [n for n in names if n != SAMPLE_LAYER]
    return annotators if len(annotators) >= 2 else names
