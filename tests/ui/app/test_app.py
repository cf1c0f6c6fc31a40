"""Starting the window: which project opens, errors in dialogs, screenshots, light imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop.ui.app import preferences, startup
from desktop.ui.app.main_window import MainWindow
from desktop.ui.app.session import Session
from desktop.workspace import Workspace, create_sample_project

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def sample_project(tmp_path, monkeypatch):
    """first_run_project() made in a temporary folder, not the user data directory."""
    path = tmp_path / "data" / "sample.gloss"

    def first_run() -> Path:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            create_sample_project(path)
        return path

    monkeypatch.setattr(startup, "first_run_project", first_run)
    return path


@pytest.fixture
def shown_errors(monkeypatch):
    """Error dialogs recorded instead of shown."""
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(
        startup.dialogs, "show_error", lambda _p, title, text: errors.append((title, text))
    )
    return errors


def test_screenshot_renders_the_window_to_a_png(qapp, seeded_project, tmp_path):
    """--screenshot lays out and paints the window, writes the PNG and returns 0."""
    out = tmp_path / "shot.png"
    assert startup.run(seeded_project, out) == 0
    image = QImage(str(out))
    assert (
        image.width() >= startup.SCREENSHOT_SIZE[0] and image.height() >= startup.SCREENSHOT_SIZE[1]
    )
    assert preferences.recent_projects() == []  # a screenshot changes no settings
    Workspace.open(seeded_project).close()  # the file was closed (not left locked)


def test_first_run_opens_the_sample_project(qapp, sample_project):
    """With no recent project the sample project is created and opened."""
    ws = startup.open_start_workspace(None, lambda *_: None)
    try:
        assert ws.path == sample_project
        assert ws._project.documents.count() == 1
    finally:
        ws.close()


def test_the_last_project_opens_again(qapp, seeded_project, sample_project):
    """The most recent project is the one opened without arguments."""
    preferences.remember_project(seeded_project)
    ws = startup.open_start_workspace(None, lambda *_: None)
    try:
        assert ws.path == seeded_project
    finally:
        ws.close()


def test_a_locked_last_project_falls_back_to_the_sample(qapp, seeded_project, sample_project):
    """If the last project is open elsewhere, the user is told and the sample opens."""
    preferences.remember_project(seeded_project)
    holder = Workspace.open(seeded_project)
    reports: list[tuple[str, str]] = []
    try:
        ws = startup.open_start_workspace(None, lambda *args: reports.append(args))
        assert ws.path == sample_project
        ws.close()
    finally:
        holder.close()
    ((title, text),) = reports
    assert "already open" in text and title == "Cannot open the last project"


def test_a_bad_project_is_shown_in_a_dialog(qapp, tmp_path, shown_errors):
    """Opening a file that is not a project shows a plain message and exits 1, no crash."""
    bad = tmp_path / "notes.gloss"
    bad.write_text("<b>not</b> a database", encoding="utf-8")
    assert startup.run(bad) == 1
    ((title, text),) = shown_errors
    assert title == "Cannot open project" and "not a Gloss project" in text
    assert "\n" not in text


def test_a_bad_project_with_screenshot_prints_one_line(qapp, tmp_path, capsys):
    """In screenshot mode the error goes to stderr as one line and the exit code is 1."""
    assert startup.run(tmp_path / "missing.gloss", tmp_path / "x.png") == 1
    assert capsys.readouterr().err.strip().endswith("no such project file")


def test_start_up_does_not_import_pyqtgraph():
    """The window's modules load without pyqtgraph or the dashboard (both stay lazy)."""
    code = (
        "import sys, desktop.ui.app.startup, desktop.ui.app.main_window;"
        "print(sorted(m for m in sys.modules if m.startswith(('pyqtgraph', 'desktop.ui.dash'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


def test_geometry_and_splitter_sizes_persist(qtbot, seeded_ws):
    """Window size and splitter sizes are restored from QSettings in the next window."""
    window = MainWindow(Session(seeded_ws), persist=True)
    qtbot.addWidget(window)
    window.resize(760, 540)  # fits the offscreen platform's 800x600 screen
    window.show()
    qtbot.waitExposed(window)
    window.splitter.setSizes([180, 380, 200])
    sizes = window.splitter.sizes()
    window.close()
    again = MainWindow(Session(Workspace.open(None)), persist=True)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert (again.size().width(), again.size().height()) == (760, 540)
    assert again.splitter.sizes() == sizes
    again.close()
