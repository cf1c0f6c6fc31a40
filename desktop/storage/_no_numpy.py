"""Imports sqlite-utils without numpy and pandas, which it loads only because they are installed.

sqlite-utils maps numpy and pandas value types to column types when those packages import;
Gloss stores no such values, and importing numpy costs about a third of every command's fixed
start-up. Imported first by `desktop.storage`, so every later `import sqlite_utils` is this one.
numpy stays importable afterwards (the dashboard's charts load it when opened).
"""

from __future__ import annotations

import sys


def _import_sqlite_utils() -> None:
    if "sqlite_utils" in sys.modules:
        return
    blocked = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # import fails: sqlite-utils skips it
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in blocked:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]


_import_sqlite_utils()
