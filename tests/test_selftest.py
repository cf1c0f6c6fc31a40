"""`gloss --self-test`: the installation check prints one JSON line and exits by its result."""

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop.cli import main, selftest

ROOT = Path(__file__).resolve().parents[1]


def test_self_test_runs_as_a_user_runs_it(tmp_path):
    """`python -m desktop --self-test` exits 0 with every step counted in one JSON line."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_STATE_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--self-test"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (line,) = result.stdout.splitlines()
    summary = json.loads(line)
    assert summary["ok"] is True and "failed" not in summary
    assert summary["documents"] == summary["reopened_documents"] == 1
    assert summary["spans_imported"] == summary["reopened_spans"] > 0
    assert summary["span_added_and_removed"] is True
    assert summary["exported_records"] >= 1 and summary["problems"] == 0
    assert summary["window_png_bytes"] > 1000 and summary["charts"] is True
    assert Path(summary["log"]).parent == tmp_path / "Gloss" / "log"
    assert "Traceback" not in result.stderr


def test_self_test_failure_names_the_step_and_exits_1(tmp_path, monkeypatch, capsys):
    """With no sample shipped the summary says which step failed and the exit code is 1."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setattr("desktop.workspace.project_files.seed_files", lambda: [])
    assert selftest.main(window=False) == 1
    summary = json.loads(capsys.readouterr().out)
    assert summary["ok"] is False
    assert summary["failed"] == "import: no sample articles shipped"


def test_self_test_leaves_no_temporary_folder(tmp_path, monkeypatch):
    """The temporary project folder is removed after the run."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    summary = selftest.run_self_test(window=False)
    assert summary["ok"] is True
    assert list(tmp_path.iterdir()) == []


def test_self_test_flag_is_parsed_and_documented():
    """`--self-test` is a global flag and appears in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "gloss --self-test" in readme
    assert main(["--help"]) == 0
