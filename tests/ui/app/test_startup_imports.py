"""The window's start-up loads no pyqtgraph, numpy, pandas or format module, even after
its first paint; `gloss` commands start without them too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop.workspace import create_sample_project

ROOT = Path(__file__).resolve().parents[3]

#: Readers and writers of files: the first paint needs none of them.
FORMAT_MODULES = (
    "desktop.formats.brat",
    "desktop.formats.conll",
    "desktop.formats.doccano",
    "desktop.formats.jsonl",
    "desktop.formats.labelstudio",
    "desktop.formats.text",
    "desktop.formats.codebooks",
)
HEAVY = ("numpy", "pandas", "pyqtgraph", "desktop.ui.dashboard")

PROBE = """
import json, sys
{body}
print("MODULES=" + json.dumps(sorted(sys.modules)))
"""


def _modules(body: str, tmp_path: Path) -> set[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(body=body)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("MODULES="))
    return set(json.loads(line.removeprefix("MODULES=")))


def _unwanted(modules: set[str]) -> list[str]:
    prefixes = HEAVY + FORMAT_MODULES
    below = tuple(p + "." for p in prefixes)
    return sorted(m for m in modules if m in prefixes or m.startswith(below))


def test_importing_the_window_module_loads_nothing_heavy(tmp_path):
    """A fresh interpreter importing desktop.ui.app.startup has no numpy, pyqtgraph or format."""
    modules = _modules("import desktop.ui.app.startup", tmp_path)
    assert "desktop.ui.app.main_window" in modules
    assert _unwanted(modules) == []


def test_first_paint_of_a_project_loads_nothing_heavy(tmp_path):
    """Opening the sample project and painting the window (screenshot) loads none of them."""
    project = create_sample_project(tmp_path / "sample.gloss")
    out = tmp_path / "window.png"
    body = (
        "from pathlib import Path\n"
        "import desktop.ui.app.startup as s\n"
        f"code = s.run(Path({str(project)!r}), Path({str(out)!r}))\n"
        "assert code == 0, code"
    )
    modules = _modules(body, tmp_path)
    assert out.stat().st_size > 0
    assert _unwanted(modules) == []


def test_gloss_commands_start_without_numpy(tmp_path):
    """Importing desktop.cli loads no Qt, numpy or format module; sqlite-utils still works."""
    modules = _modules("import desktop.cli", tmp_path)
    assert _unwanted(modules) == []
    assert not any(m == "PySide6" or m.startswith("PySide6.") for m in modules)
    after_storage = _modules(
        "import desktop.cli, desktop.storage, sqlite_utils\n"
        "db = sqlite_utils.Database(memory=True)\n"
        "db['t'].insert({'a': 1})\n"
        "assert db.execute('select a from t').fetchone() == (1,)",
        tmp_path,
    )
    assert "numpy" not in after_storage and "sqlite_utils" in after_storage
