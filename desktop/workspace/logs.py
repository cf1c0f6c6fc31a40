"""Where Gloss writes its log, and turning it on: a rotating log file, faulthandler for crashes."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
from pathlib import Path
from typing import IO

import platformdirs

LOG_NAME = "gloss.log"
CRASH_NAME = "crash.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_state: dict[str, object] = {}


def log_dir() -> Path:
    """The user log folder of Gloss (not created here)."""
    return Path(platformdirs.user_log_dir("Gloss", appauthor=False))


def setup_logging(folder: Path | None = None) -> Path:
    """Log to `folder/gloss.log` (rotated) and dump hard crashes to `folder/crash.log`.

    Returns the log file. Calling it again with the same folder changes nothing.
    """
    folder = folder or log_dir()
    log_file = folder / LOG_NAME
    if _state.get("file") == log_file:
        return log_file
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    root = logging.getLogger()
    previous = _state.get("handler")
    if isinstance(previous, logging.Handler):
        root.removeHandler(previous)
        previous.close()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    # faulthandler writes to the file descriptor from a signal handler: keep the file open.
    crash: IO[str] = open(folder / CRASH_NAME, "a", encoding="utf-8")  # noqa: SIM115
    faulthandler.enable(file=crash, all_threads=True)
    old_crash = _state.get("crash")
    if old_crash is not None and hasattr(old_crash, "close"):
        old_crash.close()
    _state.update(file=log_file, handler=handler, crash=crash)
    return log_file
