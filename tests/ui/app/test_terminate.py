"""SIGTERM closes the window like File > Quit: the WAL is checkpointed, every edit is kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from desktop.workspace import Workspace

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from PySide6.QtCore import QTimer

    from desktop.ui.app import startup
    from desktop.ui.app.main_window import MainWindow

    app = startup._application(False)

    def edit():
        (window,) = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
        ws = window.session.workspace
        for start in (0, 6, 13):
            ws.add_span("d1", start, start + 5, "ACTOR")
        print("edited", flush=True)

    QTimer.singleShot(300, edit)
    sys.exit(startup.run(Path(sys.argv[1])))
    """
)


def test_sigterm_closes_the_window_cleanly(seeded_project, tmp_path):
    """A window killed with SIGTERM exits 0, leaves no WAL behind, and keeps all 3 edits."""
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    root = Path(__file__).resolve().parents[3]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(seeded_project)],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "edited"
        wal = seeded_project.with_name(seeded_project.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0  # the edits are still in the WAL
        child.send_signal(signal.SIGTERM)
        code = child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert code == 0, child.stderr.read() if child.stderr else ""
    assert not wal.exists() or wal.stat().st_size == 0
    ws = Workspace.open(seeded_project)
    try:
        assert [(s.start, s.end) for s in ws.spans("d1")] == [(0, 5), (6, 11), (13, 18)]
    finally:
        ws.close()
