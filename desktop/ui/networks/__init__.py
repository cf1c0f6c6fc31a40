"""What the actor networks read from documents, edited in the window: the open document's
date, source, author and URL (the metadata panel).

May import the workspace and `desktop.networks` (date parsing); never pyqtgraph (the network
view itself is in `desktop.ui.dashboard`), nor links, panels, review or dashboard.
"""
