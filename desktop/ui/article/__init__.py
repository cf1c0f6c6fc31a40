"""The article: the view and its panel, span index and styles, offsets, colours, the find
bar and the label bar.

`offsets` is the only code-point/UTF-16 converter. May import `desktop.ui.app`'s base
(session, actions, preview); never the links, panels, review or dashboard packages.
"""
