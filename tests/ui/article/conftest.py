"""Fixtures of the article view's tests."""

from __future__ import annotations

import pytest

from desktop.ui.article.article_view import ArticleView


@pytest.fixture
def view(qtbot):
    """An ArticleView of 700x400, shown."""
    widget = ArticleView()
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
