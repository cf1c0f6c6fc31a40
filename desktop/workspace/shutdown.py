"""SIGTERM for the window: close the way File > Quit does, so the WAL is checkpointed.

The CLI turns SIGTERM into KeyboardInterrupt (`desktop.cli.signals`); a window cannot,
since the signal may arrive inside Qt's event loop. The UI calls `on_terminate(close)`
once at start, with `close` closing the main window; Qt's loop must give Python a turn
now and then for the handler to run (a QTimer of a few hundred ms does).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any


def on_terminate(callback: Callable[[], Any]) -> bool:
    """Call `callback` on SIGTERM (from the main thread); False where it cannot be set."""
    if threading.current_thread() is not threading.main_thread():
        return False

    def handler(signum: int, frame: FrameType | None) -> None:
        callback()

    signal.signal(signal.SIGTERM, handler)
    return True
