"""The side panels: inspector, roles box, actor link box, actor registry, frames, document
list.

May import `desktop.ui.article` (styles, colours) and `desktop.ui.app`'s base; never
links, review or dashboard.
"""
