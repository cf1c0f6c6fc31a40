"""Roles drawn and made: arc layout and overlay, link mode (keyboard), link drag (mouse).

`link_drag` imports `link_mode`, never the reverse. May import the article package and
`desktop.ui.app`'s base; never panels, review or dashboard.
"""
