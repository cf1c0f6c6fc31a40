"""The article: the view and its panel, span index and styles, label tags and boxes, view
options (tags, spacing, zoom), offsets, colours, the find bar, the label bar, and editing
spans by keyboard (span edges, selection keys, label all matches).

`offsets` is the only code-point/UTF-16 converter. May import `desktop.ui.app`'s base
(session, actions, preferences, preview); never the links, panels, review or dashboard
packages.
"""
