"""The dashboard: progress and agreement charts (pyqtgraph).

The only UI package that imports pyqtgraph; nothing imports it at start-up: the window's
commands import `dashboard.dashboard` inside a function when the user opens it. May import
`desktop.ui.article.colors`; nothing else of the UI.
"""
