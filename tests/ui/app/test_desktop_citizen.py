"""The window as a desktop citizen: first-run guide, theme, size, About, cloud warning."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.app import dialogs, notices, preferences, startup, theme
from desktop.ui.app.first_run import EXAMPLE_LAYER, GUIDE_TEXT
from desktop.ui.app.main_window import fitted_size
from desktop.ui.app.session import Session
from desktop.ui.article.colors import is_dark
from desktop.workspace import Workspace, backup_folder, create_sample_project, log_dir

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def sample_session(qapp, tmp_path):
    """A session on a freshly made sample project (what a first run opens)."""
    ws = Workspace.open(create_sample_project(tmp_path / "sample.gloss"))
    current = Session(ws)
    current.open_document(ws.first_document_id())
    yield current
    current.close()


def test_first_run_guide_shows_the_example_read_only_then_your_layer(
    qtbot, make_window, sample_session
):
    """The guide shows the expert annotation (read-only, with spans) and the keys; its
    button switches to the user's own, empty, writable layer."""
    window = make_window(sample_session)
    assert window.guide.isHidden()
    assert window.guide.start() is True
    assert window.guide.isVisible() and window.guide.text.text() == GUIDE_TEXT
    assert sample_session.layer == EXAMPLE_LAYER and sample_session.layer_read_only()
    doc_id = sample_session.doc_id
    assert len(sample_session.workspace.spans(doc_id, EXAMPLE_LAYER)) > 0
    assert "A actor" in GUIDE_TEXT and "F1" in GUIDE_TEXT

    with qtbot.waitSignal(window.guide.finished):
        qtbot.mouseClick(window.guide.start_button, Qt.MouseButton.LeftButton)
    assert window.guide.isHidden()
    assert sample_session.layer == sample_session.workspace.annotator
    assert not sample_session.layer_read_only()
    assert sample_session.workspace.spans(doc_id) == []


def test_first_run_guide_needs_the_example_layer(make_window, session):
    """A project without an `example` layer gets no guide."""
    window = make_window(session)
    assert window.guide.start() is False and window.guide.isHidden()
    assert session.layer == session.workspace.annotator


def test_first_start_without_recent_projects_starts_the_guide(qapp, tmp_path, monkeypatch):
    """run() with no project and nothing recent opens the sample with the guide on."""
    sample = tmp_path / "data" / "sample.gloss"
    sample.parent.mkdir()
    monkeypatch.setattr(startup, "first_run_project", lambda: create_sample_project(sample))
    started = []
    monkeypatch.setattr(
        "desktop.ui.app.first_run.FirstRunGuide.start", lambda self: started.append(self)
    )
    assert startup.run(None, tmp_path / "shot.png") == 0
    assert len(started) == 1
    preferences.remember_project(sample)
    assert startup.run(None, tmp_path / "again.png") == 0
    assert len(started) == 1  # not on later starts


@pytest.fixture
def restore_theme(qapp):
    """Put the system theme back after a test that changes the application's palette."""
    yield
    theme.apply_theme(theme.SYSTEM)


def test_view_theme_dark_light_system(qtbot, make_window, session, restore_theme):
    """View > Theme switches the palette (the article's span tints follow) and remembers it."""
    window = make_window(session, persist=True)
    app = QApplication.instance()
    system_style = app.style().name()
    menu = window.theme
    assert [a.text() for a in menu.menu.actions()] == ["System", "Light", "Dark"]
    assert menu.actions["System"].isChecked()

    menu.actions["Dark"].trigger()
    assert is_dark(app.palette()) and menu.actions["Dark"].isChecked()
    qtbot.waitUntil(lambda: window.article.view._styler.dark is True)
    assert theme.saved_theme() == "Dark"

    menu.actions["Light"].trigger()
    assert not is_dark(app.palette())
    qtbot.waitUntil(lambda: window.article.view._styler.dark is False)
    assert theme.saved_theme() == "Light"

    menu.actions["System"].trigger()
    assert app.style().name() == system_style and theme.saved_theme() == "System"
    assert [a.isChecked() for a in menu.menu.actions()] == [True, False, False]


def test_an_unknown_saved_theme_means_system(qapp):
    """A settings file with a theme this version does not know falls back to System."""
    preferences.app_settings().setValue(theme.THEME_KEY, "Solarized")
    assert theme.saved_theme() == theme.SYSTEM


def test_default_size_fits_the_screen(make_window, session):
    """With no saved geometry the window is at most 90% of its screen's free area."""
    window = make_window(session)
    available = window.screen().availableSize()
    size = window.default_size()
    assert size.width() <= available.width() * 0.9 and size.height() <= available.height() * 0.9
    assert fitted_size(QSize(1420, 860), QSize(800, 500)) == QSize(720, 450)  # 1600x1000 @2x
    assert fitted_size(QSize(1420, 860), QSize(2560, 1400)) == QSize(1420, 860)


def test_window_fits_a_1600x1000_screen_at_scale_factor_2(tmp_path, seeded_project):
    """At QT_SCALE_FACTOR=2 on a 1600x1000 screen the new window fits (logical 800x500)."""
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication(sys.argv[:1])\n"
        "from desktop.ui.app.main_window import MainWindow\n"
        "from desktop.ui.app.session import Session\n"
        "from desktop.workspace import Workspace\n"
        "w = MainWindow(Session(Workspace.open(sys.argv[1])), persist=False)\n"
        "w.show(); app.processEvents()\n"
        "s = w.screen().geometry(); f = w.frameGeometry()\n"
        "print(s.width(), s.height(), f.width(), f.height())\n"
        "w.close()\n"
    )
    config = tmp_path / "screen.json"
    config.write_text(
        '{"screens": [{"name": "s", "x": 0, "y": 0, "width": 1600, "height": 1000,'
        ' "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}',
        encoding="utf-8",
    )
    env = {
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": "2",
        "QT_QPA_OFFSCREEN_SCREEN_SIZE": "1600x1000",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", script, str(seeded_project)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    screen_w, screen_h, win_w, win_h = map(int, result.stdout.split())
    assert (screen_w, screen_h) == (800, 500)
    assert win_w <= screen_w and win_h <= screen_h


def test_about_names_version_project_backups_and_logs(qapp, seeded_project):
    """Help > About shows the version and where the project, its backups and logs are."""
    from desktop import __version__

    text = dialogs.about_text(seeded_project)
    assert f"Gloss {__version__}" in text
    assert f"Project: {seeded_project}" in text
    assert f"Backups: {backup_folder(seeded_project)}" in text
    assert f"Logs: {log_dir()}" in text
    assert "in memory" in dialogs.about_text(None)


def test_help_about_action_opens_the_about_box(window, monkeypatch):
    """The Help menu's About action passes the open project to the About box."""
    shown = []
    monkeypatch.setattr(dialogs, "show_about", lambda parent, project: shown.append(project))
    window.gloss_actions.about.trigger()
    assert shown == [window.session.workspace.path]


def test_cloud_folder_project_gets_a_warning(qtbot, window, tmp_path):
    """Opening a project inside a Dropbox folder shows a warning naming the risk; a local
    folder shows nothing."""
    folder = tmp_path / "Dropbox" / "study"
    folder.mkdir(parents=True)
    project = folder / "news.gloss"
    Workspace.open(project, create=True).close()
    assert window.commands.open_path(project) is True
    boxes = [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w.windowTitle() == "Project in a cloud-sync folder"
    ]
    assert len(boxes) == 1
    assert boxes[0].text().startswith("This project is in a Dropbox folder.")
    boxes[0].close()
    assert notices.warn_if_cloud_synced(window, tmp_path / "local" / "p.gloss") is None
    assert notices.warn_if_cloud_synced(window, None) is None


def test_qt_options_reach_qapplication(tmp_path):
    """The QApplication Gloss makes honours `-style` and `-reverse` given on the command line."""
    script = (
        "import sys\n"
        "from desktop.ui.app.startup import _application\n"
        "app = _application(False, ['-style', 'windows', '-reverse'])\n"
        "print(app.style().name(), app.isRightToLeft(), app.desktopFileName())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["windows", "True", startup.DESKTOP_FILE]
