"""The window (PySide6): the only layer that imports Qt, grouped by what the user sees.

- `app`: start-up, the main window and its menus, actions, dialogs, preferences, the
  status bar, the layer picker and the `Session` every widget shares;
- `article`: the article view and panel, span index and styles, offsets, colours,
  find bar and label bar;
- `links`: role arcs, their layout, and linking by keyboard and by mouse;
- `panels`: the side panels (inspector, roles, actor link, actor registry, frames,
  document list);
- `review`: comparing layers and adjudicating into gold;
- `dashboard`: charts of progress and agreement (pyqtgraph, loaded only when opened).

Widgets talk to `desktop.workspace.Workspace` (use cases and queries), never to the
project's stores. The contracts in pyproject.toml keep these directions.
"""
