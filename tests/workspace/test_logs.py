"""The log file and crash dumps land in the user log folder."""

import subprocess
import sys
from pathlib import Path

from desktop.workspace.logs import CRASH_NAME, LOG_NAME, log_dir

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import ctypes, logging, sys
from pathlib import Path
from desktop.workspace.logs import setup_logging
folder = Path(sys.argv[1])
assert setup_logging(folder) == setup_logging(folder) == folder / "gloss.log"
logging.getLogger("desktop.test").error("something went wrong: %s", "ünïcode 👩‍👩‍👧")
sys.stdout.flush()
ctypes.string_at(0)  # a hard crash: no Python exception, faulthandler must write it
"""


def test_errors_and_hard_crashes_are_written_to_the_log_folder(tmp_path):
    """An error goes to gloss.log; a segmentation fault's stack goes to crash.log."""
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "logs")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=60,
    )
    assert result.returncode != 0
    log = (tmp_path / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert "ERROR desktop.test: something went wrong: ünïcode 👩‍👩‍👧" in log
    assert log.count("something went wrong") == 1  # one handler, even when set up twice
    crash = (tmp_path / "logs" / CRASH_NAME).read_text(encoding="utf-8")
    assert "Segmentation fault" in crash and "string_at" in crash


def test_log_folder_follows_the_platform_convention(monkeypatch, tmp_path):
    """On Linux the log folder is under XDG_STATE_HOME, named after the app."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    if sys.platform.startswith("linux"):
        assert log_dir() == tmp_path / "Gloss" / "log"
    assert log_dir().name in ("log", "Logs", "Gloss")
