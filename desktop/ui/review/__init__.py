"""Review mode: comparing annotators' layers side by side and adjudicating into gold.

Formats the structured items of `desktop.workspace.adjudication` and `desktop.review` for
the screen. May import `desktop.ui.article` and `desktop.ui.app`'s base; never links,
panels or dashboard.
"""
