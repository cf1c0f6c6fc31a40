"""Qt's own command-line options (`-style`, `-platform`, `-reverse`, ...) reach the window."""

from pathlib import Path

import pytest

from desktop.cli import main, window
from desktop.cli.window import split_qt_options


@pytest.mark.parametrize(
    ("argv", "qt", "rest"),
    [
        (["-style", "fusion", "p.gloss"], ["-style", "fusion"], ["p.gloss"]),
        (["--style=fusion", "-reverse"], ["-style", "fusion", "-reverse"], []),
        (["open", "p.gloss", "-platform", "xcb"], ["-platform", "xcb"], ["open", "p.gloss"]),
        (["-qwindowgeometry", "800x600+0+0"], ["-qwindowgeometry", "800x600+0+0"], []),
        (["stats", "p.gloss", "--json"], [], ["stats", "p.gloss", "--json"]),
        (["--screenshot", "out.png"], [], ["--screenshot", "out.png"]),
        (["-style"], [], ["-style"]),  # no value: left for argparse to refuse
    ],
)
def test_split_qt_options(argv, qt, rest):
    """Qt's options and their values are split from Gloss's own arguments, order kept."""
    assert split_qt_options(argv) == (qt, rest)


@pytest.fixture
def gui_calls(monkeypatch):
    """Calls to run_gui recorded instead of opening a window."""
    calls = []

    def fake(project, screenshot, qt_args=()):
        calls.append((project, screenshot, list(qt_args)))
        return 0

    monkeypatch.setattr(window, "run_gui", fake)
    return calls


def test_qt_options_are_passed_to_the_window(gui_calls):
    """`gloss`, `gloss PROJECT`, `gloss open PROJECT` and --screenshot pass Qt's options on."""
    assert main(["-style", "fusion"]) == 0
    assert main(["p.gloss", "-reverse"]) == 0
    assert main(["open", "p.gloss", "-platform", "offscreen"]) == 0
    assert main(["--screenshot", "o.png", "p.gloss", "-style=windows"]) == 0
    assert gui_calls == [
        (None, None, ["-style", "fusion"]),
        (Path("p.gloss"), None, ["-reverse"]),
        (Path("p.gloss"), None, ["-platform", "offscreen"]),
        (Path("p.gloss"), Path("o.png"), ["-style", "windows"]),
    ]


def test_qt_options_on_a_headless_command_are_refused(tmp_path, capsys, gui_calls):
    """A Qt option given to a command without a window is an error, not silently dropped."""
    code = main(["stats", str(tmp_path / "p.gloss"), "-style", "fusion"])
    assert code == 2
    assert "apply to the window only" in capsys.readouterr().err
    assert main(["--self-test", "-reverse"]) == 2
    assert gui_calls == []
