"""Regression guard for the PySide6 pin: void Qt calls must not leak references to None."""

import sys

from PySide6.QtGui import QTextCursor, QTextDocument


def test_void_calls_keep_the_refcount_of_none(qapp):
    """100 calls of a method returning nothing leave sys.getrefcount(None) where it was.

    PySide6 6.12.0 on Python 3.11 drops one reference per call and the interpreter
    aborts with 'none_dealloc'; pyproject.toml pins PySide6 below 6.12 there.
    """
    document = QTextDocument("abcdef")
    cursor = QTextCursor(document)
    cursor.setPosition(1)
    before = sys.getrefcount(None)
    for _ in range(100):
        cursor.setPosition(2)
    after = sys.getrefcount(None)
    assert abs(after - before) < 10
